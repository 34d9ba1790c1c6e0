"""The SQL repositories the unit of work exposes (`uow.budgets`, `uow.ledger`, `uow.expenses`, ...).

Budgets and the ledger: every use case that checks a budget and then books against it locks the
budget row first (`find(..., lock=True)`, `lock`, `lock_many`, `open`, or `move`, the update of its
running figures that a submission's lock is), so the check and the
booking are atomic with respect to any other writer of the same budget: PostgreSQL blocks the
second `FOR NO KEY UPDATE` until the first transaction ends (NO KEY: a budget's key never
changes, and the share lock that inserting a row referencing the budget takes does not wait
for it, nor it for that share lock), and under READ COMMITTED the sums read
after the lock include everything the first one booked. Several budgets are locked in id order,
the one order every caller uses, so two never deadlock on them.
"""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace
from typing import Any, NamedTuple

from buildingblocks import replica
from buildingblocks.db import insert_ignore, utcnow
from buildingblocks.pagination import paginate
from sqlalchemy import case, func, literal, or_, select, update
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import set_committed_value

from ..domain import regulation as rules
from ..domain.budget import BudgetPosition, moved_figure
from ..domain import fiscal_year as closing
from ..domain.expense import HOLDING
from .orm import (Budget, BudgetChange, Chargeback, Expense, FiscalYearClose, LedgerEntry, Norm, Regulation,
                  Reservation)


def _page(session: Session, stmt, key_column, args: dict, descending: bool = False):
    return paginate(session, stmt, key_column, args["limit"], args.get("cursor"), descending=descending)


def _every(session: Session, stmt, key_column, batch: int = 1000):
    """The rows of `stmt`, newest first, fetched `batch` at a time: an export streams, it does not hold them all."""
    return session.scalars(stmt.order_by(key_column.desc()).execution_options(yield_per=batch))


def _filtered(stmt, model, args: dict, names, unit_column=None, unit=None):
    if unit is not None:
        stmt = stmt.where(unit_column == unit)
    for name in names:
        if args.get(name) is not None:
            value = args[name]
            stmt = stmt.where(getattr(model, name) == (str(value) if name == "source_id" else value))
    return stmt


def _locked(stmt):
    """`stmt` locking the budget rows it reads, re-read even when the session holds them already (a row
    read before its lock may have older figures than the ones committed before the lock was granted)."""
    return stmt.with_for_update(key_share=True).execution_options(populate_existing=True)


class BudgetRepository:
    """Budget rows: (fiscal year, unit, category), the rows that are locked, with their running figures."""

    def __init__(self, session: Session):
        self.session = session

    def get(self, budget_id: int) -> Budget | None:
        return self.session.get(Budget, budget_id)

    def find(self, fiscal_year: int, unit: str, category: str, *, lock: bool = False) -> Budget | None:
        """The budget, locked for update when `lock`, or None."""
        stmt = select(Budget).where(Budget.fiscal_year == fiscal_year, Budget.unit == unit,
                                    Budget.category == category)
        return self.session.scalars(_locked(stmt) if lock else stmt).one_or_none()

    def lock(self, budget_id: int) -> Budget:
        """Lock a budget row by id (the caller knows it exists)."""
        return self.session.scalars(_locked(select(Budget).where(Budget.id == budget_id))).one()

    def move(self, budget_id: int, kind: str, amount_vnd: int) -> Budget:
        """Move the budget's running figure for an entry of this kind and signed amount, and return the
        row as it is now: one `UPDATE ... RETURNING` that takes the budget's lock (FOR NO KEY UPDATE, as
        `lock`) and reads its figures at once. The caller appends the entry (`LedgerRepository.append`)."""
        figure, change = moved_figure(kind, amount_vnd)
        return self.session.scalars(
            update(Budget).where(Budget.id == budget_id).values({figure: getattr(Budget, figure) + change})
            .returning(Budget).execution_options(populate_existing=True, synchronize_session=False)).one()

    def lock_many(self, budget_ids) -> dict[int, Budget]:
        """Lock several budgets in id order."""
        rows = self.session.scalars(
            _locked(select(Budget).where(Budget.id.in_(sorted(set(budget_ids)))).order_by(Budget.id))).all()
        return {row.id: row for row in rows}

    def open(self, fiscal_year: int, unit: str, category: str, by: str, *, lock: bool = True) -> Budget:
        """The budget, created with nothing allocated if it does not exist yet, and locked unless told not to.

        Chargebacks need a budget to book against even where none was allocated (the cost happened);
        INSERT ... ON CONFLICT DO NOTHING makes two concurrent first bookings agree on one row.
        """
        insert_ignore(self.session, Budget.__table__, {"fiscal_year": fiscal_year, "unit": unit, "category": category,
                                                       "created_by": by, "created_at": utcnow()})
        return self.find(fiscal_year, unit, category, lock=lock)

    def of_unit_since(self, unit: str, first_year: int, limit: int) -> list[Budget]:
        """A unit's budgets from `first_year` on, in id order (at most `limit`)."""
        return list(self.session.scalars(
            select(Budget).where(Budget.unit == unit, Budget.fiscal_year >= first_year).order_by(Budget.id).limit(limit)
        ))

    def selection(self, unit: str | None, args: dict):
        """The SELECT of the budgets' ids a filter asks for (for `page` and `LedgerRepository.positions`)."""
        return _filtered(select(Budget), Budget, args, ("fiscal_year", "category"), Budget.unit, unit)

    def page(self, unit: str | None, args: dict):
        return _page(self.session, self.selection(unit, args), Budget.id, args)


class LedgerRepository:
    """The append-only ledger: budgets' figures are its sums."""

    def __init__(self, session: Session):
        self.session = session

    def get(self, entry_id: int, *, fresh: bool = False) -> LedgerEntry | None:
        if not fresh:
            return self.session.get(LedgerEntry, entry_id)
        return self.session.scalars(
            select(LedgerEntry).where(LedgerEntry.id == entry_id).execution_options(populate_existing=True)
        ).one_or_none()

    def position(self, budget_id: int) -> BudgetPosition:
        """The budget's figures, summed from the ledger at this moment (what `Budget.position` keeps)."""
        rows = self.session.execute(
            select(LedgerEntry.kind, func.coalesce(func.sum(LedgerEntry.amount_vnd), 0))
            .where(LedgerEntry.budget_id == budget_id).group_by(LedgerEntry.kind)
        ).all()
        return BudgetPosition.from_ledger({kind: int(total) for kind, total in rows})

    def positions(self, budget_stmt, since: dt.datetime | None = None,
                  before: dt.datetime | None = None) -> list[tuple[Budget, BudgetPosition, int]]:
        """(budget, position, number of overrun bookings) for every budget `budget_stmt` selects,
        counting the entries recorded in [since, before) when given (a quarter's bookings).

        One grouped query over the ledger, so a report's figures are the ledger's sums by construction.
        """
        ids = select(budget_stmt.with_only_columns(Budget.id).subquery().c.id)
        stmt = (select(LedgerEntry.budget_id, LedgerEntry.kind, func.coalesce(func.sum(LedgerEntry.amount_vnd), 0),
                       func.coalesce(func.sum(case((LedgerEntry.overrun.is_(True), 1), else_=0)), 0))
                .where(LedgerEntry.budget_id.in_(ids)).group_by(LedgerEntry.budget_id, LedgerEntry.kind))
        if since is not None:
            stmt = stmt.where(LedgerEntry.recorded_at >= since)
        if before is not None:
            stmt = stmt.where(LedgerEntry.recorded_at < before)
        sums: dict[int, dict[str, int]] = {}
        overruns: dict[int, int] = {}
        for budget_id, kind, total, overrun_count in self.session.execute(stmt):
            sums.setdefault(budget_id, {})[kind] = int(total)
            overruns[budget_id] = overruns.get(budget_id, 0) + int(overrun_count)
        budgets = self.session.scalars(
            select(Budget).where(Budget.id.in_(ids)).order_by(Budget.fiscal_year, Budget.unit, Budget.category))
        return [(budget, BudgetPosition.from_ledger(sums.get(budget.id, {})), overruns.get(budget.id, 0))
                for budget in budgets]

    def positions_of(self, budget_ids) -> list[tuple[Budget, BudgetPosition, int]]:
        return self.positions(select(Budget).where(Budget.id.in_(list(budget_ids))))

    def has_allocation(self, budget_id: int) -> bool:
        return self.session.scalar(select(LedgerEntry.id).where(
            LedgerEntry.budget_id == budget_id, LedgerEntry.kind == "allocated").limit(1)) is not None

    def reversal_of(self, entry_id: int) -> int | None:
        """The id of the entry that reverses `entry_id`, if any."""
        return self.session.scalar(select(LedgerEntry.id).where(LedgerEntry.reverses_entry_id == entry_id))

    def book(self, budget: Budget, kind: str, amount_vnd: int, *, source: str, source_id, by: str,
             event_id: str | None = None, overrun: bool = False, note: str = "",
             reverses_entry_id: int | None = None) -> LedgerEntry:
        """Append one entry to the ledger of `budget` and move the budget's running figure with it, in
        the same transaction (the caller holds the budget's lock)."""
        entry = self.append(budget, kind, amount_vnd, source=source, source_id=source_id, by=by, event_id=event_id,
                            overrun=overrun, note=note, reverses_entry_id=reverses_entry_id)
        figure, change = moved_figure(kind, amount_vnd)
        # the row's figure moves in SQL (never a stale copy written back); the object follows
        self.session.execute(update(Budget).where(Budget.id == budget.id)
                             .values({figure: getattr(Budget, figure) + change})
                             .execution_options(synchronize_session=False))
        set_committed_value(budget, figure, (getattr(budget, figure) or 0) + change)
        return entry

    def append(self, budget, kind: str, amount_vnd: int, *, source: str, source_id, by: str,
               event_id: str | None = None, overrun: bool = False, note: str = "",
               reverses_entry_id: int | None = None) -> LedgerEntry:
        """Only append the entry to the ledger of `budget` (anything with `id`, `fiscal_year`, `unit` and
        `category`): the caller moves the budget's figure in the same transaction (`book`, or
        `BudgetRepository.move`)."""
        entry = LedgerEntry(
            budget_id=budget.id, fiscal_year=budget.fiscal_year, unit=budget.unit, category=budget.category,
            kind=kind, amount_vnd=amount_vnd, source=source, source_id=str(source_id), event_id=event_id,
            overrun=overrun, note=note, reverses_entry_id=reverses_entry_id, recorded_by=by, recorded_at=utcnow(),
        )
        self.session.add(entry)
        self.session.flush()
        return entry

    def _selection(self, unit: str | None, args: dict):
        """Entries the filter asks for: `recorded_since` and `recorded_before` bound when they were recorded."""
        names = ("fiscal_year", "category", "kind", "source", "source_id", "budget_id", "event_id")
        stmt = _filtered(select(LedgerEntry), LedgerEntry, args, names, LedgerEntry.unit, unit)
        if args.get("recorded_since") is not None:
            stmt = stmt.where(LedgerEntry.recorded_at >= args["recorded_since"])
        if args.get("recorded_before") is not None:
            stmt = stmt.where(LedgerEntry.recorded_at < args["recorded_before"])
        return stmt

    def page(self, unit: str | None, args: dict):
        return _page(self.session, self._selection(unit, args), LedgerEntry.id, args, descending=True)

    def every(self, unit: str | None, args: dict):
        """Every entry the filter asks for, newest first, read in batches (for the exports)."""
        return _every(self.session, self._selection(unit, args), LedgerEntry.id)


class SubmissionFacts(NamedTuple):
    """What a submission checks before it locks its budget, read at once (`ExpenseRepository.facts`)."""

    close_status: str | None  # of the year's latest close, None when the year was never closed
    unit: Any  # the board's replica row (`code`, `valid_to`), or None
    staff: Any  # the beneficiary's replica row (`unit`, `status`, `title_rank`, `full_name`), or None
    regulation: rules.RegulationVersion | None  # the version in force on the expense's date
    budget_id: int | None
    position: BudgetPosition  # the budget's running figures as they are now (zero without a budget)


class ExpenseRepository:
    def __init__(self, session: Session):
        self.session = session

    def facts(self, fiscal_year: int, unit: str, staff_id: int, category: str, on: dt.date) -> SubmissionFacts:
        """The year's close, the board, the beneficiary, the regulation in force and the budget with its
        figures, in one statement (issue 16: the hot budget's submissions made one round trip each)."""
        units, staff = replica.UNITS, replica.STAFF
        close = (select(FiscalYearClose.status).where(FiscalYearClose.fiscal_year == fiscal_year)
                 .order_by(FiscalYearClose.id.desc()).limit(1).scalar_subquery())
        version = (select(Regulation.id).where(Regulation.effective_from <= on)
                   .order_by(Regulation.effective_from.desc()).limit(1).scalar_subquery())
        one = select(literal(1).label("one")).subquery()
        row = self.session.execute(
            select(close.label("close_status"), units.c.code, units.c.valid_to, staff.c.unit.label("staff_unit"),
                   staff.c.status, staff.c.title_rank, staff.c.full_name, Regulation.id.label("regulation_id"),
                   Regulation.created_at, Budget.id.label("budget_id"), Budget.allocated_vnd, Budget.reserved_vnd,
                   Budget.spent_vnd)
            .select_from(one.outerjoin(units, units.c.code == unit).outerjoin(staff, staff.c.id == staff_id)
                         .outerjoin(Regulation, Regulation.id == version)
                         .outerjoin(Budget, (Budget.fiscal_year == fiscal_year) & (Budget.unit == unit)
                                    & (Budget.category == category)))
        ).one()
        return SubmissionFacts(
            close_status=row.close_status,
            unit=SimpleNamespace(code=row.code, valid_to=row.valid_to) if row.code is not None else None,
            staff=SimpleNamespace(id=staff_id, unit=row.staff_unit, status=row.status, title_rank=row.title_rank,
                                  full_name=row.full_name) if row.staff_unit is not None else None,
            regulation=(RegulationRepository(self.session).view(row.regulation_id, row.created_at)
                        if row.regulation_id is not None else None),
            budget_id=row.budget_id,
            position=(BudgetPosition(row.allocated_vnd, row.reserved_vnd, row.spent_vnd) if row.budget_id is not None
                      else BudgetPosition()),
        )

    def get(self, expense_id: int) -> Expense | None:
        return self.session.get(Expense, expense_id)

    def lock(self, expense_id: int) -> Expense:
        """The expense row locked for update, re-read (the caller knows it exists)."""
        return self.session.scalars(select(Expense).where(Expense.id == expense_id).with_for_update()
                                    .execution_options(populate_existing=True)).one()

    def add(self, expense: Expense) -> Expense:
        self.session.add(expense)
        self.session.flush()
        return expense

    def drawn(self, beneficiary_staff_id: int, category: str, period: tuple[dt.date, dt.date], statuses,
              excluding: int | None = None) -> int:
        """What the beneficiary drew in the category over the period (paid amounts, else reserved),
        without the expense `excluding`."""
        drawn = func.coalesce(Expense.paid_amount_vnd, Expense.amount_vnd)
        stmt = select(func.coalesce(func.sum(drawn), 0)).where(
            Expense.beneficiary_staff_id == beneficiary_staff_id, Expense.category == category,
            Expense.date.between(*period), Expense.status.in_(statuses))
        if excluding is not None:
            stmt = stmt.where(Expense.id != excluding)
        return int(self.session.scalar(stmt) or 0)

    def in_status(self, status: str, unit: str | None = None, max_amount_vnd: int | None = None) -> list[Expense]:
        stmt = select(Expense).where(Expense.status == status)
        if unit is not None:
            stmt = stmt.where(Expense.unit == unit)
        if max_amount_vnd is not None:
            stmt = stmt.where(Expense.amount_vnd <= max_amount_vnd)
        return list(self.session.scalars(stmt))

    def waiting(self, status: str, *, decider, closed_years: set[int], limit: int, unit: str | None = None,
                max_amount_vnd: int | None = None) -> tuple[list[Any], int]:
        """The inbox's read (issue 16): the oldest `limit` expenses in `status` that `decider`
        neither asked for nor benefits from (as `refuse_own` says), of `unit` and up to
        `max_amount_vnd` when given, whose budget's year takes entries; as rows of the columns the
        inbox shows and the domain checks; and how many there are in all (the same conditions).
        A caller may have a thousand waiting; `ix_expenses_status` finds them among the years paid."""
        where = [Expense.status == status, Expense.requested_by.is_distinct_from(decider.username)]
        if decider.staff_id is not None:
            where += [Expense.requested_by_staff_id.is_distinct_from(decider.staff_id),
                      Expense.beneficiary_staff_id.is_distinct_from(decider.staff_id)]
        if unit is not None:
            where.append(Expense.unit == unit)
        if max_amount_vnd is not None:
            where.append(Expense.amount_vnd <= max_amount_vnd)
        if closed_years:
            where.append(Expense.budget_id.not_in(select(Budget.id).where(Budget.fiscal_year.in_(closed_years))))
        rows = self.session.execute(
            select(Expense.id, Expense.unit, Expense.amount_vnd, Expense.description, Expense.requested_by,
                   Expense.requested_by_staff_id, Expense.beneficiary_staff_id, Expense.created_at)
            .where(*where).order_by(Expense.created_at, Expense.id).limit(limit)).all()
        total = len(rows) if len(rows) < limit else self.session.scalar(
            select(func.count()).select_from(Expense).where(*where))
        return list(rows), total

    def _selection(self, unit: str | None, args: dict, search=None):
        """Expenses the filter asks for; `date_from` and `date_to` bound the expense's date, both included."""
        stmt = _filtered(select(Expense), Expense, args, ("status", "category", "fiscal_year", "beneficiary_staff_id"),
                         Expense.unit, unit)
        if search is not None:
            stmt = stmt.where(search(Expense.search_text))
        if args.get("date_from") is not None:
            stmt = stmt.where(Expense.date >= args["date_from"])
        if args.get("date_to") is not None:
            stmt = stmt.where(Expense.date <= args["date_to"])
        return stmt

    def page(self, unit: str | None, args: dict, search=None):
        return _page(self.session, self._selection(unit, args, search), Expense.id, args, descending=True)

    def every(self, unit: str | None, args: dict, search=None):
        """Every expense the filter asks for, newest first, read in batches (for the exports)."""
        return _every(self.session, self._selection(unit, args, search), Expense.id)


_VERSION_VIEWS: dict[tuple, rules.RegulationVersion] = {}  # (database, id, created_at) -> the version's view


class RegulationRepository:
    def __init__(self, session: Session):
        self.session = session

    def get(self, version_id: int) -> Regulation | None:
        return self.session.get(Regulation, version_id)

    def stored_in_force(self, on: dt.date) -> Regulation | None:
        """The stored version in force on a date."""
        return self.session.scalars(select(Regulation).where(Regulation.effective_from <= on)
                                    .order_by(Regulation.effective_from.desc()).limit(1)).first()

    def in_force(self, on: dt.date) -> rules.RegulationVersion | None:
        """The pure-domain view of the version in force on a date.

        A stored version never changes (a new one is added instead), so its view is kept per
        process: a submission reads which version is in force (one row's key), not its norms.
        The key holds the version's creation moment too, so a database emptied and filled again
        (tests) never meets a view of another version with the same id.
        """
        row = self.session.execute(
            select(Regulation.id, Regulation.created_at).where(Regulation.effective_from <= on)
            .order_by(Regulation.effective_from.desc()).limit(1)).first()
        return None if row is None else self.view(row.id, row.created_at)

    def view(self, version_id: int, created_at: dt.datetime) -> rules.RegulationVersion:
        """The pure-domain view of a stored version, kept per process (see `in_force`)."""
        key = (self.session.get_bind().url.render_as_string(), version_id, created_at)
        view = _VERSION_VIEWS.get(key)
        if view is None:
            view = to_domain(self.session.get(Regulation, version_id))
            if len(_VERSION_VIEWS) >= 64:
                _VERSION_VIEWS.clear()
            _VERSION_VIEWS[key] = view
        return view

    def norm(self, norm_id: int) -> rules.Norm | None:
        """The pure-domain view of one stored norm (its limit and legal source)."""
        norm = self.session.get(Norm, norm_id)
        return None if norm is None else _norm_view(norm)

    def exists_on(self, effective_from: dt.date) -> bool:
        return self.session.scalar(select(Regulation.id).where(Regulation.effective_from == effective_from)) is not None

    def add(self, version: Regulation) -> Regulation:
        """Add a version; IntegrityError when a concurrent request added the same date first."""
        self.session.add(version)
        self.session.flush()
        return version

    def page(self, args: dict):
        return _page(self.session, select(Regulation), Regulation.id, args, descending=True)


def to_domain(version: Regulation) -> rules.RegulationVersion:
    """The pure-domain view of a stored version."""
    return rules.RegulationVersion(
        effective_from=version.effective_from, id=version.id, title=version.title,
        norms=tuple(_norm_view(n) for n in version.norms),
    )


def _norm_view(n: Norm) -> rules.Norm:
    return rules.Norm(n.category, n.limit_vnd, n.per, n.title_rank, n.locality_tier, n.source, n.id)


class BudgetChangeRepository:
    def __init__(self, session: Session):
        self.session = session

    def get(self, change_id: int) -> BudgetChange | None:
        return self.session.get(BudgetChange, change_id)

    def lock(self, change_id: int) -> BudgetChange:
        return self.session.scalars(select(BudgetChange).where(BudgetChange.id == change_id).with_for_update()
                                    .execution_options(populate_existing=True)).one()

    def add(self, change: BudgetChange) -> BudgetChange:
        self.session.add(change)
        self.session.flush()
        return change

    def pending(self) -> list[BudgetChange]:
        return list(self.session.scalars(select(BudgetChange).where(BudgetChange.status == "pending")))

    def page(self, kind: str, unit: str | None, args: dict):
        stmt = _filtered(select(BudgetChange).where(BudgetChange.kind == kind), BudgetChange, args,
                         ("fiscal_year", "category", "status"))
        if unit is not None:
            stmt = stmt.where(or_(BudgetChange.to_unit == unit, BudgetChange.from_unit == unit))
        return _page(self.session, stmt, BudgetChange.id, args, descending=True)


class BookedRepository:
    """Reservations and chargebacks, each keyed by its source (`assets.procurement` 12)."""

    def __init__(self, session: Session, model):
        self.session = session
        self.model = model

    def get(self, record_id: int):
        return self.session.get(self.model, record_id)

    def by_source(self, source: str, source_id):
        return self.session.scalars(select(self.model).where(
            self.model.source == source, self.model.source_id == str(source_id))).one_or_none()

    def add(self, record):
        self.session.add(record)
        self.session.flush()
        return record

    def page(self, unit: str | None, args: dict):
        stmt = _filtered(select(self.model), self.model, args, ("fiscal_year", "category", "source", "source_id"),
                         self.model.unit, unit)
        return _page(self.session, stmt, self.model.id, args, descending=True)


class FiscalYearCloseRepository:
    """The closes of fiscal years, and what a year still holds when it is closed."""

    def __init__(self, session: Session):
        self.session = session

    def current(self, fiscal_year: int, *, lock: bool = False) -> FiscalYearClose | None:
        """The year's latest close (a rejected one is kept, and replaced by a new proposal)."""
        stmt = (select(FiscalYearClose).where(FiscalYearClose.fiscal_year == fiscal_year)
                .order_by(FiscalYearClose.id.desc()).limit(1))
        if lock:
            stmt = stmt.with_for_update().execution_options(populate_existing=True)
        return self.session.scalars(stmt).first()

    def status_of(self, fiscal_year: int) -> str | None:
        close = self.current(fiscal_year)
        return None if close is None else close.status

    def closed_years(self) -> set[int]:
        """Every year that takes no new entry (closed, or its close pending)."""
        return set(self.session.scalars(select(FiscalYearClose.fiscal_year).where(
            FiscalYearClose.status.in_(closing.CLOSING))))

    def pending(self) -> list[FiscalYearClose]:
        return list(self.session.scalars(select(FiscalYearClose).where(FiscalYearClose.status == closing.PENDING)))

    def add(self, close: FiscalYearClose) -> FiscalYearClose:
        self.session.add(close)
        self.session.flush()
        return close

    def holdings(self, fiscal_year: int) -> list[dict]:
        """What the year's budgets still hold: expenses not yet paid and other services' reservations,
        each with its source (as its ledger entries name it), board, category, amount, budget and record."""
        in_year = select(Budget.id).where(Budget.fiscal_year == fiscal_year)
        expenses = self.session.scalars(select(Expense).where(
            Expense.budget_id.in_(in_year), Expense.status.in_(HOLDING)).order_by(Expense.id))
        reservations = self.session.scalars(select(Reservation).where(
            Reservation.budget_id.in_(in_year), Reservation.status == "reserved").order_by(Reservation.id))
        return [holding("finance.expense", e.id, e) for e in expenses] + [
            holding(r.source, r.source_id, r) for r in reservations]


def holding(source: str, source_id, record) -> dict:
    """A held amount as the close lists it."""
    return {"source": source, "source_id": str(source_id), "unit": record.unit, "category": record.category,
            "amount_vnd": record.amount_vnd, "budget_id": record.budget_id, "record": record}


class ReplicaRepository:
    """HR's units and staff as this service keeps them."""

    def __init__(self, session: Session):
        self.session = session

    def require_unit(self, code: str, field: str = "unit"):
        return replica.require_unit(self.session, code, field)

    def staff(self, staff_id: int):
        return replica.get_staff(self.session, staff_id)

    def office_unit(self):
        return replica.office_unit(self.session)

    def unit_names(self) -> dict[str, str]:
        return dict(self.session.execute(select(replica.UNITS.c.code, replica.UNITS.c.name)).all())


def repositories(session: Session) -> dict:
    """The repositories of one unit of work, on its session."""
    return {
        "budgets": BudgetRepository(session),
        "ledger": LedgerRepository(session),
        "expenses": ExpenseRepository(session),
        "regulations": RegulationRepository(session),
        "changes": BudgetChangeRepository(session),
        "reservations": BookedRepository(session, Reservation),
        "chargebacks": BookedRepository(session, Chargeback),
        "replica": ReplicaRepository(session),
        "closes": FiscalYearCloseRepository(session),
    }
