"""/fiscal-years/{year}/close: the year-end close, proposed by office_finance, decided by the leadership."""

from __future__ import annotations

from buildingblocks.web import current_principal, unit_of_work
from flask_smorest import Blueprint

from ..service_layer import fiscal_years
from .schemas import CloseCreate, CloseOut, DecisionCreate, ReasonedDecisionCreate

blp = Blueprint("fiscal_years", __name__, url_prefix="/fiscal-years",
                description="Year-end closing: what is still reserved is carried over [chuyển nguồn] or released")


@blp.post("/<id:fiscal_year>/close")
@blp.arguments(CloseCreate)
@blp.response(201, CloseOut)
def propose_close(data, fiscal_year):
    """Propose to close an ended year (office_finance), naming the holdings to carry over; the rest is
    released once the leadership confirms. From now on the year takes no new entry."""
    with unit_of_work() as uow:
        return fiscal_years.propose_close(uow, current_principal(), fiscal_year, data)


@blp.get("/<id:fiscal_year>/close")
@blp.response(200, CloseOut)
def get_close(fiscal_year):
    """The year's latest close with every holding and its fate."""
    with unit_of_work() as uow:
        return fiscal_years.get_close(uow, current_principal(), fiscal_year)


@blp.post("/<id:fiscal_year>/close/confirm")
@blp.arguments(DecisionCreate)
@blp.response(200, CloseOut)
def confirm_close(data, fiscal_year):
    """Confirm the close (leadership, not one's own): carry-overs and releases are booked in one transaction."""
    with unit_of_work() as uow:
        return fiscal_years.decide_close(uow, current_principal(), fiscal_year, True, data["reason"])


@blp.post("/<id:fiscal_year>/close/reject")
@blp.arguments(ReasonedDecisionCreate)
@blp.response(200, CloseOut)
def reject_close(data, fiscal_year):
    """Reject the close (leadership), with the reason: the year is open again."""
    with unit_of_work() as uow:
        return fiscal_years.decide_close(uow, current_principal(), fiscal_year, False, data["reason"])
