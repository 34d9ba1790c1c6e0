"""/vehicles: the pool's cars (everyone reads; the fleet office writes) and their schedules."""
from __future__ import annotations

from flask_smorest import Blueprint

from buildingblocks.pagination import page_schema
from buildingblocks.web import current_principal, unit_of_work

from ..service_layer import reports, vehicles
from .common import ID, fleet_config, page
from .schemas import (
    PeriodQuery,
    VehicleCreateSchema,
    VehiclePatchSchema,
    VehicleQuery,
    VehicleScheduleSchema,
    VehicleSchema,
)

blp = Blueprint("vehicles", __name__, url_prefix="/vehicles", description="Vehicles of the pool")


@blp.route("", methods=["GET"])
@blp.arguments(VehicleQuery, location="query")
@blp.response(200, page_schema(VehicleSchema))
def list_vehicles(args):
    """List vehicles (filters: status, min_seats, pool)."""
    with unit_of_work() as uow:
        return page(*vehicles.list_vehicles(uow, current_principal(), args))


@blp.route("", methods=["POST"])
@blp.arguments(VehicleCreateSchema)
@blp.response(201, VehicleSchema)
def create_vehicle(data):
    """Register a vehicle (fleet office). The plate is unique (409 plate_taken)."""
    with unit_of_work() as uow:
        return vehicles.create_vehicle(uow, current_principal(), data)


@blp.route(f"/<{ID}:vehicle_id>", methods=["GET"])
@blp.response(200, VehicleSchema)
def show_vehicle(vehicle_id):
    """One vehicle."""
    with unit_of_work() as uow:
        return vehicles.show_vehicle(uow, current_principal(), vehicle_id)


@blp.route(f"/<{ID}:vehicle_id>", methods=["PATCH"])
@blp.arguments(VehiclePatchSchema)
@blp.response(200, VehicleSchema)
def update_vehicle(data, vehicle_id):
    """Edit a vehicle (fleet office); out of service while dispatched on upcoming trips is 409."""
    with unit_of_work() as uow:
        return vehicles.update_vehicle(uow, current_principal(), vehicle_id, data)


@blp.route(f"/<{ID}:vehicle_id>/schedule", methods=["GET"])
@blp.arguments(PeriodQuery, location="query")
@blp.response(200, VehicleScheduleSchema)
def vehicle_schedule(args, vehicle_id):
    """The vehicle's trips and workshop stays between two dates (inclusive)."""
    with unit_of_work() as uow:
        return reports.vehicle_schedule(uow, current_principal(), fleet_config(), vehicle_id, args["from_"], args["to"])
