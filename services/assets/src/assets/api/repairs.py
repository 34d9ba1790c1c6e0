"""/repairs: every repair, and completing or cancelling one."""
from __future__ import annotations

from buildingblocks.attachment_routes import attachment_routes
from buildingblocks.pagination import page_schema
from buildingblocks.web import current_principal, unit_of_work
from flask_smorest import Blueprint

from ..adapters.orm import ATTACHMENT_TABLES
from ..service_layer import attachments, repairs
from .schemas import DecisionNote, RepairComplete, RepairQuery, RepairOut

blp = Blueprint("repairs", __name__, description="Repairs with estimated and actual cost")
REPAIR = "/repairs/<id:repair_id>"


@blp.get("/repairs")
@blp.arguments(RepairQuery, location="query")
@blp.response(200, page_schema(RepairOut))
def list_repairs(args):
    with unit_of_work() as uow:
        return repairs.list_repairs(uow, current_principal(), args)


@blp.get(REPAIR)
@blp.response(200, RepairOut)
def get_repair(repair_id):
    with unit_of_work() as uow:
        return repairs.get_repair(uow, current_principal(), repair_id)


@blp.post(REPAIR + "/complete")
@blp.arguments(RepairComplete)
@blp.response(200, RepairOut)
def complete_repair(data, repair_id):
    """Record the actual cost (office_assets); finance charges it to the board holding the asset."""
    with unit_of_work() as uow:
        return repairs.complete_repair(uow, current_principal(), repair_id, data)


@blp.post(REPAIR + "/cancel")
@blp.arguments(DecisionNote)
@blp.response(200, RepairOut)
def cancel_repair(data, repair_id):
    with unit_of_work() as uow:
        return repairs.cancel_repair(uow, current_principal(), repair_id, data.get("note"))


# Repair reports and invoices: POST/GET /repairs/<id>/attachments, GET .../attachments/<attachment_id>
attachment_routes(blp, "/repairs/<id:record_id>/attachments", kind="repair", tables=ATTACHMENT_TABLES,
                  load=attachments.repair_unit, may_add=attachments.may_attach_to_repair)
