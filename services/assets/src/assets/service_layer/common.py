"""What every use case of the assets service shares: who may act, which board a unit belongs
to, the register's history and the checks of boards, staff and categories."""
from __future__ import annotations

import datetime as dt

from buildingblocks.clock import local_today
from buildingblocks.errors import Invalid, NotAllowed
from buildingblocks.identity import Principal

from ..adapters.orm import AssetHistory, Category
from ..config import SERVICE

OFFICE_ROLE = "office_assets"


def require_office(principal: Principal) -> None:
    """Only the Office's asset specialists keep the register and the catalogue."""
    principal.require_role(OFFICE_ROLE)


def list_board(principal: Principal, requested: str | None) -> str | None:
    """The board a list is narrowed to (None: every board, for callers with the assets scope).
    A caller without the scope and without a board of their own sees no board's records."""
    unit = principal.list_unit(requested, SERVICE)
    if unit is None and not principal.has_scope(SERVICE):
        raise NotAllowed("you belong to no board, so there is no board's list to show you")
    return unit


def ensure_may_act_for(principal: Principal, unit: str) -> None:
    """A board's own staff and head act for their board; the Office's asset specialists and the
    leadership for any board; auditors change nothing."""
    if principal.has_role(OFFICE_ROLE, "leadership"):
        return
    if principal.unit == unit and principal.has_role("staff", "unit_head"):
        return
    raise NotAllowed(f"you may not act for board {unit}")


def board_of(uow, unit_code: str | None) -> str | None:
    """The board (top-level unit) a unit belongs to: departments roll up to their board."""
    code = unit_code
    for _ in range(20):  # a cycle in bad data must not hang a request
        row = uow.replica.unit(code)
        if row is None or not row.parent_code:
            return code
        code = row.parent_code
    return code


def require_board(uow, code: str | None, field: str = "unit"):
    """The replica row of a board HR knows and has not dissolved; Invalid otherwise. Assets
    belong to boards (the units a principal is scoped to), never to their departments."""
    row = uow.replica.require_unit(code, field)
    if row.parent_code:
        message = f"{code} is a department of {row.parent_code}: assets and requests belong to boards"
        raise Invalid(message, errors={field: [message]})
    return row


def require_staff_of_board(uow, staff_id: int, board: str, field: str):
    """The replica row of a current staff member of `board`; Invalid otherwise."""
    row = uow.replica.require_staff(staff_id, field)
    staff_board = board_of(uow, row.unit)
    if staff_board != board:
        message = f"staff member {staff_id} works in {staff_board}, not in {board}"
        raise Invalid(message, errors={field: [message]})
    return row


def still_in_board(uow, staff_id: int, board: str) -> bool:
    """Whether a staff member is still with `board` (not left, not moved to another board)."""
    row = uow.replica.staff(staff_id)
    return row is not None and row.status != "left" and board_of(uow, row.unit) == board


def require_category(uow, code: str, field: str = "category") -> Category:
    category = uow.categories.get(code)
    if category is None:
        raise Invalid(f"unknown category {code!r}", errors={field: [f"unknown category {code!r}"]})
    return category


def record_history(uow, asset_id: int, kind: str, actor: str | None, *, effective_on: dt.date | None = None,
                   reason: str | None = None, reference: str | None = None, **changes) -> None:
    """Append one entry to an asset's history (moves, status and holder changes)."""
    uow.assets.record(AssetHistory(asset_id=asset_id, kind=kind, actor=actor, effective_on=effective_on or local_today(),
                                   reason=reason, reference=reference, **changes))


def not_in_future(value: dt.date, field: str) -> None:
    if value > local_today():
        raise Invalid(f"{field} is in the future", errors={field: ["must not be in the future"]})
