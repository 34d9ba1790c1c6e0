"""Use cases on staff: hire, change, transfer (appointments), leave; read now or as of a date."""
from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from buildingblocks.errors import BadRequest, Conflict, NotFound, Unprocessable
from buildingblocks.identity import Principal
from buildingblocks.pagination import decode_cursor, encode_cursor, paginate
from buildingblocks.search import matches

from ..adapters import repository as repo
from ..adapters.orm import Appointment, PositionVersion, StaffRecord
from ..config import SERVICE
from ..domain import operations as ops
from ..domain.model import Placement, Structure
from .common import change_structure, effective_or_today, require_writer, scoped_unit
from .events import staff_data
from .writer import Stamp

PERSONAL_FIELDS = ("full_name", "title_rank", "licence_class", "licence_expiry")


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


def list_staff(uow, principal: Principal, *, unit: str | None = None, as_of: dt.date | None = None,
               position_id: int | None = None, status: str | None = None, title_rank: str | None = None,
               is_driver: bool | None = None, q: str | None = None, limit: int = 50, cursor: str | None = None):
    """Staff of the caller's board (or of every board for HR's scope), now or on `as_of`.
    `?unit=` may name a board or a department inside it; `q` words of the full name."""
    session = uow.session
    structure = repo.load_structure(session, as_of)
    unit = scoped_unit(principal, unit, structure)
    if as_of is not None:
        return _list_staff_as_of(session, structure, unit=unit, position_id=position_id, status=status,
                                 title_rank=title_rank, is_driver=is_driver, q=q, limit=limit, cursor=cursor)
    stmt = select(StaffRecord).where(matches(StaffRecord.search_text, q))
    if unit is not None:
        if unit in structure.units and structure.units[unit].kind == "department":
            stmt = stmt.where(StaffRecord.position_id.in_(_position_ids(structure, unit)))
        else:
            stmt = stmt.where(StaffRecord.unit == unit)
    if position_id is not None:
        stmt = stmt.where(StaffRecord.position_id == position_id)
    if status:
        stmt = stmt.where(StaffRecord.status == status)
    if title_rank:
        stmt = stmt.where(StaffRecord.title_rank == title_rank)
    if is_driver is not None:
        drivers = _position_ids(structure, is_driver=True)
        stmt = stmt.where(StaffRecord.position_id.in_(drivers) if is_driver
                          else (StaffRecord.position_id.is_(None)) | (StaffRecord.position_id.not_in(drivers)))
    rows, next_cursor = paginate(session, stmt, StaffRecord.id, limit, cursor)
    return [staff_view(row, structure) for row in rows], next_cursor


def _list_staff_as_of(session, structure: Structure, *, unit, position_id, status, title_rank, is_driver, q,
                      limit, cursor):
    after = decode_cursor(cursor) if cursor else None
    if after is not None and not isinstance(after, int):
        raise BadRequest("malformed cursor", errors={"cursor": ["not a cursor this service issued"]})
    inside = None
    if unit is not None and unit in structure.units and structure.units[unit].kind == "department":
        inside = _position_ids(structure, unit)
    drivers = _position_ids(structure, is_driver=True)
    chosen = []
    for sid in sorted(structure.placements):
        placement = structure.placements[sid]
        if after is not None and sid <= after:
            continue
        if unit is not None and (placement.position_id not in inside if inside is not None else placement.unit != unit):
            continue
        if position_id is not None and placement.position_id != position_id:
            continue
        if is_driver is not None and (placement.position_id in drivers) != is_driver:
            continue
        chosen.append(placement)
    rows = {r.id: r for r in session.scalars(select(StaffRecord).where(
        StaffRecord.id.in_([p.staff_id for p in chosen]), matches(StaffRecord.search_text, q)))}
    views = [staff_view(rows[p.staff_id], structure, p) for p in chosen if p.staff_id in rows]
    views = [v for v in views if (not status or v["status"] == status) and (not title_rank or v["title_rank"] == title_rank)]
    next_cursor = encode_cursor(views[limit - 1]["id"]) if len(views) > limit else None
    return views[:limit], next_cursor


def get_staff(uow, principal: Principal, staff_id: int, as_of: dt.date | None = None) -> dict:
    """One staff record (404 for another board's, unless the caller has HR scope)."""
    session = uow.session
    row = session.get(StaffRecord, staff_id)
    if row is None:
        raise NotFound(f"staff member {staff_id} not found")
    structure = repo.load_structure(session, as_of)
    if as_of is None:
        principal.ensure_can_see(row.unit, SERVICE, "staff member")
        return staff_view(row, structure)
    placement = structure.placements.get(staff_id)
    if placement is None:
        principal.ensure_can_see(row.unit, SERVICE, "staff member")
        raise NotFound(f"staff member {staff_id} was not employed on {as_of}")
    principal.ensure_can_see(placement.unit, SERVICE, "staff member")
    return staff_view(row, structure, placement)


def hire(uow, principal: Principal, data: dict) -> dict:
    """Record a new staff member in a position (or a board without one yet); the quota and the
    deputy limits decide (409 naming the rule)."""
    require_writer(principal)
    effective = effective_or_today(data.get("hired_on"), "hired_on")
    if data.get("status") == "left":
        raise Unprocessable("a new staff member cannot have left", errors={"status": ["active or on_leave"]})
    session = uow.session
    repo.lock_structure(session)
    staff_id = data.get("id")
    if staff_id is not None and session.get(StaffRecord, staff_id) is not None:
        raise Conflict(f"staff id {staff_id} is already used", rule="staff_id_used", id=staff_id)
    staff_id = staff_id if staff_id is not None else repo.next_staff_id(session)
    position_id, unit = data.get("position_id"), data.get("unit")

    def place(s: Structure) -> Placement:
        placement = ops.place_staff(s, staff_id, position_id, unit)
        # The row must exist before its first appointment is written.
        session.add(StaffRecord(
            id=staff_id, full_name=data["full_name"], unit=placement.unit, position_id=placement.position_id,
            title_rank=data.get("title_rank"), licence_class=data.get("licence_class"),
            licence_expiry=data.get("licence_expiry"), status=data.get("status") or "active", hired_on=effective))
        session.flush()
        return placement

    after = change_structure(uow, principal, place, Stamp(effective, principal.username, "hired")).after
    view = staff_view(session.get(StaffRecord, staff_id), after)
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
    repo.lock_structure(uow.session)
    row = uow.session.get(StaffRecord, staff_id)
    if row is None:
        raise Unprocessable(f"unknown staff member {staff_id}", errors={"staff_id": ["unknown staff member"]})
    if row.status != "left" and row.position_id == data.get("position_id") and data.get("unit") in (None, row.unit):
        raise Conflict(f"staff member {staff_id} already holds position {row.position_id}",
                       rule="already_appointed", id=staff_id, position_id=row.position_id)
    change = {k: data[k] for k in ("position_id", "unit", "effective_date") if data.get(k) is not None}
    change.setdefault("position_id", None)
    _change_staff(uow, principal, staff_id, change)
    view = appointment_view(uow.session, repo.open_appointment(uow.session, staff_id))
    uow.commit()
    return view


def _change_staff(uow, principal: Principal, staff_id: int, data: dict) -> tuple[StaffRecord, Structure]:
    require_writer(principal)
    session = uow.session
    repo.lock_structure(session)
    row = session.get(StaffRecord, staff_id)
    if row is None:
        raise NotFound(f"staff member {staff_id} not found")
    if row.status == "left":
        raise Conflict(f"staff member {staff_id} has left; their record is closed", rule="staff_left", id=staff_id)
    known = set(PERSONAL_FIELDS) | {"unit", "position_id", "status"}
    if not known & set(data):
        raise Unprocessable("nothing to change", errors={"_schema": [f"give one of {', '.join(sorted(known))}"]})
    effective = effective_or_today(data.get("effective_date"))
    personal = {k: data[k] for k in PERSONAL_FIELDS if k in data and data[k] != getattr(row, k)}
    leaving = data.get("status") == "left"
    status_change = "status" in data and data["status"] != row.status and not leaving
    moving = not leaving and (("position_id" in data and data["position_id"] != row.position_id)
                              or ("unit" in data and data["unit"] != row.unit))
    for key, value in personal.items():
        setattr(row, key, value)
    if status_change:
        row.status = data["status"]
    stamp_reason, change = None, None
    if leaving:
        row.status, row.left_on = "left", effective
        stamp_reason, change = "left", (lambda s: ops.remove_staff(s, staff_id))
    elif moving:
        unit = data.get("unit")
        if "position_id" in data:
            position_id = data["position_id"]
            if position_id is None and unit is None:
                unit = row.unit  # relieved of the post, they stay in their board
        else:
            # A new board without a new position: the post goes along only if it is in that board.
            position_id = _post_in(session, row.position_id, unit)
        stamp_reason, change = "transferred", (lambda s: ops.place_staff(s, staff_id, position_id, unit))
    published: set[int] = set()
    if change is not None:
        written = change_structure(uow, principal, change, Stamp(effective, principal.username, stamp_reason))
        after, published = written.after, written.published
    else:
        after = repo.load_structure(session)
    if staff_id not in published and (personal or status_change):
        uow.publish("hr.staff.changed", staff_data(row, after), unit=row.unit)
    session.flush()
    return row, after


def _post_in(session, position_id: int | None, unit: str) -> int | None:
    if position_id is None:
        return None
    structure = repo.load_structure(session)
    position = structure.positions.get(position_id)
    if position is None or unit not in structure.units:
        return None
    return position_id if structure.agency_of(position.unit) == structure.agency_of(unit) else None


def list_appointments(uow, principal: Principal, *, staff_id: int | None = None, position_id: int | None = None,
                      unit: str | None = None, as_of: dt.date | None = None, limit: int = 50,
                      cursor: str | None = None):
    """Who held which position when: appointments, oldest first, narrowed to the caller's board."""
    session = uow.session
    structure = repo.load_structure(session)
    unit = scoped_unit(principal, unit, structure)
    stmt = select(Appointment)
    if unit is not None:
        if unit in structure.units and structure.units[unit].kind == "department":
            stmt = stmt.where(Appointment.position_id.in_(_position_ids(structure, unit)))
        else:
            stmt = stmt.where(Appointment.unit == unit)
    if staff_id is not None:
        stmt = stmt.where(Appointment.staff_id == staff_id)
    if position_id is not None:
        stmt = stmt.where(Appointment.position_id == position_id)
    if as_of is not None:
        stmt = stmt.where(Appointment.start_date <= as_of,
                          (Appointment.end_date.is_(None)) | (Appointment.end_date > as_of))
    rows, next_cursor = paginate(session, stmt, Appointment.id, limit, cursor)
    return [appointment_view(session, a) for a in rows], next_cursor


def appointment_view(session, a: Appointment) -> dict:
    staff = session.get(StaffRecord, a.staff_id)
    title = None
    if a.position_id is not None:
        # The position's title when the appointment started (titles change with versions).
        version = session.scalar(select(PositionVersion).where(
            PositionVersion.position_id == a.position_id, PositionVersion.valid_from <= a.start_date)
            .order_by(PositionVersion.valid_from.desc()).limit(1)) or session.scalar(
            select(PositionVersion).where(PositionVersion.position_id == a.position_id)
            .order_by(PositionVersion.valid_from).limit(1))
        title = version.title if version else None
    return {"id": a.id, "staff_id": a.staff_id, "full_name": staff.full_name if staff else None,
            "position_id": a.position_id, "position_title": title, "unit": a.unit, "start_date": a.start_date,
            "end_date": a.end_date, "reason": a.reason, "restructuring_id": a.restructuring_id,
            "recorded_by": a.recorded_by}
