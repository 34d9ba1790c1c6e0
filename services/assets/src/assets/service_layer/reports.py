"""Reports: the register and its residual values per board and category, as of any date."""
from __future__ import annotations

from collections import defaultdict

from buildingblocks.clock import local_today
from buildingblocks.identity import Principal

from ..domain import wear
from .common import list_board


def register_report(uow, principal: Principal, args: dict) -> dict:
    """Per board and category, as of a date: how many assets, their cost, wear and residual value,
    and how many in each status."""
    as_of = args.get("as_of") or local_today()
    unit = list_board(principal, args.get("unit"))
    names = uow.categories.names()
    rows: dict[tuple[str, str], dict] = {}
    # grouped in SQL per board, category and status (the status shown is today's: the register
    # keeps status history, not status snapshots); folded here into a row per board and category
    for board, category, status, count, cost, worn in _groups(uow, as_of, unit, args.get("category")):
        row = rows.setdefault((board, category), {
            "unit": board, "category": category, "category_name": names.get(category, ""),
            "asset_count": 0, "original_cost_vnd": 0, "accumulated_wear_vnd": 0, "residual_vnd": 0,
            "by_status": defaultdict(int)})
        row["asset_count"] += count
        row["original_cost_vnd"] += cost
        row["accumulated_wear_vnd"] += worn
        row["residual_vnd"] += cost - worn
        row["by_status"][status] += count
    lines = [dict(r, by_status=dict(r["by_status"])) for _, r in sorted(rows.items())]
    per_unit: dict[str, dict] = {}
    for r in lines:
        u = per_unit.setdefault(r["unit"], {"unit": r["unit"], "asset_count": 0, "original_cost_vnd": 0,
                                            "accumulated_wear_vnd": 0, "residual_vnd": 0})
        for k in ("asset_count", "original_cost_vnd", "accumulated_wear_vnd", "residual_vnd"):
            u[k] += r[k]
    totals = {k: sum(r[k] for r in lines) for k in ("asset_count", "original_cost_vnd", "accumulated_wear_vnd",
                                                    "residual_vnd")}
    return {"as_of": as_of, "unit": unit, "rows": lines, "units": list(per_unit.values()), "totals": totals}


def _groups(uow, as_of, unit: str | None, category: str | None) -> list[tuple]:
    """(board, category, status, count, cost, wear) on `as_of`: today's from the running totals,
    kept with every change (issue 16: the same few rows whatever the register's size), unless
    something is dated after today; another day's replays the history of moves and wear."""
    last_year = wear.last_closed_fiscal_year(as_of)
    if as_of == local_today() and not uow.assets.dated_after(as_of):
        return uow.assets.register_now(last_year, unit, category)
    return uow.assets.register_groups(as_of, last_year, unit, category)


REGISTER_REPORT_HEADER = ["as_of", "unit", "category", "category_name", "asset_count", "original_cost_vnd",
                          "accumulated_wear_vnd", "residual_vnd"]
ITEMS_HEADER = ["tag", "category", "is_vehicle", "name", "unit", "holder_staff_id", "location", "acquired_on",
                "original_cost_vnd", "accumulated_wear_vnd", "residual_vnd", "status", "disposed_on", "as_of"]


def register_report_rows(uow, principal: Principal, args: dict) -> list[list]:
    """The register report as table rows (REGISTER_REPORT_HEADER), for the CSV and .xlsx exports."""
    report = register_report(uow, principal, args)
    return [[report["as_of"], r["unit"], r["category"], r["category_name"], r["asset_count"],
             r["original_cost_vnd"], r["accumulated_wear_vnd"], r["residual_vnd"]] for r in report["rows"]]


def items_rows(uow, principal: Principal, args: dict):
    """The register itself, one asset a row (ITEMS_HEADER), with its residual value as of a date,
    read in batches: the export streams (who may see which board is checked before the first row)."""
    as_of = args.get("as_of") or local_today()
    unit = list_board(principal, args.get("unit"))
    vehicles = uow.categories.vehicle_flags()

    def rows():
        for a, worn in uow.assets.export_rows(unit, args, wear.last_closed_fiscal_year(as_of)):
            # by position: a row's attributes cost more than its items, 16,000 rows a board at 10x
            _id, tag, category, name, board, holder, location, acquired_on, cost, status, disposed_on, _w = a
            w = worn if acquired_on <= as_of else 0
            yield [tag, category, vehicles.get(category, False), name, board, holder, location, acquired_on, cost,
                   w, cost - w, status, disposed_on, as_of]
    return rows()
