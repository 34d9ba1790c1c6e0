"""The assets service's routes (paths as assets sees them, after `/api/v1/assets`).

Readers are everyone but `admin`; a caller without assets scope (not `office_assets`,
`leadership` or `auditor`) has every list pinned to their own board. The service checks each
record and the business rules again (the board of the record, the unit head's threshold, nobody
deciding their own request), so these rules only keep callers from routes they can never use.
"""

from gateway.policy import READERS, REQUESTERS, Rule, attachment_rules, document_rule

ASSETS_OFFICE = {"office_assets"}
# Approving or rejecting a procurement: the board's unit head (up to the threshold) or the leadership.
APPROVERS = {"unit_head", "leadership"}
LEADERSHIP = {"leadership"}
# A disposal is proposed by the Office's asset specialists or the board's head.
DISPOSAL_PROPOSERS = {"office_assets", "unit_head"}

RULES = [
    # what the caller may decide now, merged by the gateway into GET /api/v1/inbox
    Rule("GET", "/inbox", READERS),
    # The catalogue: categories (life, wear rate) and equipment standards.
    Rule("GET", "/categories", READERS),
    Rule("POST", "/categories", ASSETS_OFFICE),
    Rule("GET", "/categories/<code>", READERS),
    Rule("PATCH", "/categories/<code>", ASSETS_OFFICE),
    Rule("GET", "/standards", READERS),
    Rule("POST", "/standards", ASSETS_OFFICE),
    Rule("GET", "/standards/<id>", READERS),
    Rule("PATCH", "/standards/<id>", ASSETS_OFFICE),
    # The register.
    Rule("GET", "/items", READERS, list_scoped=True),
    Rule("POST", "/items", ASSETS_OFFICE),
    Rule("GET", "/items/export.csv", READERS, list_scoped=True),
    Rule("GET", "/items/export.xlsx", READERS, list_scoped=True),
    Rule("GET", "/items/<id>", READERS),
    Rule("PATCH", "/items/<id>", ASSETS_OFFICE),
    Rule("GET", "/items/<id>/history", READERS),
    Rule("GET", "/items/<id>/residual", READERS),
    Rule("POST", "/items/<id>/transfer", ASSETS_OFFICE),
    Rule("GET", "/items/<id>/repairs", READERS),
    Rule("POST", "/items/<id>/repairs", REQUESTERS),
    Rule("POST", "/items/<id>/dispose", DISPOSAL_PROPOSERS),
    # Repairs: opened by the board or the Office, closed by the Office at the actual cost.
    Rule("GET", "/repairs", READERS, list_scoped=True),
    Rule("GET", "/repairs/<id>", READERS),
    Rule("POST", "/repairs/<id>/complete", ASSETS_OFFICE),
    Rule("POST", "/repairs/<id>/cancel", ASSETS_OFFICE),
    *attachment_rules("/repairs/<id>", READERS, REQUESTERS),
    # Disposals [thanh lý]: decided by the leadership.
    Rule("GET", "/disposals", READERS, list_scoped=True),
    Rule("GET", "/disposals/<id>", READERS),
    Rule("POST", "/disposals/<id>/approve", LEADERSHIP),
    Rule("POST", "/disposals/<id>/reject", LEADERSHIP),
    *attachment_rules("/disposals/<id>", READERS, DISPOSAL_PROPOSERS | LEADERSHIP),
    # Procurement.
    Rule("GET", "/procurements", READERS, list_scoped=True),
    Rule("POST", "/procurements", REQUESTERS),
    Rule("GET", "/procurements/<id>", READERS),
    # each line against its standard (issue 12): whoever sees the request
    Rule("GET", "/procurements/<id>/check", READERS),
    Rule("PATCH", "/procurements/<id>", REQUESTERS),
    Rule("POST", "/procurements/<id>/submit", REQUESTERS),
    Rule("POST", "/procurements/<id>/approve", APPROVERS),
    Rule("POST", "/procurements/<id>/reject", APPROVERS),
    Rule("POST", "/procurements/<id>/receive", ASSETS_OFFICE),
    Rule("POST", "/procurements/<id>/cancel", REQUESTERS),
    document_rule("/procurements/<id>/request.pdf", READERS),
    *attachment_rules("/procurements/<id>", READERS, REQUESTERS),
    # Yearly wear.
    Rule("GET", "/wear-runs", READERS),
    # what the run would book, booking nothing (issue 12): a board sees its own assets
    Rule("GET", "/wear-runs/preview", READERS, list_scoped=True),
    Rule("POST", "/wear-runs", ASSETS_OFFICE),
    Rule("GET", "/wear-runs/<fiscal_year>", READERS),
    # Stock-takes [kiểm kê]: opened, closed and reconciled by the Office, counted by the boards too,
    # the reconciliation decided by the leadership.
    Rule("GET", "/stocktakes", READERS, list_scoped=True),
    Rule("POST", "/stocktakes", ASSETS_OFFICE),
    Rule("GET", "/stocktakes/<id>", READERS),
    Rule("GET", "/stocktakes/<id>/sheets", READERS),
    Rule("POST", "/stocktakes/<id>/counts", REQUESTERS),
    Rule("POST", "/stocktakes/<id>/close", ASSETS_OFFICE),
    Rule("POST", "/stocktakes/<id>/reconcile", ASSETS_OFFICE),
    Rule("POST", "/stocktakes/<id>/approve", LEADERSHIP),
    Rule("POST", "/stocktakes/<id>/reject", LEADERSHIP),
    # the signed minutes, once closed (409 before: the service says so)
    document_rule("/stocktakes/<id>/minutes.pdf", READERS),
    # Reports.
    Rule("GET", "/reports/register", READERS, list_scoped=True),
    Rule("GET", "/reports/register.csv", READERS, list_scoped=True),
    Rule("GET", "/reports/register.xlsx", READERS, list_scoped=True),
]
