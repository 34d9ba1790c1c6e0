"""Events the finance service publishes (routing key = type; envelope `unit` = the board concerned)."""
from __future__ import annotations

from marshmallow import Schema, fields, validate

from . import event
from ._attachment import attachment_added


class _Reservation(Schema):
    source = fields.Str(required=True, metadata={"description": 'what asked for the reservation, e.g. "assets.procurement"'})
    source_id = fields.Raw(required=True, metadata={
        "description": "the id of the request in its service, exactly as it was sent (the procurement_id)"})
    unit = fields.Str(required=True, metadata={"description": "the board whose budget is charged"})
    fiscal_year = fields.Int(required=True)
    category = fields.Str(required=True, metadata={"description": 'the budget category, e.g. "procurement"'})
    amount_vnd = fields.Int(required=True, validate=validate.Range(min=0), metadata={"description": "the amount asked"})


@event("finance.reservation.accepted", version=1,
       description="Finance reserved the amount another service asked for (answer to assets.procurement.submitted). "
                   "It stays reserved until the request is received (spent) or cancelled (released).")
class ReservationAccepted(_Reservation):
    pass


@event("finance.reservation.rejected", version=1,
       description="Finance could not reserve the amount: the board's budget has not enough available "
                   "(or there is no such budget). Nothing is held.")
class ReservationRejected(_Reservation):
    reason = fields.Str(required=True, metadata={"description": "why, in words, with the figures"})
    available_vnd = fields.Int(required=True, metadata={"description": "what the budget had available when asked"})


@event("finance.budget.overrun", version=1,
       description="A cost that cannot be refused (a trip's fuel, a repair, maintenance, a receipt above its "
                   "reservation) was booked past the budget's allocation. The figures are the budget's after "
                   "the booking.")
class BudgetOverrun(Schema):
    unit = fields.Str(required=True)
    fiscal_year = fields.Int(required=True)
    category = fields.Str(required=True)
    allocated_vnd = fields.Int(required=True)
    spent_vnd = fields.Int(required=True)
    reserved_vnd = fields.Int(required=True)
    overrun_vnd = fields.Int(required=True, metadata={"description": "reserved + spent - allocated"})
    source = fields.Str(required=True, metadata={
        "description": 'what was booked: "fleet.trip", "fleet.maintenance", "assets.repair", "assets.procurement"'})
    source_id = fields.Raw(required=True, metadata={"description": "its id in that service, as it was sent"})


AttachmentAdded = attachment_added("finance", __name__)
