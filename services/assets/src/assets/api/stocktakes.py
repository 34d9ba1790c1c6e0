"""/stocktakes: campaigns, counts on sheets, close, reconcile, approve."""
from __future__ import annotations

from buildingblocks.pagination import page_schema
from buildingblocks.web import current_principal, unit_of_work
from flask.views import MethodView
from flask_smorest import Blueprint

from ..service_layer import stocktakes
from . import assets_config
from .fields import ID
from .schemas import (
    CountsSchema,
    DecisionSchema,
    ReconcileSchema,
    SheetListSchema,
    SheetSchema,
    StocktakeCreateSchema,
    StocktakeQuery,
    StocktakeSchema,
)

blp = Blueprint("stocktakes", __name__, description="Stock-take campaigns [kiểm kê]")
ONE = "/stocktakes/" + ID.format("stocktake_id")


@blp.route("/stocktakes")
class Stocktakes(MethodView):
    @blp.arguments(StocktakeQuery, location="query")
    @blp.response(200, page_schema(StocktakeSchema))
    def get(self, args):
        """Campaigns, newest first; a board sees the ones that cover it."""
        with unit_of_work() as uow:
            return stocktakes.list_stocktakes(uow, current_principal(), args)

    @blp.arguments(StocktakeCreateSchema)
    @blp.response(201, StocktakeSchema)
    def post(self, data):
        """Open a campaign for boards and a date (office_assets)."""
        with unit_of_work() as uow:
            return stocktakes.open_stocktake(uow, current_principal(), data)


@blp.route(ONE)
class StocktakeOne(MethodView):
    @blp.response(200, StocktakeSchema)
    def get(self, stocktake_id):
        """The campaign's progress, and once closed its results."""
        with unit_of_work() as uow:
            return stocktakes.get_stocktake(uow, current_principal(), stocktake_id)


@blp.route(ONE + "/counts")
class StocktakeCounts(MethodView):
    @blp.arguments(CountsSchema)
    @blp.response(200, SheetSchema)
    def post(self, data, stocktake_id):
        """Record counted tags on the sheet of a board (and location); unknown tags are kept."""
        with unit_of_work() as uow:
            return stocktakes.record_counts(uow, current_principal(), stocktake_id, data)


@blp.route(ONE + "/sheets")
class StocktakeSheets(MethodView):
    @blp.response(200, SheetListSchema)
    def get(self, stocktake_id):
        with unit_of_work() as uow:
            return {"items": stocktakes.list_sheets(uow, current_principal(), stocktake_id)}


@blp.route(ONE + "/close")
class StocktakeClose(MethodView):
    @blp.response(200, StocktakeSchema)
    def post(self, stocktake_id):
        """Stop counting: the results name the missing, surplus and misplaced items (office_assets)."""
        with unit_of_work() as uow:
            return stocktakes.close_stocktake(uow, current_principal(), stocktake_id)


@blp.route(ONE + "/reconcile")
class StocktakeReconcile(MethodView):
    @blp.arguments(ReconcileSchema)
    @blp.response(200, StocktakeSchema)
    def post(self, data, stocktake_id):
        """Propose the reconciliation (office_assets); the leadership approves it."""
        with unit_of_work() as uow:
            return stocktakes.propose_reconciliation(uow, current_principal(), stocktake_id, data)


@blp.route(ONE + "/approve")
class StocktakeApprove(MethodView):
    @blp.arguments(DecisionSchema)
    @blp.response(200, StocktakeSchema)
    def post(self, data, stocktake_id):
        """The leadership approves the reconciliation: the register is settled and the record kept."""
        with unit_of_work() as uow:
            return stocktakes.decide_reconciliation(uow, current_principal(), assets_config(), stocktake_id, True,
                                                    data.get("note"))


@blp.route(ONE + "/reject")
class StocktakeReject(MethodView):
    @blp.arguments(DecisionSchema)
    @blp.response(200, StocktakeSchema)
    def post(self, data, stocktake_id):
        with unit_of_work() as uow:
            return stocktakes.decide_reconciliation(uow, current_principal(), assets_config(), stocktake_id, False,
                                                    data.get("note"))
