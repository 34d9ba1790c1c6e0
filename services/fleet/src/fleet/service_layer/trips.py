"""The trip itself: the driver starts it (vehicle and odometer confirmed) and completes it
(odometer, fuel); completion is charged to the board through `fleet.trip.completed`."""
from __future__ import annotations

from buildingblocks.clock import utcnow
from buildingblocks.identity import Principal

from ..adapters.metrics import BOOKING_TRANSITIONS, FUEL_FLAGGED
from ..adapters.orm import Booking, Vehicle
from ..domain import booking as rules
from ..domain.fuel import check_fuel
from ..domain.trips import TripEnd, check_end, check_start
from .common import load_booking

TRIP_COMPLETED = "fleet.trip.completed"


def _trip(uow, principal: Principal, booking_id: int) -> tuple[Booking, Vehicle]:
    """The booking (locked) and its vehicle (locked, after it), once the caller may record the trip."""
    booking = load_booking(uow, principal, booking_id, lock=True)
    rules.ensure_may_drive(principal, booking.driver_id)
    rules.ensure_state(booking.status, "driven", rules.COMPLETABLE)
    [vehicle] = uow.vehicles.lock([booking.vehicle_id])
    return booking, vehicle


def start_trip(uow, principal: Principal, booking_id: int, vehicle_id: int, odometer_start_km: int) -> Booking:
    """The driver sets off: confirms the vehicle they took and the odometer reading."""
    booking, vehicle = _trip(uow, principal, booking_id)
    check_start(booking.status, booking.vehicle_id, vehicle.plate, vehicle_id, odometer_start_km, vehicle.odometer_km)
    booking.status = rules.IN_PROGRESS
    booking.started_at = utcnow()
    booking.odometer_start_km = odometer_start_km
    uow.commit()
    BOOKING_TRANSITIONS.labels(rules.IN_PROGRESS).inc()
    return booking


def _record_end(booking: Booking, vehicle: Vehicle, end: TripEnd, data: dict, fuel, who: str) -> None:
    booking.odometer_start_km, booking.odometer_end_km, booking.km = end.start_km, end.end_km, end.km
    booking.fuel_litres, booking.fuel_cost_vnd = data["fuel_litres"], data["fuel_cost_vnd"]
    booking.fuel_expected_litres, booking.fuel_flagged = fuel.expected_litres, fuel.flagged
    booking.started_at, booking.ended_at = end.started_at, end.ended_at
    booking.status = rules.COMPLETED
    booking.completed_by, booking.completed_at = who, utcnow()
    vehicle.odometer_km = max(vehicle.odometer_km, end.end_km)


def complete_trip(uow, principal: Principal, booking_id: int, data: dict) -> Booking:
    """The trip ended: odometer end (and start, unless the trip was started), fuel litres and cost.

    The vehicle's odometer moves to the end reading; fuel above norm x km plus the tolerance is
    flagged; the board is charged through `fleet.trip.completed`.
    """
    booking, vehicle = _trip(uow, principal, booking_id)
    end = check_end(booking.status, given_start_km=data.get("odometer_start_km"),
                    recorded_start_km=booking.odometer_start_km, end_km=data["odometer_end_km"],
                    vehicle_odometer_km=vehicle.odometer_km, booked_start=booking.start_at,
                    started_at=booking.started_at, ended_at=data.get("ended_at"), now=utcnow())
    fuel = check_fuel(vehicle.fuel_norm_l_per_100km, end.km, data["fuel_litres"], uow.config.fuel_tolerance)
    _record_end(booking, vehicle, end, data, fuel, principal.username)
    uow.publish(TRIP_COMPLETED, {
        "booking_id": booking.id, "unit": booking.unit, "vehicle_id": vehicle.id, "plate": vehicle.plate,
        "driver_id": booking.driver_id, "km": end.km, "fuel_litres": float(booking.fuel_litres),
        "fuel_cost_vnd": int(booking.fuel_cost_vnd), "fuel_flagged": fuel.flagged,
        "started_at": end.started_at.isoformat(), "completed_at": end.ended_at.isoformat(),
    }, unit=booking.unit)
    uow.commit()
    BOOKING_TRANSITIONS.labels(rules.COMPLETED).inc()
    if fuel.flagged:
        FUEL_FLAGGED.inc()
    return booking
