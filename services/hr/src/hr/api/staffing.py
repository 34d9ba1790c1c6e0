"""/staffing, /staffing.csv, /staffing.xlsx and /rules: the staffing table under the rules."""
from __future__ import annotations

from flask_smorest import Blueprint

from buildingblocks.export import table_response
from buildingblocks.web import current_principal, unit_of_work

from ..domain.staffing import CSV_COLUMNS, XLSX_HEADER
from ..service_layer import rules, staffing
from .schemas import (RuleList, RuleOut, RulePatch, RulePatchWithCode, RuleQuery, RuleVersions, StaffingOut,
                      StaffingQuery)

blp = Blueprint("staffing", __name__, description="The staffing table [bảng biên chế] and its rules")


@blp.get("/staffing")
@blp.arguments(StaffingQuery, location="query")
@blp.response(200, StaffingOut)
def staffing_table(args):
    """Per unit: quota, filled, vacant (the unit and the units below it), by family and rank;
    deputies against their limit; the rules it breaks. A board sees its own."""
    with unit_of_work() as uow:
        return staffing.staffing(uow, current_principal(), args.get("unit"), args.get("as_of"))


@blp.get("/staffing.csv")
@blp.arguments(StaffingQuery, location="query")
@blp.response(200, content_type="text/csv")
def staffing_csv(args):
    """The staffing table as CSV (one line per unit), every cell formula-safe."""
    return _staffing_file(args, "csv", CSV_COLUMNS)


@blp.get("/staffing.xlsx")
@blp.arguments(StaffingQuery, location="query")
@blp.response(200, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
def staffing_xlsx(args):
    """The same table as a spreadsheet: numbers as numbers, the header (in Vietnamese) frozen,
    every text kept as text."""
    return _staffing_file(args, "xlsx", XLSX_HEADER)


def _staffing_file(args: dict, extension: str, header):
    with unit_of_work() as uow:
        rows = staffing.staffing_csv(uow, current_principal(), args.get("unit"), args.get("as_of"))
    name = f"staffing-{args.get('unit') or 'all'}-{args.get('as_of') or 'now'}.{extension}"
    return table_response(_safe(name), header, rows)


def _safe(name: str) -> str:
    return "".join(c if c.isalnum() or c in "-_." else "_" for c in name)


@blp.get("/rules")
@blp.arguments(RuleQuery, location="query")
@blp.response(200, RuleList)
def list_rules(args):
    """Every rule in force (now, or `as_of` a date) with its value, source and evidence mark."""
    with unit_of_work() as uow:
        return {"items": rules.list_rules(uow, args.get("as_of"))}


@blp.patch("/rules")
@blp.arguments(RulePatchWithCode)
@blp.response(200, RuleOut)
def change_named_rule(data):
    """Change one rule named by `code` (office_hr); same as PATCH /rules/<code>."""
    code = data.pop("code")
    with unit_of_work() as uow:
        return rules.change_rule(uow, current_principal(), code, data)


@blp.get("/rules/<string:code>")
@blp.arguments(RuleQuery, location="query")
@blp.response(200, RuleOut)
def get_rule(args, code):
    with unit_of_work() as uow:
        return rules.get_rule(uow, code, args.get("as_of"))


@blp.get("/rules/<string:code>/versions")
@blp.response(200, RuleVersions)
def rule_history(code):
    """Every dated version of the rule, oldest first."""
    with unit_of_work() as uow:
        return {"items": rules.rule_history(uow, code)}


@blp.patch("/rules/<string:code>")
@blp.arguments(RulePatch)
@blp.response(200, RuleOut)
def change_rule(data, code):
    """A new version of the rule from `effective_date` (default today): its value, switched on or
    off, or its source and mark corrected (office_hr)."""
    with unit_of_work() as uow:
        return rules.change_rule(uow, current_principal(), code, data)
