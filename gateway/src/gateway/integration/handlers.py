"""HR events -> user accounts: a transferred user's unit follows them, a leaver is locked out.

The gateway keeps HR's units replica (buildingblocks.replica) because HR places staff in
departments ("BTC-VP") while a user's home unit is the board above ("BTC"): the board of a
department is found by walking `parent_code` up in the replica. Every change to a user made
here is recorded in the audit log in the same transaction.
"""

from __future__ import annotations

import json

from buildingblocks.db import UnitOfWork, utcnow
from buildingblocks.messaging import Event
from buildingblocks.replica import REPLICA_HANDLERS, get_unit
from sqlalchemy import select

from gateway.adapters.orm import AuditEntry, User
from gateway.domain.users import roles_after_transfer

# Kinds of unit that are a user's home unit; a `department` belongs to the one above it.
HOME_UNIT_KINDS = frozenset({"board", "office", "leadership"})
_MAX_DEPTH = 10


def board_of(uow: UnitOfWork, unit_code: str) -> str:
    """The board (or office, or leadership) that `unit_code` belongs to, per the replica.

    A unit the replica does not know yet is taken as it is: better the department's code than
    the old board's.
    """
    code = unit_code
    for _ in range(_MAX_DEPTH):
        row = get_unit(uow.session, code)
        if row is None or row.kind in HOME_UNIT_KINDS or not row.parent_code:
            return code
        code = row.parent_code
    return code


def _audit(uow: UnitOfWork, event: Event, user: User, changes: dict) -> None:
    uow.session.add(
        AuditEntry(
            at=utcnow(),
            action=event.type,
            username=user.username,
            unit=user.unit,
            method="EVENT",
            path=f"event:{event.id}",
            status=200,
            request_id=event.correlation_id,
            detail=json.dumps({"staff_id": event.data.get("id"), **changes}, ensure_ascii=False, default=str),
        )
    )


def _users_of_staff(uow: UnitOfWork, staff_id) -> list[User]:
    if staff_id is None:
        return []
    return list(uow.session.scalars(select(User).where(User.staff_id == int(staff_id)).with_for_update()))


def _move(uow: UnitOfWork, event: Event, user: User, new_board: str, position_rank: str | None) -> None:
    if user.unit == new_board:
        return
    new_roles = roles_after_transfer(list(user.roles or []), position_rank)
    changes = {"unit": {"from": user.unit, "to": new_board}}
    if new_roles != sorted(user.roles or []):
        changes["roles"] = {"from": sorted(user.roles or []), "to": new_roles}
        user.roles = new_roles
    user.unit = new_board
    user.updated_at = utcnow()
    _audit(uow, event, user, changes)


def on_staff_transferred(uow: UnitOfWork, event: Event) -> None:
    """The user linked to the staff member now belongs to the new unit's board."""
    REPLICA_HANDLERS["hr.staff.transferred"](uow, event)
    new_board = board_of(uow, event.data["unit"])
    for user in _users_of_staff(uow, event.data.get("id")):
        _move(uow, event, user, new_board, event.data.get("position_rank"))


def on_staff_changed(uow: UnitOfWork, event: Event) -> None:
    """A changed staff record may carry a new unit (a move recorded as a change) or a leaving."""
    REPLICA_HANDLERS["hr.staff.changed"](uow, event)
    if event.data.get("status") == "left":
        _deactivate(uow, event)
        return
    new_board = board_of(uow, event.data["unit"])
    for user in _users_of_staff(uow, event.data.get("id")):
        _move(uow, event, user, new_board, event.data.get("position_rank"))


def _deactivate(uow: UnitOfWork, event: Event) -> None:
    for user in _users_of_staff(uow, event.data.get("id")):
        if not user.active:
            continue
        user.active = False
        user.token_version = (user.token_version or 0) + 1
        user.updated_at = utcnow()
        _audit(uow, event, user, {"active": {"from": True, "to": False}})


def on_staff_left(uow: UnitOfWork, event: Event) -> None:
    """The user linked to a leaver is deactivated; their tokens stop working at once."""
    REPLICA_HANDLERS["hr.staff.left"](uow, event)
    _deactivate(uow, event)


def on_unit_dissolved(uow: UnitOfWork, event: Event) -> None:
    """Users of a dissolved board move to its successor (a merge); without one they stay."""
    REPLICA_HANDLERS["hr.unit.dissolved"](uow, event)
    successor = event.data.get("successor_code")
    if not successor:
        return
    new_board = board_of(uow, successor)
    users = uow.session.scalars(select(User).where(User.unit == event.data["code"]).with_for_update())
    for user in users:
        # Same post, new board's name: roles stay as they are.
        changes = {"unit": {"from": user.unit, "to": new_board}}
        user.unit = new_board
        user.updated_at = utcnow()
        _audit(uow, event, user, changes)


HANDLERS = {
    **REPLICA_HANDLERS,
    "hr.staff.transferred": on_staff_transferred,
    "hr.staff.changed": on_staff_changed,
    "hr.staff.left": on_staff_left,
    "hr.unit.dissolved": on_unit_dissolved,
}
