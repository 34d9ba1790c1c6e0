"""Repairs: opened with an estimate, completed at the actual cost that finance charges back to
the board holding the asset."""
from __future__ import annotations

from buildingblocks.clock import local_date, local_today, utcnow
from buildingblocks.errors import Invalid, NotFound, RuleBroken
from buildingblocks.identity import Principal

from ..adapters.orm import Asset, Repair
from ..config import SERVICE
from ..domain import assets as rules
from .common import (
    ensure_may_act_for,
    list_board,
    not_in_future,
    record_history,
    require_office,
)
from .register import load_visible
from .views import repair_view

OPEN, COMPLETED, CANCELLED = "open", "completed", "cancelled"


def _view(uow, r: Repair) -> dict:
    return repair_view(r, uow.assets.tags({r.asset_id}).get(r.asset_id, ""))


def list_repairs(uow, principal: Principal, args: dict, asset_id: int | None = None) -> dict:
    if asset_id is not None:
        load_visible(uow, principal, asset_id)
    rows, cursor = uow.repairs.page(list_board(principal, args.get("unit")), args, asset_id)
    tags = uow.assets.tags({r.asset_id for r in rows})
    return {"items": [repair_view(r, tags.get(r.asset_id, "")) for r in rows], "next_cursor": cursor}


def load_repair(uow, principal: Principal, repair_id: int, lock: bool = False) -> Repair:
    """The repair if the caller may see it; NotFound for an unknown one or another board's."""
    repair = uow.repairs.get(repair_id, lock=lock)
    if repair is None:
        raise NotFound(f"repair {repair_id} not found")
    principal.ensure_can_see(repair.unit, SERVICE, what=f"repair {repair_id}")
    return repair


def get_repair(uow, principal: Principal, repair_id: int) -> dict:
    return _view(uow, load_repair(uow, principal, repair_id))


def open_repair(uow, principal: Principal, asset_id: int, data: dict) -> dict:
    """A board or the Office sends an asset for repair with an estimate; the asset is in repair."""
    asset = load_visible(uow, principal, asset_id, for_update=True)
    ensure_may_act_for(principal, asset.unit)
    if asset.status not in (rules.IN_USE, rules.IDLE):
        raise RuleBroken(f"asset {asset.tag} is {asset.status}: only an asset in use or idle goes to repair",
                         rule="repairable_status", current_status=asset.status)
    category = uow.categories.get(asset.category)
    repair = Repair(
        asset_id=asset.id, unit=asset.unit, description=data["description"], vendor=data.get("vendor"),
        status=OPEN, estimated_cost_vnd=data["estimated_cost_vnd"], status_before=asset.status,
        requested_by=principal.username, replacement_advised=rules.repair_advises_replacement(
            category.is_vehicle, data["estimated_cost_vnd"], asset.original_cost_vnd,
            uow.config.vehicle_replacement_repair_ratio))
    if not uow.repairs.add(repair):
        raise RuleBroken(f"asset {asset.tag} already has an open repair", rule="one_open_repair")
    record_history(uow, asset.id, "status_changed", principal.username, from_status=asset.status,
                   to_status=rules.IN_REPAIR, reason=data["description"], reference=f"repair:{repair.id}")
    asset.status = rules.IN_REPAIR
    uow.repairs.save()
    if category.is_vehicle:  # fleet keeps the estimate on the car (replacement flag, Art 3.4.c)
        uow.publish("assets.repair.opened", {
            "repair_id": repair.id, "asset_id": asset.id, "tag": asset.tag, "unit": asset.unit,
            "plate": (asset.attributes or {}).get("plate"), "estimated_cost_vnd": repair.estimated_cost_vnd,
            "original_cost_vnd": asset.original_cost_vnd}, unit=asset.unit)
    view = repair_view(repair, asset.tag)
    uow.commit()
    return view


def _close(uow, principal: Principal, repair_id: int, status: str, note: str | None) -> tuple[Repair, Asset]:
    require_office(principal)
    repair = load_repair(uow, principal, repair_id, lock=True)
    if repair.status != OPEN:
        raise RuleBroken(f"repair {repair_id} is {repair.status}", rule="repair_status", current_status=repair.status)
    asset = uow.assets.get(repair.asset_id, lock=True)
    repair.status = status
    repair.closed_by = principal.username
    repair.closed_at = utcnow()
    repair.note = note
    back_to = repair.status_before if repair.status_before in (rules.IN_USE, rules.IDLE) else rules.IN_USE
    if asset.status == rules.IN_REPAIR:
        record_history(uow, asset.id, "status_changed", principal.username, from_status=asset.status,
                       to_status=back_to, reason=f"repair {status}", reference=f"repair:{repair.id}")
        asset.status = back_to
    return repair, asset


def complete_repair(uow, principal: Principal, repair_id: int, data: dict) -> dict:
    """The Office records the actual cost; finance charges it to the board holding the asset."""
    repair, asset = _close(uow, principal, repair_id, COMPLETED, data.get("note"))
    completed_on = data.get("completed_on") or local_today()
    not_in_future(completed_on, "completed_on")
    opened_on = local_date(repair.opened_at)
    if completed_on < opened_on:
        raise Invalid("a repair cannot complete before it was opened",
                            errors={"completed_on": [f"before the repair was opened on {opened_on}"]})
    repair.actual_cost_vnd = data["actual_cost_vnd"]
    repair.completed_on = completed_on
    uow.publish("assets.repair.completed", {
        "repair_id": repair.id, "asset_id": asset.id, "tag": asset.tag, "unit": asset.unit,
        "cost_vnd": repair.actual_cost_vnd, "completed_on": completed_on}, unit=asset.unit)
    uow.repairs.save()
    view = repair_view(repair, asset.tag)
    uow.commit()
    return view


def cancel_repair(uow, principal: Principal, repair_id: int, note: str | None) -> dict:
    repair, asset = _close(uow, principal, repair_id, CANCELLED, note)
    uow.repairs.save()
    view = repair_view(repair, asset.tag)
    uow.commit()
    return view
