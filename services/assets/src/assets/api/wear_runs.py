"""/wear-runs: the yearly wear [hao mòn] of the register."""
from __future__ import annotations

from buildingblocks.web import current_principal, unit_of_work
from flask.views import MethodView
from flask_smorest import Blueprint

from ..service_layer import wear_runs
from .schemas import WearRunCreateSchema, WearRunListSchema, WearRunSchema

blp = Blueprint("wear_runs", __name__, description="Yearly wear runs")


@blp.route("/wear-runs")
class WearRuns(MethodView):
    @blp.response(200, WearRunListSchema)
    def get(self):
        """The runs made, newest year first (a board sees its own share)."""
        with unit_of_work() as uow:
            return {"items": wear_runs.list_wear_runs(uow, current_principal())}

    @blp.arguments(WearRunCreateSchema)
    @blp.response(201, WearRunSchema)
    @blp.alt_response(200, schema=WearRunSchema, description="the year had been run: nothing recorded twice")
    def post(self, data):
        """Record each asset's wear for the fiscal year (office_assets). Running a year again
        changes nothing (200, recorded_now 0)."""
        with unit_of_work() as uow:
            view, created = wear_runs.run_wear(uow, current_principal(), data["fiscal_year"])
        return view, 201 if created else 200


@blp.route("/wear-runs/<int(min=1, max=9999):fiscal_year>")
class WearRunOne(MethodView):
    @blp.response(200, WearRunSchema)
    def get(self, fiscal_year):
        with unit_of_work() as uow:
            return wear_runs.get_wear_run(uow, current_principal(), fiscal_year)
