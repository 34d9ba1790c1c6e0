"""/car-entitlement: the cars the Office holds, may hold and needed, and the leadership's exceptions."""
from __future__ import annotations

from flask_smorest import Blueprint

from buildingblocks.pagination import page_schema
from buildingblocks.web import current_principal, unit_of_work

from ..service_layer import entitlement
from .common import page
from .schemas import (
    CarLimitExceptionCreate,
    CarLimitExceptionOut,
    CarLimitExceptionQuery,
    CarLimitExceptionWithdraw,
    EntitlementOut,
    EntitlementQuery,
)

blp = Blueprint("entitlement", __name__, url_prefix="/car-entitlement",
                description="The Office's general-use cars against NĐ 72/2023 Art 11")


@blp.get("")
@blp.arguments(EntitlementQuery, location="query")
@blp.response(200, EntitlementOut)
def car_entitlement(args):
    """Cars held, cars entitled (each term with its source and mark), the exceptions, and cars
    needed: the peak of overlapping bookings in the period (default: a year back)."""
    with unit_of_work() as uow:
        return entitlement.car_entitlement(uow, current_principal(), args.get("from_"), args.get("to"))


@blp.post("/exceptions")
@blp.arguments(CarLimitExceptionCreate)
@blp.response(201, CarLimitExceptionOut)
def record_exception(data):
    """The leadership lets the Office hold more cars than its entitlement, by a decision number
    (409 decision_taken when that number is already recorded)."""
    with unit_of_work() as uow:
        return entitlement.record_exception(uow, current_principal(), data)


@blp.get("/exceptions")
@blp.arguments(CarLimitExceptionQuery, location="query")
@blp.response(200, page_schema(CarLimitExceptionOut))
def list_exceptions(args):
    """The leadership's exceptions, the withdrawn ones too (`withdrawn_at` set), newest first."""
    with unit_of_work() as uow:
        return page(*entitlement.list_exceptions(uow, current_principal(), args))


@blp.post("/exceptions/<id:exception_id>/withdraw")
@blp.arguments(CarLimitExceptionWithdraw)
@blp.response(200, CarLimitExceptionOut)
def withdraw_exception(data, exception_id):
    """The leadership withdraws a mistaken or expired exception, with its reason: it stops counting
    here and in assets (409 exception_withdrawn when it is withdrawn already)."""
    with unit_of_work() as uow:
        return entitlement.withdraw_exception(uow, current_principal(), exception_id, data["reason"])
