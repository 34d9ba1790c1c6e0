"""What the dispatcher and the leadership look at: availability, the schedule, utilization."""
from __future__ import annotations

from flask_smorest import Blueprint

from buildingblocks.web import current_principal, unit_of_work

from ..service_layer import dispatch, reports
from .schemas import AvailabilityQuery, AvailabilityOut, PeriodQuery, ScheduleOut, UtilizationQuery, UtilizationOut

blp = Blueprint("planning", __name__, url_prefix="", description="Availability, schedule and utilization of the pool")


@blp.get("/availability")
@blp.arguments(AvailabilityQuery, location="query")
@blp.response(200, AvailabilityOut)
def availability(args):
    """The vehicles and drivers free between start and end (least used first), and why the others are not."""
    with unit_of_work() as uow:
        return dispatch.availability(uow, current_principal(), args["start"], args["end"],
                                     args.get("seats"), args.get("passengers"), args["include_dedicated"])


@blp.get("/schedule")
@blp.arguments(PeriodQuery, location="query")
@blp.response(200, ScheduleOut)
def schedule(args):
    """Every vehicle's and driver's trips and workshop stays between two dates (the dispatcher's board)."""
    with unit_of_work() as uow:
        return reports.schedule(uow, current_principal(), args["from_"], args["to"])


@blp.get("/utilization")
@blp.arguments(UtilizationQuery, location="query")
@blp.response(200, UtilizationOut)
def utilization(args):
    """Use by vehicle, driver and board between two dates (inclusive), the balance of use and the peak."""
    with unit_of_work() as uow:
        return reports.utilization_report(uow, current_principal(), args["from_"], args["to"],
                                          args.get("group_by"))
