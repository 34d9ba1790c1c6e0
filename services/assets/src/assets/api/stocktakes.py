"""/stocktakes: campaigns, counts on sheets, close, reconcile, approve."""
from __future__ import annotations

from buildingblocks.documents import pdf_response
from buildingblocks.pagination import page_schema
from buildingblocks.web import current_principal, unit_of_work
from flask_smorest import Blueprint

from ..adapters.documents import stocktake_minutes_pdf
from ..service_layer import documents, stocktakes
from .schemas import (
    CountsCreate,
    DecisionNote,
    ReconcileCreate,
    SheetList,
    SheetOut,
    StocktakeCreate,
    StocktakeQuery,
    StocktakeOut,
)

blp = Blueprint("stocktakes", __name__, description="Stock-take campaigns [kiểm kê]")
ONE = "/stocktakes/<id:stocktake_id>"


@blp.get("/stocktakes")
@blp.arguments(StocktakeQuery, location="query")
@blp.response(200, page_schema(StocktakeOut))
def list_stocktakes(args):
    """Campaigns, newest first; a board sees the ones that cover it."""
    with unit_of_work() as uow:
        return stocktakes.list_stocktakes(uow, current_principal(), args)


@blp.post("/stocktakes")
@blp.arguments(StocktakeCreate)
@blp.response(201, StocktakeOut)
def open_stocktake(data):
    """Open a campaign for boards and a date (office_assets)."""
    with unit_of_work() as uow:
        return stocktakes.open_stocktake(uow, current_principal(), data)


@blp.get(ONE)
@blp.response(200, StocktakeOut)
def get_stocktake(stocktake_id):
    """The campaign's progress, and once closed its results."""
    with unit_of_work() as uow:
        return stocktakes.get_stocktake(uow, current_principal(), stocktake_id)


@blp.post(ONE + "/counts")
@blp.arguments(CountsCreate)
@blp.response(200, SheetOut)
def record_counts(data, stocktake_id):
    """Record counted tags on the sheet of a board (and location); unknown tags are kept."""
    with unit_of_work() as uow:
        return stocktakes.record_counts(uow, current_principal(), stocktake_id, data)


@blp.get(ONE + "/sheets")
@blp.response(200, SheetList)
def list_sheets(stocktake_id):
    with unit_of_work() as uow:
        return {"items": stocktakes.list_sheets(uow, current_principal(), stocktake_id)}


@blp.post(ONE + "/close")
@blp.response(200, StocktakeOut)
def close_stocktake(stocktake_id):
    """Stop counting: the results name the missing, surplus and misplaced items (office_assets)."""
    with unit_of_work() as uow:
        return stocktakes.close_stocktake(uow, current_principal(), stocktake_id)


@blp.post(ONE + "/reconcile")
@blp.arguments(ReconcileCreate)
@blp.response(200, StocktakeOut)
def propose_reconciliation(data, stocktake_id):
    """Propose the reconciliation (office_assets); the leadership approves it."""
    with unit_of_work() as uow:
        return stocktakes.propose_reconciliation(uow, current_principal(), stocktake_id, data)


@blp.post(ONE + "/approve")
@blp.arguments(DecisionNote)
@blp.response(200, StocktakeOut)
def approve_reconciliation(data, stocktake_id):
    """The leadership approves the reconciliation: the register is settled and the record kept."""
    with unit_of_work() as uow:
        return stocktakes.decide_reconciliation(uow, current_principal(), stocktake_id, True,
                                                data.get("note"))


@blp.post(ONE + "/reject")
@blp.arguments(DecisionNote)
@blp.response(200, StocktakeOut)
def reject_reconciliation(data, stocktake_id):
    with unit_of_work() as uow:
        return stocktakes.decide_reconciliation(uow, current_principal(), stocktake_id, False,
                                                data.get("note"))


@blp.get(ONE + "/minutes.pdf")
@blp.response(200, content_type="application/pdf")
def stocktake_minutes(stocktake_id):
    """The biên bản kiểm kê (PDF, A4) once the campaign is closed (409 before); a board sees its part."""
    with unit_of_work() as uow:
        facts = documents.stocktake_minutes(uow, current_principal(), stocktake_id)
    return pdf_response(f"bien-ban-kiem-ke-{stocktake_id}.pdf", stocktake_minutes_pdf(facts))
