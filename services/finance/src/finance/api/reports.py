"""/reports: the budget report as JSON and as CSV."""

from __future__ import annotations

from buildingblocks.export import table_response
from buildingblocks.web import current_principal, unit_of_work
from flask_smorest import Blueprint

from ..service_layer import reports
from .schemas import ReportOut, ReportQuery

blp = Blueprint("reports", __name__, url_prefix="/reports", description="Budget reports")


@blp.get("/budgets")
@blp.arguments(ReportQuery, location="query")
@blp.response(200, ReportOut)
def budget_report(args):
    """Per board and category for a year: allocated, reserved, spent, available, share used, overruns."""
    with unit_of_work() as uow:
        return reports.budget_report(uow, current_principal(), args.get("fiscal_year"), args.get("unit"),
                                     args.get("quarter"))


@blp.get("/budgets.csv")
@blp.arguments(ReportQuery, location="query")
@blp.response(200, content_type="text/csv")
def budget_report_csv(args):
    """The same report as CSV (UTF-8 with BOM, opens in a spreadsheet with Vietnamese names intact)."""
    return _budget_table(args, "csv")


@blp.get("/budgets.xlsx")
@blp.arguments(ReportQuery, location="query")
@blp.response(200, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
def budget_report_xlsx(args):
    """The same report as a workbook: numbers as numbers in VND, the header row frozen, text never a formula."""
    return _budget_table(args, "xlsx")


def _budget_table(args, extension: str):
    with unit_of_work() as uow:
        report = reports.budget_report(uow, current_principal(), args.get("fiscal_year"), args.get("unit"),
                                       args.get("quarter"))
    quarter = f"-q{report['quarter']}" if report["quarter"] else ""
    filename = f"budgets-{report['fiscal_year']}{quarter}{'-' + args['unit'] if args.get('unit') else ''}.{extension}"
    return table_response(filename, *reports.report_table(report))
