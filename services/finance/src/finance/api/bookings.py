"""/reservations and /chargebacks: what assets and fleet events booked, for reading."""

from __future__ import annotations

from buildingblocks.pagination import page_schema
from buildingblocks.web import current_principal, unit_of_work
from flask_smorest import Blueprint

from ..service_layer import booked
from .common import page_answer
from .schemas import BookingQuery, ChargebackOut, ReservationOut

blp = Blueprint("bookings", __name__, url_prefix="",
                description="Reservations for other services' requests, and chargebacks of costs they incurred")


@blp.get("/reservations")
@blp.arguments(BookingQuery, location="query")
@blp.response(200, page_schema(ReservationOut))
def list_reservations(args):
    """Reservations (e.g. for assets procurements), newest first; a board sees its own."""
    with unit_of_work() as uow:
        return page_answer(*booked.list_records(uow, current_principal(), "reservation", args))


@blp.get("/reservations/<id:record_id>")
@blp.response(200, ReservationOut)
def get_reservation(record_id):
    """One reservation."""
    with unit_of_work() as uow:
        return booked.get(uow, current_principal(), "reservation", record_id)


@blp.get("/chargebacks")
@blp.arguments(BookingQuery, location="query")
@blp.response(200, page_schema(ChargebackOut))
def list_chargebacks(args):
    """Chargebacks (trips, maintenance, repairs), newest first; a board sees its own."""
    with unit_of_work() as uow:
        return page_answer(*booked.list_records(uow, current_principal(), "chargeback", args))


@blp.get("/chargebacks/<id:record_id>")
@blp.response(200, ChargebackOut)
def get_chargeback(record_id):
    """One chargeback."""
    with unit_of_work() as uow:
        return booked.get(uow, current_principal(), "chargeback", record_id)
