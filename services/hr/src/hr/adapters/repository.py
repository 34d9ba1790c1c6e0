"""HR's SQL repositories: the unit of work exposes each as `uow.<name>` (see `repositories`).

Units and positions keep dated versions; the structure (units, positions and who holds them on
a date) is read in one go as a domain `Structure`. Queries that only SQL does well stay here:
the structure lock, versions in force on a date, keyset pages.
"""
from __future__ import annotations

import datetime as dt
from typing import Any, Callable

from sqlalchemy import and_, func, or_, select, text
from sqlalchemy.orm import Session

from buildingblocks.pagination import paginate
from buildingblocks.search import matches

from ..domain.access import ensure_in_order
from ..domain.model import Placement, Position, Structure, Unit
from .orm import (Appointment, PositionRecord, PositionVersion, Restructuring, RuleVersion, StaffRecord, UnitRecord,
                  UnitVersion)

# Every change to units, positions and appointments takes this lock first, so that two
# concurrent appointments to the last vacancy (or to the last deputy post of a unit, or the last
# of the Committee's deputy heads) are checked one after the other. HR writes are rare; one lock
# is simpler than locking each row a rule may read, and it cannot deadlock.
STRUCTURE_LOCK_KEY = 0x48525F5354  # "HR_ST"


def in_force(model, as_of: dt.date | None, start: str = "valid_from", end: str = "valid_to"):
    """Rows in force on `as_of` (half-open dates), or the open ones when None."""
    start_col, end_col = getattr(model, start), getattr(model, end)
    if as_of is None:
        return end_col.is_(None)
    return and_(start_col <= as_of, or_(end_col.is_(None), end_col > as_of))


def equal(stmt, *pairs):
    """`stmt` narrowed to `column == value` for each (column, value) pair whose value is given."""
    for column, value in pairs:
        if value is not None and value != "":
            stmt = stmt.where(column == value)
    return stmt


class _Repository:
    def __init__(self, session: Session):
        self.session = session

    def _next_id(self, model) -> int:
        """The next free id (callers hold the structure lock, and some ids are given by the client)."""
        return (self.session.scalar(select(func.max(model.id))) or 0) + 1

    def _add(self, row):
        self.session.add(row)
        self.session.flush()
        return row


def new_version(current, effective: dt.date, what: str, add: Callable[[Any], Any], **values):
    """Close `current` on `effective` and open a copy with `values` from that day (`add` stores it).

    A change on the day the current version started replaces it (a version of no days would
    never be in force). A change dated before it is refused: history is not rewritten.
    """
    ensure_in_order(current.valid_from, effective, f"{what} has a version from {current.valid_from}; a change "
                                                   f"cannot be dated {effective}, before it")
    if effective == current.valid_from:
        for key, value in values.items():
            setattr(current, key, value)
        return current
    current.valid_to = effective
    columns = {c.key: getattr(current, c.key) for c in current.__table__.columns
               if c.key not in ("id", "valid_from", "valid_to", "recorded_at")}
    columns.update(values)
    return add(type(current)(**columns, valid_from=effective, valid_to=None))


def close_version(current, effective: dt.date, what: str) -> None:
    """End a version on `effective` (the first day it no longer applies)."""
    ensure_in_order(current.valid_from, effective,
                    f"{what} has a version from {current.valid_from}; it cannot end on {effective}")
    current.valid_to = effective


class _Versions(_Repository):
    """Dated versions of one kind of record."""

    def new_version(self, current, effective: dt.date, what: str, **values):
        return new_version(current, effective, what, self._add, **values)

    close = staticmethod(close_version)


class StructureRepository(_Repository):
    """The whole structure on a date, and the lock every change to it takes."""

    def lock(self) -> None:
        """Serialize structure changes (PostgreSQL; on SQLite every write transaction is already serial)."""
        if self.session.get_bind().dialect.name == "postgresql":
            self.session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": STRUCTURE_LOCK_KEY})

    def load(self, as_of: dt.date | None = None) -> Structure:
        """The structure now (open versions) or as of a date."""
        # rows of the columns used, not ORM objects: every read of HR loads this (a placement per
        # person employed on the date)
        session = self.session
        units = {row[0]: Unit(*row) for row in session.execute(
            select(UnitVersion.code, UnitVersion.name, UnitVersion.kind, UnitVersion.parent_code)
            .where(in_force(UnitVersion, as_of)))}
        positions = {row[0]: Position(*row) for row in session.execute(
            select(PositionVersion.position_id, PositionVersion.unit, PositionVersion.title, PositionVersion.rank,
                   PositionVersion.family, PositionVersion.quota, PositionVersion.is_driver)
            .where(in_force(PositionVersion, as_of)))}
        placements = {row[0]: Placement(*row) for row in session.execute(
            select(Appointment.staff_id, Appointment.unit, Appointment.position_id)
            .where(in_force(Appointment, as_of, "start_date", "end_date")))}
        return Structure(units, positions, placements)


class UnitRepository(_Versions):
    def exists(self, code: str) -> bool:
        return self.session.get(UnitRecord, code) is not None

    def add_record(self, code: str) -> None:
        if not self.exists(code):
            self._add(UnitRecord(code=code))

    def add_version(self, **values) -> UnitVersion:
        return self._add(UnitVersion(**values))

    def current(self, code: str) -> UnitVersion | None:
        return self.session.scalar(select(UnitVersion).where(UnitVersion.code == code, UnitVersion.valid_to.is_(None)))

    def at(self, code: str, as_of: dt.date) -> UnitVersion | None:
        return self.session.scalar(select(UnitVersion).where(UnitVersion.code == code, in_force(UnitVersion, as_of)))

    def last(self, code: str) -> UnitVersion | None:
        return self.session.scalar(select(UnitVersion).where(UnitVersion.code == code)
                                   .order_by(UnitVersion.valid_from.desc(), UnitVersion.id.desc()).limit(1))

    def earliest(self) -> dt.date | None:
        """The first day of the oldest unit version: where HR's history starts."""
        return self.session.scalar(select(func.min(UnitVersion.valid_from)))

    def history(self, code: str) -> list[UnitVersion]:
        return list(self.session.scalars(select(UnitVersion).where(UnitVersion.code == code)
                                         .order_by(UnitVersion.valid_from, UnitVersion.id)))

    def page(self, *, as_of: dt.date | None, kind: str | None, parent_code: str | None, q: str | None,
             limit: int, cursor: str | None) -> tuple[list[UnitVersion], str | None]:
        stmt = equal(select(UnitVersion).where(in_force(UnitVersion, as_of), matches(UnitVersion.search_text, q)),
                     (UnitVersion.kind, kind), (UnitVersion.parent_code, parent_code))
        return paginate(self.session, stmt, UnitVersion.code, limit, cursor)


class PositionRepository(_Versions):
    def exists(self, position_id: int) -> bool:
        return self.session.get(PositionRecord, position_id) is not None

    def next_id(self) -> int:
        return self._next_id(PositionRecord)

    def add_record(self, position_id: int) -> None:
        if not self.exists(position_id):
            self._add(PositionRecord(id=position_id))

    def mark_removed(self, position_id: int, on: dt.date) -> None:
        self.session.get(PositionRecord, position_id).removed_on = on

    def add_version(self, **values) -> PositionVersion:
        return self._add(PositionVersion(**values))

    def current(self, position_id: int) -> PositionVersion | None:
        return self.session.scalar(select(PositionVersion).where(
            PositionVersion.position_id == position_id, PositionVersion.valid_to.is_(None)))

    def at(self, position_id: int, as_of: dt.date | None) -> PositionVersion | None:
        if as_of is None:
            return self.current(position_id)
        return self.session.scalar(select(PositionVersion).where(
            PositionVersion.position_id == position_id, in_force(PositionVersion, as_of)))

    def last(self, position_id: int) -> PositionVersion | None:
        return self.session.scalar(select(PositionVersion).where(PositionVersion.position_id == position_id)
                                   .order_by(PositionVersion.valid_from.desc()).limit(1))

    def titles_on(self, wanted: set[tuple[int, dt.date]]) -> dict[tuple[int, dt.date], str]:
        """(position id, day) -> the position's title on that day (its first title when it did not
        exist yet), for a page of appointments in one query (a position has a few versions)."""
        versions: dict[int, list[tuple[dt.date, str]]] = {}
        for position_id, valid_from, title in self.session.execute(
                select(PositionVersion.position_id, PositionVersion.valid_from, PositionVersion.title)
                .where(PositionVersion.position_id.in_({p for p, _ in wanted}))
                .order_by(PositionVersion.position_id, PositionVersion.valid_from)):
            versions.setdefault(position_id, []).append((valid_from, title))
        out = {}
        for position_id, day in wanted:
            dated = versions.get(position_id)
            if dated:
                out[(position_id, day)] = next((t for start, t in reversed(dated) if start <= day), dated[0][1])
        return out


class StaffRepository(_Repository):
    def get(self, staff_id: int) -> StaffRecord | None:
        return self.session.get(StaffRecord, staff_id)

    def next_id(self) -> int:
        return self._next_id(StaffRecord)

    def add(self, row: StaffRecord) -> StaffRecord:
        return self._add(row)

    def names(self, ids: set[int]) -> dict[int, str]:
        """id -> full name, in one query."""
        return dict(self.session.execute(select(StaffRecord.id, StaffRecord.full_name).where(StaffRecord.id.in_(ids))).all())

    def by_ids(self, ids: list[int], q: str | None = None) -> dict[int, StaffRecord]:
        return {r.id: r for r in self.session.scalars(select(StaffRecord).where(
            StaffRecord.id.in_(ids), matches(StaffRecord.search_text, q)))}

    def page(self, *, board: str | None = None, position_ids: set[int] | None = None, without_position_ids:
             set[int] | None = None, position_id: int | None = None, status: str | None = None,
             title_rank: str | None = None, q: str | None = None, limit: int, cursor: str | None):
        """A page of current records: of a board, or holding one of `position_ids`, or none of
        `without_position_ids` (no position counts as none), filtered."""
        stmt = equal(select(StaffRecord).where(matches(StaffRecord.search_text, q)), (StaffRecord.unit, board),
                     (StaffRecord.position_id, position_id), (StaffRecord.status, status),
                     (StaffRecord.title_rank, title_rank))
        if position_ids is not None:
            stmt = stmt.where(StaffRecord.position_id.in_(position_ids))
        if without_position_ids is not None:
            stmt = stmt.where(StaffRecord.position_id.is_(None) | StaffRecord.position_id.not_in(without_position_ids))
        return paginate(self.session, stmt, StaffRecord.id, limit, cursor)


class AppointmentRepository(_Repository):
    def add(self, **values) -> Appointment:
        return self._add(Appointment(**values))

    def open_for(self, staff_id: int) -> Appointment | None:
        return self.session.scalar(select(Appointment).where(Appointment.staff_id == staff_id,
                                                             Appointment.end_date.is_(None)))

    def page(self, *, board: str | None = None, position_ids: set[int] | None = None, staff_id: int | None = None,
             position_id: int | None = None, as_of: dt.date | None = None, limit: int, cursor: str | None):
        stmt = equal(select(Appointment), (Appointment.unit, board), (Appointment.staff_id, staff_id),
                     (Appointment.position_id, position_id))
        if position_ids is not None:
            stmt = stmt.where(Appointment.position_id.in_(position_ids))
        if as_of is not None:
            stmt = stmt.where(in_force(Appointment, as_of, "start_date", "end_date"))
        return paginate(self.session, stmt, Appointment.id, limit, cursor)


class RuleRepository(_Versions):
    """Dated versions of the staffing rules (rules without one keep their default, hr.config)."""

    def in_force_on(self, as_of: dt.date | None = None) -> dict[str, RuleVersion]:
        """code -> the version in force on `as_of` (the current ones when None)."""
        return {row.code: row for row in self.session.scalars(select(RuleVersion).where(in_force(RuleVersion, as_of)))}

    def current(self, code: str) -> RuleVersion | None:
        return self.session.scalar(select(RuleVersion).where(RuleVersion.code == code, RuleVersion.valid_to.is_(None)))

    def history(self, code: str) -> list[RuleVersion]:
        return list(self.session.scalars(select(RuleVersion).where(RuleVersion.code == code)
                                         .order_by(RuleVersion.valid_from, RuleVersion.id)))

    def add_version(self, **values) -> RuleVersion:
        return self._add(RuleVersion(**values))


class PlanRepository(_Repository):
    def get(self, plan_id: int, lock: bool = False) -> Restructuring | None:
        stmt = select(Restructuring).where(Restructuring.id == plan_id)
        return self.session.scalar(stmt.with_for_update() if lock else stmt)

    def add(self, plan: Restructuring) -> Restructuring:
        return self._add(plan)

    def titled(self, title: str) -> Restructuring | None:
        return self.session.scalar(select(Restructuring).where(Restructuring.title == title).limit(1))

    def with_status(self, status: str) -> list[Restructuring]:
        return list(self.session.scalars(select(Restructuring).where(Restructuring.status == status)
                                         .order_by(Restructuring.id)))

    def due(self, today: dt.date) -> list[int]:
        """Ids of the scheduled plans whose date has come."""
        return list(self.session.scalars(select(Restructuring.id).where(
            Restructuring.status == "scheduled", Restructuring.effective_date <= today).order_by(Restructuring.id)))

    def page(self, *, status: str | None, limit: int, cursor: str | None):
        stmt = equal(select(Restructuring), (Restructuring.status, status))
        return paginate(self.session, stmt, Restructuring.id, limit, cursor)


def repositories(session: Session) -> dict[str, Any]:
    """The repositories of one unit of work, on its session."""
    return {
        "structure": StructureRepository(session),
        "units": UnitRepository(session),
        "positions": PositionRepository(session),
        "staff": StaffRepository(session),
        "appointments": AppointmentRepository(session),
        "rules": RuleRepository(session),
        "plans": PlanRepository(session),
    }
