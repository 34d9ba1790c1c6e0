"""The fleet office keeps the vehicles: register, edit, take out of service; assets feeds them too."""
from __future__ import annotations

import logging

from sqlalchemy import func, or_, select

from buildingblocks.db import UnitOfWork, utcnow
from buildingblocks.errors import Conflict
from buildingblocks.identity import Principal
from buildingblocks.pagination import paginate
from buildingblocks.replica import require_staff
from buildingblocks.search import matches

from ..adapters import queries
from ..adapters.orm import Booking, Vehicle
from ..domain import booking as rules
from ..domain.feasibility import VEHICLE_AVAILABLE, VEHICLE_RETIRED
from ..domain.licences import passenger_seats
from ..domain.vehicles import compact_plate
from .bookings import release_assignment
from .common import FLEET_OFFICE, flush_or_conflict, get_vehicle

log = logging.getLogger(__name__)
FUEL_TYPES = ("petrol", "diesel", "hybrid", "electric")


def normalize_plate(plate: str) -> str:
    """How a plate is written in the pool: upper case, no spaces ("29a-123.45 " -> "29A-123.45")."""
    return "".join(plate.split()).upper()


def plate_key(plate: str) -> str:
    """What makes two plates the same car, as the assets register compares them: upper case,
    letters, digits and dashes only ("29A-123.45" and "29a-12345" are one car)."""
    return "".join(ch for ch in plate.upper() if ch.isalnum() or ch == "-")


def find_by_plate(session, plate: str) -> Vehicle | None:
    """The vehicle carrying `plate`, however its dots were written."""
    return session.scalars(select(Vehicle).where(func.replace(Vehicle.plate, ".", "") == plate_key(plate))).first()


def _holding_from_now(uow: UnitOfWork, vehicle_id: int) -> list[Booking]:
    stmt = select(Booking).where(Booking.vehicle_id == vehicle_id, Booking.status.in_(rules.HOLDING),
                                 Booking.end_at > utcnow()).order_by(Booking.start_at)
    return list(uow.session.scalars(stmt).unique().all())


def _booked(bookings: list[Booking]) -> list[dict]:
    return [{"booking_id": b.id, "unit": b.unit, "start_at": b.start_at.isoformat(), "end_at": b.end_at.isoformat(),
             "status": b.status, "passengers": b.passengers} for b in bookings]


def create_vehicle(uow: UnitOfWork, principal: Principal, data: dict) -> Vehicle:
    """Register a vehicle in the pool (or with a dedicated holder)."""
    principal.require_role(FLEET_OFFICE)
    if data.get("holder_staff_id") is not None:
        require_staff(uow.session, data["holder_staff_id"], field="holder_staff_id")
    if find_by_plate(uow.session, data["plate"]) is not None:
        raise Conflict("a vehicle with this plate already exists", rule="plate_taken")
    vehicle = Vehicle(**{**data, "plate": normalize_plate(data["plate"])})
    if vehicle.status is None:
        vehicle.status = VEHICLE_AVAILABLE
    uow.session.add(vehicle)
    flush_or_conflict(uow.session)
    uow.commit()
    return vehicle


def list_vehicles(uow: UnitOfWork, principal: Principal, args: dict) -> tuple[list[Vehicle], str | None]:
    """The vehicles, by id, narrowed by status, seats and whether they belong to the shared pool."""
    stmt = select(Vehicle)
    if args.get("status"):
        stmt = stmt.where(Vehicle.status == args["status"])
    if args.get("min_seats"):
        stmt = stmt.where(Vehicle.seats >= args["min_seats"])
    if args.get("pool") is True:
        stmt = stmt.where(Vehicle.holder_staff_id.is_(None))
    elif args.get("pool") is False:
        stmt = stmt.where(Vehicle.holder_staff_id.is_not(None))
    if args.get("q"):
        # a plate may be asked for with or without its dots and dashes
        q = args["q"]
        stmt = stmt.where(or_(matches(Vehicle.search_text, q),
                              matches(Vehicle.search_text, " ".join(compact_plate(w) or w for w in q.split()))))
    return paginate(uow.session, stmt, Vehicle.id, args["limit"], args.get("cursor"))


def show_vehicle(uow: UnitOfWork, principal: Principal, vehicle_id: int) -> Vehicle:
    """One vehicle (every staff member may look at the pool)."""
    return get_vehicle(uow.session, vehicle_id)


def update_vehicle(uow: UnitOfWork, principal: Principal, vehicle_id: int, data: dict) -> Vehicle:
    """Edit a vehicle. Taking it out of service, or removing seats, is refused (409) while
    upcoming dispatched trips need it: the dispatcher moves them first."""
    principal.require_role(FLEET_OFFICE)
    get_vehicle(uow.session, vehicle_id)
    [vehicle] = queries.lock_vehicles(uow.session, [vehicle_id])
    if "holder_staff_id" in data and data["holder_staff_id"] is not None:
        require_staff(uow.session, data["holder_staff_id"], field="holder_staff_id")
    if "odometer_km" in data and data["odometer_km"] < vehicle.odometer_km:
        raise Conflict(f"the odometer cannot go back from {vehicle.odometer_km} km", rule="odometer_behind",
                       vehicle_odometer_km=vehicle.odometer_km, odometer_km=data["odometer_km"])
    upcoming = _holding_from_now(uow, vehicle.id)
    if data.get("status") not in (None, VEHICLE_AVAILABLE) and data["status"] != vehicle.status and upcoming:
        raise Conflict(f"vehicle {vehicle.plate} is dispatched on {len(upcoming)} upcoming trip(s)",
                       rule="vehicle_booked", bookings=_booked(upcoming))
    if "seats" in data:
        short = [b for b in upcoming if b.passengers > passenger_seats(data["seats"])]
        if short:
            raise Conflict(f"{len(short)} upcoming trip(s) of vehicle {vehicle.plate} need more seats",
                           rule="vehicle_booked", bookings=_booked(short))
    if "plate" in data:
        data["plate"] = normalize_plate(data["plate"])
        other = find_by_plate(uow.session, data["plate"])
        if other is not None and other.id != vehicle.id:
            raise Conflict("a vehicle with this plate already exists", rule="plate_taken")
    for key, value in data.items():
        setattr(vehicle, key, value)
    flush_or_conflict(uow.session)
    uow.commit()
    return vehicle


def register_from_asset(uow: UnitOfWork, data: dict) -> Vehicle | None:
    """A vehicle asset registered in assets joins the pool (or links to the vehicle of the same plate).

    Idempotent: the same asset registered again changes nothing. An asset without a plate or
    seats cannot be dispatched safely, so it is logged and left for the fleet office to enter.
    """
    if not data.get("is_vehicle"):
        return None
    session = uow.session
    asset_id = int(data["asset_id"])
    if session.scalars(select(Vehicle).where(Vehicle.asset_id == asset_id)).first() is not None:
        return None
    attrs = data.get("attributes") or {}
    plate = attrs.get("plate")
    try:
        seats = int(attrs.get("seats"))
    except (TypeError, ValueError):
        seats = 0
    if not plate or seats < 1:
        log.warning("vehicle asset %s has no plate or seats; not added to the pool", asset_id)
        return None
    plate = normalize_plate(str(plate))
    vehicle = find_by_plate(session, plate)
    if vehicle is not None:
        if vehicle.asset_id is None:
            vehicle.asset_id, vehicle.asset_tag = asset_id, data.get("tag")
        elif vehicle.status == VEHICLE_RETIRED:
            # a plate passed on from a disposed car: the retired record becomes the new car
            vehicle.asset_id, vehicle.asset_tag = asset_id, data.get("tag")
            vehicle.seats = seats
            vehicle.model = str(attrs.get("model") or data.get("name") or vehicle.model)[:120]
            if attrs.get("fuel_norm_l_per_100km") is not None:
                vehicle.fuel_norm_l_per_100km = float(attrs["fuel_norm_l_per_100km"])
            vehicle.odometer_km = int(attrs.get("odometer_km") or 0)
            vehicle.holder_staff_id = data.get("holder_staff_id")
            vehicle.status = VEHICLE_AVAILABLE
        else:
            log.warning("vehicle asset %s has plate %s, which fleet's vehicle %s (asset %s) already carries",
                        asset_id, plate, vehicle.id, vehicle.asset_id)
        return vehicle
    fuel_type = str(attrs.get("fuel_type") or "petrol").lower()
    vehicle = Vehicle(
        plate=plate, model=str(attrs.get("model") or data.get("name") or "")[:120], seats=seats,
        fuel_type=fuel_type if fuel_type in FUEL_TYPES else "petrol",
        fuel_norm_l_per_100km=float(attrs.get("fuel_norm_l_per_100km") or 0.0),
        odometer_km=int(attrs.get("odometer_km") or 0), status=VEHICLE_AVAILABLE,
        holder_staff_id=data.get("holder_staff_id"), asset_id=asset_id, asset_tag=data.get("tag"))
    session.add(vehicle)
    session.flush()
    return vehicle


def retire_from_asset(uow: UnitOfWork, data: dict) -> Vehicle | None:
    """A disposed vehicle asset is retired; its upcoming dispatched trips go back to the dispatcher."""
    if not data.get("is_vehicle"):
        return None
    session = uow.session
    vehicle = session.scalars(select(Vehicle).where(Vehicle.asset_id == int(data["asset_id"]))).first()
    if vehicle is None and data.get("plate"):
        vehicle = find_by_plate(session, data["plate"])
    if vehicle is None:
        return None
    # lock order: bookings before the vehicle, as dispatch does
    upcoming = session.scalars(select(Booking).where(
        Booking.vehicle_id == vehicle.id, Booking.status == rules.DISPATCHED)
        .with_for_update(of=Booking).execution_options(populate_existing=True)).unique().all()
    queries.lock_vehicles(session, [vehicle.id])
    for booking in upcoming:
        release_assignment(booking, f"vehicle {vehicle.plate} was disposed of; dispatch again")
    vehicle.status = VEHICLE_RETIRED
    session.flush()
    return vehicle
