"""Writing a change: the difference between two structures becomes dated versions, appointments
and events, in the caller's transaction.

Events go out in an order consumers can follow one by one: new units, changed units, new and
changed positions, then staff (hired, transferred, changed, left), then removed positions and
dissolved units last, when nothing points at them any more.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy.orm import Session

from ..adapters import repository as repo
from ..adapters.orm import Appointment, PositionRecord, PositionVersion, StaffRecord, UnitRecord, UnitVersion
from ..domain.model import Structure
from .events import dissolved_data, position_data, staff_data, unit_data


@dataclass(frozen=True)
class Stamp:
    """Who records a change, on which date it takes effect, and why."""

    effective: dt.date
    actor: str
    reason: str
    restructuring_id: int | None = None


def record_change(uow, before: Structure, after: Structure, stamp: Stamp) -> set[int]:
    """Write what differs between `before` and `after`; returns the staff ids an event was published for."""
    session: Session = uow.session
    who = {"recorded_by": stamp.actor, "restructuring_id": stamp.restructuring_id}
    created_units = [c for c in after.tree_order() if c not in before.units]
    for code in created_units:
        unit = after.units[code]
        if session.get(UnitRecord, code) is None:
            session.add(UnitRecord(code=code))
            session.flush()
        version = UnitVersion(code=code, name=unit.name, kind=unit.kind, parent_code=unit.parent_code,
                              valid_from=stamp.effective, valid_to=None, **who)
        session.add(version)
        session.flush()
        uow.publish("hr.unit.created", unit_data(version), unit=after.agency_of(code))
    for code in after.tree_order():
        if code in before.units and before.units[code] != after.units[code]:
            unit = after.units[code]
            version = repo.new_version(session, repo.current_unit_version(session, code), stamp.effective,
                                       f"unit {code}", name=unit.name, kind=unit.kind,
                                       parent_code=unit.parent_code, **who)
            uow.publish("hr.unit.changed", unit_data(version), unit=after.agency_of(code))

    for pid in sorted(after.positions):
        position = after.positions[pid]
        if pid not in before.positions:
            if session.get(PositionRecord, pid) is None:
                session.add(PositionRecord(id=pid))
                session.flush()
            session.add(PositionVersion(position_id=pid, unit=position.unit, title=position.title,
                                        rank=position.rank, family=position.family, quota=position.quota,
                                        is_driver=position.is_driver, valid_from=stamp.effective, **who))
            session.flush()
            uow.publish("hr.position.created", position_data(position), unit=after.agency_of(position.unit))
        elif before.positions[pid] != position:
            repo.new_version(session, repo.current_position_version(session, pid), stamp.effective,
                             f"position {pid}", unit=position.unit, title=position.title, rank=position.rank,
                             family=position.family, quota=position.quota, is_driver=position.is_driver, **who)
            uow.publish("hr.position.changed", position_data(position), unit=after.agency_of(position.unit))

    # dissolutions go out before the staff moves: a consumer that follows a merge (assets moving
    # a board's equipment with its holders, fleet its bookings) sees the board merged first, so a
    # holder moving to the successor with their board keeps what they hold
    for code in before.tree_order():
        if code in after.units:
            continue
        version = repo.current_unit_version(session, code)
        repo.close_version(version, stamp.effective, f"unit {code}")
        successor = after.dissolved.get(code)
        version.successor_code = successor
        uow.publish("hr.unit.dissolved", dissolved_data(code, successor, stamp.effective),
                    unit=before.agency_of(code))
    published = _record_staff(uow, before, after, stamp)

    for pid in sorted(set(before.positions) - set(after.positions)):
        position = before.positions[pid]
        repo.close_version(repo.current_position_version(session, pid), stamp.effective, f"position {pid}")
        session.get(PositionRecord, pid).removed_on = stamp.effective
        uow.publish("hr.position.removed", position_data(position), unit=before.agency_of(position.unit))
    session.flush()
    return published


def _record_staff(uow, before: Structure, after: Structure, stamp: Stamp) -> set[int]:
    session: Session = uow.session
    published: set[int] = set()
    for sid in sorted(set(before.placements) | set(after.placements)):
        old, new = before.placements.get(sid), after.placements.get(sid)
        row = session.get(StaffRecord, sid)
        if old is not None and new is not None and (old.unit, old.position_id) == (new.unit, new.position_id):
            pid = new.position_id
            if pid is not None and _as_held(before, pid) != _as_held(after, pid):
                uow.publish("hr.staff.changed", staff_data(row, after), unit=new.unit)
                published.add(sid)
            continue
        if old is not None:
            current = repo.open_appointment(session, sid)
            if current is not None:
                if stamp.effective < current.start_date:
                    raise repo.OutOfOrder(
                        f"staff member {sid} holds their current post since {current.start_date}; a change "
                        f"cannot be dated {stamp.effective}, before it", current.start_date)
                current.end_date = stamp.effective
        if new is None:
            row.position_id = None
            session.flush()
            uow.publish("hr.staff.left", staff_data(row, after), unit=old.unit)
        else:
            row.unit, row.position_id = new.unit, new.position_id
            session.add(Appointment(staff_id=sid, position_id=new.position_id, unit=new.unit,
                                    start_date=stamp.effective, reason=stamp.reason,
                                    recorded_by=stamp.actor, restructuring_id=stamp.restructuring_id))
            session.flush()
            if old is None:
                uow.publish("hr.staff.hired", staff_data(row, after), unit=new.unit)
            else:
                uow.publish("hr.staff.transferred", staff_data(row, after, previous_unit=old.unit), unit=new.unit)
        published.add(sid)
    return published


def _as_held(s: Structure, position_id: int) -> tuple | None:
    """What a holder's own record says about their position (the quota is not part of it)."""
    p = s.positions.get(position_id)
    return None if p is None else (p.title, p.rank, p.family, p.is_driver)
