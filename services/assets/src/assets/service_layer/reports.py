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
    assets = uow.assets.on_books(as_of)
    units = uow.assets.units_as_of(assets, as_of)
    worn = uow.assets.wear_until(wear.last_closed_fiscal_year(as_of))
    names = uow.categories.names()
    rows: dict[tuple[str, str], dict] = {}
    for asset in assets:
        board = units[asset.id]
        if unit and board != unit:
            continue
        if args.get("category") and asset.category != args["category"]:
            continue
        row = rows.setdefault((board, asset.category), {
            "unit": board, "category": asset.category, "category_name": names.get(asset.category, ""),
            "asset_count": 0, "original_cost_vnd": 0, "accumulated_wear_vnd": 0, "residual_vnd": 0,
            "by_status": defaultdict(int)})
        row["asset_count"] += 1
        row["original_cost_vnd"] += asset.original_cost_vnd
        row["accumulated_wear_vnd"] += worn.get(asset.id, 0)
        row["residual_vnd"] += asset.original_cost_vnd - worn.get(asset.id, 0)
        # the status shown is today's: the register keeps status history, not status snapshots
        row["by_status"][asset.status] += 1
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


REGISTER_REPORT_HEADER = ["as_of", "unit", "category", "category_name", "asset_count", "original_cost_vnd",
                          "accumulated_wear_vnd", "residual_vnd"]
ITEMS_HEADER = ["tag", "category", "is_vehicle", "name", "unit", "holder_staff_id", "location", "acquired_on",
                "original_cost_vnd", "accumulated_wear_vnd", "residual_vnd", "status", "disposed_on", "as_of"]


def register_report_rows(uow, principal: Principal, args: dict) -> list[list]:
    """The register report as table rows (REGISTER_REPORT_HEADER), for the CSV and .xlsx exports."""
    report = register_report(uow, principal, args)
    return [[report["as_of"], r["unit"], r["category"], r["category_name"], r["asset_count"],
             r["original_cost_vnd"], r["accumulated_wear_vnd"], r["residual_vnd"]] for r in report["rows"]]


def items_rows(uow, principal: Principal, args: dict) -> list[list]:
    """The register itself, one asset a row (ITEMS_HEADER), with its residual value as of a date."""
    as_of = args.get("as_of") or local_today()
    assets = uow.assets.matching(list_board(principal, args.get("unit")), args)
    worn = uow.assets.wear_until(wear.last_closed_fiscal_year(as_of))
    vehicles = uow.categories.vehicle_flags()
    rows = []
    for a in assets:
        w = worn.get(a.id, 0) if a.acquired_on <= as_of else 0
        rows.append([a.tag, a.category, vehicles.get(a.category, False), a.name, a.unit, a.holder_staff_id,
                     a.location, a.acquired_on, a.original_cost_vnd, w, a.original_cost_vnd - w,
                     a.status, a.disposed_on, as_of])
    return rows
