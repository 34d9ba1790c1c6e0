"""One register for cars (issue 13): what fleet tells the register. A car the fleet office added
to the pool is put on the register (once: plates compare by letters and digits); a car it
retired is disposed of; an exception the leadership recorded to the car entitlement is counted.

Handlers call these and never commit: the consumer does, with its inbox row.
"""
from __future__ import annotations

import datetime as dt
import logging

from buildingblocks.clock import local_today

from ..adapters.orm import Asset, CarLimitException
from ..domain import assets as rules
from .common import board_of, record_history
from .register import register_asset

log = logging.getLogger(__name__)
FLEET_ACTOR = "fleet-event"


def _date(value) -> dt.date | None:
    try:
        return dt.date.fromisoformat(str(value)[:10]) if value else None
    except ValueError:
        return None


def register_from_fleet(uow, data: dict) -> Asset | None:
    """A car the fleet office added joins the register, on the Office's board, unless a car of
    that plate is already on it (a car registered here and announced to fleet, or the same event
    again). Fleet checked the entitlement when it took the car, so it is not refused here."""
    plate = rules.normalize_plate(data["plate"])
    if uow.assets.holding_plate(plate) is not None:
        return None
    vehicles = uow.categories.list(is_vehicle=True)
    if not vehicles:
        log.warning("no vehicle category on the register: car %s of fleet not registered", data["plate"])
        return None
    unit = board_of(uow, data.get("unit")) if data.get("unit") else None
    if unit is None or uow.replica.unit(unit) is None:
        log.warning("fleet's car %s names no board the register knows (%r): not registered", data["plate"],
                    data.get("unit"))
        return None
    attributes = {"plate": data["plate"], "seats": int(data["seats"]), "model": data.get("model") or None,
                  "fuel_type": data.get("fuel_type"), "fuel_norm_l_per_100km": data.get("fuel_norm_l_per_100km"),
                  "odometer_km": data.get("odometer_km")}
    return register_asset(
        uow, category=vehicles[0], name=f"Xe ô tô {data.get('model') or data['plate']}".strip(), unit=unit,
        acquired_on=_date(data.get("acquired_on")) or local_today(),
        original_cost_vnd=int(data.get("original_cost_vnd") or 0), actor=FLEET_ACTOR,
        source=f"fleet:{data['vehicle_id']}", holder_staff_id=data.get("holder_staff_id"),
        attributes={k: v for k, v in attributes.items() if v is not None},
        reason="xe do đội xe đưa vào sử dụng", check_car_limit=False)


def dispose_from_fleet(uow, data: dict) -> Asset | None:
    """A car the fleet office retired leaves the register's active items (and
    `assets.asset.disposed` tells whoever listens; fleet finds the car retired already)."""
    asset = uow.assets.get(int(data["asset_id"]), lock=True) if data.get("asset_id") else None
    if asset is None:
        asset = uow.assets.holding_plate(rules.normalize_plate(data["plate"]))
    if asset is None or asset.status == rules.DISPOSED:
        return None
    retired_on = max(_date(data.get("retired_on")) or local_today(), asset.acquired_on)
    record_history(uow, asset.id, "disposed", FLEET_ACTOR, effective_on=retired_on, from_status=asset.status,
                   to_status=rules.DISPOSED, reason="đội xe thôi sử dụng xe", reference=f"fleet:{data['vehicle_id']}")
    asset.status = rules.DISPOSED
    asset.disposed_on = retired_on
    uow.assets.save()
    uow.publish("assets.asset.disposed", {
        "asset_id": asset.id, "tag": asset.tag, "unit": asset.unit, "is_vehicle": True, "disposed_on": retired_on,
        "plate": (asset.attributes or {}).get("plate")}, unit=asset.unit)
    return asset


def keep_exception(uow, data: dict) -> bool:
    """Count an exception the leadership recorded in fleet (once, whatever the deliveries)."""
    return uow.car_limits.add_once(CarLimitException(
        id=int(data["exception_id"]), decision_no=data["decision_no"], extra_cars=int(data["extra_cars"]),
        decided_on=_date(data["decided_on"]), note=data.get("note")))


def drop_exception(uow, data: dict) -> bool:
    """Stop counting an exception the leadership withdrew in fleet (once, whatever the deliveries)."""
    return uow.car_limits.withdraw(int(data["exception_id"]), data["decision_no"], int(data["extra_cars"]),
                                   data["reason"])
