"""Reports: the register and its residual values per board and category, as of any date."""
from __future__ import annotations

import datetime as dt
from collections import defaultdict

from buildingblocks.identity import Principal
from sqlalchemy import or_, select

from ..adapters.orm import Asset, AssetHistory, Category, WearEntry
from ..domain import wear
from buildingblocks.clock import local_today

from .common import list_board
from .register import item_filter


def _on_books(session, as_of: dt.date) -> list[Asset]:
    return list(session.scalars(
        select(Asset).where(Asset.acquired_on <= as_of, or_(Asset.disposed_on.is_(None), Asset.disposed_on > as_of))
        .order_by(Asset.id)))


def _units_as_of(session, assets: list[Asset], as_of: dt.date) -> dict[int, str]:
    """asset id -> the board holding it on `as_of`, replaying the history of moves."""
    units = {a.id: a.unit for a in assets}
    rows = session.execute(
        select(AssetHistory.asset_id, AssetHistory.to_unit)
        .where(AssetHistory.to_unit.is_not(None), AssetHistory.effective_on <= as_of)
        .order_by(AssetHistory.effective_on, AssetHistory.id)).all()
    for asset_id, to_unit in rows:
        if asset_id in units:
            units[asset_id] = to_unit
    return units


def _wear_as_of(session, as_of: dt.date) -> dict[int, int]:
    last_year = wear.last_closed_fiscal_year(as_of)
    worn: dict[int, int] = defaultdict(int)
    for asset_id, amount in session.execute(
            select(WearEntry.asset_id, WearEntry.amount_vnd).where(WearEntry.fiscal_year <= last_year)):
        worn[asset_id] += amount
    return worn


def register_report(uow, principal: Principal, args: dict) -> dict:
    """Per board and category, as of a date: how many assets, their cost, wear and residual value,
    and how many in each status."""
    session = uow.session
    as_of = args.get("as_of") or local_today()
    unit = list_board(principal, args.get("unit"))
    assets = _on_books(session, as_of)
    units = _units_as_of(session, assets, as_of)
    worn = _wear_as_of(session, as_of)
    names = dict(session.execute(select(Category.code, Category.name)).all())
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
    """The register report as table rows (REGISTER_REPORT_HEADER), for the CSV export."""
    report = register_report(uow, principal, args)
    return [[report["as_of"].isoformat(), r["unit"], r["category"], r["category_name"], r["asset_count"],
             r["original_cost_vnd"], r["accumulated_wear_vnd"], r["residual_vnd"]] for r in report["rows"]]


def items_rows(uow, principal: Principal, args: dict) -> list[list]:
    """The register itself, one asset a row (ITEMS_HEADER), with its residual value as of a date."""
    session = uow.session
    as_of = args.get("as_of") or local_today()
    assets = list(session.scalars(item_filter(select(Asset), principal, args).order_by(Asset.id)))
    worn = _wear_as_of(session, as_of)
    vehicles = uow.categories.vehicle_flags()
    rows = []
    for a in assets:
        w = worn.get(a.id, 0) if a.acquired_on <= as_of else 0
        rows.append([a.tag, a.category, vehicles.get(a.category, False), a.name, a.unit, a.holder_staff_id or "",
                     a.location or "", a.acquired_on.isoformat(), a.original_cost_vnd, w, a.original_cost_vnd - w,
                     a.status, a.disposed_on.isoformat() if a.disposed_on else "", as_of.isoformat()])
    return rows
