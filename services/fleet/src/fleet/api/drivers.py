"""/drivers: staff on a driver position (HR) with the fleet office's details, and their schedules."""
from __future__ import annotations

from flask_smorest import Blueprint

from buildingblocks.pagination import page_schema
from buildingblocks.web import current_principal, unit_of_work

from ..service_layer import drivers, reports
from .common import page
from .schemas import DriverPatch, DriverQuery, DriverScheduleOut, DriverOut, PeriodQuery

blp = Blueprint("drivers", __name__, url_prefix="/drivers", description="Drivers of the pool")


@blp.get("")
@blp.arguments(DriverQuery, location="query")
@blp.response(200, page_schema(DriverOut))
def list_drivers(args):
    """Staff on a driver position with their licence data (fleet office, leadership, auditors)."""
    with unit_of_work() as uow:
        return page(*drivers.list_drivers(uow, current_principal(), args))


@blp.get("/<id:staff_id>")
@blp.response(200, DriverOut)
def show_driver(staff_id):
    """One driver (also readable by the driver themself)."""
    with unit_of_work() as uow:
        return drivers.show_driver(uow, current_principal(), staff_id)


@blp.patch("/<id:staff_id>")
@blp.arguments(DriverPatch)
@blp.response(200, DriverOut)
def update_driver(data, staff_id):
    """Set fleet-side details: licence class and expiry seen by the office, status, notes."""
    with unit_of_work() as uow:
        return drivers.update_driver(uow, current_principal(), staff_id, data)


@blp.get("/<id:staff_id>/schedule")
@blp.arguments(PeriodQuery, location="query")
@blp.response(200, DriverScheduleOut)
def driver_schedule(args, staff_id):
    """The driver's trips between two dates (inclusive); the driver sees their own."""
    with unit_of_work() as uow:
        return reports.driver_schedule(uow, current_principal(), staff_id, args["from_"], args["to"])
