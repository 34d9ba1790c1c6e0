"""HR events -> user accounts: a user's board and roles follow their HR post, a leaver is locked out.

The gateway keeps HR's units replica (buildingblocks.replica) because HR places staff in
departments ("BTC-VP") while a user's home unit is the board above ("BTC"): the board of a
department is found by walking `parent_code` up in the replica. Every change to a user made
here is recorded in the audit log in the same transaction.
"""

from __future__ import annotations

import json

from buildingblocks.db import UnitOfWork
from buildingblocks.clock import utcnow
from buildingblocks.messaging import Event
from buildingblocks.replica import REPLICA_HANDLERS, get_unit
from buildingblocks.vocabulary import HOME_UNIT_KINDS
from sqlalchemy import select

from gateway.adapters.orm import AuditEntry, User
from gateway.domain.users import roles_for_post

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


def _follow_post(uow: UnitOfWork, event: Event, user: User) -> None:
    """Unit and roles of a linked user recomputed from the staff record the event carries."""
    data = event.data
    new_board = board_of(uow, data["unit"])
    moved = user.unit != new_board
    old_roles = sorted(user.roles or [])
    new_roles = roles_for_post(old_roles, data.get("position_rank"), moved)
    changes: dict = {}
    if moved:
        changes["unit"] = {"from": user.unit, "to": new_board}
        user.unit = new_board
    if new_roles != old_roles:
        changes["roles"] = {"from": old_roles, "to": new_roles}
        user.roles = new_roles
    if changes:
        user.updated_at = utcnow()
        _audit(uow, event, user, changes)


def on_staff_event(uow: UnitOfWork, event: Event) -> None:
    """Every staff event (hired, changed, transferred, left) recomputes the linked users' unit
    and roles from the record it carries, whether or not the unit changed; a leaver is locked out."""
    REPLICA_HANDLERS[event.type](uow, event)
    if event.type == "hr.staff.left" or event.data.get("status") == "left":
        _deactivate(uow, event)
        return
    for user in _users_of_staff(uow, event.data.get("id")):
        if user.active:
            _follow_post(uow, event, user)


def _deactivate(uow: UnitOfWork, event: Event) -> None:
    for user in _users_of_staff(uow, event.data.get("id")):
        if not user.active:
            continue
        user.active = False
        user.token_version = (user.token_version or 0) + 1
        user.updated_at = utcnow()
        _audit(uow, event, user, {"active": {"from": True, "to": False}})


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
    "hr.staff.hired": on_staff_event,
    "hr.staff.changed": on_staff_event,
    "hr.staff.transferred": on_staff_event,
    "hr.staff.left": on_staff_event,
    "hr.unit.dissolved": on_unit_dissolved,
}
