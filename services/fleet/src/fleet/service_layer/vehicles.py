"""The fleet office keeps the vehicles: register, edit, take out of service; assets feeds them too."""
from __future__ import annotations

import logging

from buildingblocks.clock import utcnow
from buildingblocks.identity import Principal

from ..adapters.orm import Vehicle
from ..domain.feasibility import VEHICLE_AVAILABLE, VEHICLE_RETIRED
from ..domain.vehicles import check_edit, fuel_type_of, normalize_plate, plate_taken, seats_of
from .common import FLEET_OFFICE, load_vehicle, release_assignment

log = logging.getLogger(__name__)


def create_vehicle(uow, principal: Principal, data: dict) -> Vehicle:
    """Register a vehicle in the pool (or with a dedicated holder)."""
    principal.require_role(FLEET_OFFICE)
    if data.get("holder_staff_id") is not None:
        uow.replica.require_staff(data["holder_staff_id"], field="holder_staff_id")
    if uow.vehicles.by_plate(data["plate"]) is not None:
        raise plate_taken()
    vehicle = Vehicle(**{**data, "plate": normalize_plate(data["plate"])})
    vehicle.status = vehicle.status or VEHICLE_AVAILABLE
    uow.vehicles.add(vehicle)
    uow.commit()
    return vehicle


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
    for key, value in data.items():
        setattr(vehicle, key, value)
    uow.vehicles.flush()
    uow.commit()
    return vehicle


def _reuse_retired(vehicle: Vehicle, data: dict, attrs: dict) -> None:
    """A plate passed on from a disposed car: the retired record becomes the new car."""
    vehicle.asset_id, vehicle.asset_tag = int(data["asset_id"]), data.get("tag")
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
    elif vehicle.status == VEHICLE_RETIRED:
        _reuse_retired(vehicle, data, attrs)
    else:
        log.warning("vehicle asset %s has plate %s, which fleet's vehicle %s (asset %s) already carries",
                    asset_id, plate, vehicle.id, vehicle.asset_id)


def register_from_asset(uow, data: dict) -> Vehicle | None:
    """A vehicle asset registered in assets joins the pool (or links to the vehicle of the same plate).

    Idempotent: the same asset registered again changes nothing. An asset without a plate or
    seats cannot be dispatched safely, so it is logged and left for the fleet office to enter.
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
    return uow.vehicles.add(Vehicle(
        plate=plate, model=str(attrs.get("model") or data.get("name") or "")[:120], seats=seats_of(attrs),
        fuel_type=fuel_type_of(attrs), fuel_norm_l_per_100km=float(attrs.get("fuel_norm_l_per_100km") or 0.0),
        odometer_km=int(attrs.get("odometer_km") or 0), status=VEHICLE_AVAILABLE,
        holder_staff_id=data.get("holder_staff_id"), asset_id=int(data["asset_id"]), asset_tag=data.get("tag")))


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


