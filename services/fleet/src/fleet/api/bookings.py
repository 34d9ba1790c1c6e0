"""/bookings: request, decide, dispatch, drive, complete, cancel."""
from __future__ import annotations

from flask_smorest import Blueprint

from buildingblocks.attachment_routes import attachment_routes
from buildingblocks.documents import pdf_response
from buildingblocks.pagination import page_schema
from buildingblocks.web import current_principal, unit_of_work

from ..adapters.documents import dispatch_order_pdf
from ..adapters.orm import ATTACHMENT_TABLES
from ..service_layer import bookings, dispatch, documents, trips
from .common import loaded, page
from .schemas import (
    BookingApprove,
    BookingCreate,
    BookingQuery,
    BookingOut,
    BookingCancel,
    TripComplete,
    BookingDispatch,
    BookingReject,
    TripStart,
)

blp = Blueprint("bookings", __name__, url_prefix="/bookings", description="Bookings and their trips")


@blp.get("")
@blp.arguments(BookingQuery, location="query")
@blp.response(200, page_schema(BookingOut))
def list_bookings(args):
    """Bookings the caller may see, newest first (a board's own; all for fleet office, leadership, auditors)."""
    with unit_of_work() as uow:
        return page(*bookings.list_bookings(uow, current_principal(), args))


@blp.post("")
@blp.arguments(BookingCreate)
@blp.response(201, BookingOut)
def create_booking(data):
    """Book a car for your board; the leadership's own booking (for its own unit) is approved at once."""
    with unit_of_work() as uow:
        return loaded(bookings.create_booking(uow, current_principal(), data))


@blp.get("/<id:booking_id>")
@blp.response(200, BookingOut)
def show_booking(booking_id):
    """One booking (404 for another board's)."""
    with unit_of_work() as uow:
        return loaded(bookings.show_booking(uow, current_principal(), booking_id))


@blp.post("/<id:booking_id>/approve")
@blp.arguments(BookingApprove)
@blp.response(200, BookingOut)
def approve_booking(data, booking_id):
    """The board's unit head (or the leadership) approves."""
    with unit_of_work() as uow:
        return loaded(bookings.approve_booking(uow, current_principal(), booking_id, data.get("note")))


@blp.post("/<id:booking_id>/reject")
@blp.arguments(BookingReject)
@blp.response(200, BookingOut)
def reject_booking(data, booking_id):
    """The board's unit head (or the leadership) rejects, with a reason."""
    with unit_of_work() as uow:
        return loaded(bookings.reject_booking(uow, current_principal(), booking_id, data["reason"]))


@blp.post("/<id:booking_id>/cancel")
@blp.arguments(BookingCancel)
@blp.response(200, BookingOut)
def cancel_booking(data, booking_id):
    """Cancel before departure: a dispatched booking releases its vehicle and driver."""
    with unit_of_work() as uow:
        return loaded(bookings.cancel_booking(uow, current_principal(), booking_id, data.get("reason")))


@blp.post("/<id:booking_id>/dispatch")
@blp.arguments(BookingDispatch)
@blp.response(200, BookingOut)
def dispatch_booking(data, booking_id):
    """Assign a vehicle and a driver (fleet office): name them, or omit either to let the service
    choose the least used feasible one. 409 names every conflict."""
    with unit_of_work() as uow:
        return loaded(dispatch.dispatch_booking(uow, current_principal(), booking_id,
                                         data.get("vehicle_id"), data.get("driver_id")))


@blp.post("/<id:booking_id>/start")
@blp.arguments(TripStart)
@blp.response(200, BookingOut)
def start_trip(data, booking_id):
    """The driver sets off, confirming the vehicle and the odometer reading."""
    with unit_of_work() as uow:
        return loaded(trips.start_trip(uow, current_principal(), booking_id, data["vehicle_id"],
                                       data["odometer_start_km"]))


@blp.post("/<id:booking_id>/complete")
@blp.arguments(TripComplete)
@blp.response(200, BookingOut)
def complete_trip(data, booking_id):
    """The trip ended: odometer and fuel; the board is charged through fleet.trip.completed."""
    with unit_of_work() as uow:
        return loaded(trips.complete_trip(uow, current_principal(), booking_id, data))


@blp.get("/<id:booking_id>/order.pdf")
@blp.response(200, content_type="application/pdf")
def dispatch_order(booking_id):
    """The lệnh điều xe (PDF, A4) once dispatched (409 before): rendered once the unit of work is closed."""
    with unit_of_work() as uow:
        facts = documents.dispatch_order(uow, current_principal(), booking_id)
    return pdf_response(f"lenh-dieu-xe-{booking_id}.pdf", dispatch_order_pdf(facts))


# Scans (the signed order, fuel receipts): POST/GET /bookings/<id>/attachments,
# GET /bookings/<id>/attachments/<attachment_id>; whoever sees the booking reads them,
# its requester, its driver, its board's head, the fleet office and the leadership add them.
attachment_routes(blp, "/<id:record_id>/attachments", kind="booking", tables=ATTACHMENT_TABLES,
                  load=documents.booking_unit, may_add=documents.may_attach_to_booking)
