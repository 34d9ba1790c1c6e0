"""Reading the structure from the database (now or as of a date) and writing dated versions."""
from __future__ import annotations

import datetime as dt

from sqlalchemy import and_, func, or_, select, text
from sqlalchemy.orm import Session

from ..domain.model import Placement, Position, Structure, Unit
from .orm import Appointment, PositionRecord, PositionVersion, StaffRecord, UnitVersion

# Every change to units, positions and appointments takes this lock first, so that two
# concurrent appointments to the last vacancy (or to the last deputy post of a unit, or the last
# of the Committee's deputy heads) are checked one after the other. HR writes are rare; one lock
# is simpler than locking each row a rule may read, and it cannot deadlock.
STRUCTURE_LOCK_KEY = 0x48525F5354  # "HR_ST"


class OutOfOrder(Exception):
    """A dated change would start before the version (or appointment) now in force."""

    def __init__(self, detail: str, current_from: dt.date):
        super().__init__(detail)
        self.detail = detail
        self.current_from = current_from


def lock_structure(session: Session) -> None:
    """Serialize structure changes (PostgreSQL; on SQLite every write transaction is already serial)."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": STRUCTURE_LOCK_KEY})


def _in_force(model, as_of: dt.date | None, start="valid_from", end="valid_to"):
    start_col, end_col = getattr(model, start), getattr(model, end)
    if as_of is None:
        return end_col.is_(None)
    return and_(start_col <= as_of, or_(end_col.is_(None), end_col > as_of))


def unit_versions(session: Session, as_of: dt.date | None = None) -> list[UnitVersion]:
    return list(session.scalars(select(UnitVersion).where(_in_force(UnitVersion, as_of))))


def position_versions(session: Session, as_of: dt.date | None = None) -> list[PositionVersion]:
    return list(session.scalars(select(PositionVersion).where(_in_force(PositionVersion, as_of))))


def appointments_in_force(session: Session, as_of: dt.date | None = None) -> list[Appointment]:
    return list(session.scalars(
        select(Appointment).where(_in_force(Appointment, as_of, "start_date", "end_date"))))


def load_structure(session: Session, as_of: dt.date | None = None) -> Structure:
    """The structure now (open versions) or as of a date."""
    units = {v.code: Unit(v.code, v.name, v.kind, v.parent_code) for v in unit_versions(session, as_of)}
    positions = {
        v.position_id: Position(v.position_id, v.unit, v.title, v.rank, v.family, v.quota, v.is_driver)
        for v in position_versions(session, as_of)
    }
    placements = {
        a.staff_id: Placement(a.staff_id, a.unit, a.position_id)
        for a in appointments_in_force(session, as_of)
    }
    return Structure(units, positions, placements)


def current_unit_version(session: Session, code: str) -> UnitVersion | None:
    return session.scalar(select(UnitVersion).where(UnitVersion.code == code, UnitVersion.valid_to.is_(None)))


def current_position_version(session: Session, position_id: int) -> PositionVersion | None:
    return session.scalar(select(PositionVersion).where(
        PositionVersion.position_id == position_id, PositionVersion.valid_to.is_(None)))


def open_appointment(session: Session, staff_id: int) -> Appointment | None:
    return session.scalar(select(Appointment).where(Appointment.staff_id == staff_id, Appointment.end_date.is_(None)))


def new_version(session: Session, current, effective: dt.date, what: str, **values):
    """Close `current` on `effective` and open a copy with `values` from that day.

    A change on the day the current version started replaces it (a version of no days would
    never be in force). A change dated before it is refused: history is not rewritten.
    """
    if effective < current.valid_from:
        raise OutOfOrder(f"{what} has a version from {current.valid_from}; a change cannot be dated "
                         f"{effective}, before it", current.valid_from)
    if effective == current.valid_from:
        for key, value in values.items():
            setattr(current, key, value)
        return current
    current.valid_to = effective
    columns = {c.key: getattr(current, c.key) for c in current.__table__.columns
               if c.key not in ("id", "valid_from", "valid_to", "recorded_at")}
    columns.update(values)
    fresh = type(current)(**columns, valid_from=effective, valid_to=None)
    session.add(fresh)
    session.flush()
    return fresh


def close_version(current, effective: dt.date, what: str) -> None:
    """End a version on `effective` (the first day it no longer applies)."""
    if effective < current.valid_from:
        raise OutOfOrder(f"{what} has a version from {current.valid_from}; it cannot end on {effective}",
                         current.valid_from)
    current.valid_to = effective


def next_id(session: Session, model) -> int:
    """The next free id (callers hold the structure lock, and some ids are given by the client)."""
    return (session.scalar(select(func.max(model.id))) or 0) + 1


def next_staff_id(session: Session) -> int:
    return next_id(session, StaffRecord)


def next_position_id(session: Session) -> int:
    return next_id(session, PositionRecord)
