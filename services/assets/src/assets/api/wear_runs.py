"""/wear-runs: the yearly wear [hao mòn] of the register."""
from __future__ import annotations

from buildingblocks.web import current_principal, unit_of_work
from flask_smorest import Blueprint

from ..service_layer import wear_runs
from .schemas import WearPreviewOut, WearPreviewQuery, WearRunCreate, WearRunList, WearRunOut

blp = Blueprint("wear_runs", __name__, description="Yearly wear runs")


@blp.get("/wear-runs")
@blp.response(200, WearRunList)
def list_wear_runs():
    """The runs made, newest year first (a board sees its own share)."""
    with unit_of_work() as uow:
        return {"items": wear_runs.list_wear_runs(uow, current_principal())}


@blp.get("/wear-runs/preview")
@blp.arguments(WearPreviewQuery, location="query")
@blp.response(200, WearPreviewOut)
def preview_wear_run(args):
    """What running the year now would record, without recording it: the totals over every
    asset due, all and per board, and a page of the assets (`limit`, `cursor`, `next_cursor` as
    every list). A board sees its own assets."""
    with unit_of_work() as uow:
        return wear_runs.preview_wear(uow, current_principal(), args["fiscal_year"], args.get("unit"),
                                      args["limit"], args.get("cursor"))


@blp.post("/wear-runs")
@blp.arguments(WearRunCreate)
@blp.response(201, WearRunOut)
@blp.alt_response(200, schema=WearRunOut, description="the year had been run: nothing recorded twice")
def run_wear(data):
    """Record each asset's wear for the fiscal year (office_assets). Running a year again
    changes nothing (200, recorded_now 0)."""
    with unit_of_work() as uow:
        view, created = wear_runs.run_wear(uow, current_principal(), data["fiscal_year"])
    return view, 201 if created else 200


@blp.get("/wear-runs/<id:fiscal_year>")
@blp.response(200, WearRunOut)
def get_wear_run(fiscal_year):
    with unit_of_work() as uow:
        return wear_runs.get_wear_run(uow, current_principal(), fiscal_year)
