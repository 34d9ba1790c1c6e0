"""/ledger: the append-only book every figure is summed from."""

from __future__ import annotations

from buildingblocks.pagination import page_schema
from buildingblocks.table_routes import table_routes
from buildingblocks.web import current_principal, unit_of_work
from flask_smorest import Blueprint

from ..service_layer import ledger_entries
from .common import download_name, page_answer
from .schemas import LedgerFilter, LedgerOut, LedgerQuery, ReasonedDecisionCreate

blp = Blueprint("ledger", __name__, url_prefix="",
                description="Ledger entries (allocated, reserved, released, spent) with their sources")


@blp.get("/ledger")
@blp.arguments(LedgerQuery, location="query")
@blp.response(200, page_schema(LedgerOut))
def list_entries(args):
    """Entries, newest first (a board sees its own)."""
    with unit_of_work() as uow:
        return page_answer(*ledger_entries.list_entries(uow, current_principal(), args))


# GET /ledger.csv and /ledger.xlsx: every entry the list's filters ask for (not one page), newest first
table_routes(blp, "/ledger", LedgerFilter, table=ledger_entries.entries_table, filename=download_name("ledger"),
             summary="The ledger with the list's filters")


@blp.get("/ledger/<id:entry_id>")
@blp.response(200, LedgerOut)
def get_entry(entry_id):
    """One entry."""
    with unit_of_work() as uow:
        return ledger_entries.get(uow, current_principal(), entry_id)


@blp.post("/ledger/<id:entry_id>/reverse")
@blp.arguments(ReasonedDecisionCreate)
@blp.response(201, LedgerOut)
def reverse(data, entry_id):
    """Correct a wrong allocation or spending by a reversal entry (office_finance), with the reason."""
    with unit_of_work() as uow:
        return ledger_entries.reverse(uow, current_principal(), entry_id, data["reason"])
