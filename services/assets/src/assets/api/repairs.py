"""/repairs: every repair, and completing or cancelling one."""
from __future__ import annotations

from buildingblocks.pagination import page_schema
from buildingblocks.web import current_principal, unit_of_work
from flask.views import MethodView
from flask_smorest import Blueprint

from ..service_layer import repairs
from .fields import ID
from .schemas import DecisionSchema, RepairCompleteSchema, RepairQuery, RepairSchema

blp = Blueprint("repairs", __name__, description="Repairs with estimated and actual cost")
REPAIR = "/repairs/" + ID.format("repair_id")


@blp.route("/repairs")
class Repairs(MethodView):
    @blp.arguments(RepairQuery, location="query")
    @blp.response(200, page_schema(RepairSchema))
    def get(self, args):
        with unit_of_work() as uow:
            return repairs.list_repairs(uow, current_principal(), args)


@blp.route(REPAIR)
class RepairOne(MethodView):
    @blp.response(200, RepairSchema)
    def get(self, repair_id):
        with unit_of_work() as uow:
            return repairs.get_repair(uow, current_principal(), repair_id)


@blp.route(REPAIR + "/complete")
class RepairComplete(MethodView):
    @blp.arguments(RepairCompleteSchema)
    @blp.response(200, RepairSchema)
    def post(self, data, repair_id):
        """Record the actual cost (office_assets); finance charges it to the board holding the asset."""
        with unit_of_work() as uow:
            return repairs.complete_repair(uow, current_principal(), repair_id, data)


@blp.route(REPAIR + "/cancel")
class RepairCancel(MethodView):
    @blp.arguments(DecisionSchema)
    @blp.response(200, RepairSchema)
    def post(self, data, repair_id):
        with unit_of_work() as uow:
            return repairs.cancel_repair(uow, current_principal(), repair_id, data.get("note"))
