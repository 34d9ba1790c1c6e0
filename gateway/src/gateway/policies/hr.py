"""The HR routes (paths as the HR service sees them) and who may call them.

The structure (units, positions, rules) is no secret inside the Committee: every reader sees it.
Staff records, appointments and the staffing table belong to a board: the gateway pins `?unit=`
for callers without HR scope, and the service checks each record again (404 for another
board's). Only the Office's HR specialists (`office_hr`) change anything; the leadership approves
restructuring plans; plans are read by HR, the leadership and the auditors.
"""

from gateway.policy import READERS, Rule, attachment_rules, document_rule

HR_OFFICE = {"office_hr"}
# the structure and the records: the Office's HR specialists, and the platform admin who sets the
# platform up (issue 2 has the admin create a unit and a driver); no approvals for the admin
HR_RECORDS = {"office_hr", "admin"}
PLAN_READERS = {"office_hr", "leadership", "auditor"}

RULES = [
    # what the caller may decide now, merged by the gateway into GET /api/v1/inbox
    Rule("GET", "/inbox", READERS),
    # units and their dated versions (?as_of=)
    Rule("GET", "/units", READERS),
    Rule("POST", "/units", HR_RECORDS),
    Rule("GET", "/units/<code>", READERS),
    Rule("PATCH", "/units/<code>", HR_RECORDS),
    Rule("GET", "/units/<code>/versions", READERS),
    Rule("POST", "/units/<code>/dissolve", HR_OFFICE),
    # positions with quota, filled and vacant posts
    Rule("GET", "/positions", READERS),
    Rule("POST", "/positions", HR_RECORDS),
    Rule("GET", "/positions/<id>", READERS),
    Rule("PATCH", "/positions/<id>", HR_RECORDS),
    # staff: a board reads its own
    Rule("GET", "/staff", READERS, list_scoped=True),
    Rule("POST", "/staff", HR_RECORDS),
    Rule("GET", "/staff/<id>", READERS),
    Rule("PATCH", "/staff/<id>", HR_RECORDS),
    # appointments: who held which position when
    Rule("GET", "/appointments", READERS, list_scoped=True),
    Rule("POST", "/appointments", HR_OFFICE),
    # the staffing table: a board sees its own
    Rule("GET", "/staffing", READERS, list_scoped=True),
    Rule("GET", "/staffing.csv", READERS, list_scoped=True),
    Rule("GET", "/staffing.xlsx", READERS, list_scoped=True),
    # the staffing rules with their source and evidence mark
    Rule("GET", "/rules", READERS),
    Rule("PATCH", "/rules", HR_OFFICE),
    Rule("GET", "/rules/<code>", READERS),
    Rule("PATCH", "/rules/<code>", HR_OFFICE),
    Rule("GET", "/rules/<code>/versions", READERS),
    # restructuring plans [đề án]
    Rule("GET", "/restructurings", PLAN_READERS),
    Rule("POST", "/restructurings", HR_OFFICE),
    Rule("GET", "/restructurings/<id>", PLAN_READERS),
    Rule("PATCH", "/restructurings/<id>", HR_OFFICE),
    Rule("GET", "/restructurings/<id>/preview", PLAN_READERS),
    Rule("POST", "/restructurings/<id>/preview", PLAN_READERS),
    Rule("POST", "/restructurings/<id>/approve", {"leadership"}),
    # turned down by the leadership with a reason; withdrawn by its author (the service checks who)
    Rule("POST", "/restructurings/<id>/reject", {"leadership"}),
    Rule("POST", "/restructurings/<id>/withdraw", HR_OFFICE),
    Rule("POST", "/restructurings/<id>/apply", {"office_hr", "leadership"}),
    # the đề án as a document with its before/after tables, and its papers
    document_rule("/restructurings/<id>/plan.pdf", PLAN_READERS),
    *attachment_rules("/restructurings/<id>", PLAN_READERS, {"office_hr", "leadership"}),
]
