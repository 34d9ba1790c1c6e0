"""/items: the register, its history, transfers, repairs and disposals of an asset."""
from __future__ import annotations

from buildingblocks.attachment_routes import attachment_routes
from buildingblocks.clock import local_today
from buildingblocks.pagination import page_schema
from buildingblocks.web import current_principal, unit_of_work
from flask_smorest import Blueprint

from ..adapters.orm import ATTACHMENT_TABLES
from ..service_layer import attachments, disposals, register, repairs, reports
from .tables import table_routes
from .schemas import (
    AsOfQuery,
    DisposalCreate,
    DisposalDecision,
    DisposalQuery,
    DisposalOut,
    HistoryList,
    ItemCreate,
    ItemExportQuery,
    ItemPatch,
    ItemQuery,
    ItemOut,
    RepairCreate,
    RepairQuery,
    RepairOut,
    ResidualOut,
    ItemTransfer,
)

blp = Blueprint("items", __name__, description="The asset register")
ITEM = "/items/<id:asset_id>"


@blp.get("/items")
@blp.arguments(ItemQuery, location="query")
@blp.response(200, page_schema(ItemOut))
def list_items(args):
    """Search and filter the register (`q` matches tag, name and plate); a board sees its own."""
    with unit_of_work() as uow:
        return register.list_items(uow, current_principal(), args)


@blp.post("/items")
@blp.arguments(ItemCreate)
@blp.response(201, ItemOut)
def register_item(data):
    """Register an asset the office already has (office_assets): the initial register, a vehicle.
    A vehicle needs `attributes.plate` and `attributes.seats`; fleet adds it to the pool."""
    with unit_of_work() as uow:
        return register.register_item(uow, current_principal(), data)


# GET /items/export.csv and /items/export.xlsx
table_routes(blp, "/items/export", ItemExportQuery, name="assets-register", header=reports.ITEMS_HEADER,
             rows=reports.items_rows, summary="The register with residual values as of `as_of` (default today)")


@blp.get(ITEM)
@blp.response(200, ItemOut)
def get_item(asset_id):
    with unit_of_work() as uow:
        return register.get_item(uow, current_principal(), asset_id)


@blp.patch(ITEM)
@blp.arguments(ItemPatch)
@blp.response(200, ItemOut)
def update_item(changes, asset_id):
    """Change the holder, location, name, attributes or set in use / idle (office_assets)."""
    with unit_of_work() as uow:
        return register.update_item(uow, current_principal(), asset_id, changes)


@blp.get(ITEM + "/history")
@blp.response(200, HistoryList)
def item_history(asset_id):
    """Every move and status change, oldest first."""
    with unit_of_work() as uow:
        return {"items": register.item_history(uow, current_principal(), asset_id)}


@blp.get(ITEM + "/residual")
@blp.arguments(AsOfQuery, location="query")
@blp.response(200, ResidualOut)
def item_residual(args, asset_id):
    """Residual value as of a date (default today): cost - wear of fiscal years ended by then."""
    with unit_of_work() as uow:
        return register.item_residual(uow, current_principal(), asset_id, args.get("as_of") or local_today())


@blp.post(ITEM + "/transfer")
@blp.arguments(ItemTransfer)
@blp.response(200, ItemOut)
def transfer_item(data, asset_id):
    """Move the asset to another board (office_assets); the history keeps the move."""
    with unit_of_work() as uow:
        return register.transfer_item(uow, current_principal(), asset_id, data)


@blp.get(ITEM + "/repairs")
@blp.arguments(RepairQuery, location="query")
@blp.response(200, page_schema(RepairOut))
def list_item_repairs(args, asset_id):
    with unit_of_work() as uow:
        return repairs.list_repairs(uow, current_principal(), args, asset_id=asset_id)


@blp.post(ITEM + "/repairs")
@blp.arguments(RepairCreate)
@blp.response(201, RepairOut)
def open_repair(data, asset_id):
    """Send the asset for repair with an estimate (the board's staff or the Office)."""
    with unit_of_work() as uow:
        return repairs.open_repair(uow, current_principal(), asset_id, data)


@blp.post(ITEM + "/dispose")
@blp.arguments(DisposalCreate)
@blp.response(201, DisposalOut)
def request_disposal(data, asset_id):
    """Propose a disposal (office_assets or the board's unit head); the leadership decides it at
    /disposals/{id}/approve or /reject."""
    with unit_of_work() as uow:
        return disposals.request_disposal(uow, current_principal(), asset_id, data)


@blp.get("/disposals")
@blp.arguments(DisposalQuery, location="query")
@blp.response(200, page_schema(DisposalOut))
def list_disposals(args):
    with unit_of_work() as uow:
        return disposals.list_disposals(uow, current_principal(), args)

DISPOSAL = "/disposals/<id:disposal_id>"


@blp.get(DISPOSAL)
@blp.response(200, DisposalOut)
def get_disposal(disposal_id):
    with unit_of_work() as uow:
        return disposals.get_disposal(uow, current_principal(), disposal_id)


@blp.post(DISPOSAL + "/approve")
@blp.arguments(DisposalDecision)
@blp.response(200, DisposalOut)
def approve_disposal(data, disposal_id):
    """The leadership approves: the asset is disposed (and retired from the fleet if a vehicle)."""
    with unit_of_work() as uow:
        return disposals.approve_disposal(uow, current_principal(), disposal_id, data)


@blp.post(DISPOSAL + "/reject")
@blp.arguments(DisposalDecision)
@blp.response(200, DisposalOut)
def reject_disposal(data, disposal_id):
    with unit_of_work() as uow:
        return disposals.reject_disposal(uow, current_principal(), disposal_id, data)


# Valuations and minutes: POST/GET /disposals/<id>/attachments, GET .../attachments/<attachment_id>
attachment_routes(blp, "/disposals/<id:record_id>/attachments", kind="disposal", tables=ATTACHMENT_TABLES,
                  load=attachments.disposal_unit, may_add=attachments.may_attach_to_disposal)
