"""Events the fleet service publishes (routing key = type; envelope `unit` = the board concerned)."""
from __future__ import annotations

from marshmallow import Schema, fields, validate

from . import event
from ._attachment import attachment_added


@event("fleet.trip.completed", version=1,
       description="A trip of the shared pool was completed (odometer and fuel recorded): finance charges "
                   "`fuel_cost_vnd` to the board that booked it (`unit`, budget category transport). "
                   "Keyed by `booking_id`: a booking completes once.")
class TripCompleted(Schema):
    booking_id = fields.Int(required=True, metadata={"description": "the booking's id in fleet"})
    unit = fields.Str(required=True, metadata={"description": "the board that booked the trip (charged)"})
    vehicle_id = fields.Int(required=True, metadata={"description": "the vehicle's id in fleet"})
    plate = fields.Str(required=False, metadata={"description": "the vehicle's plate"})
    driver_id = fields.Int(required=True, metadata={"description": "the driver's HR staff id"})
    km = fields.Int(required=True, validate=validate.Range(min=0), metadata={"description": "odometer end - start"})
    fuel_litres = fields.Float(required=True, validate=validate.Range(min=0), metadata={"description": "fuel used"})
    fuel_cost_vnd = fields.Int(required=True, validate=validate.Range(min=0),
                               metadata={"description": "what the fuel cost, to be charged to `unit`"})
    fuel_flagged = fields.Bool(required=False, metadata={
        "description": "true when the litres exceed the vehicle's norm x km plus the tolerance"})
    started_at = fields.AwareDateTime(required=False, metadata={"description": "when the trip set off"})
    completed_at = fields.AwareDateTime(required=True, metadata={"description": "when the trip ended"})


@event("fleet.maintenance.completed", version=1,
       description="A maintenance of a pool vehicle was done: finance charges `cost_vnd` to the Office "
                   "(the unit of kind office; budget category maintenance). Keyed by `record_id`.")
class MaintenanceCompleted(Schema):
    record_id = fields.Int(required=True, metadata={"description": "the maintenance record's id in fleet"})
    vehicle_id = fields.Int(required=True, metadata={"description": "the vehicle's id in fleet"})
    plate = fields.Str(required=True, metadata={"description": "the vehicle's plate"})
    cost_vnd = fields.Int(required=True, validate=validate.Range(min=0), metadata={"description": "what it cost"})
    done_on = fields.Date(required=True, metadata={"description": "the day the vehicle came back"})
    description = fields.Str(required=False, metadata={"description": "what was done"})
    unit = fields.Str(allow_none=True, metadata={
        "description": "the Office's code in fleet's HR replica (the unit charged), null when unknown"})


@event("fleet.vehicle.registered", version=1,
       description="The fleet office added a car to the pool (or brought a retired one back): assets puts it "
                   "on the register unless a car of the same plate (letters and digits compared) is already "
                   "there. Keyed by the plate: a car is registered once.")
class VehicleRegistered(Schema):
    vehicle_id = fields.Int(required=True, metadata={"description": "the vehicle's id in fleet"})
    plate = fields.Str(required=True, metadata={"description": "the plate as written"})
    model = fields.Str(required=True)
    seats = fields.Int(required=True, metadata={"description": "seats, the driver's included"})
    fuel_type = fields.Str(required=True)
    fuel_norm_l_per_100km = fields.Float(required=True)
    odometer_km = fields.Int(required=True)
    holder_staff_id = fields.Int(allow_none=True, metadata={"description": "a dedicated holder, null for the pool"})
    acquired_on = fields.Date(allow_none=True, metadata={"description": "when the Office got it, if known"})
    original_cost_vnd = fields.Int(allow_none=True, validate=validate.Range(min=0),
                                   metadata={"description": "what it cost, if known"})
    unit = fields.Str(allow_none=True, metadata={"description": "the Office's code in fleet's HR replica"})


@event("fleet.vehicle.retired", version=1,
       description="The fleet office took a car out of service for good: assets disposes of its asset "
                   "(a no-op when it is already disposed).")
class VehicleRetired(Schema):
    vehicle_id = fields.Int(required=True, metadata={"description": "the vehicle's id in fleet"})
    plate = fields.Str(required=True)
    asset_id = fields.Int(allow_none=True, metadata={"description": "the asset in the register, if linked"})
    retired_on = fields.Date(required=True)


@event("fleet.car_limit.exception_recorded", version=1,
       description="The leadership let the Office hold `extra_cars` general-use cars above its entitlement "
                   "(NĐ 72/2023 Art 11) by decision `decision_no`: assets counts them too. Keyed by "
                   "`exception_id`.")
class CarLimitExceptionRecorded(Schema):
    exception_id = fields.Int(required=True, metadata={"description": "the exception's id in fleet"})
    decision_no = fields.Str(required=True, metadata={"description": "the leadership's decision number"})
    extra_cars = fields.Int(required=True, validate=validate.Range(min=1))
    decided_on = fields.Date(required=True)
    note = fields.Str(allow_none=True)


@event("fleet.car_limit.exception_withdrawn", version=1,
       description="The leadership withdrew its exception `exception_id` (mistaken or expired): its "
                   "`extra_cars` no longer count, in assets either. Keyed by `exception_id`.")
class CarLimitExceptionWithdrawn(Schema):
    exception_id = fields.Int(required=True, metadata={"description": "the exception's id in fleet"})
    decision_no = fields.Str(required=True, metadata={"description": "the leadership's decision number"})
    extra_cars = fields.Int(required=True, validate=validate.Range(min=1))
    reason = fields.Str(required=True, metadata={"description": "why the leadership withdrew it"})


AttachmentAdded = attachment_added("fleet", __name__)
