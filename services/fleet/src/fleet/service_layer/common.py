"""What every use case shares: the service name for scoping, the clock, record look-ups."""
from __future__ import annotations

import datetime as dt

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from buildingblocks.db import utcnow
from buildingblocks.errors import Conflict, NotFound
from buildingblocks.identity import Principal

from ..adapters.orm import Booking, Vehicle
from ..adapters.queries import lock_booking

SERVICE = "fleet"
FLEET_OFFICE = "office_fleet"
# who reads the whole pool's plans and reports: the fleet office, the leadership, the auditors
POOL_READERS = (FLEET_OFFICE, "leadership", "auditor")


def now() -> dt.datetime:
    """The current time (aware, UTC)."""
    return utcnow()


def get_vehicle(session: Session, vehicle_id: int) -> Vehicle:
    """The vehicle, or 404."""
    vehicle = session.get(Vehicle, vehicle_id)
    if vehicle is None:
        raise NotFound(f"vehicle {vehicle_id} not found")
    return vehicle


def is_driver_of(principal: Principal, booking: Booking) -> bool:
    """True when the caller is the driver the booking was dispatched to."""
    return principal.staff_id is not None and booking.driver_id == principal.staff_id


def get_booking(session: Session, principal: Principal, booking_id: int, lock: bool = False) -> Booking:
    """The booking if the caller may see it (their board's, their own trip as driver, or scope); else 404.

    With `lock`, the row is locked until the transaction ends (and read fresh).
    """
    booking = lock_booking(session, booking_id) if lock else session.get(Booking, booking_id)
    if booking is None or not (principal.can_see(booking.unit, SERVICE) or is_driver_of(principal, booking)):
        raise NotFound(f"booking {booking_id} not found")
    return booking


def flush_or_conflict(session: Session) -> None:
    """Flush; a double booking caught by the database's exclusion constraint becomes a 409.

    The row locks taken before checking should make this unreachable; it is the last line.
    """
    try:
        session.flush()
    except IntegrityError as exc:
        name = getattr(getattr(exc.orig, "diag", None), "constraint_name", None) or str(exc.orig)
        if "ex_bookings_vehicle_overlap" in name:
            raise Conflict("the vehicle is already booked at that time", rule="vehicle_busy") from None
        if "ex_bookings_driver_overlap" in name:
            raise Conflict("the driver is already booked at that time", rule="driver_busy") from None
        if "uq_vehicles_plate" in name or "plate" in name:
            raise Conflict("a vehicle with this plate already exists", rule="plate_taken") from None
        if "uq_vehicles_asset_id" in name or "asset_id" in name:
            raise Conflict("a vehicle is already linked to this asset", rule="asset_taken") from None
        raise

