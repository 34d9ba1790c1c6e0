"""Writing a change: the difference between two structures becomes dated versions, appointments
and events, in the caller's transaction.

Events go out in an order consumers can follow one by one: new units, changed units, new and
changed positions, then dissolved units (before the staff moves: a consumer that follows a merge,
such as assets moving a board's equipment with its holders or fleet its bookings, sees the board
merged first, so a holder moving to the successor with their board keeps what they hold), then
staff (hired, transferred, changed, left), and removed positions last, when nobody holds them.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ..domain.access import ensure_in_order
from ..domain.model import Structure
from .events import dissolved_data, position_data, staff_data, unit_data


@dataclass(frozen=True)
class Stamp:
    """Who records a change, on which date it takes effect, and why."""

    effective: dt.date
    actor: str
    reason: str
    restructuring_id: int | None = None

    @property
    def recorded(self) -> dict:
        return {"recorded_by": self.actor, "restructuring_id": self.restructuring_id}


def record_change(uow, before: Structure, after: Structure, stamp: Stamp) -> set[int]:
    """Write what differs between `before` and `after`; returns the staff ids an event was published for."""
    _record_units(uow, before, after, stamp)
    _record_positions(uow, before, after, stamp)
    _record_dissolutions(uow, before, after, stamp)
    published = _record_staff(uow, before, after, stamp)
    for pid in sorted(set(before.positions) - set(after.positions)):
        position = before.positions[pid]
        uow.positions.close(uow.positions.current(pid), stamp.effective, f"position {pid}")
        uow.positions.mark_removed(pid, stamp.effective)
        uow.publish("hr.position.removed", position_data(position), unit=before.agency_of(position.unit))
    return published


def _record_units(uow, before: Structure, after: Structure, stamp: Stamp) -> None:
    """New units first (parents before children), then the changed ones."""
    def values(code: str) -> dict:
        unit = after.units[code]
        return {"name": unit.name, "kind": unit.kind, "parent_code": unit.parent_code, **stamp.recorded}

    for code in [c for c in after.tree_order() if c not in before.units]:
        uow.units.add_record(code)
        version = uow.units.add_version(code=code, valid_from=stamp.effective, valid_to=None, **values(code))
        uow.publish("hr.unit.created", unit_data(version), unit=after.agency_of(code))
    for code in [c for c in after.tree_order() if c in before.units and before.units[c] != after.units[c]]:
        version = uow.units.new_version(uow.units.current(code), stamp.effective, f"unit {code}", **values(code))
        uow.publish("hr.unit.changed", unit_data(version), unit=after.agency_of(code))


def _record_positions(uow, before: Structure, after: Structure, stamp: Stamp) -> None:
    for pid in sorted(after.positions):
        position = after.positions[pid]
        values = {"unit": position.unit, "title": position.title, "rank": position.rank, "family": position.family,
                  "quota": position.quota, "is_driver": position.is_driver}
        if pid not in before.positions:
            uow.positions.add_record(pid)
            uow.positions.add_version(position_id=pid, valid_from=stamp.effective, **values, **stamp.recorded)
            uow.publish("hr.position.created", position_data(position), unit=after.agency_of(position.unit))
        elif before.positions[pid] != position:
            uow.positions.new_version(uow.positions.current(pid), stamp.effective, f"position {pid}", **values,
                                      **stamp.recorded)
            uow.publish("hr.position.changed", position_data(position), unit=after.agency_of(position.unit))


def _record_dissolutions(uow, before: Structure, after: Structure, stamp: Stamp) -> None:
    for code in before.tree_order():
        if code in after.units:
            continue
        version = uow.units.current(code)
        uow.units.close(version, stamp.effective, f"unit {code}")
        successor = after.dissolved.get(code)
        version.successor_code = successor
        uow.publish("hr.unit.dissolved", dissolved_data(code, successor, stamp.effective),
                    unit=before.agency_of(code))


def _record_staff(uow, before: Structure, after: Structure, stamp: Stamp) -> set[int]:
    published: set[int] = set()
    for sid in sorted(set(before.placements) | set(after.placements)):
        old, new = before.placements.get(sid), after.placements.get(sid)
        row = uow.staff.get(sid)
        if old is not None and new is not None and (old.unit, old.position_id) == (new.unit, new.position_id):
            pid = new.position_id
            if pid is not None and _as_held(before, pid) != _as_held(after, pid):
                uow.publish("hr.staff.changed", staff_data(row, after), unit=new.unit)
                published.add(sid)
            continue
        if old is not None:
            _end_appointment(uow, sid, stamp.effective)
        if new is None:
            row.position_id = None
            uow.publish("hr.staff.left", staff_data(row, after), unit=old.unit)
        else:
            row.unit, row.position_id = new.unit, new.position_id
            uow.appointments.add(staff_id=sid, position_id=new.position_id, unit=new.unit, start_date=stamp.effective,
                                 reason=stamp.reason, recorded_by=stamp.actor, restructuring_id=stamp.restructuring_id)
            if old is None:
                uow.publish("hr.staff.hired", staff_data(row, after), unit=new.unit)
            else:
                uow.publish("hr.staff.transferred", staff_data(row, after, previous_unit=old.unit), unit=new.unit)
        published.add(sid)
    return published


def _end_appointment(uow, staff_id: int, effective: dt.date) -> None:
    current = uow.appointments.open_for(staff_id)
    if current is not None:
        ensure_in_order(current.start_date, effective,
                        f"staff member {staff_id} holds their current post since {current.start_date}; a change "
                        f"cannot be dated {effective}, before it")
        current.end_date = effective


def _as_held(s: Structure, position_id: int) -> tuple | None:
    """What a holder's own record says about their position (the quota is not part of it)."""
    p = s.positions.get(position_id)
    return None if p is None else (p.title, p.rank, p.family, p.is_driver)

