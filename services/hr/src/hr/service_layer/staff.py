"""Use cases on staff: hire, change, transfer (appointments), leave; read now or as of a date."""
from __future__ import annotations

import datetime as dt

from buildingblocks.errors import Invalid, NotFound, RuleBroken
from buildingblocks.identity import Principal
from buildingblocks.pagination import encode_cursor, read_cursor

from ..adapters.orm import Appointment, StaffRecord
from ..config import SERVICE
from ..domain import operations as ops
from ..domain import staff as rules
from ..domain.access import require_writer, scoped_unit
from ..domain.model import Placement, Structure
from .common import change_structure, effective
from .events import staff_data
from .writer import Stamp


def staff_view(row: StaffRecord, structure: Structure, placement: Placement | None = None) -> dict:
    """A staff record as the API shows it; with `placement`, where they were on a past date."""
    unit = placement.unit if placement else row.unit
    position_id = placement.position_id if placement else row.position_id
    position = structure.positions.get(position_id) if position_id is not None else None
    status = row.status
    if placement is not None and status == "left":
        status = "active"  # they had not left yet on that date
    return {
        "id": row.id, "full_name": row.full_name, "unit": unit, "position_id": position_id,
        "position_title": position.title if position else None,
        "position_unit": position.unit if position else None,
        "is_driver": bool(position and position.is_driver),
        "title_rank": row.title_rank, "licence_class": row.licence_class, "licence_expiry": row.licence_expiry,
        "status": status, "hired_on": row.hired_on, "left_on": row.left_on,
    }


def _position_ids(structure: Structure, unit: str | None = None, is_driver: bool | None = None) -> set[int]:
    codes = set(structure.subtree(unit)) if unit is not None else None
    return {p.id for p in structure.positions.values()
            if (codes is None or p.unit in codes) and (is_driver is None or p.is_driver == is_driver)}


def _department(structure: Structure, unit: str | None) -> bool:
    return unit is not None and unit in structure.units and structure.units[unit].kind == "department"


def list_staff(uow, principal: Principal, *, unit: str | None = None, as_of: dt.date | None = None,
               position_id: int | None = None, status: str | None = None, title_rank: str | None = None,
               is_driver: bool | None = None, q: str | None = None, limit: int = 50, cursor: str | None = None):
    """Staff of the caller's board (or of every board for HR's scope), now or on `as_of`.
    `?unit=` may name a board or a department inside it; `q` words of the full name."""
    structure = uow.structure.load(as_of)
    unit = scoped_unit(principal, unit, structure)
    filters = dict(position_id=position_id, status=status, title_rank=title_rank, q=q, limit=limit, cursor=cursor)
    if as_of is not None:
        return _list_staff_as_of(uow, structure, unit=unit, is_driver=is_driver, **filters)
    where = {"position_ids": _position_ids(structure, unit)} if _department(structure, unit) else {"board": unit}
    if is_driver is not None:
        drivers = _position_ids(structure, is_driver=True)
        where["position_ids" if is_driver else "without_position_ids"] = (
            drivers & where["position_ids"] if is_driver and "position_ids" in where else drivers)
    rows, next_cursor = uow.staff.page(**where, **filters)
    return [staff_view(row, structure) for row in rows], next_cursor


def _list_staff_as_of(uow, structure: Structure, *, unit, position_id, status, title_rank, is_driver, q,
                      limit, cursor):
    after = read_cursor(cursor, int)[0] if cursor else None
    inside = _position_ids(structure, unit) if _department(structure, unit) else None
    drivers = _position_ids(structure, is_driver=True)
    chosen = [p for sid, p in sorted(structure.placements.items())
              if (after is None or sid > after)
              and (unit is None or (p.position_id in inside if inside is not None else p.unit == unit))
              and (position_id is None or p.position_id == position_id)
              and (is_driver is None or (p.position_id in drivers) == is_driver)]
    rows = uow.staff.by_ids([p.staff_id for p in chosen], q)
    views = [staff_view(rows[p.staff_id], structure, p) for p in chosen if p.staff_id in rows]
    views = [v for v in views if (not status or v["status"] == status) and (not title_rank or v["title_rank"] == title_rank)]
    next_cursor = encode_cursor([views[limit - 1]["id"]]) if len(views) > limit else None
    return views[:limit], next_cursor


def get_staff(uow, principal: Principal, staff_id: int, as_of: dt.date | None = None) -> dict:
    """One staff record (404 for another board's, unless the caller has HR scope)."""
    row = uow.staff.get(staff_id)
    if row is None:
        raise NotFound(f"staff member {staff_id} not found")
    structure = uow.structure.load(as_of)
    placement = structure.placements.get(staff_id) if as_of is not None else None
    principal.ensure_can_see(placement.unit if placement else row.unit, SERVICE, "staff member")
    if as_of is not None and placement is None:
        raise NotFound(f"staff member {staff_id} was not employed on {as_of}")
    return staff_view(row, structure, placement)


def hire(uow, principal: Principal, data: dict) -> dict:
    """Record a new staff member in a position (or a board without one yet); the quota and the
    deputy limits decide (409 naming the rule)."""
    require_writer(principal)
    day = effective(data.get("hired_on"), "hired_on")
    rules.ensure_hireable(data)
    uow.structure.lock()
    staff_id = data.get("id")
    if staff_id is not None and uow.staff.get(staff_id) is not None:
        raise RuleBroken(f"staff id {staff_id} is already used", rule="staff_id_used", id=staff_id)
    staff_id = staff_id if staff_id is not None else uow.staff.next_id()

    def place(s: Structure) -> Placement:
        placement = ops.place_staff(s, staff_id, data.get("position_id"), data.get("unit"))
        # The row must exist before its first appointment is written.
        uow.staff.add(StaffRecord(
            id=staff_id, full_name=data["full_name"], unit=placement.unit, position_id=placement.position_id,
            title_rank=data.get("title_rank"), licence_class=data.get("licence_class"),
            licence_expiry=data.get("licence_expiry"), status=data.get("status") or "active", hired_on=day))
        return placement

    after = change_structure(uow, principal, place, Stamp(day, principal.username, "hired")).after
    view = staff_view(uow.staff.get(staff_id), after)
    uow.commit()
    return view


def change_staff(uow, principal: Principal, staff_id: int, data: dict) -> dict:
    """Change a record. A new unit or position is a transfer (an appointment from `effective_date`,
    checked against the rules); status "left" ends the appointment."""
    row, after = _change_staff(uow, principal, staff_id, data)
    view = staff_view(row, after)
    uow.commit()
    return view


def appoint(uow, principal: Principal, data: dict) -> dict:
    """POST /appointments: appoint a staff member to a position (or to none, in their board)
    from `effective_date`; the same rules as a transfer."""
    require_writer(principal)
    staff_id = data["staff_id"]
    uow.structure.lock()
    row = uow.staff.get(staff_id)
    if row is None:
        raise Invalid(f"unknown staff member {staff_id}", errors={"staff_id": ["unknown staff member"]})
    rules.ensure_new_appointment(row, data.get("position_id"), data.get("unit"))
    change = {k: data[k] for k in ("position_id", "unit", "effective_date") if data.get(k) is not None}
    change.setdefault("position_id", None)
    _change_staff(uow, principal, staff_id, change)
    view = appointment_views(uow, [uow.appointments.open_for(staff_id)])[0]
    uow.commit()
    return view


def _change_staff(uow, principal: Principal, staff_id: int, data: dict) -> tuple[StaffRecord, Structure]:
    """Load, sort the change out (domain), change the record, move them through the structure
    (rules checked, events published), and publish a personal change not published yet."""
    require_writer(principal)
    uow.structure.lock()
    row = uow.staff.get(staff_id)
    if row is None:
        raise NotFound(f"staff member {staff_id} not found")
    rules.ensure_open(row)
    change = rules.sort_out(row, data)
    day = effective(data.get("effective_date"))
    for key, value in change.personal.items():
        setattr(row, key, value)
    if change.new_status:
        row.status = change.new_status
    if change.leaving:
        row.status, row.left_on = "left", day
        written = change_structure(uow, principal, lambda s: ops.remove_staff(s, staff_id),
                                   Stamp(day, principal.username, "left"))
    elif change.moving:
        written = _move(uow, principal, row, change, day)
    else:
        written = None
    after = written.after if written else uow.structure.load()
    if staff_id not in (written.published if written else ()) and (change.personal or change.new_status):
        uow.publish("hr.staff.changed", staff_data(row, after), unit=row.unit)
    return row, after


def _move(uow, principal: Principal, row: StaffRecord, change: rules.StaffChange, day: dt.date):
    def place(s: Structure) -> Placement:
        position_id = change.position_id
        if change.position_follows:
            position_id = _post_in(s, row.position_id, change.unit)
        return ops.place_staff(s, row.id, position_id, change.unit)

    return change_structure(uow, principal, place, Stamp(day, principal.username, "transferred"))


def _post_in(structure: Structure, position_id: int | None, unit: str) -> int | None:
    """A new board without a new position: the post goes along only if it is in that board."""
    if position_id is None:
        return None
    position = structure.positions.get(position_id)
    if position is None or unit not in structure.units:
        return None
    return position_id if structure.agency_of(position.unit) == structure.agency_of(unit) else None


def list_appointments(uow, principal: Principal, *, staff_id: int | None = None, position_id: int | None = None,
                      unit: str | None = None, as_of: dt.date | None = None, limit: int = 50,
                      cursor: str | None = None):
    """Who held which position when: appointments, oldest first, narrowed to the caller's board."""
    structure = uow.structure.load()
    unit = scoped_unit(principal, unit, structure)
    where = {"position_ids": _position_ids(structure, unit)} if _department(structure, unit) else {"board": unit}
    rows, next_cursor = uow.appointments.page(**where, staff_id=staff_id, position_id=position_id, as_of=as_of,
                                              limit=limit, cursor=cursor)
    return appointment_views(uow, rows), next_cursor


def appointment_views(uow, rows: list[Appointment]) -> list[dict]:
    """Appointments as the API shows them, with the staff member's name and the position's title
    when the appointment started (titles change with versions): two queries for the whole page."""
    names = uow.staff.names({a.staff_id for a in rows}) if rows else {}
    dated = {(a.position_id, a.start_date) for a in rows if a.position_id is not None}
    titles = uow.positions.titles_on(dated) if dated else {}
    return [{"id": a.id, "staff_id": a.staff_id, "full_name": names.get(a.staff_id),
             "position_id": a.position_id, "position_title": titles.get((a.position_id, a.start_date)),
             "unit": a.unit, "start_date": a.start_date, "end_date": a.end_date, "reason": a.reason,
             "restructuring_id": a.restructuring_id, "recorded_by": a.recorded_by} for a in rows]
