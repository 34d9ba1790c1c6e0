"""/items: the register, its history, transfers, repairs and disposals of an asset."""
from __future__ import annotations

from buildingblocks.web import current_principal, unit_of_work
from buildingblocks.export import csv_response
from flask.views import MethodView
from flask_smorest import Blueprint

from buildingblocks.pagination import page_schema

from ..service_layer import disposals, register, repairs, reports
from ..service_layer.common import today
from . import assets_config
from .fields import ID
from .schemas import (
    AsOfQuery,
    DisposalCreateSchema,
    DisposalDecisionSchema,
    DisposalQuery,
    DisposalSchema,
    HistoryListSchema,
    ItemCreateSchema,
    ItemExportQuery,
    ItemPatchSchema,
    ItemQuery,
    ItemSchema,
    RepairCreateSchema,
    RepairQuery,
    RepairSchema,
    ResidualSchema,
    TransferSchema,
)

blp = Blueprint("items", __name__, description="The asset register")
ITEM = "/items/" + ID.format("asset_id")


@blp.route("/items")
class Items(MethodView):
    @blp.arguments(ItemQuery, location="query")
    @blp.response(200, page_schema(ItemSchema))
    def get(self, args):
        """Search and filter the register (`q` matches tag, name and plate); a board sees its own."""
        with unit_of_work() as uow:
            return register.list_items(uow, current_principal(), args)

    @blp.arguments(ItemCreateSchema)
    @blp.response(201, ItemSchema)
    def post(self, data):
        """Register an asset the office already has (office_assets): the initial register, a vehicle.
        A vehicle needs `attributes.plate` and `attributes.seats`; fleet adds it to the pool."""
        with unit_of_work() as uow:
            return register.register_item(uow, current_principal(), assets_config(), data)


@blp.route("/items/export.csv")
class ItemsExport(MethodView):
    @blp.arguments(ItemExportQuery, location="query")
    def get(self, args):
        """The register as CSV, with residual values as of `as_of` (default today)."""
        with unit_of_work() as uow:
            rows = reports.items_rows(uow, current_principal(), args)
        name = f"assets-register-{(args.get('as_of') or today()).isoformat()}.csv"
        return csv_response(name, reports.ITEMS_HEADER, rows)


@blp.route(ITEM)
class ItemOne(MethodView):
    @blp.response(200, ItemSchema)
    def get(self, asset_id):
        with unit_of_work() as uow:
            return register.get_item(uow, current_principal(), asset_id)

    @blp.arguments(ItemPatchSchema)
    @blp.response(200, ItemSchema)
    def patch(self, changes, asset_id):
        """Change the holder, location, name, attributes or set in use / idle (office_assets)."""
        with unit_of_work() as uow:
            return register.update_item(uow, current_principal(), asset_id, changes)


@blp.route(ITEM + "/history")
class ItemHistory(MethodView):
    @blp.response(200, HistoryListSchema)
    def get(self, asset_id):
        """Every move and status change, oldest first."""
        with unit_of_work() as uow:
            return {"items": register.item_history(uow, current_principal(), asset_id)}


@blp.route(ITEM + "/residual")
class ItemResidual(MethodView):
    @blp.arguments(AsOfQuery, location="query")
    @blp.response(200, ResidualSchema)
    def get(self, args, asset_id):
        """Residual value as of a date (default today): cost - wear of fiscal years ended by then."""
        with unit_of_work() as uow:
            return register.item_residual(uow, current_principal(), asset_id, args.get("as_of") or today())


@blp.route(ITEM + "/transfer")
class ItemTransfer(MethodView):
    @blp.arguments(TransferSchema)
    @blp.response(200, ItemSchema)
    def post(self, data, asset_id):
        """Move the asset to another board (office_assets); the history keeps the move."""
        with unit_of_work() as uow:
            return register.transfer_item(uow, current_principal(), asset_id, data)


@blp.route(ITEM + "/repairs")
class ItemRepairs(MethodView):
    @blp.arguments(RepairQuery, location="query")
    @blp.response(200, page_schema(RepairSchema))
    def get(self, args, asset_id):
        with unit_of_work() as uow:
            return repairs.list_repairs(uow, current_principal(), args, asset_id=asset_id)

    @blp.arguments(RepairCreateSchema)
    @blp.response(201, RepairSchema)
    def post(self, data, asset_id):
        """Send the asset for repair with an estimate (the board's staff or the Office)."""
        with unit_of_work() as uow:
            return repairs.open_repair(uow, current_principal(), assets_config(), asset_id, data)


@blp.route(ITEM + "/dispose")
class ItemDispose(MethodView):
    @blp.arguments(DisposalCreateSchema)
    @blp.response(201, DisposalSchema)
    def post(self, data, asset_id):
        """Propose a disposal (office_assets or the board's unit head); the leadership decides it at
        /disposals/{id}/approve or /reject."""
        with unit_of_work() as uow:
            return disposals.request_disposal(uow, current_principal(), asset_id, data)


@blp.route("/disposals")
class Disposals(MethodView):
    @blp.arguments(DisposalQuery, location="query")
    @blp.response(200, page_schema(DisposalSchema))
    def get(self, args):
        with unit_of_work() as uow:
            return disposals.list_disposals(uow, current_principal(), args)


DISPOSAL = "/disposals/" + ID.format("disposal_id")


@blp.route(DISPOSAL)
class DisposalOne(MethodView):
    @blp.response(200, DisposalSchema)
    def get(self, disposal_id):
        with unit_of_work() as uow:
            return disposals.get_disposal(uow, current_principal(), disposal_id)


@blp.route(DISPOSAL + "/approve")
class DisposalApprove(MethodView):
    @blp.arguments(DisposalDecisionSchema)
    @blp.response(200, DisposalSchema)
    def post(self, data, disposal_id):
        """The leadership approves: the asset is disposed (and retired from the fleet if a vehicle)."""
        with unit_of_work() as uow:
            return disposals.approve_disposal(uow, current_principal(), disposal_id, data)


@blp.route(DISPOSAL + "/reject")
class DisposalReject(MethodView):
    @blp.arguments(DisposalDecisionSchema)
    @blp.response(200, DisposalSchema)
    def post(self, data, disposal_id):
        with unit_of_work() as uow:
            return disposals.reject_disposal(uow, current_principal(), disposal_id, data)
