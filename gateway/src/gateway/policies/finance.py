"""The finance service's routes (paths as finance sees them, after `/api/v1/finance`).

Readers are everyone but `admin`; a caller without finance scope (not `office_finance`,
`leadership` or `auditor`) has every list pinned to their own board. The service checks each
record and the business rules again (unit head of the record's own board, threshold, nobody
deciding their own request), so these rules only keep callers from routes they can never use.
"""

from gateway.policy import READERS, REQUESTERS, Rule, attachment_rules, document_rule

FINANCE_OFFICE = {"office_finance"}
# Approving or rejecting an expense: the board's unit head (within the threshold) or the leadership.
APPROVERS = {"unit_head", "leadership"}
LEADERSHIP = {"leadership"}
# The year-end close lists every board's holdings: read by finance's scope (the Office's finance,
# the leadership, the auditors), proposed by the Office's finance, decided by the leadership.
FINANCE_SCOPE = {"office_finance", "leadership", "auditor"}

RULES = [
    # what the caller may decide now, merged by the gateway into GET /api/v1/inbox
    Rule("GET", "/inbox", READERS),
    # Spending regulation: one for all units, readable by every reader.
    Rule("GET", "/regulations", READERS),
    Rule("POST", "/regulations", FINANCE_OFFICE),
    Rule("GET", "/regulations/<id>", READERS),
    # Budgets and their figures.
    Rule("GET", "/budgets", READERS, list_scoped=True),
    Rule("POST", "/budgets", FINANCE_OFFICE),
    Rule("GET", "/budgets/summary", READERS, list_scoped=True),
    Rule("GET", "/budgets/<id>", READERS),
    # Supplements and transfers: asked by the Office's finance, decided by the leadership.
    Rule("GET", "/budgets/supplements", READERS, list_scoped=True),
    Rule("POST", "/budgets/supplements", FINANCE_OFFICE),
    Rule("GET", "/budgets/supplements/<id>", READERS),
    Rule("POST", "/budgets/supplements/<id>/approve", LEADERSHIP),
    Rule("POST", "/budgets/supplements/<id>/reject", LEADERSHIP),
    Rule("GET", "/budgets/transfers", READERS, list_scoped=True),
    Rule("POST", "/budgets/transfers", FINANCE_OFFICE),
    Rule("GET", "/budgets/transfers/<id>", READERS),
    Rule("POST", "/budgets/transfers/<id>/approve", LEADERSHIP),
    Rule("POST", "/budgets/transfers/<id>/reject", LEADERSHIP),
    # Expense requests.
    Rule("GET", "/expenses", READERS, list_scoped=True),
    Rule("POST", "/expenses", REQUESTERS),
    # the list with its filters as files (issue 12): a board's own, or every board's for finance's scope
    Rule("GET", "/expenses.csv", READERS, list_scoped=True),
    Rule("GET", "/expenses.xlsx", READERS, list_scoped=True),
    Rule("GET", "/expenses/<id>", READERS),
    Rule("POST", "/expenses/<id>/approve", APPROVERS),
    Rule("POST", "/expenses/<id>/reject", APPROVERS),
    Rule("POST", "/expenses/<id>/withdraw", REQUESTERS),
    Rule("POST", "/expenses/<id>/pay", FINANCE_OFFICE),
    # the payment request as a document, and the invoice scans: added by whoever acts on the
    # expense (its requester, who decides it, the Office's accountant; the service checks which)
    document_rule("/expenses/<id>/request.pdf", READERS),
    *attachment_rules("/expenses/<id>", READERS, REQUESTERS),
    # The ledger and its corrections.
    Rule("GET", "/ledger", READERS, list_scoped=True),
    Rule("GET", "/ledger.csv", READERS, list_scoped=True),
    Rule("GET", "/ledger.xlsx", READERS, list_scoped=True),
    Rule("GET", "/ledger/<id>", READERS),
    Rule("POST", "/ledger/<id>/reverse", FINANCE_OFFICE),
    # What assets' and fleet's events booked.
    Rule("GET", "/reservations", READERS, list_scoped=True),
    Rule("GET", "/reservations/<id>", READERS),
    Rule("GET", "/chargebacks", READERS, list_scoped=True),
    Rule("GET", "/chargebacks/<id>", READERS),
    # The year-end close [khóa sổ, chuyển nguồn] (issue 13).
    Rule("POST", "/fiscal-years/<id>/close", FINANCE_OFFICE),
    Rule("GET", "/fiscal-years/<id>/close", FINANCE_SCOPE),
    Rule("POST", "/fiscal-years/<id>/close/confirm", LEADERSHIP),
    Rule("POST", "/fiscal-years/<id>/close/reject", LEADERSHIP),
    # Reports.
    Rule("GET", "/reports/budgets", READERS, list_scoped=True),
    Rule("GET", "/reports/budgets.csv", READERS, list_scoped=True),
    Rule("GET", "/reports/budgets.xlsx", READERS, list_scoped=True),
]
