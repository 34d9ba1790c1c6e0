"""What every use case of the assets service shares: who may act, which board a unit belongs
to, the register's history, and today's date in the office's time zone."""
from __future__ import annotations

import datetime as dt
import zlib

from buildingblocks.errors import Forbidden, Unprocessable
from buildingblocks.identity import Principal
from buildingblocks.replica import get_unit, require_staff, require_unit
from sqlalchemy import text
from sqlalchemy.orm import Session

from ..adapters.orm import AssetHistory, Category

SERVICE = "assets"
OFFICE_ROLE = "office_assets"
# Vietnam keeps one offset all year (no daylight saving), so a fixed offset is exact and does not
# depend on the tz database being installed in the image.
OFFICE_TZ = dt.timezone(dt.timedelta(hours=7), "Asia/Ho_Chi_Minh")
SYSTEM_ACTOR = "system"


def today() -> dt.date:
    """Today's date where the office is."""
    return dt.datetime.now(OFFICE_TZ).date()


def require_office(principal: Principal) -> None:
    """Only the Office's asset specialists keep the register and the catalogue."""
    principal.require_role(OFFICE_ROLE)


def list_board(principal: Principal, requested: str | None) -> str | None:
    """The board a list is narrowed to (None: every board, for callers with the assets scope).
    A caller without the scope and without a board of their own sees no board's records."""
    unit = principal.list_unit(requested, SERVICE)
    if unit is None and not principal.has_scope(SERVICE):
        raise Forbidden("you belong to no board, so there is no board's list to show you")
    return unit


def ensure_may_act_for(principal: Principal, unit: str) -> None:
    """A board's own staff and head act for their board; the Office's asset specialists and the
    leadership for any board; auditors change nothing."""
    if principal.has_role(OFFICE_ROLE, "leadership"):
        return
    if principal.unit == unit and principal.has_role("staff", "unit_head"):
        return
    raise Forbidden(f"you may not act for board {unit}")


def board_of(session: Session, unit_code: str | None) -> str | None:
    """The board (top-level unit) a unit belongs to: departments roll up to their board."""
    code = unit_code
    for _ in range(20):  # a cycle in bad data must not hang a request
        row = get_unit(session, code)
        if row is None or not row.parent_code:
            return code
        code = row.parent_code
    return code


def require_board(session: Session, code: str | None, field: str = "unit"):
    """The replica row of a board HR knows and has not dissolved; 422 otherwise. Assets belong to
    boards (the units a principal is scoped to), never to their departments."""
    row = require_unit(session, code, field=field)
    if row.parent_code:
        message = f"{code} is a department of {row.parent_code}: assets and requests belong to boards"
        raise Unprocessable(message, errors={field: [message]})
    return row


def require_staff_of_board(session: Session, staff_id: int, board: str, field: str):
    """The replica row of a current staff member of `board`; 422 otherwise."""
    row = require_staff(session, staff_id, field=field)
    staff_board = board_of(session, row.unit)
    if staff_board != board:
        message = f"staff member {staff_id} works in {staff_board}, not in {board}"
        raise Unprocessable(message, errors={field: [message]})
    return row


def require_category(session: Session, code: str, field: str = "category") -> Category:
    category = session.get(Category, code)
    if category is None:
        raise Unprocessable(f"unknown category {code!r}", errors={field: [f"unknown category {code!r}"]})
    return category


def lock_board(session: Session, unit: str, purpose: str) -> None:
    """Serialize the use cases that read a board's holdings and then add to them (standards
    checks), so that two concurrent requests cannot both fit into the same last place.
    SQLite already serializes writers (BEGIN IMMEDIATE)."""
    if session.get_bind().dialect.name == "postgresql":
        key = zlib.crc32(f"assets:{purpose}:{unit}".encode())
        session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": key})


def record_history(session: Session, asset_id: int, kind: str, actor: str | None, *, effective_on: dt.date | None = None,
                   reason: str | None = None, reference: str | None = None, **changes) -> None:
    """Append one entry to an asset's history (moves, status and holder changes)."""
    session.add(AssetHistory(asset_id=asset_id, kind=kind, actor=actor, effective_on=effective_on or today(),
                             reason=reason, reference=reference, **changes))


def not_in_future(value: dt.date, field: str) -> None:
    if value > today():
        raise Unprocessable(f"{field} is in the future", errors={field: ["must not be in the future"]})
