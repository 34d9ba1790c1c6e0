"""/bookings: request, decide, dispatch, drive, complete, cancel."""
from __future__ import annotations

from flask_smorest import Blueprint

from buildingblocks.pagination import page_schema
from buildingblocks.web import current_principal, unit_of_work

from ..service_layer import bookings, dispatch, trips
from .common import ID, fleet_config, loaded, page
from .schemas import (
    ApproveSchema,
    BookingCreateSchema,
    BookingQuery,
    BookingSchema,
    CancelSchema,
    CompleteTripSchema,
    DispatchSchema,
    RejectSchema,
    StartTripSchema,
)

blp = Blueprint("bookings", __name__, url_prefix="/bookings", description="Bookings and their trips")


@blp.route("", methods=["GET"])
@blp.arguments(BookingQuery, location="query")
@blp.response(200, page_schema(BookingSchema))
def list_bookings(args):
    """Bookings the caller may see, newest first (a board's own; all for fleet office, leadership, auditors)."""
    with unit_of_work() as uow:
        return page(*bookings.list_bookings(uow, current_principal(), args))


@blp.route("", methods=["POST"])
@blp.arguments(BookingCreateSchema)
@blp.response(201, BookingSchema)
def create_booking(data):
    """Book a car for your board; a leadership booking is approved at once."""
    with unit_of_work() as uow:
        return loaded(bookings.create_booking(uow, current_principal(), fleet_config(), data))


@blp.route(f"/<{ID}:booking_id>", methods=["GET"])
@blp.response(200, BookingSchema)
def show_booking(booking_id):
    """One booking (404 for another board's)."""
    with unit_of_work() as uow:
        return loaded(bookings.show_booking(uow, current_principal(), booking_id))


@blp.route(f"/<{ID}:booking_id>/approve", methods=["POST"])
@blp.arguments(ApproveSchema)
@blp.response(200, BookingSchema)
def approve_booking(data, booking_id):
    """The board's unit head (or the leadership) approves."""
    with unit_of_work() as uow:
        return loaded(bookings.approve_booking(uow, current_principal(), booking_id, data.get("note")))


@blp.route(f"/<{ID}:booking_id>/reject", methods=["POST"])
@blp.arguments(RejectSchema)
@blp.response(200, BookingSchema)
def reject_booking(data, booking_id):
    """The board's unit head (or the leadership) rejects, with a reason."""
    with unit_of_work() as uow:
        return loaded(bookings.reject_booking(uow, current_principal(), booking_id, data["reason"]))


@blp.route(f"/<{ID}:booking_id>/cancel", methods=["POST"])
@blp.arguments(CancelSchema)
@blp.response(200, BookingSchema)
def cancel_booking(data, booking_id):
    """Cancel before departure: a dispatched booking releases its vehicle and driver."""
    with unit_of_work() as uow:
        return loaded(bookings.cancel_booking(uow, current_principal(), booking_id, data.get("reason")))


@blp.route(f"/<{ID}:booking_id>/dispatch", methods=["POST"])
@blp.arguments(DispatchSchema)
@blp.response(200, BookingSchema)
def dispatch_booking(data, booking_id):
    """Assign a vehicle and a driver (fleet office): name them, or omit either to let the service
    choose the least used feasible one. 409 names every conflict."""
    with unit_of_work() as uow:
        return loaded(dispatch.dispatch_booking(uow, current_principal(), fleet_config(), booking_id,
                                         data.get("vehicle_id"), data.get("driver_id")))


@blp.route(f"/<{ID}:booking_id>/start", methods=["POST"])
@blp.arguments(StartTripSchema)
@blp.response(200, BookingSchema)
def start_trip(data, booking_id):
    """The driver sets off, confirming the vehicle and the odometer reading."""
    with unit_of_work() as uow:
        return loaded(trips.start_trip(uow, current_principal(), booking_id, data["vehicle_id"],
                                       data["odometer_start_km"]))


@blp.route(f"/<{ID}:booking_id>/complete", methods=["POST"])
@blp.arguments(CompleteTripSchema)
@blp.response(200, BookingSchema)
def complete_trip(data, booking_id):
    """The trip ended: odometer and fuel; the board is charged through fleet.trip.completed."""
    with unit_of_work() as uow:
        return loaded(trips.complete_trip(uow, current_principal(), fleet_config(), booking_id, data))
