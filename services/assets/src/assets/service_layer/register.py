"""The asset register: registering, searching, changing and moving assets, with their history."""
from __future__ import annotations

import datetime as dt
from typing import Any

from buildingblocks.cars import check_room
from buildingblocks.clock import local_today
from buildingblocks.errors import Invalid, NotFound, RuleBroken
from buildingblocks.identity import Principal

from ..adapters.orm import Asset, Category
from ..config import SERVICE
from ..domain import assets as rules
from ..domain import wear
from ..domain.stocktake import normalize_tag
from .common import (
    list_board,
    not_in_future,
    record_history,
    require_board,
    require_category,
    require_office,
    require_staff_of_board,
)
from .views import asset_view, history_view

# who the history names when HR's events change the register
SYSTEM_ACTOR_HR = "hr-event"

# -- reading --------------------------------------------------------------------------------------


def views_of(uow, assets: list[Asset]) -> list[dict]:
    flags = uow.categories.vehicle_flags()
    worn = uow.assets.accumulated_wear([a.id for a in assets])
    return [asset_view(a, flags.get(a.category, False), worn.get(a.id, 0)) for a in assets]


def view_of(uow, asset: Asset) -> dict:
    return views_of(uow, [asset])[0]


def load_visible(uow, principal: Principal, asset_id: int, for_update: bool = False) -> Asset:
    """The asset if the caller may see it; NotFound for an unknown one or another board's."""
    asset = uow.assets.get(asset_id, lock=for_update)
    if asset is None:
        raise NotFound(f"asset {asset_id} not found")
    principal.ensure_can_see(asset.unit, SERVICE, what=f"asset {asset_id}")
    return asset


def list_items(uow, principal: Principal, args: dict) -> dict:
    """Search and filter the register; a board sees its own assets."""
    rows, cursor = uow.assets.page(list_board(principal, args.get("unit")), args)
    return {"items": views_of(uow, rows), "next_cursor": cursor}


def get_item(uow, principal: Principal, asset_id: int) -> dict:
    return view_of(uow, load_visible(uow, principal, asset_id))


def item_history(uow, principal: Principal, asset_id: int) -> list[dict]:
    """Every move and status change of an asset, oldest first."""
    load_visible(uow, principal, asset_id)
    return [history_view(h) for h in uow.assets.history(asset_id)]


def item_residual(uow, principal: Principal, asset_id: int, as_of: dt.date) -> dict:
    """Residual value of one asset as of a date: cost - wear of the fiscal years ended by then."""
    asset = load_visible(uow, principal, asset_id)
    if as_of < asset.acquired_on:
        raise Invalid(f"asset {asset.tag} was acquired on {asset.acquired_on}, after {as_of}",
                      errors={"as_of": [f"before the acquisition on {asset.acquired_on}"]})
    entries = uow.assets.wear_entries(asset.id)
    accumulated = wear.accumulated_as_of(entries, as_of)
    return {
        "asset_id": asset.id, "tag": asset.tag, "as_of": as_of, "unit": uow.assets.unit_as_of(asset, as_of),
        "original_cost_vnd": asset.original_cost_vnd, "accumulated_wear_vnd": accumulated,
        "residual_vnd": asset.original_cost_vnd - accumulated,
        "disposed": asset.disposed_on is not None and asset.disposed_on <= as_of,
        "last_worn_fiscal_year": max((y for y, _ in entries if wear.fiscal_year_end(y) <= as_of), default=None),
    }


# -- registering ----------------------------------------------------------------------------------


def next_tag(uow, year: int) -> str:
    """A tag nobody has: the year's counter, locked for the transaction, skipping hand-made tags."""
    while True:
        tag = rules.format_tag(uow.config.tag_prefix, year, uow.assets.next_tag_number(year))
        if not uow.assets.tag_taken(tag):
            return tag


def _vehicle_plate(uow, category: Category, attributes: dict, asset_id: int | None = None,
                   field: str = "attributes") -> str | None:
    """A vehicle's checked attributes and normalized plate (unique among assets not disposed)."""
    if not category.is_vehicle:
        return None
    errors = rules.vehicle_attribute_errors(attributes)
    if errors:
        raise Invalid("a vehicle needs a plate and its seats for the fleet",
                      errors={f"{field}.{name}": messages for name, messages in errors.items()})
    plate = rules.normalize_plate(attributes["plate"])
    clash = uow.assets.holding_plate(plate, asset_id)
    if clash is not None:
        raise RuleBroken(f"plate {attributes['plate']} is already on the register ({clash.tag})",
                         rule="unique_plate", tag=clash.tag)
    return plate


def general_use_cars(uow) -> int:
    """The cars on the register that count toward the Office's entitlement (buildingblocks.cars)."""
    rules = uow.config.car_limit
    return sum(1 for a in uow.assets.active_cars()
               if rules.counts(seats_of(a.attributes), a.holder_staff_id))


def seats_of(attributes: dict | None) -> int:
    try:
        return int((attributes or {}).get("seats") or 0)
    except (TypeError, ValueError):
        return 0


def ensure_car_room(uow, attributes: dict, holder_staff_id: int | None) -> None:
    """Refuse a general-use car past the Office's entitlement plus the leadership's exceptions
    (409 car_limit with the figures), whichever path adds it: registration, a procurement's
    receipt, a car received from another agency. Serialized with the other additions."""
    rules = uow.config.car_limit
    if not rules.counts(seats_of(attributes), holder_staff_id):
        return
    uow.assets.lock_car_count()
    check_room(rules, general_use_cars(uow), uow.car_limits.extra())


def _new_tag(uow, tag: str | None) -> str:
    if tag is None:
        return next_tag(uow, local_today().year)
    tag = normalize_tag(tag)
    if uow.assets.tag_taken(tag):
        raise RuleBroken(f"tag {tag} is already on the register", rule="unique_tag", tag=tag)
    return tag


def register_asset(uow, *, category: Category, name: str, unit: str, acquired_on: dt.date, original_cost_vnd: int,
                   actor: str, source: str, holder_staff_id: int | None = None, location: str | None = None,
                   status: str = rules.IN_USE, attributes: dict | None = None, tag: str | None = None,
                   reason: str | None = None, field_prefix: str = "", check_car_limit: bool = True) -> Asset:
    """Put one asset on the register, with its history entry and `assets.asset.registered`.
    The caller has checked the board and the holder. A car is refused past the Office's
    entitlement unless `check_car_limit` is false (fleet checked it already)."""
    attributes = dict(attributes or {})
    plate = _vehicle_plate(uow, category, attributes, field=f"{field_prefix}attributes")
    if plate is not None and check_car_limit:
        ensure_car_room(uow, attributes, holder_staff_id)
    tag = _new_tag(uow, tag)
    asset = Asset(tag=tag, category=category.code, name=name, unit=unit, holder_staff_id=holder_staff_id,
                  location=location, acquired_on=acquired_on, original_cost_vnd=original_cost_vnd, status=status,
                  attributes=attributes, plate=plate, source=source, created_by=actor)
    if not uow.assets.add(asset):
        # another request took the tag or the plate between our check and our insert
        raise RuleBroken(f"tag {tag} or plate {attributes.get('plate')} was just registered by another request",
                         rule="unique_tag_or_plate")
    record_history(uow, asset.id, "registered", actor, effective_on=acquired_on, to_unit=unit,
                   to_status=status, to_holder=holder_staff_id, reason=reason, reference=source)
    uow.publish("assets.asset.registered", {
        "asset_id": asset.id, "tag": asset.tag, "category": category.code, "is_vehicle": category.is_vehicle,
        "name": name, "unit": unit, "acquired_on": acquired_on, "original_cost_vnd": original_cost_vnd,
        "attributes": attributes, "holder_staff_id": holder_staff_id,
        "useful_life_years": category.useful_life_years,
    }, unit=unit)
    return asset


def register_item(uow, principal: Principal, data: dict) -> dict:
    """The Office registers an asset it already has (the initial register, a vehicle)."""
    require_office(principal)
    category = require_category(uow, data["category"])
    require_board(uow, data["unit"])
    if data.get("holder_staff_id") is not None:
        require_staff_of_board(uow, data["holder_staff_id"], data["unit"], "holder_staff_id")
    not_in_future(data["acquired_on"], "acquired_on")
    asset = register_asset(
        uow, category=category, name=data["name"], unit=data["unit"], acquired_on=data["acquired_on"],
        original_cost_vnd=data["original_cost_vnd"], actor=principal.username, source="register",
        holder_staff_id=data.get("holder_staff_id"), location=data.get("location"),
        status=data.get("status") or rules.IN_USE, attributes=data.get("attributes"), tag=data.get("tag"),
        reason=data.get("note"))
    view = view_of(uow, asset)
    uow.commit()
    return view


# -- changing -------------------------------------------------------------------------------------


def update_item(uow, principal: Principal, asset_id: int, changes: dict) -> dict:
    """The Office corrects an asset or hands it to someone else; each change goes in the history."""
    require_office(principal)
    asset = _changeable(uow, principal, asset_id)
    reason = changes.pop("reason", None)
    if "holder_staff_id" in changes and changes["holder_staff_id"] != asset.holder_staff_id:
        _hand_to(uow, principal, asset, changes["holder_staff_id"], reason)
    if "status" in changes and changes["status"] != asset.status:
        _set_status(uow, principal, asset, changes["status"], reason)
    if "attributes" in changes:
        category = uow.categories.get(asset.category)
        asset.plate = _vehicle_plate(uow, category, changes["attributes"] or {}, asset.id)
        asset.attributes = dict(changes["attributes"] or {})
    if "location" in changes and changes["location"] != asset.location:
        record_history(uow, asset.id, "relocated", principal.username, reason=reason or
                       f"location {asset.location or '-'} -> {changes['location'] or '-'}")
        asset.location = changes["location"]
    if "name" in changes:
        asset.name = changes["name"]
    uow.assets.save()
    view = view_of(uow, asset)
    uow.commit()
    return view


def _changeable(uow, principal: Principal, asset_id: int) -> Asset:
    """The asset, locked, if the caller sees it and it is not disposed."""
    asset = load_visible(uow, principal, asset_id, for_update=True)
    if asset.status == rules.DISPOSED:
        raise RuleBroken(f"asset {asset.tag} is disposed", rule="disposed_is_final")
    return asset


def _hand_to(uow, principal: Principal, asset: Asset, holder: int | None, reason: str | None) -> None:
    if holder is not None:
        require_staff_of_board(uow, holder, asset.unit, "holder_staff_id")
    record_history(uow, asset.id, "holder_changed", principal.username, from_holder=asset.holder_staff_id,
                   to_holder=holder, reason=reason)
    asset.holder_staff_id = holder


def _set_status(uow, principal: Principal, asset: Asset, status: str, reason: str | None) -> None:
    if asset.status == rules.IN_REPAIR:
        raise RuleBroken(f"asset {asset.tag} is in repair: complete or cancel the repair",
                         rule="repair_decides_status")
    record_history(uow, asset.id, "status_changed", principal.username, from_status=asset.status,
                   to_status=status, reason=reason)
    asset.status = status


def move_asset(uow, asset: Asset, to_unit: str, actor: str, *, effective_on: dt.date,
               reason: str | None, reference: str | None = None, holder_staff_id: Any = "keep",
               location: Any = "keep") -> None:
    """Hand an asset to another board: history entry and `assets.asset.transferred`."""
    from_unit = asset.unit
    new_holder = asset.holder_staff_id if holder_staff_id == "keep" else holder_staff_id
    record_history(uow, asset.id, rules.TRANSFERRED, actor, effective_on=effective_on, from_unit=from_unit,
                   to_unit=to_unit, from_holder=asset.holder_staff_id, to_holder=new_holder, reason=reason,
                   reference=reference)
    asset.unit = to_unit
    asset.holder_staff_id = new_holder
    if location != "keep":
        asset.location = location
    is_vehicle = uow.categories.vehicle_flags().get(asset.category, False)
    uow.publish("assets.asset.transferred", {
        "asset_id": asset.id, "tag": asset.tag, "from_unit": from_unit, "to_unit": to_unit,
        "is_vehicle": is_vehicle, "effective_on": effective_on, "plate": (asset.attributes or {}).get("plate"),
    }, unit=to_unit)


def transfer_item(uow, principal: Principal, asset_id: int, data: dict) -> dict:
    """The Office moves an asset between boards."""
    require_office(principal)
    asset = _changeable(uow, principal, asset_id)
    to_unit = data["to_unit"]
    require_board(uow, to_unit, field="to_unit")
    if to_unit == asset.unit:
        raise Invalid(f"asset {asset.tag} is already held by {to_unit}",
                      errors={"to_unit": [f"already held by {to_unit}"]})
    holder = data.get("holder_staff_id")
    if holder is not None:
        require_staff_of_board(uow, holder, to_unit, "holder_staff_id")
    effective_on = data.get("effective_on") or local_today()
    not_in_future(effective_on, "effective_on")
    if effective_on < asset.acquired_on:
        raise Invalid("a transfer cannot precede the acquisition",
                      errors={"effective_on": [f"before the acquisition on {asset.acquired_on}"]})
    move_asset(uow, asset, to_unit, principal.username, effective_on=effective_on, reason=data.get("reason"),
               holder_staff_id=holder, location=data.get("location", "keep"))
    uow.assets.save()
    view = view_of(uow, asset)
    uow.commit()
    return view


def transfer_board_assets(uow, from_unit: str, to_unit: str, *, effective_on: dt.date,
                          reason: str, reference: str) -> int:
    """Move every asset of a board that HR dissolved to its successor; returns how many moved."""
    assets = uow.assets.of_board(from_unit)
    for asset in assets:
        move_asset(uow, asset, to_unit, SYSTEM_ACTOR_HR, effective_on=effective_on, reason=reason,
                   reference=reference)
    return len(assets)


def release_holder(uow, staff_id: int, keep_board: str | None, reason: str, reference: str) -> int:
    """Assets a staff member held stay with their board when the person leaves it; returns how
    many were released. `keep_board`: the board the person is now in (their assets there stay)."""
    released = 0
    for asset in uow.assets.held_by(staff_id):
        if keep_board is not None and asset.unit == keep_board:
            continue
        record_history(uow, asset.id, "holder_changed", SYSTEM_ACTOR_HR, from_holder=staff_id,
                       to_holder=None, reason=reason, reference=reference)
        asset.holder_staff_id = None
        released += 1
    return released
