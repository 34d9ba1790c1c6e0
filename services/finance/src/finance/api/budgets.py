"""/budgets: allocations per year, board and category, their figures, supplements and transfers."""

from __future__ import annotations

from buildingblocks.pagination import page_schema
from buildingblocks.web import current_principal, unit_of_work
from flask_smorest import Blueprint

from ..service_layer import budgets
from .common import page_answer
from .schemas import (
    BudgetCreate,
    BudgetOut,
    BudgetQuery,
    ChangeOut,
    ChangeQuery,
    DecisionCreate,
    ReasonedDecisionCreate,
    SummaryOut,
    SummaryQuery,
    SupplementCreate,
    TransferCreate,
)

blp = Blueprint("budgets", __name__, url_prefix="/budgets",
                description="Budgets (fiscal year, unit, category); figures are sums of the ledger")


def budget_row(budget, position, overrun_count: int = 0) -> dict:
    """A budget with its figures as the API shows it."""
    share = position.used_share
    return {
        "id": budget.id,
        "fiscal_year": budget.fiscal_year,
        "unit": budget.unit,
        "category": budget.category,
        **position.figures(),
        "used_pct": None if share is None else round(share * 100, 2),
        "overrun_vnd": position.overrun_vnd,
        "overrun_count": overrun_count,
    }


@blp.get("")
@blp.arguments(BudgetQuery, location="query")
@blp.response(200, page_schema(BudgetOut))
def list_budgets(args):
    """Budgets with their figures (a board sees its own)."""
    with unit_of_work() as uow:
        rows, next_cursor = budgets.list_budgets(uow, current_principal(), args)
        return page_answer([budget_row(*row) for row in rows], next_cursor)


@blp.post("")
@blp.arguments(BudgetCreate)
@blp.response(201, BudgetOut)
def allocate(data):
    """Allocate a board's budget for a year and category (office_finance), once."""
    with unit_of_work() as uow:
        budget, position = budgets.allocate(uow, current_principal(), data)
        return budget_row(budget, position)


@blp.get("/summary")
@blp.arguments(SummaryQuery, location="query")
@blp.response(200, SummaryOut)
def summary(args):
    """allocated, reserved, spent and available of every budget the filter selects, and their totals."""
    with unit_of_work() as uow:
        rows, total = budgets.summary(uow, current_principal(), args)
        return {"items": [budget_row(*row) for row in rows], "next_cursor": None, "totals": total.figures()}


@blp.get("/<id:budget_id>")
@blp.response(200, BudgetOut)
def get_budget(budget_id):
    """One budget with its figures."""
    with unit_of_work() as uow:
        budget, position = budgets.get(uow, current_principal(), budget_id)
        return budget_row(budget, position)


# -- supplements and transfers: nothing moves until the leadership approves ---------------------


@blp.get("/supplements")
@blp.arguments(ChangeQuery, location="query")
@blp.response(200, page_schema(ChangeOut))
def list_supplements(args):
    """Supplements (a board sees those that touch it)."""
    with unit_of_work() as uow:
        return page_answer(*budgets.list_changes(uow, current_principal(), "supplement", args))


@blp.post("/supplements")
@blp.arguments(SupplementCreate)
@blp.response(201, ChangeOut)
def request_supplement(data):
    """Ask for a supplement (office_finance); nothing moves until the leadership approves."""
    with unit_of_work() as uow:
        return budgets.request_supplement(uow, current_principal(), data)


@blp.get("/supplements/<id:change_id>")
@blp.response(200, ChangeOut)
def get_supplement(change_id):
    """One supplement."""
    with unit_of_work() as uow:
        return budgets.get_change(uow, current_principal(), "supplement", change_id)


@blp.post("/supplements/<id:change_id>/approve")
@blp.arguments(DecisionCreate)
@blp.response(200, ChangeOut)
def approve_supplement(data, change_id):
    """Approve a supplement (leadership, not one's own): the ledger entries are booked now."""
    with unit_of_work() as uow:
        return budgets.decide_change(uow, current_principal(), "supplement", change_id, True, data["reason"])


@blp.post("/supplements/<id:change_id>/reject")
@blp.arguments(ReasonedDecisionCreate)
@blp.response(200, ChangeOut)
def reject_supplement(data, change_id):
    """Reject a supplement (leadership), with the reason."""
    with unit_of_work() as uow:
        return budgets.decide_change(uow, current_principal(), "supplement", change_id, False, data["reason"])


@blp.get("/transfers")
@blp.arguments(ChangeQuery, location="query")
@blp.response(200, page_schema(ChangeOut))
def list_transfers(args):
    """Transfers (a board sees those that touch it)."""
    with unit_of_work() as uow:
        return page_answer(*budgets.list_changes(uow, current_principal(), "transfer", args))


@blp.post("/transfers")
@blp.arguments(TransferCreate)
@blp.response(201, ChangeOut)
def request_transfer(data):
    """Ask for a transfer (office_finance); nothing moves until the leadership approves."""
    with unit_of_work() as uow:
        return budgets.request_transfer(uow, current_principal(), data)


@blp.get("/transfers/<id:change_id>")
@blp.response(200, ChangeOut)
def get_transfer(change_id):
    """One transfer."""
    with unit_of_work() as uow:
        return budgets.get_change(uow, current_principal(), "transfer", change_id)


@blp.post("/transfers/<id:change_id>/approve")
@blp.arguments(DecisionCreate)
@blp.response(200, ChangeOut)
def approve_transfer(data, change_id):
    """Approve a transfer (leadership, not one's own): the ledger entries are booked now."""
    with unit_of_work() as uow:
        return budgets.decide_change(uow, current_principal(), "transfer", change_id, True, data["reason"])


@blp.post("/transfers/<id:change_id>/reject")
@blp.arguments(ReasonedDecisionCreate)
@blp.response(200, ChangeOut)
def reject_transfer(data, change_id):
    """Reject a transfer (leadership), with the reason."""
    with unit_of_work() as uow:
        return budgets.decide_change(uow, current_principal(), "transfer", change_id, False, data["reason"])
