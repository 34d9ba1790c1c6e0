"""In-memory repositories with the SQL repositories' interface, for use-case tests on FakeUnitOfWork.

They keep ORM objects in dicts (never in a session) and record the locks asked for, so a test can
check that a use case locks the budget before it books.
"""

from __future__ import annotations

import itertools
from types import SimpleNamespace

from buildingblocks.clock import utcnow
from buildingblocks.config import Settings
from buildingblocks.errors import Invalid
from buildingblocks.testing import FakeUnitOfWork

from finance.adapters.orm import Budget, LedgerEntry
from finance.adapters.repository import holding
from finance.config import Config
from finance.domain import fiscal_year as closing
from finance.domain import regulation as rules
from finance.domain.expense import HOLDING
from finance.adapters.repository import SubmissionFacts
from finance.domain.budget import BudgetPosition, moved_figure


class _Rows:
    def __init__(self):
        self.rows: dict[int, object] = {}
        self._ids = itertools.count(1)

    def get(self, row_id: int):
        return self.rows.get(row_id)

    def lock(self, row_id: int):
        return self.rows[row_id]

    def add(self, row):
        row.id = row.id or next(self._ids)
        self.rows[row.id] = row
        return row


class FakeBudgets(_Rows):
    def __init__(self):
        super().__init__()
        self.locked: list[int] = []

    def find(self, fiscal_year, unit, category, *, lock=False):
        for budget in self.rows.values():
            if (budget.fiscal_year, budget.unit, budget.category) == (fiscal_year, unit, category):
                if lock:
                    self.locked.append(budget.id)
                return budget
        return None

    def lock(self, budget_id):
        self.locked.append(budget_id)
        return self.rows[budget_id]

    def move(self, budget_id, kind, amount_vnd):
        self.locked.append(budget_id)
        return _move(self.rows[budget_id], kind, amount_vnd)

    def lock_many(self, budget_ids):
        ids = sorted(set(budget_ids))
        self.locked.extend(ids)
        return {i: self.rows[i] for i in ids}

    def open(self, fiscal_year, unit, category, by, *, lock=True):
        budget = self.find(fiscal_year, unit, category, lock=lock)
        if budget is None:
            budget = self.add(Budget(fiscal_year=fiscal_year, unit=unit, category=category, created_by=by))
            if lock:
                self.locked.append(budget.id)
        return budget

    def of_unit_since(self, unit, first_year, limit):
        return sorted((b for b in self.rows.values() if b.unit == unit and b.fiscal_year >= first_year),
                      key=lambda b: b.id)[:limit]


class FakeLedger(_Rows):
    def get(self, entry_id, *, fresh=False):
        return self.rows.get(entry_id)

    def entries(self, budget_id=None):
        return [e for e in self.rows.values() if budget_id is None or e.budget_id == budget_id]

    def position(self, budget_id):
        sums: dict[str, int] = {}
        for entry in self.entries(budget_id):
            sums[entry.kind] = sums.get(entry.kind, 0) + entry.amount_vnd
        return BudgetPosition.from_ledger(sums)

    def has_allocation(self, budget_id):
        return any(e.kind == "allocated" for e in self.entries(budget_id))

    def reversal_of(self, entry_id):
        return next((e.id for e in self.rows.values() if e.reverses_entry_id == entry_id), None)

    def book(self, budget, kind, amount_vnd, **entry):
        _move(budget, kind, amount_vnd)  # the budget's running figure, as the SQL one keeps it
        return self.append(budget, kind, amount_vnd, **entry)

    def append(self, budget, kind, amount_vnd, *, source, source_id, by, event_id=None, overrun=False, note="",
               reverses_entry_id=None):
        return self.add(LedgerEntry(
            budget_id=budget.id, fiscal_year=budget.fiscal_year, unit=budget.unit, category=budget.category,
            kind=kind, amount_vnd=amount_vnd, source=source, source_id=str(source_id), event_id=event_id,
            overrun=overrun, note=note, reverses_entry_id=reverses_entry_id, recorded_by=by, recorded_at=utcnow()))

    def every(self, unit, args):
        """Newest first, as the SQL repository filters."""
        names = ("fiscal_year", "category", "kind", "source", "source_id", "budget_id", "event_id")
        return [e for e in sorted(self.rows.values(), key=lambda e: -e.id)
                if (unit is None or e.unit == unit) and _matches(e, args, names)
                and (args.get("recorded_since") is None or e.recorded_at >= args["recorded_since"])
                and (args.get("recorded_before") is None or e.recorded_at < args["recorded_before"])]


def _move(budget, kind, amount_vnd):
    figure, change = moved_figure(kind, amount_vnd)
    setattr(budget, figure, (getattr(budget, figure) or 0) + change)
    return budget


def _matches(row, args, names) -> bool:
    return all(args.get(n) is None or getattr(row, n) == args[n] for n in names)


class FakeExpenses(_Rows):
    def __init__(self, uow=None):
        super().__init__()
        self.uow = uow  # () -> the unit of work, whose other repositories `facts` reads

    def facts(self, fiscal_year, unit, staff_id, category, on):
        uow = self.uow()
        budget = uow.budgets.find(fiscal_year, unit, category)
        return SubmissionFacts(uow.closes.status_of(fiscal_year), uow.replica.units.get(unit),
                               uow.replica.staff(staff_id), uow.regulations.in_force(on),
                               budget.id if budget else None, budget.position if budget else BudgetPosition())

    def every(self, unit, args, search=None):
        """Newest first, as the SQL repository filters (search is SQL's own and not faked)."""
        names = ("status", "category", "fiscal_year", "beneficiary_staff_id")
        return [e for e in sorted(self.rows.values(), key=lambda e: -e.id)
                if (unit is None or e.unit == unit) and _matches(e, args, names)
                and (args.get("date_from") is None or e.date >= args["date_from"])
                and (args.get("date_to") is None or e.date <= args["date_to"])]

    def drawn(self, beneficiary_staff_id, category, period, statuses, excluding=None):
        return sum(e.paid_amount_vnd if e.paid_amount_vnd is not None else e.amount_vnd
                   for e in self.rows.values()
                   if e.id != excluding and e.beneficiary_staff_id == beneficiary_staff_id and e.category == category
                   and period[0] <= e.date <= period[1] and e.status in statuses)

    def in_status(self, status, unit=None, max_amount_vnd=None):
        return [e for e in self.rows.values() if e.status == status and (unit is None or e.unit == unit)
                and (max_amount_vnd is None or e.amount_vnd <= max_amount_vnd)]

    def waiting(self, status, *, decider, closed_years, limit, unit=None, max_amount_vnd=None):
        budgets = self.uow().budgets
        rows = sorted((e for e in self.in_status(status, unit, max_amount_vnd)
                       if e.requested_by != decider.username
                       and (decider.staff_id is None
                            or decider.staff_id not in (e.requested_by_staff_id, e.beneficiary_staff_id))
                       and budgets.get(e.budget_id).fiscal_year not in closed_years),
                      key=lambda e: (e.created_at, e.id))
        return rows[:limit], len(rows)


class FakeRegulations:
    def __init__(self, *versions: rules.RegulationVersion):
        self.versions = list(versions)

    def in_force(self, on):
        return rules.version_in_force(self.versions, on)

    def get(self, version_id):
        return next((v for v in self.versions if v.id == version_id), None)

    def norm(self, norm_id):
        return next((n for v in self.versions for n in v.norms if n.id == norm_id), None)

    def exists_on(self, effective_from):
        return any(v.effective_from == effective_from for v in self.versions)

    def add(self, version):
        """Keep the stored version (an ORM row) and its pure-domain view for `in_force`."""
        version.id = len(self.versions) + 1
        self.versions.append(rules.RegulationVersion(version.effective_from, id=version.id, title=version.title,
            norms=tuple(rules.Norm(n.category, n.limit_vnd, n.per, n.title_rank, n.locality_tier, n.source)
                        for n in version.norms)))
        return version


class FakeChanges(_Rows):
    def pending(self):
        return [c for c in self.rows.values() if c.status == "pending"]


class FakeBooked(_Rows):
    """Reservations or chargebacks, keyed by their source."""

    def by_source(self, source, source_id):
        return next((r for r in self.rows.values() if (r.source, r.source_id) == (source, str(source_id))), None)


class FakeCloses(_Rows):
    """Closes of fiscal years; `holdings` reads the fake expenses and reservations like the SQL one."""

    def __init__(self, uow_rows):
        super().__init__()
        self.of = uow_rows  # () -> (budgets, expenses, reservations)

    def current(self, fiscal_year, *, lock=False):
        return max((c for c in self.rows.values() if c.fiscal_year == fiscal_year), key=lambda c: c.id, default=None)

    def status_of(self, fiscal_year):
        close = self.current(fiscal_year)
        return None if close is None else close.status

    def closed_years(self):
        return {c.fiscal_year for c in self.rows.values() if c.status in closing.CLOSING}

    def pending(self):
        return [c for c in self.rows.values() if c.status == closing.PENDING]

    def add(self, close):
        for item in close.items:
            item.id = item.id or next(self._ids)
        return super().add(close)

    def holdings(self, fiscal_year):
        budgets, expenses, reservations = self.of()
        in_year = {b.id for b in budgets.rows.values() if b.fiscal_year == fiscal_year}
        return [holding("finance.expense", e.id, e) for e in expenses.rows.values()
                if e.budget_id in in_year and e.status in HOLDING] + [
            holding(r.source, r.source_id, r) for r in reservations.rows.values()
            if r.budget_id in in_year and r.status == "reserved"]


class FakeReplica:
    def __init__(self, units=(), staff=()):
        self.units = {u.code: u for u in units}
        self.people = {s.id: s for s in staff}

    def require_unit(self, code, field="unit"):
        if code not in self.units:
            raise Invalid(f"unknown unit {code!r}", errors={field: [f"unknown unit {code!r}"]})
        return self.units[code]

    def staff(self, staff_id):
        return self.people.get(staff_id)

    def office_unit(self):
        return next((u for u in self.units.values() if u.kind == "office"), None)

    def unit_names(self):
        return {code: u.name for code, u in self.units.items()}


def unit(code, kind="board", name=None):
    return SimpleNamespace(code=code, name=name or code, kind=kind, parent_code=None, valid_to=None)


def person(staff_id, unit_code, title_rank="specialist", status="active"):
    return SimpleNamespace(id=staff_id, unit=unit_code, title_rank=title_rank, status=status, full_name=f"#{staff_id}",
                           position_title=None)


def config(**numbers) -> Config:
    return Config(settings=Settings.from_env("finance"), **numbers)


def fake_uow(*versions: rules.RegulationVersion, **numbers) -> FakeUnitOfWork:
    """A unit of work on empty in-memory repositories, with the demo's boards and a few of their people."""
    replica = FakeReplica(
        units=[unit("TU", "leadership"), unit("VP", "office"), unit("BTC"), unit("BNC")],
        staff=[person(1, "TU", "secretary"), person(5, "VP"), person(20, "BTC", "board_head"), person(22, "BTC"),
               person(23, "BTC", status="left"), person(51, "BNC")],
    )
    uow = FakeUnitOfWork(config(**numbers), budgets=FakeBudgets(), ledger=FakeLedger(), expenses=FakeExpenses(),
                         regulations=FakeRegulations(*versions), changes=FakeChanges(), replica=replica,
                         reservations=FakeBooked(), chargebacks=FakeBooked())
    uow.closes = FakeCloses(lambda: (uow.budgets, uow.expenses, uow.reservations))
    uow.expenses.uow = lambda: uow
    return uow
