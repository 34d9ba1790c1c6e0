"""/procurements: draft, submit (standards, then finance's reservation), decide, receive."""
from __future__ import annotations

from buildingblocks.pagination import page_schema
from buildingblocks.web import current_principal, unit_of_work
from flask.views import MethodView
from flask_smorest import Blueprint

from ..service_layer import procurements
from . import assets_config
from .fields import ID
from .schemas import (
    DecisionSchema,
    ProcurementCreateSchema,
    ProcurementPatchSchema,
    ProcurementQuery,
    ProcurementSchema,
    ReceiveSchema,
)

blp = Blueprint("procurements", __name__, description="Procurement within the standards and the budget")
ONE = "/procurements/" + ID.format("procurement_id")


@blp.route("/procurements")
class Procurements(MethodView):
    @blp.arguments(ProcurementQuery, location="query")
    @blp.response(200, page_schema(ProcurementSchema))
    def get(self, args):
        """Requests, newest first; a board sees its own."""
        with unit_of_work() as uow:
            return procurements.list_procurements(uow, current_principal(), assets_config(), args)

    @blp.arguments(ProcurementCreateSchema)
    @blp.response(201, ProcurementSchema)
    def post(self, data):
        """Draft a request for your board (unit defaults to yours)."""
        with unit_of_work() as uow:
            return procurements.create_procurement(uow, current_principal(), assets_config(), data)


@blp.route(ONE)
class ProcurementOne(MethodView):
    @blp.response(200, ProcurementSchema)
    def get(self, procurement_id):
        """The request, with every step it went through."""
        with unit_of_work() as uow:
            return procurements.get_procurement(uow, current_principal(), assets_config(), procurement_id)

    @blp.arguments(ProcurementPatchSchema)
    @blp.response(200, ProcurementSchema)
    def patch(self, changes, procurement_id):
        """Change a draft's lines, fiscal year or note."""
        with unit_of_work() as uow:
            return procurements.update_procurement(uow, current_principal(), assets_config(), procurement_id, changes)


@blp.route(ONE + "/submit")
class ProcurementSubmit(MethodView):
    @blp.response(200, ProcurementSchema)
    def post(self, procurement_id):
        """Check the standards (422 naming each breach) and ask finance to reserve the money."""
        with unit_of_work() as uow:
            return procurements.submit_procurement(uow, current_principal(), assets_config(), procurement_id)


@blp.route(ONE + "/approve")
class ProcurementApprove(MethodView):
    @blp.arguments(DecisionSchema)
    @blp.response(200, ProcurementSchema)
    def post(self, data, procurement_id):
        """The board's unit head (up to the threshold) or the leadership approves."""
        with unit_of_work() as uow:
            return procurements.approve_procurement(uow, current_principal(), assets_config(), procurement_id,
                                                    data.get("note"))


@blp.route(ONE + "/reject")
class ProcurementReject(MethodView):
    @blp.arguments(DecisionSchema)
    @blp.response(200, ProcurementSchema)
    def post(self, data, procurement_id):
        """The approver turns it down; finance releases the reservation."""
        with unit_of_work() as uow:
            return procurements.reject_procurement(uow, current_principal(), assets_config(), procurement_id,
                                                   data.get("note"))


@blp.route(ONE + "/receive")
class ProcurementReceive(MethodView):
    @blp.arguments(ReceiveSchema)
    @blp.response(200, ProcurementSchema)
    def post(self, data, procurement_id):
        """Receive the goods at their actual prices (office_assets): they are registered with new tags."""
        with unit_of_work() as uow:
            return procurements.receive_procurement(uow, current_principal(), assets_config(), procurement_id, data)


@blp.route(ONE + "/cancel")
class ProcurementCancel(MethodView):
    @blp.arguments(DecisionSchema)
    @blp.response(200, ProcurementSchema)
    def post(self, data, procurement_id):
        """Withdraw the request; finance releases any reservation."""
        with unit_of_work() as uow:
            return procurements.cancel_procurement(uow, current_principal(), assets_config(), procurement_id,
                                                   data.get("note"))
