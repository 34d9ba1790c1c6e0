"""The ledger and its budgets: lock a budget, read its position from the ledger, book entries.

Every use case that checks a budget and then books against it goes through `lock_budget` or
`open_budget` first, so the check and the booking are atomic with respect to any other writer
of the same budget: PostgreSQL blocks the second `FOR UPDATE` until the first transaction ends,
and under READ COMMITTED the sums read after the lock include everything the first one booked.
"""

from __future__ import annotations

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from buildingblocks.db import insert_ignore, utcnow

from ..domain.budget import BudgetPosition
from .orm import Budget, LedgerEntry


def find_budget(session: Session, fiscal_year: int, unit: str, category: str, *, lock: bool = False) -> Budget | None:
    """The budget (fiscal year, unit, category), locked for update when `lock`, or None."""
    stmt = select(Budget).where(
        Budget.fiscal_year == fiscal_year, Budget.unit == unit, Budget.category == category
    )
    if lock:
        stmt = stmt.with_for_update()
    return session.scalars(stmt).one_or_none()


def lock_budget(session: Session, budget_id: int) -> Budget:
    """Lock a budget row by id (the caller knows it exists)."""
    return session.scalars(select(Budget).where(Budget.id == budget_id).with_for_update()).one()


def lock_budgets(session: Session, budget_ids) -> dict[int, Budget]:
    """Lock several budgets in id order, the one order every caller uses, so two never deadlock."""
    rows = session.scalars(
        select(Budget).where(Budget.id.in_(sorted(set(budget_ids)))).order_by(Budget.id).with_for_update()
    ).all()
    return {row.id: row for row in rows}


def open_budget(session: Session, fiscal_year: int, unit: str, category: str, by: str, *, lock: bool = True) -> Budget:
    """The budget, created with nothing allocated if it does not exist yet, and locked unless told not to.

    Chargebacks need a budget to book against even where none was allocated (the cost happened);
    INSERT ... ON CONFLICT DO NOTHING makes two concurrent first bookings agree on one row.
    """
    insert_ignore(
        session,
        Budget.__table__,
        {"fiscal_year": fiscal_year, "unit": unit, "category": category, "created_by": by, "created_at": utcnow()},
    )
    return find_budget(session, fiscal_year, unit, category, lock=lock)


def position(session: Session, budget_id: int) -> BudgetPosition:
    """The budget's figures, summed from the ledger at this moment."""
    rows = session.execute(
        select(LedgerEntry.kind, func.coalesce(func.sum(LedgerEntry.amount_vnd), 0))
        .where(LedgerEntry.budget_id == budget_id)
        .group_by(LedgerEntry.kind)
    ).all()
    return BudgetPosition.from_ledger({kind: int(total) for kind, total in rows})


def _sum_of(kind: str):
    return func.coalesce(func.sum(case((LedgerEntry.kind == kind, LedgerEntry.amount_vnd), else_=0)), 0)


def positions(session: Session, budget_stmt) -> list[tuple[Budget, BudgetPosition, int]]:
    """(budget, position, number of overrun bookings) for every budget `budget_stmt` selects.

    One grouped query over the ledger, so a report's figures are the ledger's sums by construction.
    """
    budgets = budget_stmt.subquery()
    rows = session.execute(
        select(
            LedgerEntry.budget_id,
            _sum_of("allocated"),
            _sum_of("reserved"),
            _sum_of("released"),
            _sum_of("spent"),
            func.coalesce(func.sum(case((LedgerEntry.overrun.is_(True), 1), else_=0)), 0),
        )
        .where(LedgerEntry.budget_id.in_(select(budgets.c.id)))
        .group_by(LedgerEntry.budget_id)
    ).all()
    sums = {
        row[0]: (
            BudgetPosition.from_ledger({"allocated": row[1], "reserved": row[2], "released": row[3], "spent": row[4]}),
            int(row[5]),
        )
        for row in rows
    }
    result = []
    for budget in session.scalars(select(Budget).where(Budget.id.in_(select(budgets.c.id))).order_by(
        Budget.fiscal_year, Budget.unit, Budget.category
    )):
        pos, overruns = sums.get(budget.id, (BudgetPosition(), 0))
        result.append((budget, pos, overruns))
    return result


def book(
    session: Session,
    budget: Budget,
    kind: str,
    amount_vnd: int,
    *,
    source: str,
    source_id,
    by: str,
    event_id: str | None = None,
    overrun: bool = False,
    note: str = "",
    reverses_entry_id: int | None = None,
) -> LedgerEntry:
    """Append one entry to the ledger of `budget` (the caller holds the budget's lock)."""
    entry = LedgerEntry(
        budget_id=budget.id,
        fiscal_year=budget.fiscal_year,
        unit=budget.unit,
        category=budget.category,
        kind=kind,
        amount_vnd=amount_vnd,
        source=source,
        source_id=str(source_id),
        event_id=event_id,
        overrun=overrun,
        note=note,
        reverses_entry_id=reverses_entry_id,
        recorded_by=by,
        recorded_at=utcnow(),
    )
    session.add(entry)
    session.flush()
    return entry
