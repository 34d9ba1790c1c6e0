"""What the fleet's paperwork says, and who may file scans on its records (issue 14).

`dispatch_order` reads the facts of a booking's lệnh điều xe in one unit of work and returns plain
values, so the view renders the PDF once the unit of work is closed (no row lock held while
WeasyPrint works).
"""
from __future__ import annotations

from buildingblocks.identity import Principal

from ..domain import booking as rules
from ..domain.access import ensure_manager
from .common import load_booking
from .maintenance import show_record


def dispatch_order(uow, principal: Principal, booking_id: int) -> dict:
    """The facts of the dispatch order of a booking the caller may see, once it was dispatched."""
    booking = load_booking(uow, principal, booking_id)
    rules.ensure_order_issued(booking.status)
    vehicle, driver = booking.vehicle, uow.drivers.view(booking.driver_id)
    return {
        "id": booking.id, "unit": booking.unit, "unit_name": uow.replica.unit_name(booking.unit),
        "purpose": booking.purpose, "destination": booking.destination,
        "start_at": booking.start_at, "end_at": booking.end_at, "passengers": booking.passengers,
        "requester": booking.requester_name or _name(uow, booking.requester_staff_id, booking.requested_by),
        "vehicle": {"plate": vehicle.plate, "model": vehicle.model, "seats": vehicle.seats},
        "driver": {"name": driver.full_name if driver else f"#{booking.driver_id}",
                   "licence_class": driver.licence_class if driver else None},
        "dispatched_by": booking.dispatched_by, "dispatched_at": booking.dispatched_at,
        "status": booking.status,
    }


def _name(uow, staff_id: int | None, fallback: str) -> str:
    row = uow.replica.staff(staff_id) if staff_id is not None else None
    return row.full_name if row is not None else fallback


# -- who reads and who adds the files of a record (attachment_routes' load and may_add) -----------

def booking_unit(uow, principal: Principal, booking_id: int) -> str:
    """The board of a booking the caller may see (NotFound otherwise)."""
    return load_booking(uow, principal, booking_id).unit


def may_attach_to_booking(uow, principal: Principal, booking_id: int) -> None:
    """NotAllowed unless the caller acts on the booking (requester, driver, board head, fleet office, leadership)."""
    booking = load_booking(uow, principal, booking_id)
    rules.ensure_may_attach(principal, booking.unit, booking.requested_by, booking.requester_staff_id, booking.driver_id)


def record_unit(uow, principal: Principal, record_id: int) -> str | None:
    """A maintenance record the pool's readers see: the Office's (its board is the Office's)."""
    show_record(uow, principal, record_id)
    return uow.replica.office_code()


def may_attach_to_record(uow, principal: Principal, record_id: int) -> None:
    """NotAllowed unless the caller is the fleet office."""
    ensure_manager(principal)
