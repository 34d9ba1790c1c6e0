"""The trip itself: the driver starts it (vehicle and odometer confirmed) and completes it
(odometer, fuel); completion is charged to the board through `fleet.trip.completed`."""
from __future__ import annotations

import datetime as dt

from buildingblocks.db import UnitOfWork
from buildingblocks.errors import Conflict, Forbidden, Unprocessable
from buildingblocks.identity import Principal

from ..adapters import queries
from ..adapters.metrics import BOOKING_TRANSITIONS, FUEL_FLAGGED
from ..adapters.orm import Booking, Vehicle
from ..config import FleetConfig
from ..domain import booking as rules
from ..domain.fuel import check_fuel
from .bookings import may_act_on_trip
from .common import get_booking, now

TRIP_COMPLETED = "fleet.trip.completed"
# a driver's phone may run a little ahead of the server
CLOCK_SKEW = dt.timedelta(minutes=5)


def _trip_booking(uow: UnitOfWork, principal: Principal, booking_id: int) -> tuple[Booking, Vehicle]:
    booking = get_booking(uow.session, principal, booking_id, lock=True)
    if not may_act_on_trip(principal, booking):
        raise Forbidden("only the trip's driver or the fleet office records the trip")
    if booking.status not in rules.COMPLETABLE:
        raise Conflict(rules.wrong_state(booking.status, "driven", rules.COMPLETABLE), rule="booking_state",
                       booking_status=booking.status, current_status=booking.status)
    [vehicle] = queries.lock_vehicles(uow.session, [booking.vehicle_id])
    return booking, vehicle


def _check_start_reading(vehicle: Vehicle, reading: int) -> None:
    if reading < vehicle.odometer_km:
        raise Conflict(f"the odometer reads {reading} km, below the vehicle's last reading of {vehicle.odometer_km} km",
                       rule="odometer_behind", odometer_start_km=reading, vehicle_odometer_km=vehicle.odometer_km)


def start_trip(uow: UnitOfWork, principal: Principal, booking_id: int, vehicle_id: int,
               odometer_start_km: int) -> Booking:
    """The driver sets off: confirms the vehicle they took and the odometer reading."""
    booking, vehicle = _trip_booking(uow, principal, booking_id)
    if booking.status != rules.DISPATCHED:
        raise Conflict("the trip has already started", rule="booking_state", booking_status=booking.status, current_status=booking.status)
    if vehicle_id != booking.vehicle_id:
        raise Conflict(f"the booking was dispatched with vehicle {vehicle.plate} (id {vehicle.id}), not vehicle {vehicle_id}",
                       rule="wrong_vehicle", vehicle_id=booking.vehicle_id, asked_vehicle_id=vehicle_id)
    _check_start_reading(vehicle, odometer_start_km)
    booking.status = rules.IN_PROGRESS
    booking.started_at = now()
    booking.odometer_start_km = odometer_start_km
    uow.session.flush()
    uow.commit()
    BOOKING_TRANSITIONS.labels(rules.IN_PROGRESS).inc()
    return booking


def complete_trip(uow: UnitOfWork, principal: Principal, config: FleetConfig, booking_id: int, data: dict) -> Booking:
    """The trip ended: odometer end (and start, unless the trip was started), fuel litres and cost.

    The vehicle's odometer moves to the end reading; fuel above norm x km plus the tolerance is
    flagged; the board is charged through `fleet.trip.completed`.
    """
    booking, vehicle = _trip_booking(uow, principal, booking_id)
    start_reading = data.get("odometer_start_km")
    if booking.status == rules.IN_PROGRESS:
        if start_reading is not None and start_reading != booking.odometer_start_km:
            raise Unprocessable("the trip started with another odometer reading", errors={
                "odometer_start_km": [f"the trip started at {booking.odometer_start_km} km"]})
        start_reading = booking.odometer_start_km
    else:
        if start_reading is None:
            raise Unprocessable("the trip was not started: give the start reading",
                                errors={"odometer_start_km": ["required when the trip was not started"]})
        _check_start_reading(vehicle, start_reading)
    end_reading = data["odometer_end_km"]
    if end_reading < start_reading:
        raise Unprocessable("the end reading is below the start reading",
                            errors={"odometer_end_km": [f"must be at least the start reading {start_reading}"]})
    ended_at = data.get("ended_at") or now()
    if ended_at > now() + CLOCK_SKEW:
        raise Unprocessable("the trip cannot end in the future", errors={"ended_at": ["is in the future"]})
    if booking.started_at is not None and ended_at <= booking.started_at:
        raise Unprocessable("the trip cannot end before it started",
                            errors={"ended_at": [f"must be after {booking.started_at.isoformat()}"]})
    # a trip recorded without a start left at its booked time, or earlier if it is already over
    started_at = booking.started_at or min(booking.start_at, ended_at)
    km = end_reading - start_reading
    fuel = check_fuel(vehicle.fuel_norm_l_per_100km, km, data["fuel_litres"], config.fuel_tolerance)
    booking.odometer_start_km, booking.odometer_end_km, booking.km = start_reading, end_reading, km
    booking.fuel_litres, booking.fuel_cost_vnd = data["fuel_litres"], data["fuel_cost_vnd"]
    booking.fuel_expected_litres, booking.fuel_flagged = fuel.expected_litres, fuel.flagged
    booking.started_at, booking.ended_at = started_at, ended_at
    booking.status = rules.COMPLETED
    booking.completed_by, booking.completed_at = principal.username, now()
    vehicle.odometer_km = max(vehicle.odometer_km, end_reading)
    uow.session.flush()
    uow.publish(TRIP_COMPLETED, {
        "booking_id": booking.id, "unit": booking.unit, "vehicle_id": vehicle.id, "plate": vehicle.plate,
        "driver_id": booking.driver_id, "km": km, "fuel_litres": float(booking.fuel_litres),
        "fuel_cost_vnd": int(booking.fuel_cost_vnd), "fuel_flagged": fuel.flagged,
        "started_at": started_at.isoformat(), "completed_at": ended_at.isoformat(),
    }, unit=booking.unit)
    uow.commit()
    BOOKING_TRANSITIONS.labels(rules.COMPLETED).inc()
    if fuel.flagged:
        FUEL_FLAGGED.inc()
    return booking

