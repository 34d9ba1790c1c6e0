"""/reports: the register and residual values per board and category, JSON or CSV."""
from __future__ import annotations

from buildingblocks.web import current_principal, unit_of_work
from buildingblocks.export import csv_response
from flask_smorest import Blueprint

from ..service_layer import reports
from buildingblocks.clock import local_today
from .schemas import RegisterReportOut, ReportQuery

blp = Blueprint("reports", __name__, description="Register and residual value reports")


@blp.get("/reports/register")
@blp.arguments(ReportQuery, location="query")
@blp.response(200, RegisterReportOut)
def register_report(args):
    """Per board and category as of a date (default today): count, cost, wear, residual value."""
    with unit_of_work() as uow:
        return reports.register_report(uow, current_principal(), args)


@blp.get("/reports/register.csv")
@blp.arguments(ReportQuery, location="query")
def register_report_csv(args):
    """The same report as CSV."""
    with unit_of_work() as uow:
        rows = reports.register_report_rows(uow, current_principal(), args)
    name = f"assets-by-board-{(args.get('as_of') or local_today()).isoformat()}.csv"
    return csv_response(name, reports.REGISTER_REPORT_HEADER, rows)
