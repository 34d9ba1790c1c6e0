"""The expected authorization of every route, written once from the contract's role table.

Source: /work/shared/design/contract.md ("Identity and board-level authorization") and
domain.md ("a board's records are visible to that board, the Office's specialists of that
service, the leadership and the auditors only"). This file is NOT derived from the gateway's
policy modules: it is what they must agree with.

Each row names the roles that may call the operation at all and how the board of the record or
list matters (`SCOPE`):

- `shared`: no board owns it (the catalogue, the HR structure, the pool's vehicles, the
  admin's users): one cell per role.
- `board`: a board's records or lists. Three cells per role: the caller's own board, another
  board, the Office (VP). Own board: allowed. Another board or the Office: allowed for a role
  with cross-unit scope in that service (`leadership`, `auditor`, `office_<service>`, and in HR
  the `admin`, who sets up units, positions and staff records: issue 2); else a
  record is hidden (404) and a list asked for that unit is forbidden (403).
- `office`: a record that belongs to the Office's pool (a driver is VP staff): one cell, hidden
  for a role without scope in that service.
- `public`: no token needed (logging in).

`BODY` gives the body of a write (the query of a read) where an empty one would skip the check the cell is about
(a record's board is checked only once the body is valid); `{unit}` is the cell's unit; `UPLOAD`
sends a small real PDF as the multipart field `file` (an attachment: an empty upload is refused
before the record's board is looked at). Everything else is sent `{}`: deliberately empty, so an
allowed create answers 400/422 and touches nothing.

Documents and attachments (contract, "Client apps and paperwork"; issue 14): whoever may see the
record reads its documents and attachments (the auditor too), whoever may act on it adds
attachments. The second parameter of `<record>/attachments/{}` is a file attached to that record
for the run (security_world.py).
"""
from __future__ import annotations

ALL_ROLES = ("staff", "unit_head", "office_finance", "office_assets", "office_fleet", "office_hr",
             "leadership", "auditor", "admin")
NO_ROLE = "none"  # a user whose roles are empty
PRINCIPALS = ALL_ROLES + (NO_ROLE,)
CROSS_UNIT = frozenset({"leadership", "auditor"})

# contract: everyone reads what belongs to their unit; admin has "users, clients and
# configuration", no business data; the auditor changes nothing.
READERS = frozenset(ALL_ROLES) - {"admin"}
# creates are sent with an empty body, so their cells prove only that the gateway lets these roles
# through to the service's validation (every member of staff may ask for their own unit)
REQUESTERS = READERS - {"auditor"}


def requesters(service: str) -> frozenset[str]:
    """Who acts on a board's request in `service` (edit a draft, submit, count, open a repair): its
    staff and head ("unit_head: as staff"), the leadership, and that service's Office specialists;
    another service's specialist (office_hr in assets) is no requester there."""
    return frozenset({"staff", "unit_head", "leadership", f"office_{service}"})

DECIDERS = frozenset({"unit_head", "leadership"})  # "approve or reject its own unit's requests"; above threshold: leadership
LEADERSHIP = frozenset({"leadership"})
ADMIN = frozenset({"admin"})
ADMIN_READERS = frozenset({"admin", "auditor"})  # the auditor "reads everything"
EVERYONE = frozenset(ALL_ROLES) | {NO_ROLE}


def office(service: str) -> frozenset[str]:
    return frozenset({f"office_{service}"})


# the pool's plans and the drivers' roster belong to the Office: its fleet specialists, the
# leadership and the auditors read them ("read everything")
POOL_READERS = office("fleet") | CROSS_UNIT
# HR structure and records: the Office's HR; the admin sets the platform up (issue 2: the admin
# creates a unit and a driver), which is configuration, not an approval
HR_RECORDS = office("hr") | ADMIN
PLAN_READERS = office("hr") | CROSS_UNIT
REQUEST_DECIDED = "Kiểm tra phân quyền"
UPLOAD = "<a small PDF as multipart field `file`>"


def attachments(record: str, readers: frozenset[str], adders: frozenset[str], scope: str) -> dict[tuple[str, str], tuple]:
    """The three attachment rows of `record` ("/api/v1/finance/expenses/{}")."""
    return {
        ("GET", f"{record}/attachments"): (readers, scope),
        ("POST", f"{record}/attachments"): (adders, scope, UPLOAD),
        ("GET", f"{record}/attachments/{{}}"): (readers, scope),
    }


# (method, path with every parameter written "{}") -> (roles, scope[, body])
ROWS: dict[tuple[str, str], tuple] = {
    # -- gateway ---------------------------------------------------------------------------
    ("POST", "/api/v1/auth/token"): (EVERYONE, "public"),
    # a user without any role is refused everything, even "who am I" (fail closed)
    ("GET", "/api/v1/auth/me"): (frozenset(ALL_ROLES), "shared"),
    # browser sessions (contract, "Client apps and paperwork"): opened and closed without a token
    ("POST", "/api/v1/auth/session"): (EVERYONE, "public"),
    ("DELETE", "/api/v1/auth/session"): (EVERYONE, "public"),
    ("POST", "/api/v1/auth/password"): (frozenset(ALL_ROLES), "shared"),
    # what the caller may decide now: every reader asks; each service answers only its own part
    ("GET", "/api/v1/inbox"): (READERS, "shared"),
    ("GET", "/api/v1/hr/inbox"): (READERS, "shared"),
    ("GET", "/api/v1/finance/inbox"): (READERS, "shared"),
    ("GET", "/api/v1/assets/inbox"): (READERS, "shared"),
    ("GET", "/api/v1/fleet/inbox"): (READERS, "shared"),
    ("GET", "/api/v1/admin/users"): (ADMIN_READERS, "shared"),
    ("POST", "/api/v1/admin/users"): (ADMIN, "shared"),
    ("GET", "/api/v1/admin/users/{}"): (ADMIN_READERS, "shared"),
    ("PATCH", "/api/v1/admin/users/{}"): (ADMIN, "shared"),
    ("GET", "/api/v1/admin/audit"): (ADMIN_READERS, "shared"),
    # -- assets ----------------------------------------------------------------------------
    ("GET", "/api/v1/assets/categories"): (READERS, "shared"),
    ("POST", "/api/v1/assets/categories"): (office("assets"), "shared"),
    ("GET", "/api/v1/assets/categories/{}"): (READERS, "shared"),
    ("PATCH", "/api/v1/assets/categories/{}"): (office("assets"), "shared"),
    ("GET", "/api/v1/assets/standards"): (READERS, "shared"),
    ("POST", "/api/v1/assets/standards"): (office("assets"), "shared"),
    ("GET", "/api/v1/assets/standards/{}"): (READERS, "shared"),
    ("PATCH", "/api/v1/assets/standards/{}"): (office("assets"), "shared"),
    ("GET", "/api/v1/assets/items"): (READERS, "board"),
    ("POST", "/api/v1/assets/items"): (office("assets"), "shared"),
    ("GET", "/api/v1/assets/items/export.csv"): (READERS, "board"),
    ("GET", "/api/v1/assets/items/export.xlsx"): (READERS, "board"),
    ("GET", "/api/v1/assets/items/{}"): (READERS, "board"),
    ("PATCH", "/api/v1/assets/items/{}"): (office("assets"), "board"),
    ("GET", "/api/v1/assets/items/{}/history"): (READERS, "board"),
    ("GET", "/api/v1/assets/items/{}/residual"): (READERS, "board"),
    ("POST", "/api/v1/assets/items/{}/transfer"): (office("assets"), "board"),
    ("GET", "/api/v1/assets/items/{}/repairs"): (READERS, "board"),
    ("POST", "/api/v1/assets/items/{}/repairs"): (requesters("assets"), "board",
                                                  {"description": REQUEST_DECIDED, "estimated_cost_vnd": 1}),
    # a disposal is proposed by the Office's asset specialists or the board's head, decided by the leadership
    ("POST", "/api/v1/assets/items/{}/dispose"): (office("assets") | {"unit_head"}, "board", {"reason": REQUEST_DECIDED}),
    ("GET", "/api/v1/assets/disposals"): (READERS, "board"),
    ("GET", "/api/v1/assets/disposals/{}"): (READERS, "board"),
    ("POST", "/api/v1/assets/disposals/{}/approve"): (LEADERSHIP, "board"),
    ("POST", "/api/v1/assets/disposals/{}/reject"): (LEADERSHIP, "board"),
    **attachments("/api/v1/assets/disposals/{}", READERS, office("assets") | {"unit_head"} | LEADERSHIP, "board"),
    ("GET", "/api/v1/assets/procurements"): (READERS, "board"),
    ("POST", "/api/v1/assets/procurements"): (REQUESTERS, "shared"),  # a create: the body is checked first
    ("GET", "/api/v1/assets/procurements/{}"): (READERS, "board"),
    ("PATCH", "/api/v1/assets/procurements/{}"): (requesters("assets"), "board"),
    ("POST", "/api/v1/assets/procurements/{}/submit"): (requesters("assets"), "board"),
    ("POST", "/api/v1/assets/procurements/{}/approve"): (DECIDERS, "board"),
    ("POST", "/api/v1/assets/procurements/{}/reject"): (DECIDERS, "board"),
    ("POST", "/api/v1/assets/procurements/{}/receive"): (office("assets"), "board"),
    ("POST", "/api/v1/assets/procurements/{}/cancel"): (requesters("assets"), "board"),
    ("GET", "/api/v1/assets/procurements/{}/request.pdf"): (READERS, "board"),
    ("GET", "/api/v1/assets/procurements/{}/check"): (READERS, "board"),
    **attachments("/api/v1/assets/procurements/{}", READERS, requesters("assets"), "board"),
    ("GET", "/api/v1/assets/repairs"): (READERS, "board"),
    ("GET", "/api/v1/assets/repairs/{}"): (READERS, "board"),
    ("POST", "/api/v1/assets/repairs/{}/complete"): (office("assets"), "board"),
    ("POST", "/api/v1/assets/repairs/{}/cancel"): (office("assets"), "board"),
    # photos and quotes of a repair: who may open one (the board's staff and head, the Office)
    **attachments("/api/v1/assets/repairs/{}", READERS, requesters("assets"), "board"),
    ("GET", "/api/v1/assets/wear-runs"): (READERS, "shared"),
    ("POST", "/api/v1/assets/wear-runs"): (office("assets"), "shared"),
    ("GET", "/api/v1/assets/wear-runs/{}"): (READERS, "shared"),
    # what the run would book (issue 12): a board's own assets, every board's for the assets scope
    ("GET", "/api/v1/assets/wear-runs/preview"): (READERS, "board", {"fiscal_year": 2025}),
    ("GET", "/api/v1/assets/stocktakes"): (READERS, "board"),
    ("POST", "/api/v1/assets/stocktakes"): (office("assets"), "shared"),
    ("GET", "/api/v1/assets/stocktakes/{}"): (READERS, "board"),
    ("POST", "/api/v1/assets/stocktakes/{}/counts"): (requesters("assets"), "board", {"unit": "{unit}", "tags": []}),
    ("GET", "/api/v1/assets/stocktakes/{}/sheets"): (READERS, "board"),
    ("POST", "/api/v1/assets/stocktakes/{}/close"): (office("assets"), "board"),
    ("POST", "/api/v1/assets/stocktakes/{}/reconcile"): (office("assets"), "board"),
    ("POST", "/api/v1/assets/stocktakes/{}/approve"): (LEADERSHIP, "board"),
    ("POST", "/api/v1/assets/stocktakes/{}/reject"): (LEADERSHIP, "board"),
    # once closed; 409 before (still "authorization passed")
    ("GET", "/api/v1/assets/stocktakes/{}/minutes.pdf"): (READERS, "board"),
    ("GET", "/api/v1/assets/reports/register"): (READERS, "board"),
    ("GET", "/api/v1/assets/reports/register.csv"): (READERS, "board"),
    ("GET", "/api/v1/assets/reports/register.xlsx"): (READERS, "board"),
    # -- finance ---------------------------------------------------------------------------
    ("GET", "/api/v1/finance/regulations"): (READERS, "shared"),
    ("POST", "/api/v1/finance/regulations"): (office("finance"), "shared"),
    ("GET", "/api/v1/finance/regulations/{}"): (READERS, "shared"),
    ("GET", "/api/v1/finance/budgets"): (READERS, "board"),
    ("POST", "/api/v1/finance/budgets"): (office("finance"), "shared"),
    ("GET", "/api/v1/finance/budgets/summary"): (READERS, "board"),
    ("GET", "/api/v1/finance/budgets/{}"): (READERS, "board"),
    ("GET", "/api/v1/finance/budgets/supplements"): (READERS, "board"),
    ("POST", "/api/v1/finance/budgets/supplements"): (office("finance"), "shared"),
    ("GET", "/api/v1/finance/budgets/supplements/{}"): (READERS, "board"),
    ("POST", "/api/v1/finance/budgets/supplements/{}/approve"): (LEADERSHIP, "board"),
    ("POST", "/api/v1/finance/budgets/supplements/{}/reject"): (LEADERSHIP, "board", {"reason": REQUEST_DECIDED}),
    ("GET", "/api/v1/finance/budgets/transfers"): (READERS, "board"),
    ("POST", "/api/v1/finance/budgets/transfers"): (office("finance"), "shared"),
    ("GET", "/api/v1/finance/budgets/transfers/{}"): (READERS, "board"),
    ("POST", "/api/v1/finance/budgets/transfers/{}/approve"): (LEADERSHIP, "board"),
    ("POST", "/api/v1/finance/budgets/transfers/{}/reject"): (LEADERSHIP, "board", {"reason": REQUEST_DECIDED}),
    ("GET", "/api/v1/finance/expenses"): (READERS, "board"),
    ("POST", "/api/v1/finance/expenses"): (REQUESTERS, "shared"),  # a create: the body is checked first
    ("GET", "/api/v1/finance/expenses/{}"): (READERS, "board"),
    ("POST", "/api/v1/finance/expenses/{}/approve"): (DECIDERS, "board"),
    ("POST", "/api/v1/finance/expenses/{}/reject"): (DECIDERS, "board", {"reason": REQUEST_DECIDED}),
    # withdrawn by the one who asked, nobody else (the matrix's callers never asked: forbidden)
    ("POST", "/api/v1/finance/expenses/{}/withdraw"): (frozenset(), "board"),
    ("POST", "/api/v1/finance/expenses/{}/pay"): (office("finance"), "board"),
    ("GET", "/api/v1/finance/expenses/{}/request.pdf"): (READERS, "board"),
    ("GET", "/api/v1/finance/expenses.csv"): (READERS, "board"),
    ("GET", "/api/v1/finance/expenses.xlsx"): (READERS, "board"),
    # invoice scans: added by its requester (none of the matrix's callers), who decides it, or
    # the Office's accountant who pays it
    **attachments("/api/v1/finance/expenses/{}", READERS, DECIDERS | office("finance"), "board"),
    ("GET", "/api/v1/finance/ledger"): (READERS, "board"),
    ("GET", "/api/v1/finance/ledger.csv"): (READERS, "board"),
    ("GET", "/api/v1/finance/ledger.xlsx"): (READERS, "board"),
    ("GET", "/api/v1/finance/ledger/{}"): (READERS, "board"),
    ("POST", "/api/v1/finance/ledger/{}/reverse"): (office("finance"), "board"),
    ("GET", "/api/v1/finance/reservations"): (READERS, "board"),
    ("GET", "/api/v1/finance/reservations/{}"): (READERS, "board"),
    ("GET", "/api/v1/finance/chargebacks"): (READERS, "board"),
    ("GET", "/api/v1/finance/chargebacks/{}"): (READERS, "board"),
    ("GET", "/api/v1/finance/reports/budgets"): (READERS, "board"),
    ("GET", "/api/v1/finance/reports/budgets.csv"): (READERS, "board"),
    ("GET", "/api/v1/finance/reports/budgets.xlsx"): (READERS, "board"),
    # the year-end close (issue 13) lists every board's holdings: proposed by the Office's finance,
    # decided by the leadership, read by finance's scope; no run has a year to close (MISSING_ID)
    ("POST", "/api/v1/finance/fiscal-years/{}/close"): (office("finance"), "shared"),
    ("GET", "/api/v1/finance/fiscal-years/{}/close"): (office("finance") | CROSS_UNIT, "shared"),
    ("POST", "/api/v1/finance/fiscal-years/{}/close/confirm"): (LEADERSHIP, "shared"),
    ("POST", "/api/v1/finance/fiscal-years/{}/close/reject"): (LEADERSHIP, "shared", {"reason": REQUEST_DECIDED}),
    # -- fleet -----------------------------------------------------------------------------
    ("GET", "/api/v1/fleet/vehicles"): (READERS, "shared"),  # the one pool every board books from
    ("POST", "/api/v1/fleet/vehicles"): (office("fleet"), "shared"),
    ("GET", "/api/v1/fleet/vehicles/{}"): (READERS, "shared"),
    ("PATCH", "/api/v1/fleet/vehicles/{}"): (office("fleet"), "shared"),
    ("GET", "/api/v1/fleet/vehicles/{}/schedule"): (POOL_READERS, "shared"),
    ("GET", "/api/v1/fleet/drivers"): (POOL_READERS, "shared"),
    ("GET", "/api/v1/fleet/drivers/{}"): (READERS, "office"),  # a driver reads their own record
    ("PATCH", "/api/v1/fleet/drivers/{}"): (office("fleet"), "office"),
    ("GET", "/api/v1/fleet/drivers/{}/schedule"): (READERS, "office", {"from": "2026-01-01", "to": "2026-01-31"}),
    ("GET", "/api/v1/fleet/bookings"): (READERS, "board"),
    ("POST", "/api/v1/fleet/bookings"): (REQUESTERS, "shared"),  # a create: the body is checked first
    ("GET", "/api/v1/fleet/bookings/{}"): (READERS, "board"),
    ("POST", "/api/v1/fleet/bookings/{}/approve"): (DECIDERS, "board"),
    ("POST", "/api/v1/fleet/bookings/{}/reject"): (DECIDERS, "board", {"reason": REQUEST_DECIDED}),
    # cancelled by its requester, or by who decides or dispatches it
    ("POST", "/api/v1/fleet/bookings/{}/cancel"): (DECIDERS | office("fleet"), "board"),
    ("POST", "/api/v1/fleet/bookings/{}/dispatch"): (office("fleet"), "board"),
    # the trip is recorded by its driver (none of the matrix's callers) or the fleet office
    ("POST", "/api/v1/fleet/bookings/{}/start"): (office("fleet"), "board", {"odometer_start_km": 1, "vehicle_id": 1}),
    ("POST", "/api/v1/fleet/bookings/{}/complete"): (office("fleet"), "board",
                                                     {"odometer_end_km": 2, "fuel_litres": 0, "fuel_cost_vnd": 0}),
    # the dispatch order, once dispatched (409 before)
    ("GET", "/api/v1/fleet/bookings/{}/order.pdf"): (READERS, "board"),
    # added by its requester or driver (none of the matrix's callers), who decides or dispatches it
    **attachments("/api/v1/fleet/bookings/{}", READERS, DECIDERS | office("fleet"), "board"),
    ("GET", "/api/v1/fleet/availability"): (READERS, "shared"),
    ("GET", "/api/v1/fleet/schedule"): (POOL_READERS, "shared"),
    ("GET", "/api/v1/fleet/utilization"): (POOL_READERS, "shared"),
    # the Office's cars against its entitlement; the leadership records an exception by decision number
    ("GET", "/api/v1/fleet/car-entitlement"): (POOL_READERS, "shared"),
    ("POST", "/api/v1/fleet/car-entitlement/exceptions"): (LEADERSHIP, "shared"),
    ("GET", "/api/v1/fleet/car-entitlement/exceptions"): (POOL_READERS, "shared"),
    ("POST", "/api/v1/fleet/car-entitlement/exceptions/{}/withdraw"): (LEADERSHIP, "shared", {"reason": REQUEST_DECIDED}),
    ("GET", "/api/v1/fleet/maintenance/plans"): (POOL_READERS, "shared"),
    ("POST", "/api/v1/fleet/maintenance/plans"): (office("fleet"), "shared"),
    ("PATCH", "/api/v1/fleet/maintenance/plans/{}"): (office("fleet"), "shared"),
    ("GET", "/api/v1/fleet/maintenance/due"): (POOL_READERS, "shared"),
    ("GET", "/api/v1/fleet/maintenance/records"): (POOL_READERS, "shared"),
    ("POST", "/api/v1/fleet/maintenance/records"): (office("fleet"), "shared"),
    ("GET", "/api/v1/fleet/maintenance/records/{}"): (POOL_READERS, "shared"),
    ("POST", "/api/v1/fleet/maintenance/records/{}/complete"): (office("fleet"), "shared"),
    **attachments("/api/v1/fleet/maintenance/records/{}", POOL_READERS, office("fleet"), "shared"),
    # -- hr: the structure is no secret inside the Committee; staff records belong to a board --
    ("GET", "/api/v1/hr/units"): (READERS, "shared"),
    ("POST", "/api/v1/hr/units"): (HR_RECORDS, "shared"),
    ("GET", "/api/v1/hr/units/{}"): (READERS, "shared"),
    ("PATCH", "/api/v1/hr/units/{}"): (HR_RECORDS, "shared"),
    ("GET", "/api/v1/hr/units/{}/versions"): (READERS, "shared"),
    ("POST", "/api/v1/hr/units/{}/dissolve"): (office("hr"), "shared"),
    ("GET", "/api/v1/hr/positions"): (READERS, "shared"),
    ("POST", "/api/v1/hr/positions"): (HR_RECORDS, "shared"),
    ("GET", "/api/v1/hr/positions/{}"): (READERS, "shared"),
    ("PATCH", "/api/v1/hr/positions/{}"): (HR_RECORDS, "shared"),
    ("GET", "/api/v1/hr/staff"): (READERS, "board"),
    ("POST", "/api/v1/hr/staff"): (HR_RECORDS, "shared"),
    ("GET", "/api/v1/hr/staff/{}"): (READERS, "board"),
    ("PATCH", "/api/v1/hr/staff/{}"): (HR_RECORDS, "board"),
    ("GET", "/api/v1/hr/appointments"): (READERS, "board"),
    ("POST", "/api/v1/hr/appointments"): (office("hr"), "shared"),
    ("GET", "/api/v1/hr/staffing"): (READERS, "board"),
    ("GET", "/api/v1/hr/staffing.csv"): (READERS, "board"),
    ("GET", "/api/v1/hr/staffing.xlsx"): (READERS, "board"),
    ("GET", "/api/v1/hr/rules"): (READERS, "shared"),
    ("PATCH", "/api/v1/hr/rules"): (office("hr"), "shared"),
    ("GET", "/api/v1/hr/rules/{}"): (READERS, "shared"),
    ("PATCH", "/api/v1/hr/rules/{}"): (office("hr"), "shared"),
    ("GET", "/api/v1/hr/rules/{}/versions"): (READERS, "shared"),
    ("GET", "/api/v1/hr/restructurings"): (PLAN_READERS, "shared"),
    ("POST", "/api/v1/hr/restructurings"): (office("hr"), "shared"),
    ("GET", "/api/v1/hr/restructurings/{}"): (PLAN_READERS, "shared"),
    ("PATCH", "/api/v1/hr/restructurings/{}"): (office("hr"), "shared"),
    ("GET", "/api/v1/hr/restructurings/{}/preview"): (PLAN_READERS, "shared"),
    ("POST", "/api/v1/hr/restructurings/{}/preview"): (PLAN_READERS, "shared"),
    ("POST", "/api/v1/hr/restructurings/{}/approve"): (LEADERSHIP, "shared"),
    ("POST", "/api/v1/hr/restructurings/{}/reject"): (LEADERSHIP, "shared"),
    # withdrawn by its author only (tochuc.vp made the run's plan; none of the matrix's callers)
    ("POST", "/api/v1/hr/restructurings/{}/withdraw"): (frozenset(), "shared"),
    ("POST", "/api/v1/hr/restructurings/{}/apply"): (office("hr") | LEADERSHIP, "shared"),
    ("GET", "/api/v1/hr/restructurings/{}/plan.pdf"): (PLAN_READERS, "shared"),
    **attachments("/api/v1/hr/restructurings/{}", PLAN_READERS, office("hr") | LEADERSHIP, "shared"),
}

SCOPES = ("own", "other", "office")
ALLOWED, FORBIDDEN, HIDDEN = frozenset({"allowed"}), frozenset({"forbidden"}), frozenset({"hidden"})
REFUSED = FORBIDDEN | HIDDEN


def service_of(path: str) -> str:
    return path.split("/")[3]


def sees_every_unit(principal: str, service: str) -> bool:
    return principal in CROSS_UNIT or principal == f"office_{service}" or (service == "hr" and principal == "admin")


def expected(row_key: tuple[str, str], principal: str, scope: str) -> frozenset[str]:
    """The outcomes this cell may have: {"allowed"}, {"forbidden"} (403), {"hidden"} (404), or
    {"forbidden", "hidden"} (REFUSED) for a member of staff acting on another board's record
    they may neither see nor act on: the gateway refuses the route (403, whatever the record) or
    the service hides the record first (404); either way nothing is done and nothing is told."""
    method, path = row_key
    roles, kind = ROWS[row_key][:2]
    if kind == "public":
        return ALLOWED
    service = service_of(path)
    hidden_record = kind in ("board", "office") and scope != "own" and "{}" in path \
        and not sees_every_unit(principal, service)
    if principal not in roles:
        return REFUSED if hidden_record and principal in READERS else FORBIDDEN
    if kind == "shared" or scope == "own" or sees_every_unit(principal, service):
        return ALLOWED
    return HIDDEN if "{}" in path else FORBIDDEN


def scopes_of(row_key: tuple[str, str]) -> tuple[str, ...]:
    kind = ROWS[row_key][1]
    if kind == "board":
        return SCOPES
    if kind == "office":
        return ("office",)
    return ("any",)


def body_of(row_key: tuple[str, str]):
    row = ROWS[row_key]
    return row[2] if len(row) > 2 else {}
