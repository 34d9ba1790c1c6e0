"""The budget report: per board and category for a year, and the same across boards."""

from __future__ import annotations

from buildingblocks.clock import local_today

from ..config import SERVICE
from ..domain.budget import BudgetPosition, total_of
from ..domain.fiscal_year import quarter_bounds
from .common import local_midnight

CSV_COLUMNS = [
    ("fiscal_year", "Năm tài chính"),
    ("unit", "Mã đơn vị"),
    ("unit_name", "Tên đơn vị"),
    ("category", "Khoản mục"),
    ("allocated_vnd", "Dự toán được giao (VND)"),
    ("reserved_vnd", "Đang giữ chỗ (VND)"),
    ("spent_vnd", "Đã chi (VND)"),
    ("available_vnd", "Còn lại (VND)"),
    ("used_pct", "Tỷ lệ sử dụng (%)"),
    ("overrun_vnd", "Vượt dự toán (VND)"),
    ("overrun_count", "Số lần vượt"),
]


def _pct(position: BudgetPosition) -> float | None:
    share = position.used_share
    return None if share is None else round(share * 100, 2)


def _line(position: BudgetPosition, overrun_count: int) -> dict:
    return {**position.figures(), "used_pct": _pct(position), "overrun_vnd": position.overrun_vnd,
            "overrun_count": overrun_count}


def budget_report(uow, principal, fiscal_year: int | None, unit: str | None, quarter: int | None = None) -> dict:
    """Rows per board and category, totals per board, and the grand total, all from ledger sums.

    A board sees its own rows; the Office's finance specialists, the leadership and the
    auditors see every board's (and may narrow to one with `unit`). With `quarter`, the figures
    are what was booked in that quarter (office time), and the four quarters add up to the year.
    """
    fiscal_year = fiscal_year or local_today().year
    unit = principal.list_unit(unit, SERVICE)
    since, before = (local_midnight(day) for day in quarter_bounds(fiscal_year, quarter))
    found = uow.ledger.positions(uow.budgets.selection(unit, {"fiscal_year": fiscal_year}), since, before)
    names = uow.replica.unit_names()

    rows, per_unit = [], {}
    for budget, position, overruns in found:
        rows.append({"id": budget.id, "fiscal_year": budget.fiscal_year, "unit": budget.unit,
                     "unit_name": names.get(budget.unit, budget.unit), "category": budget.category,
                     **_line(position, overruns)})
        total, count, overrun = per_unit.get(budget.unit, (BudgetPosition(), 0, 0))
        per_unit[budget.unit] = (total_of((total, position)), count + overruns, overrun + position.overrun_vnd)
    # A total's overrun is the sum of its budgets' overruns: a surplus in one budget does not
    # cancel an overrun in another.
    units = [{"unit": code, "unit_name": names.get(code, code), **_line(total, count), "overrun_vnd": overrun}
             for code, (total, count, overrun) in sorted(per_unit.items())]
    grand = total_of(total for total, _, _ in per_unit.values())
    totals = {"unit": unit or "*", "unit_name": names.get(unit, unit) if unit else "Tất cả đơn vị",
              **_line(grand, sum(u["overrun_count"] for u in units)),
              "overrun_vnd": sum(u["overrun_vnd"] for u in units)}
    return {"fiscal_year": fiscal_year, "quarter": quarter, "rows": rows, "units": units, "totals": totals}


def report_table(report: dict) -> tuple[list[str], list[list]]:
    """The report's rows as a table (header, rows) for `buildingblocks.export`, which makes
    every cell formula-safe (a unit named `=HYPERLINK(...)` stays text)."""
    header = [label for _, label in CSV_COLUMNS]
    return header, [[row.get(key) for key, _ in CSV_COLUMNS] for row in report["rows"]]
