"""What the assets documents say: the facts of a record, read in one unit of work.

The use cases return plain values (no ORM rows), so the view renders the PDF once the unit of
work is closed and no row lock is held while WeasyPrint works.
"""
from __future__ import annotations

from buildingblocks.errors import RuleBroken
from buildingblocks.identity import Principal

from ..domain import stocktake as stocktake_rules
from ..domain.standards import RequestedLine, standard_for
from .procurements import get_procurement
from .stocktakes import get_stocktake, load_stocktake
from .views import checked_standard_view


def procurement_request(uow, principal: Principal, procurement_id: int) -> dict:
    """The facts of the tờ trình đề nghị mua sắm of a request the caller may see (NotFound otherwise):
    the board, each line with the standard it was checked against, the people who sign."""
    view = get_procurement(uow, principal, procurement_id)
    catalogue = uow.standards.catalogue()
    categories = uow.categories.names()
    lines = []
    for line in view["lines"]:
        person = uow.replica.staff(line["beneficiary_staff_id"])
        checked = standard_for(RequestedLine(line["position"], line["category"], line["quantity"],
                                             line["unit_price_vnd"], line["beneficiary_staff_id"],
                                             person.title_rank if person is not None else None), catalogue)
        lines.append({**line, "category_name": categories.get(line["category"], line["category"]),
                      "amount_vnd": line["quantity"] * line["unit_price_vnd"],
                      "beneficiary": person.full_name if person is not None else None,
                      "standard": checked_standard_view(checked)})
    requester = uow.replica.staff(view["requester_staff_id"])
    return {**view, "unit_name": _unit_name(uow, view["unit"]), "lines": lines,
            "requester_name": requester.full_name if requester is not None else view["requested_by"],
            "head_name": _head_name(uow, view["unit"])}


def stocktake_minutes(uow, principal: Principal, stocktake_id: int) -> dict:
    """The facts of the biên bản kiểm kê of a closed campaign covering the caller's board (NotFound
    otherwise; RuleBroken while it is still open): what a board sees of it, as in the API."""
    stocktake = load_stocktake(uow, principal, stocktake_id)
    if stocktake.status == stocktake_rules.OPEN:
        raise RuleBroken(f"stock-take {stocktake_id} is still open: the minutes are drawn up once it is closed",
                         rule="stocktake_status", current_status=stocktake.status)
    view = get_stocktake(uow, principal, stocktake_id)
    tags = {r["tag"] for kind in stocktake_rules.RESULT_KINDS for r in view["results"][kind]}
    names = {a.tag: a.name for a in uow.assets.by_tags(tags)}
    for kind in stocktake_rules.RESULT_KINDS:
        view["results"][kind] = [{**r, "name": names.get(r["tag"])} for r in view["results"][kind]]
    boards = [p["unit"] for p in view["progress"]["by_unit"]]
    return {**view, "boards": [{"code": u, "name": _unit_name(uow, u), "head_name": _head_name(uow, u)}
                               for u in boards]}


def _unit_name(uow, code: str) -> str:
    row = uow.replica.unit(code)
    return row.name if row is not None else code


def _head_name(uow, unit: str) -> str | None:
    row = uow.replica.head_of(unit)
    return row.full_name if row is not None else None
