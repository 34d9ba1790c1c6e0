"""In-memory versions of HR's repositories (hr.adapters.repository), for use-case tests on
`buildingblocks.testing.FakeUnitOfWork` in milliseconds.

Rows are the service's own ORM classes, made without a session: `_store` gives them an id and
their column defaults as a flush would. Versions are opened and closed by the same functions
the SQL repositories use. Nothing rolls back: a test reads the state after a refusal only to
check that nothing was committed or published.
"""
from __future__ import annotations

import datetime as dt
import itertools

from buildingblocks.clock import utcnow
from buildingblocks.search import fold, words
from buildingblocks.testing import FakeUnitOfWork

from hr.adapters.orm import Appointment, PositionRecord, PositionVersion, RuleVersion, UnitVersion
from hr.adapters.repository import close_version, new_version
from hr.config import Config
from hr.domain.model import Placement, Position, Structure, Unit


def _in_force(start: dt.date, end: dt.date | None, as_of: dt.date | None) -> bool:
    return end is None if as_of is None else start <= as_of and (end is None or end > as_of)


def _page(rows: list, key, limit: int, cursor: str | None):
    """The first `limit` rows by key (the fakes serve one page: use-case tests ask for few)."""
    assert cursor is None, "the fakes serve first pages only"
    ordered = sorted(rows, key=key)
    return ordered[:limit], None


class _Table:
    """Rows of one ORM class, given ids and column defaults as a flush would."""

    def __init__(self):
        self.rows: list = []
        self._ids = itertools.count(1)

    def _store(self, row):
        for column in row.__table__.columns:
            if getattr(row, column.key) is None and column.default is not None:
                setattr(row, column.key, utcnow() if column.default.is_callable else column.default.arg)
        if "id" in row.__table__.columns and getattr(row, "id", None) is None:
            row.id = next(self._ids)
        self.rows.append(row)
        return row


class _FakeVersions(_Table):
    """Dated versions of one kind of record, found by `key` (the code or the position id)."""

    model: type
    key: str

    def add_version(self, **values):
        return self._store(self.model(**values))

    def new_version(self, current, effective, what, **values):
        return new_version(current, effective, what, self._store, **values)

    close = staticmethod(close_version)

    def history(self, key):
        return sorted((v for v in self.rows if getattr(v, self.key) == key), key=lambda v: (v.valid_from, v.id))

    def current(self, key):
        return next((v for v in self.history(key) if v.valid_to is None), None)

    def at(self, key, as_of):
        return next((v for v in self.history(key) if _in_force(v.valid_from, v.valid_to, as_of)), None)

    def last(self, key):
        history = self.history(key)
        return history[-1] if history else None


class FakeUnits(_FakeVersions):
    model, key = UnitVersion, "code"

    def __init__(self):
        super().__init__()
        self.records: set[str] = set()

    def exists(self, code):
        return code in self.records

    def add_record(self, code):
        self.records.add(code)

    def earliest(self):
        return min((v.valid_from for v in self.rows), default=None)

    def page(self, *, as_of, kind, parent_code, q, limit, cursor):
        found = [v for v in self.rows if _in_force(v.valid_from, v.valid_to, as_of)
                 and (not kind or v.kind == kind) and (not parent_code or v.parent_code == parent_code)
                 and all(w in fold(f"{v.code} {v.name}") for w in words(q))]
        return _page(found, lambda v: v.code, limit, cursor)


class FakePositions(_FakeVersions):
    model, key = PositionVersion, "position_id"

    def __init__(self):
        super().__init__()
        self.records: dict[int, PositionRecord] = {}

    def exists(self, position_id):
        return position_id in self.records

    def next_id(self):
        return max(self.records, default=0) + 1

    def add_record(self, position_id):
        self.records.setdefault(position_id, PositionRecord(id=position_id))

    def mark_removed(self, position_id, on):
        self.records[position_id].removed_on = on

    def at(self, position_id, as_of):
        return self.current(position_id) if as_of is None else super().at(position_id, as_of)

    def titles_on(self, wanted):
        out = {}
        for position_id, day in wanted:
            versions = self.history(position_id)
            before = [v for v in versions if v.valid_from <= day]
            chosen = before[-1] if before else (versions[0] if versions else None)
            if chosen:
                out[(position_id, day)] = chosen.title
        return out


class FakeStaff(_Table):
    def get(self, staff_id):
        return next((r for r in self.rows if r.id == staff_id), None)

    def next_id(self):
        return max((r.id for r in self.rows), default=0) + 1

    def add(self, row):
        return self._store(row)

    def by_ids(self, ids, q=None):
        return {r.id: r for r in self.rows if r.id in ids and all(w in fold(r.full_name) for w in words(q))}

    def names(self, ids):
        return {r.id: r.full_name for r in self.rows if r.id in ids}

    def page(self, *, board=None, position_ids=None, without_position_ids=None, position_id=None, status=None,
             title_rank=None, q=None, limit, cursor):
        found = [r for r in self.rows
                 if (board is None or r.unit == board) and (position_ids is None or r.position_id in position_ids)
                 and (without_position_ids is None or r.position_id not in without_position_ids)
                 and (position_id is None or r.position_id == position_id) and (not status or r.status == status)
                 and (not title_rank or r.title_rank == title_rank)
                 and all(w in fold(r.full_name) for w in words(q))]
        return _page(found, lambda r: r.id, limit, cursor)


class FakeAppointments(_Table):
    def add(self, **values):
        return self._store(Appointment(**values))

    def open_for(self, staff_id):
        return next((a for a in self.rows if a.staff_id == staff_id and a.end_date is None), None)

    def page(self, *, board=None, position_ids=None, staff_id=None, position_id=None, as_of=None, limit, cursor):
        found = [a for a in self.rows
                 if (board is None or a.unit == board) and (position_ids is None or a.position_id in position_ids)
                 and (staff_id is None or a.staff_id == staff_id) and (position_id is None or a.position_id == position_id)
                 and (as_of is None or _in_force(a.start_date, a.end_date, as_of))]
        return _page(found, lambda a: a.id, limit, cursor)


class FakeRules(_FakeVersions):
    model, key = RuleVersion, "code"

    def in_force_on(self, as_of=None):
        return {v.code: v for v in self.rows if _in_force(v.valid_from, v.valid_to, as_of)}


class FakePlans(_Table):
    def get(self, plan_id, lock=False):
        return next((p for p in self.rows if p.id == plan_id), None)

    def add(self, plan):
        return self._store(plan)

    def titled(self, title):
        return next((p for p in self.rows if p.title == title), None)

    def with_status(self, status):
        return sorted((p for p in self.rows if p.status == status), key=lambda p: p.id)

    def due(self, today):
        return [p.id for p in self.with_status("scheduled") if p.effective_date <= today]

    def page(self, *, status, limit, cursor):
        return _page([p for p in self.rows if not status or p.status == status], lambda p: p.id, limit, cursor)


class FakeStructure:
    """The structure as the other fakes hold it; `locks` counts the structure locks taken."""

    def __init__(self, units: FakeUnits, positions: FakePositions, appointments: FakeAppointments):
        self.units, self.positions, self.appointments = units, positions, appointments
        self.locks = 0

    def lock(self):
        self.locks += 1

    def load(self, as_of=None) -> Structure:
        units = {v.code: Unit(v.code, v.name, v.kind, v.parent_code)
                 for v in self.units.rows if _in_force(v.valid_from, v.valid_to, as_of)}
        positions = {v.position_id: Position(v.position_id, v.unit, v.title, v.rank, v.family, v.quota, v.is_driver)
                     for v in self.positions.rows if _in_force(v.valid_from, v.valid_to, as_of)}
        placements = {a.staff_id: Placement(a.staff_id, a.unit, a.position_id)
                      for a in self.appointments.rows if _in_force(a.start_date, a.end_date, as_of)}
        return Structure(units, positions, placements)


class FakeDatabase:
    """What `hr.entrypoints.seed.seed` and the worker's job need of a Database: units of work
    on one set of in-memory repositories."""

    def __init__(self, config: Config | None = None):
        units, positions, appointments = FakeUnits(), FakePositions(), FakeAppointments()
        self.config = config
        self.repositories = dict(structure=FakeStructure(units, positions, appointments), units=units,
                                 positions=positions, staff=FakeStaff(), appointments=appointments, rules=FakeRules(),
                                 plans=FakePlans())
        self.published: list[dict] = []

    def unit_of_work(self) -> FakeUnitOfWork:
        database = self

        class UnitOfWork(FakeUnitOfWork):
            def commit(self) -> None:
                committed = list(self._pending)
                super().commit()
                database.published.extend(committed)  # every unit of work's events, in order

        return UnitOfWork(self.config, **self.repositories)

