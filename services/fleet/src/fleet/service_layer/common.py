"""What every use case shares: loading a record the caller may see."""
from __future__ import annotations

from buildingblocks.errors import NotFound
from buildingblocks.identity import Principal

from ..adapters.orm import Booking, Vehicle
from ..domain import booking as rules

SERVICE = rules.SERVICE
FLEET_OFFICE = rules.FLEET_OFFICE


def load_vehicle(uow, vehicle_id: int) -> Vehicle:
    """The vehicle, or NotFound."""
    vehicle = uow.vehicles.get(vehicle_id)
    if vehicle is None:
        raise NotFound(f"vehicle {vehicle_id} not found")
    return vehicle


def load_booking(uow, principal: Principal, booking_id: int, lock: bool = False) -> Booking:
    """The booking if the caller may see it (their board's, their own trip as driver, or scope).

    With `lock`, the row is locked until the transaction ends (and read fresh).
    """
    booking = uow.bookings.get(booking_id, lock=lock)
    if booking is None:
        raise NotFound(f"booking {booking_id} not found")
    rules.ensure_visible(principal, booking.id, booking.unit, booking.driver_id)
    return booking


def release_assignment(booking: Booking, why: str) -> None:
    """Put a dispatched booking back to approved, without vehicle and driver (they became unavailable)."""
    booking.status = rules.APPROVED
    booking.vehicle = None
    booking.driver_id = None
    booking.blocked_until = None
    booking.dispatched_by = booking.dispatched_at = booking.dispatch_mode = None
    booking.dispatch_note = why[:500]
