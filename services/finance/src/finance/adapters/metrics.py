"""Finance's own Prometheus metrics (the shared HTTP and event metrics come from buildingblocks).

The overrun counter is incremented where a chargeback is booked. The gauges are state read from
the database: the worker refreshes them every FINANCE_GAUGE_REFRESH_SECONDS; "mostrecent" makes
the last refresh win in the multiprocess directory. Expense requests are counted while open
(submitted, approved: what operators act on), never in their final statuses, so the refresh
reads the open ones only and costs the same in year ten as in year one.
"""
from __future__ import annotations

from prometheus_client import Counter, Gauge
from sqlalchemy import func, select

from buildingblocks.clock import local_today
from buildingblocks.db import Database

from ..domain.budget import BudgetPosition
from ..domain.expense import HOLDING
from .orm import Budget, Expense

BUDGET_OVERRUNS = Counter(
    "finance_budget_overruns_total",
    "Chargebacks and receipts booked past a budget's allocation (never refused: the cost happened)",
    ["unit", "category", "source"],
)
EXPENSES = Gauge("finance_expenses", "Open expense requests (submitted, approved) by status", ["status"],
                 multiprocess_mode="mostrecent")
BUDGET = Gauge("finance_budget_vnd", "The current fiscal year's budgets of each board, all categories: "
               "allocated, reserved, spent (VND)", ["unit", "figure"], multiprocess_mode="mostrecent")
BUDGET_USED = Gauge("finance_budget_used_ratio", "Reserved and spent over allocated, per board, current fiscal year",
                    ["unit"], multiprocess_mode="mostrecent")

OPEN = sorted(HOLDING)  # the statuses the gauge counts: before a final one
_units_shown: set[str] = set()


def refresh_gauges(database: Database, year: int | None = None) -> None:
    """Read the open expense requests by status and each board's budget position in `year` (the
    current fiscal year: the calendar year, as the seed and the year-end close count it) into the gauges."""
    year = year or local_today().year
    with database.session_factory() as session:
        # the open requests only, through ix_expenses_status (the year-end close lapses those still
        # open): issue 16, every expense ever at ten years' history 23-27 ms every 15 s -> 0.25 ms
        counts = dict(session.execute(select(Expense.status, func.count()).where(Expense.status.in_(OPEN))
                                      .group_by(Expense.status)).all())
        # the budget rows' running figures (the ledger's sums, kept by each booking), not the year's
        # entries: issue 16, 49 ms of scanning every 15 s at ten years' history -> 0.1 ms
        sums = session.execute(select(Budget.unit, func.sum(Budget.allocated_vnd), func.sum(Budget.reserved_vnd),
                                      func.sum(Budget.spent_vnd))
                               .where(Budget.fiscal_year == year).group_by(Budget.unit)).all()
        session.rollback()
    for status in OPEN:
        EXPENSES.labels(status).set(counts.get(status, 0))
    by_unit = {unit: BudgetPosition() for unit in _units_shown}  # a board gone this year shows 0
    for unit, allocated, reserved, spent in sums:
        by_unit[unit] = BudgetPosition(int(allocated or 0), int(reserved or 0), int(spent or 0))
    for unit, position in by_unit.items():
        BUDGET.labels(unit, "allocated").set(position.allocated_vnd)
        BUDGET.labels(unit, "reserved").set(position.reserved_vnd)
        BUDGET.labels(unit, "spent").set(position.spent_vnd)
        BUDGET_USED.labels(unit).set(round(position.used_share or 0.0, 4))
    _units_shown.update(by_unit)
