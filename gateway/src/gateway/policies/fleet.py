"""The fleet's routes (paths as the fleet service sees them) and who may call them.

The service checks every record again: a board's bookings are its own (404 otherwise), a unit
head decides only their own board's, the driver of a trip sees and records that trip, and the
pool's plans and reports are for the fleet office, the leadership and the auditors.
"""

from gateway.policy import READERS, REQUESTERS, Rule, attachment_rules, document_rule

FLEET_OFFICE = {"office_fleet"}
POOL_READERS = {"office_fleet", "leadership", "auditor"}
DECIDERS = {"unit_head", "leadership"}

RULES = [
    # what the caller may decide now, merged by the gateway into GET /api/v1/inbox
    Rule("GET", "/inbox", READERS),
    # vehicles: everyone may look at the pool; the fleet office keeps it
    Rule("GET", "/vehicles", READERS),
    Rule("POST", "/vehicles", FLEET_OFFICE),
    Rule("GET", "/vehicles/<id>", READERS),
    Rule("PATCH", "/vehicles/<id>", FLEET_OFFICE),
    Rule("GET", "/vehicles/<id>/schedule", POOL_READERS),
    # drivers: a driver may read their own record and schedule (the service checks it is theirs)
    Rule("GET", "/drivers", POOL_READERS),
    Rule("GET", "/drivers/<id>", READERS),
    Rule("PATCH", "/drivers/<id>", FLEET_OFFICE),
    Rule("GET", "/drivers/<id>/schedule", READERS),
    # bookings: a board books and sees its own; its head decides; the fleet office dispatches;
    # the trip's driver (any staff role) or the fleet office records the trip
    Rule("GET", "/bookings", READERS, list_scoped=True),
    Rule("POST", "/bookings", REQUESTERS),
    Rule("GET", "/bookings/<id>", READERS),
    Rule("POST", "/bookings/<id>/approve", DECIDERS),
    Rule("POST", "/bookings/<id>/reject", DECIDERS),
    Rule("POST", "/bookings/<id>/cancel", REQUESTERS),
    Rule("POST", "/bookings/<id>/dispatch", FLEET_OFFICE),
    Rule("POST", "/bookings/<id>/start", REQUESTERS),
    Rule("POST", "/bookings/<id>/complete", REQUESTERS),
    # the dispatch order the driver carries (once dispatched; 409 before), and the trip's papers
    document_rule("/bookings/<id>/order.pdf", READERS),
    *attachment_rules("/bookings/<id>", READERS, REQUESTERS),
    # what the dispatcher and the leadership look at
    Rule("GET", "/availability", READERS),
    Rule("GET", "/schedule", POOL_READERS),
    Rule("GET", "/utilization", POOL_READERS),
    # the Office's cars against its entitlement (NĐ 72/2023 Art 11); the leadership records exceptions
    # and withdraws them
    Rule("GET", "/car-entitlement", POOL_READERS),
    Rule("GET", "/car-entitlement/exceptions", POOL_READERS),
    Rule("POST", "/car-entitlement/exceptions", {"leadership"}),
    Rule("POST", "/car-entitlement/exceptions/<id>/withdraw", {"leadership"}),
    # maintenance
    Rule("GET", "/maintenance/plans", POOL_READERS),
    Rule("POST", "/maintenance/plans", FLEET_OFFICE),
    Rule("PATCH", "/maintenance/plans/<id>", FLEET_OFFICE),
    Rule("GET", "/maintenance/due", POOL_READERS),
    Rule("GET", "/maintenance/records", POOL_READERS),
    Rule("POST", "/maintenance/records", FLEET_OFFICE),
    Rule("GET", "/maintenance/records/<id>", POOL_READERS),
    Rule("POST", "/maintenance/records/<id>/complete", FLEET_OFFICE),
    *attachment_rules("/maintenance/records/<id>", POOL_READERS, FLEET_OFFICE),
]
