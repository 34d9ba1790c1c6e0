"""The staffing table [bảng biên chế]: quota, filled and vacant posts per unit, by position family
and rank, deputies against their limit, and the rules each unit breaks."""
from __future__ import annotations

from collections import Counter

from .errors import InvalidChange
from .model import FAMILIES, RANKS, Figures, Structure
from .rules import RuleBook, Violation, evaluate, max_departments, unit_figures


def _breakdown(positions, counts, attribute: str, keys) -> dict:
    sums = {key: Figures() for key in keys}
    for position in positions:
        key = getattr(position, attribute)
        sums[key] = sums.get(key, Figures()) + Figures(position.quota, counts.get(position.id, 0))
    return {key: figures.as_dict() for key, figures in sums.items()}


def staffing_table(s: Structure, book: RuleBook, unit: str | None = None,
                   violations: list[Violation] | None = None) -> dict:
    """The table for `unit` and the units below it, or for the whole Committee (unit None).

    Each row's quota, filled and vacant cover the unit and the units below it; `positions` are
    the unit's own. `violations` lists the rows' breaches, and with no unit also the
    Committee-wide ones (total deputy heads).
    """
    if unit is not None and unit not in s.units:
        raise InvalidChange(f"unit {unit!r} does not exist on this date", field="unit")
    codes = s.subtree(unit) if unit is not None else s.tree_order()
    shown = set(codes)
    violations = evaluate(s, book) if violations is None else violations
    by_unit: dict[str | None, list[dict]] = {}
    for violation in violations:
        by_unit.setdefault(violation.unit, []).append(violation.as_dict())
    unassigned = Counter(p.unit for p in s.placements.values() if p.position_id is None)
    figures, counts = unit_figures(s, book), s.holder_counts()
    rows = [{**_row(s, book, code, figures[code], counts), "unassigned_staff": unassigned.get(code, 0),
             "violations": by_unit.get(code, [])} for code in codes]
    listed = [v.as_dict() for v in violations if v.unit in shown or (unit is None and v.unit is None)]
    totals = _totals(rows, [p for c in codes for p in s.positions_of(c)], counts, shown)
    return {"unit": unit, "items": rows, "totals": totals, "violations": listed}


def _row(s: Structure, book: RuleBook, code: str, fig, counts) -> dict:
    """One unit's row: its figures over the units below it, its own positions."""
    u = s.units[code]
    inner = [p for c in s.subtree(code) for p in s.positions_of(c)]
    return {
        "code": u.code, "name": u.name, "kind": u.kind, "parent_code": u.parent_code, "agency": s.agency_of(code),
        "quota": fig.quota, "filled": fig.filled, "vacant": Figures(fig.quota, fig.filled).vacant,
        "deputies": fig.deputies, "deputy_limit": fig.deputy_limit, "deputy_limit_rule": fig.deputy_limit_rule,
        "departments": sum(1 for c in s.children(code) if c.kind == "department"),
        "max_departments": max_departments(book, code, u.kind) if u.kind != "department" else None,
        "by_family": _breakdown(inner, counts, "family", FAMILIES),
        "by_rank": _breakdown(inner, counts, "rank", RANKS),
        "positions": [{"id": p.id, "title": p.title, "rank": p.rank, "family": p.family, "is_driver": p.is_driver,
                       **Figures(p.quota, counts.get(p.id, 0)).as_dict()} for p in s.positions_of(code)],
    }


def _totals(rows: list[dict], positions, counts, shown: set[str]) -> dict:
    """The table's totals: quota, filled and vacant of its top rows (the rows below are inside them)."""
    top = [row for row in rows if row["parent_code"] not in shown]
    return {
        "quota": sum(row["quota"] for row in top),
        "filled": sum(row["filled"] for row in top),
        "vacant": sum(row["vacant"] for row in top),
        "deputies": sum(row["deputies"] for row in rows),
        "unassigned_staff": sum(row["unassigned_staff"] for row in rows),
        "units": len(rows),
        "departments": sum(1 for row in rows if row["kind"] == "department"),
        "by_family": _breakdown(positions, counts, "family", FAMILIES),
        "by_rank": _breakdown(positions, counts, "rank", RANKS),
    }


CSV_COLUMNS = (
    ["code", "name", "kind", "parent_code", "agency", "quota", "filled", "vacant", "deputies", "deputy_limit",
     "departments", "unassigned_staff"]
    + [f"{family}_{figure}" for family in FAMILIES for figure in ("quota", "filled", "vacant")]
    + ["violations"]
)

# The same columns as a spreadsheet's people read them (the CSV keeps the codes programs read).
_FIGURES = {"quota": "biên chế", "filled": "có mặt", "vacant": "còn trống"}
_FAMILIES = {"leadership": "Lãnh đạo", "professional": "Chuyên môn", "shared_professional": "Chuyên môn dùng chung",
             "support": "Hỗ trợ, phục vụ"}
XLSX_HEADER = (
    ["Mã đơn vị", "Tên đơn vị", "Loại", "Đơn vị cấp trên", "Cơ quan", "Biên chế", "Có mặt", "Còn trống", "Cấp phó",
     "Cấp phó tối đa", "Số phòng", "Chưa bố trí vị trí"]
    + [f"{_FAMILIES[family]}: {_FIGURES[figure]}" for family in FAMILIES for figure in ("quota", "filled", "vacant")]
    + ["Vi phạm quy định"]
)


def csv_rows(table: dict) -> list[list]:
    """The table as CSV rows under CSV_COLUMNS: one line per unit, families flattened (the web
    layer writes them through buildingblocks.export, which makes every cell formula-safe)."""
    out = []
    for row in table["items"]:
        line = [row[c] for c in CSV_COLUMNS[:12]]
        for family in FAMILIES:
            line += [row["by_family"][family][f] for f in ("quota", "filled", "vacant")]
        line.append("; ".join(f"{v['rule']} ({v['actual']}/{v['limit']})" for v in row["violations"]))
        out.append(line)
    return out
