"""The fleet office keeps the vehicles: register, edit, take out of service; assets feeds them too."""
from __future__ import annotations

import datetime as dt
import logging

from buildingblocks.cars import check_room
from buildingblocks.clock import local_today, utcnow
from buildingblocks.identity import Principal

from ..adapters.orm import Vehicle
from ..domain.feasibility import VEHICLE_AVAILABLE, VEHICLE_RETIRED
from ..domain.vehicles import check_edit, fuel_type_of, normalize_plate, plate_taken, replacement_reasons, seats_of
from .common import FLEET_OFFICE, load_vehicle, release_assignment

log = logging.getLogger(__name__)


VEHICLE_REGISTERED = "fleet.vehicle.registered"
VEHICLE_RETIRED_EVENT = "fleet.vehicle.retired"


def _counts(uow, seats: int, holder_staff_id: int | None, status: str | None) -> bool:
    return status != VEHICLE_RETIRED and uow.config.car_limit.counts(seats, holder_staff_id)


def ensure_room(uow) -> None:
    """Refuse a general-use car past the Office's entitlement plus the leadership's exceptions
    (409 car_limit, with the figures); the count is serialized with other additions."""
    rules = uow.config.car_limit
    uow.vehicles.lock_count()
    check_room(rules, uow.vehicles.general_use(rules.max_seats), uow.car_limits.extra())


def _publish_registered(uow, vehicle: Vehicle) -> None:
    """The register hears of the car (assets registers it unless the plate is already there)."""
    uow.publish(VEHICLE_REGISTERED, {
        "vehicle_id": vehicle.id, "plate": vehicle.plate, "model": vehicle.model or "", "seats": vehicle.seats,
        "fuel_type": vehicle.fuel_type or "petrol", "fuel_norm_l_per_100km": float(vehicle.fuel_norm_l_per_100km or 0),
        "odometer_km": int(vehicle.odometer_km or 0), "holder_staff_id": vehicle.holder_staff_id,
        "acquired_on": vehicle.acquired_on, "original_cost_vnd": vehicle.original_cost_vnd,
        "unit": uow.replica.office_code()})


def create_vehicle(uow, principal: Principal, data: dict) -> Vehicle:
    """Register a vehicle in the pool (or with a dedicated holder); a general-use car only within
    the Office's entitlement. The asset register hears of it by `fleet.vehicle.registered`."""
    principal.require_role(FLEET_OFFICE)
    if data.get("holder_staff_id") is not None:
        uow.replica.require_staff(data["holder_staff_id"], field="holder_staff_id")
    if uow.vehicles.by_plate(data["plate"]) is not None:
        raise plate_taken()
    vehicle = Vehicle(**{**data, "plate": normalize_plate(data["plate"])})
    vehicle.status = vehicle.status or VEHICLE_AVAILABLE
    if _counts(uow, vehicle.seats, vehicle.holder_staff_id, vehicle.status):
        ensure_room(uow)
    uow.vehicles.add(vehicle)
    if vehicle.asset_id is None:
        _publish_registered(uow, vehicle)
    uow.commit()
    return vehicle


def replacement_of(config, vehicle: Vehicle, today=None) -> dict:
    """Whether the car meets a condition of NĐ 72/2023 Art 3.4 for replacement, and which."""
    reasons = replacement_reasons(
        config.replacement, today or local_today(), odometer_km=int(vehicle.odometer_km or 0),
        acquired_on=vehicle.acquired_on, useful_life_years=vehicle.useful_life_years,
        original_cost_vnd=vehicle.original_cost_vnd, repair_estimate_vnd=vehicle.repair_estimate_vnd)
    return {"due": bool(reasons) and vehicle.status != VEHICLE_RETIRED, "reasons": reasons}


def list_vehicles(uow, principal: Principal, args: dict) -> tuple[list[Vehicle], str | None]:
    """The vehicles, by id, narrowed by status, seats, the shared pool and `q` (every staff member may look)."""
    return uow.vehicles.page(args)


def show_vehicle(uow, principal: Principal, vehicle_id: int) -> Vehicle:
    """One vehicle (every staff member may look at the pool)."""
    return load_vehicle(uow, vehicle_id)


def update_vehicle(uow, principal: Principal, vehicle_id: int, data: dict) -> Vehicle:
    """Edit a vehicle; see `check_edit` for what an edit may not break."""
    principal.require_role(FLEET_OFFICE)
    load_vehicle(uow, vehicle_id)
    [vehicle] = uow.vehicles.lock([vehicle_id])
    if data.get("holder_staff_id") is not None:
        uow.replica.require_staff(data["holder_staff_id"], field="holder_staff_id")
    check_edit(vehicle.plate, vehicle.status, vehicle.odometer_km, data, uow.bookings.upcoming(utcnow(), vehicle_id=vehicle.id))
    if "plate" in data:
        data["plate"] = normalize_plate(data["plate"])
        other = uow.vehicles.by_plate(data["plate"])
        if other is not None and other.id != vehicle.id:
            raise plate_taken()
    was_retired, counted = vehicle.status == VEHICLE_RETIRED, _counts(uow, vehicle.seats, vehicle.holder_staff_id,
                                                                        vehicle.status)
    after = {"seats": vehicle.seats, "holder_staff_id": vehicle.holder_staff_id, "status": vehicle.status,
             **{k: data[k] for k in ("seats", "holder_staff_id", "status") if k in data}}
    if not counted and _counts(uow, **after):
        ensure_room(uow)
    for key, value in data.items():
        setattr(vehicle, key, value)
    uow.vehicles.flush()
    if vehicle.status == VEHICLE_RETIRED and not was_retired:
        uow.publish(VEHICLE_RETIRED_EVENT, {"vehicle_id": vehicle.id, "plate": vehicle.plate,
                                            "asset_id": vehicle.asset_id, "retired_on": local_today()})
    elif was_retired and vehicle.status != VEHICLE_RETIRED:
        vehicle.asset_id = vehicle.asset_tag = None  # the old asset was disposed of: registered anew
        uow.vehicles.flush()
        _publish_registered(uow, vehicle)
    uow.commit()
    return vehicle


def _asset_facts(vehicle: Vehicle, data: dict) -> None:
    """What the register knows that Art 3.4 judges replacement by."""
    if data.get("acquired_on"):
        vehicle.acquired_on = dt.date.fromisoformat(str(data["acquired_on"])[:10])
    if data.get("original_cost_vnd") is not None:
        vehicle.original_cost_vnd = int(data["original_cost_vnd"])
    if data.get("useful_life_years"):
        vehicle.useful_life_years = int(data["useful_life_years"])


def _reuse_retired(vehicle: Vehicle, data: dict, attrs: dict) -> None:
    """A plate passed on from a disposed car: the retired record becomes the new car."""
    vehicle.asset_id, vehicle.asset_tag = int(data["asset_id"]), data.get("tag")
    vehicle.repair_estimate_vnd = None
    vehicle.seats = seats_of(attrs)
    vehicle.model = str(attrs.get("model") or data.get("name") or vehicle.model)[:120]
    if attrs.get("fuel_norm_l_per_100km") is not None:
        vehicle.fuel_norm_l_per_100km = float(attrs["fuel_norm_l_per_100km"])
    vehicle.odometer_km = int(attrs.get("odometer_km") or 0)
    vehicle.holder_staff_id = data.get("holder_staff_id")
    vehicle.status = VEHICLE_AVAILABLE


def _link(vehicle: Vehicle, data: dict, attrs: dict, plate: str) -> None:
    """The asset of a vehicle the pool already has under that plate."""
    asset_id = int(data["asset_id"])
    if vehicle.asset_id is None:
        vehicle.asset_id, vehicle.asset_tag = asset_id, data.get("tag")
        _asset_facts(vehicle, data)
    elif vehicle.status == VEHICLE_RETIRED:
        _reuse_retired(vehicle, data, attrs)
        _asset_facts(vehicle, data)
    else:
        log.warning("vehicle asset %s has plate %s, which fleet's vehicle %s (asset %s) already carries",
                    asset_id, plate, vehicle.id, vehicle.asset_id)


def register_from_asset(uow, data: dict) -> Vehicle | None:
    """A vehicle asset registered in assets joins the pool (or links to the vehicle of the same plate).

    Idempotent: the same asset registered again changes nothing. An asset without a plate or
    seats cannot be dispatched safely, so it is logged and left for the fleet office to enter.
    The register refused the car past the entitlement already; one that arrives past it anyway
    (an exception recorded meanwhile, a change of configuration) joins and is logged.
    """
    if not data.get("is_vehicle") or uow.vehicles.by_asset(int(data["asset_id"])) is not None:
        return None
    attrs = data.get("attributes") or {}
    if not attrs.get("plate") or seats_of(attrs) < 1:
        log.warning("vehicle asset %s has no plate or seats; not added to the pool", data["asset_id"])
        return None
    plate = normalize_plate(str(attrs["plate"]))
    vehicle = uow.vehicles.by_plate(plate)
    if vehicle is not None:
        _link(vehicle, data, attrs, plate)
        return vehicle
    vehicle = Vehicle(
        plate=plate, model=str(attrs.get("model") or data.get("name") or "")[:120], seats=seats_of(attrs),
        fuel_type=fuel_type_of(attrs), fuel_norm_l_per_100km=float(attrs.get("fuel_norm_l_per_100km") or 0.0),
        odometer_km=int(attrs.get("odometer_km") or 0), status=VEHICLE_AVAILABLE,
        holder_staff_id=data.get("holder_staff_id"), asset_id=int(data["asset_id"]), asset_tag=data.get("tag"))
    _asset_facts(vehicle, data)
    return uow.vehicles.add(vehicle)


def retire_from_asset(uow, data: dict) -> Vehicle | None:
    """A disposed vehicle asset is retired; its upcoming dispatched trips go back to the dispatcher."""
    if not data.get("is_vehicle"):
        return None
    vehicle = uow.vehicles.by_asset(int(data["asset_id"]))
    if vehicle is None and data.get("plate"):
        vehicle = uow.vehicles.by_plate(data["plate"])
    if vehicle is None:
        return None
    # lock order: bookings before the vehicle, as dispatch does
    upcoming = uow.bookings.lock_dispatched(vehicle_id=vehicle.id)
    uow.vehicles.lock([vehicle.id])
    for booking in upcoming:
        release_assignment(booking, f"vehicle {vehicle.plate} was disposed of; dispatch again")
    vehicle.status = VEHICLE_RETIRED
    uow.vehicles.flush()
    return vehicle




def estimate_from_asset(uow, data: dict) -> Vehicle | None:
    """A repair estimate of the car's asset is kept on the car (and its cost, if unknown): above
    FLEET_REPLACEMENT_REPAIR_RATIO of the cost, the car is flagged for replacement."""
    vehicle = uow.vehicles.by_asset(int(data["asset_id"]))
    if vehicle is None:
        return None
    vehicle.repair_estimate_vnd = int(data["estimated_cost_vnd"])
    if vehicle.original_cost_vnd is None and data.get("original_cost_vnd"):
        vehicle.original_cost_vnd = int(data["original_cost_vnd"])
    uow.vehicles.flush()
    return vehicle
