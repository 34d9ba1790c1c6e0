"""/reports: the register and residual values per board and category, JSON or CSV."""
from __future__ import annotations

from buildingblocks.web import current_principal, unit_of_work
from flask_smorest import Blueprint

from ..service_layer import reports
from .schemas import RegisterReportOut, ReportQuery
from .tables import table_routes

blp = Blueprint("reports", __name__, description="Register and residual value reports")


@blp.get("/reports/register")
@blp.arguments(ReportQuery, location="query")
@blp.response(200, RegisterReportOut)
def register_report(args):
    """Per board and category as of a date (default today): count, cost, wear, residual value."""
    with unit_of_work() as uow:
        return reports.register_report(uow, current_principal(), args)


# GET /reports/register.csv and /reports/register.xlsx
table_routes(blp, "/reports/register", ReportQuery, name="assets-by-board", header=reports.REGISTER_REPORT_HEADER,
             rows=reports.register_report_rows, summary="The register report per board and category")
