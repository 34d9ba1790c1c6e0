"""/vehicles: the pool's cars (everyone reads; the fleet office writes) and their schedules."""
from __future__ import annotations

from flask_smorest import Blueprint

from buildingblocks.pagination import page_schema
from buildingblocks.web import current_principal, unit_of_work

from ..service_layer import reports, vehicles
from .common import page
from .schemas import (
    PeriodQuery,
    VehicleCreate,
    VehiclePatch,
    VehicleQuery,
    VehicleScheduleOut,
    VehicleOut,
)

blp = Blueprint("vehicles", __name__, url_prefix="/vehicles", description="Vehicles of the pool")


@blp.get("")
@blp.arguments(VehicleQuery, location="query")
@blp.response(200, page_schema(VehicleOut))
def list_vehicles(args):
    """List vehicles (filters: status, min_seats, pool)."""
    with unit_of_work() as uow:
        return page(*vehicles.list_vehicles(uow, current_principal(), args))


@blp.post("")
@blp.arguments(VehicleCreate)
@blp.response(201, VehicleOut)
def create_vehicle(data):
    """Register a vehicle (fleet office). The plate is unique (409 plate_taken)."""
    with unit_of_work() as uow:
        return vehicles.create_vehicle(uow, current_principal(), data)


@blp.get("/<id:vehicle_id>")
@blp.response(200, VehicleOut)
def show_vehicle(vehicle_id):
    """One vehicle."""
    with unit_of_work() as uow:
        return vehicles.show_vehicle(uow, current_principal(), vehicle_id)


@blp.patch("/<id:vehicle_id>")
@blp.arguments(VehiclePatch)
@blp.response(200, VehicleOut)
def update_vehicle(data, vehicle_id):
    """Edit a vehicle (fleet office); out of service while dispatched on upcoming trips is 409."""
    with unit_of_work() as uow:
        return vehicles.update_vehicle(uow, current_principal(), vehicle_id, data)


@blp.get("/<id:vehicle_id>/schedule")
@blp.arguments(PeriodQuery, location="query")
@blp.response(200, VehicleScheduleOut)
def vehicle_schedule(args, vehicle_id):
    """The vehicle's trips and workshop stays between two dates (inclusive)."""
    with unit_of_work() as uow:
        return reports.vehicle_schedule(uow, current_principal(), vehicle_id, args["from_"], args["to"])
