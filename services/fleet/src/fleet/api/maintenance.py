"""/maintenance: plans by km or date, the due list, workshop stays with their cost."""
from __future__ import annotations

from flask_smorest import Blueprint

from buildingblocks.clock import local_today
from buildingblocks.attachment_routes import attachment_routes
from buildingblocks.pagination import page_schema
from buildingblocks.web import current_principal, unit_of_work

from ..adapters.orm import ATTACHMENT_TABLES
from ..service_layer import documents, maintenance
from .common import loaded, page
from .schemas import (
    DueListOut,
    DueQuery,
    PlanCreate,
    PlanPatch,
    PlanQuery,
    PlanOut,
    RecordComplete,
    RecordCreate,
    RecordQuery,
    RecordOut,
)

blp = Blueprint("maintenance", __name__, url_prefix="/maintenance", description="Maintenance of the vehicles")


@blp.get("/plans")
@blp.arguments(PlanQuery, location="query")
@blp.response(200, page_schema(PlanOut))
def list_plans(args):
    """Maintenance plans."""
    with unit_of_work() as uow:
        return page(*maintenance.list_plans(uow, current_principal(), args))


@blp.post("/plans")
@blp.arguments(PlanCreate)
@blp.response(201, PlanOut)
def create_plan(data):
    """A recurring maintenance of a vehicle, every interval_km and/or interval_days."""
    with unit_of_work() as uow:
        return loaded(maintenance.create_plan(uow, current_principal(), data))


@blp.patch("/plans/<id:plan_id>")
@blp.arguments(PlanPatch)
@blp.response(200, PlanOut)
def update_plan(data, plan_id):
    """Change or switch off a plan."""
    with unit_of_work() as uow:
        return loaded(maintenance.update_plan(uow, current_principal(), plan_id, data))


@blp.get("/due")
@blp.arguments(DueQuery, location="query")
@blp.response(200, DueListOut)
def due_list(args):
    """Plans overdue or due soon, most urgent first."""
    with unit_of_work() as uow:
        found = maintenance.due_list(uow, current_principal(), args.get("as_of"), args["all"])
        items = [{"plan": plan, "odometer_km": plan.vehicle.odometer_km, "due_km": s.due_km, "due_on": s.due_on,
                  "km_left": s.km_left, "days_left": s.days_left, "overdue": s.overdue, "due_soon": s.due_soon}
                 for plan, s in found]
        return {"as_of": args.get("as_of") or local_today(), "items": items}


@blp.get("/records")
@blp.arguments(RecordQuery, location="query")
@blp.response(200, page_schema(RecordOut))
def list_records(args):
    """Workshop stays, newest first."""
    with unit_of_work() as uow:
        return page(*maintenance.list_records(uow, current_principal(), args))


@blp.post("/records")
@blp.arguments(RecordCreate)
@blp.response(201, RecordOut)
def open_record(data):
    """Send a vehicle to the workshop (it is not dispatchable on those days), or enter a completed stay."""
    with unit_of_work() as uow:
        return loaded(maintenance.open_record(uow, current_principal(), data))


@blp.get("/records/<id:record_id>")
@blp.response(200, RecordOut)
def show_record(record_id):
    """One workshop stay."""
    with unit_of_work() as uow:
        return loaded(maintenance.show_record(uow, current_principal(), record_id))


@blp.post("/records/<id:record_id>/complete")
@blp.arguments(RecordComplete)
@blp.response(200, RecordOut)
def complete_record(data, record_id):
    """Back from the workshop: the cost is charged to the Office (fleet.maintenance.completed)."""
    with unit_of_work() as uow:
        return loaded(maintenance.complete_record(uow, current_principal(), record_id, data))


# The workshop's invoices: POST/GET /maintenance/records/<id>/attachments,
# GET /maintenance/records/<id>/attachments/<attachment_id>; the pool's readers read them, the fleet office adds them.
attachment_routes(blp, "/records/<id:record_id>/attachments", kind="maintenance_record", tables=ATTACHMENT_TABLES,
                  load=documents.record_unit, may_add=documents.may_attach_to_record)
