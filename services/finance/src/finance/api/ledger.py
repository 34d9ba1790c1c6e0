"""/ledger: the append-only book every figure is summed from."""

from __future__ import annotations

from buildingblocks.pagination import page_schema
from buildingblocks.web import current_principal, unit_of_work
from flask_smorest import Blueprint

from ..service_layer import ledger_entries
from .common import page_answer
from .schemas import LedgerOut, LedgerQuery, ReasonedDecisionCreate

blp = Blueprint("ledger", __name__, url_prefix="/ledger",
                description="Ledger entries (allocated, reserved, released, spent) with their sources")


@blp.get("")
@blp.arguments(LedgerQuery, location="query")
@blp.response(200, page_schema(LedgerOut))
def list_entries(args):
    """Entries, newest first (a board sees its own)."""
    with unit_of_work() as uow:
        return page_answer(*ledger_entries.list_entries(uow, current_principal(), args))


@blp.get("/<id:entry_id>")
@blp.response(200, LedgerOut)
def get_entry(entry_id):
    """One entry."""
    with unit_of_work() as uow:
        return ledger_entries.get(uow, current_principal(), entry_id)


@blp.post("/<id:entry_id>/reverse")
@blp.arguments(ReasonedDecisionCreate)
@blp.response(201, LedgerOut)
def reverse(data, entry_id):
    """Correct a wrong allocation or spending by a reversal entry (office_finance), with the reason."""
    with unit_of_work() as uow:
        return ledger_entries.reverse(uow, current_principal(), entry_id, data["reason"])
