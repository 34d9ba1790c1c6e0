"""Finance's own Prometheus metrics (the shared HTTP and event metrics come from buildingblocks).

The overrun counter is incremented where a chargeback is booked. The gauges are state read from
the database: the worker refreshes them every FINANCE_GAUGE_REFRESH_SECONDS; "mostrecent" makes
the last refresh win in the multiprocess directory.
"""
from __future__ import annotations

from prometheus_client import Counter, Gauge
from sqlalchemy import func, select

from buildingblocks.clock import local_today
from buildingblocks.db import Database

from ..domain.budget import BudgetPosition
from ..domain.expense import STATUSES
from .orm import Expense, LedgerEntry

BUDGET_OVERRUNS = Counter(
    "finance_budget_overruns_total",
    "Chargebacks and receipts booked past a budget's allocation (never refused: the cost happened)",
    ["unit", "category", "source"],
)
EXPENSES = Gauge("finance_expenses", "Expense requests by status", ["status"], multiprocess_mode="mostrecent")
BUDGET = Gauge("finance_budget_vnd", "The current fiscal year's budgets of each board, all categories: "
               "allocated, reserved, spent (VND)", ["unit", "figure"], multiprocess_mode="mostrecent")
BUDGET_USED = Gauge("finance_budget_used_ratio", "Reserved and spent over allocated, per board, current fiscal year",
                    ["unit"], multiprocess_mode="mostrecent")

_units_shown: set[str] = set()


def refresh_gauges(database: Database, year: int | None = None) -> None:
    """Read expense requests by status and each board's budget position in `year` (the current
    fiscal year: the calendar year, as the seed and the year-end close count it) into the gauges."""
    year = year or local_today().year
    with database.session_factory() as session:
        counts = dict(session.execute(select(Expense.status, func.count()).group_by(Expense.status)).all())
        sums = session.execute(select(LedgerEntry.unit, LedgerEntry.kind, func.sum(LedgerEntry.amount_vnd))
                               .where(LedgerEntry.fiscal_year == year)
                               .group_by(LedgerEntry.unit, LedgerEntry.kind)).all()
        session.rollback()
    for status in STATUSES:
        EXPENSES.labels(status).set(counts.get(status, 0))
    by_unit: dict[str, dict[str, int]] = {unit: {} for unit in _units_shown}  # a board gone this year shows 0
    for unit, kind, total in sums:
        by_unit.setdefault(unit, {})[kind] = total
    for unit, totals in by_unit.items():
        position = BudgetPosition.from_ledger(totals)
        BUDGET.labels(unit, "allocated").set(position.allocated_vnd)
        BUDGET.labels(unit, "reserved").set(position.reserved_vnd)
        BUDGET.labels(unit, "spent").set(position.spent_vnd)
        BUDGET_USED.labels(unit).set(round(position.used_share or 0.0, 4))
    _units_shown.update(by_unit)
