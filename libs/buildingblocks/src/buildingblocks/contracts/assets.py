"""Events the assets service publishes (routing key = type; envelope `unit` = the board concerned)."""
from __future__ import annotations

from marshmallow import Schema, fields, validate

from . import event
from ._attachment import attachment_added


class _Procurement(Schema):
    procurement_id = fields.Int(required=True, metadata={"description": "the procurement request's id in assets"})
    unit = fields.Str(required=True, metadata={"description": "the requesting board"})
    fiscal_year = fields.Int(required=True, metadata={"description": "the budget year to charge"})
    category = fields.Str(required=True, metadata={"description": 'the budget category, "procurement"'})


@event("assets.procurement.submitted", version=1,
       description="A board submitted a procurement within the standards: finance is asked to reserve "
                   "`amount_vnd` and answers with finance.reservation.accepted or .rejected "
                   '(`source` "assets.procurement", `source_id` = procurement_id).')
class ProcurementSubmitted(_Procurement):
    amount_vnd = fields.Int(required=True, validate=validate.Range(min=0),
                            metadata={"description": "estimated total (quantity x unit price of the lines)"})


@event("assets.procurement.received", version=1,
       description="The goods of an approved procurement were received and registered: finance books "
                   "`amount_vnd` as spent and releases the rest of the reservation.")
class ProcurementReceived(_Procurement):
    amount_vnd = fields.Int(required=True, validate=validate.Range(min=0),
                            metadata={"description": "actual total at the prices received"})


@event("assets.procurement.cancelled", version=1,
       description="A submitted procurement was cancelled or rejected: finance releases its reservation "
                   "(a no-op when there is none; it may arrive again for the same procurement).")
class ProcurementCancelled(_Procurement):
    reason = fields.Str(allow_none=True, load_default=None,
                        metadata={"description": '"cancelled" or "rejected", with the note given'})


@event("assets.repair.completed", version=1,
       description="A repair was completed: finance charges `cost_vnd` to the board holding the asset "
                   "(budget category repair).")
class RepairCompleted(Schema):
    repair_id = fields.Int(required=True)
    asset_id = fields.Int(required=True)
    tag = fields.Str(required=True)
    unit = fields.Str(required=True, metadata={"description": "the board holding the asset"})
    cost_vnd = fields.Int(required=True, validate=validate.Range(min=0), metadata={"description": "actual cost"})
    completed_on = fields.Date(required=True)


@event("assets.repair.opened", version=1,
       description="A vehicle went for repair with an estimate: fleet keeps the estimate on the car, which is "
                   "flagged for replacement when it is above 30 % of the car's cost (NĐ 72/2023 Art 3.4.c). "
                   "Published for vehicles only.")
class RepairOpened(Schema):
    repair_id = fields.Int(required=True)
    asset_id = fields.Int(required=True)
    tag = fields.Str(required=True)
    unit = fields.Str(required=True, metadata={"description": "the board holding the asset"})
    plate = fields.Str(allow_none=True, metadata={"description": "the vehicle's plate"})
    estimated_cost_vnd = fields.Int(required=True, validate=validate.Range(min=0))
    original_cost_vnd = fields.Int(required=True, validate=validate.Range(min=0))


@event("assets.asset.registered", version=1,
       description="An asset entered the register (receipt of a procurement, direct registration, or a "
                   "stock-take surplus). Fleet adds the ones with `is_vehicle` to its pool.")
class AssetRegistered(Schema):
    asset_id = fields.Int(required=True)
    tag = fields.Str(required=True)
    category = fields.Str(required=True)
    is_vehicle = fields.Bool(required=True)
    name = fields.Str(required=True)
    unit = fields.Str(required=True, metadata={"description": "the board holding it"})
    acquired_on = fields.Date(required=True)
    original_cost_vnd = fields.Int(required=True, validate=validate.Range(min=0))
    attributes = fields.Dict(required=True, metadata={
        "description": "free attributes; a vehicle has plate, seats, model, fuel_type, "
                       "fuel_norm_l_per_100km, odometer_km"})
    holder_staff_id = fields.Int(allow_none=True, metadata={"description": "the staff member holding it, if any"})
    useful_life_years = fields.Int(allow_none=True, metadata={
        "description": "its category's useful life, for fleet's replacement flag (NĐ 72/2023 Art 3.4.a)"})


@event("assets.asset.disposed", version=1,
       description="The leadership approved the disposal [thanh lý] of an asset: fleet retires a vehicle.")
class AssetDisposed(Schema):
    asset_id = fields.Int(required=True)
    tag = fields.Str(required=True)
    unit = fields.Str(required=True)
    is_vehicle = fields.Bool(required=True)
    disposed_on = fields.Date(allow_none=True)
    plate = fields.Str(allow_none=True, metadata={"description": "a vehicle's plate"})


@event("assets.asset.transferred", version=1,
       description="An asset moved to another board (by the Office, or because HR dissolved its board "
                   "into a successor).")
class AssetTransferred(Schema):
    asset_id = fields.Int(required=True)
    tag = fields.Str(required=True)
    from_unit = fields.Str(required=True)
    to_unit = fields.Str(required=True)
    is_vehicle = fields.Bool(required=True)
    effective_on = fields.Date(allow_none=True)
    plate = fields.Str(allow_none=True, metadata={"description": "a vehicle's plate"})


AttachmentAdded = attachment_added("assets", __name__)
