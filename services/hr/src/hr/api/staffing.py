"""/staffing, /staffing.csv and /rules: the staffing table under the rules."""
from __future__ import annotations

from flask.views import MethodView
from flask_smorest import Blueprint

from buildingblocks.errors import NotFound
from buildingblocks.export import csv_response
from buildingblocks.web import current_principal, unit_of_work

from ..domain.staffing import CSV_COLUMNS
from ..service_layer import rules, staffing
from .schemas import RuleChange, RuleChangeWithCode, RuleList, RuleSchema, StaffingQuery, StaffingSchema

blp = Blueprint("staffing", __name__, description="The staffing table [bảng biên chế] and its rules")


@blp.route("/staffing")
class Staffing(MethodView):
    @blp.arguments(StaffingQuery, location="query")
    @blp.response(200, StaffingSchema)
    def get(self, args):
        """Per unit: quota, filled, vacant (the unit and the units below it), by family and rank;
        deputies against their limit; the rules it breaks. A board sees its own."""
        with unit_of_work() as uow:
            return staffing.staffing(uow, current_principal(), args.get("unit"), args.get("as_of"))


@blp.route("/staffing.csv")
class StaffingCsv(MethodView):
    @blp.arguments(StaffingQuery, location="query")
    @blp.response(200, content_type="text/csv")
    def get(self, args):
        """The staffing table as CSV (one line per unit)."""
        with unit_of_work() as uow:
            rows = staffing.staffing_csv(uow, current_principal(), args.get("unit"), args.get("as_of"))
        name = f"staffing-{args.get('unit') or 'all'}-{args.get('as_of') or 'now'}.csv"
        return csv_response(_safe(name), CSV_COLUMNS, rows)


def _safe(name: str) -> str:
    return "".join(c if c.isalnum() or c in "-_." else "_" for c in name)


@blp.route("/rules")
class Rules(MethodView):
    @blp.response(200, RuleList)
    def get(self):
        """Every rule with its value, source and evidence mark."""
        with unit_of_work() as uow:
            return {"items": rules.list_rules(uow.session)}

    @blp.arguments(RuleChangeWithCode)
    @blp.response(200, RuleSchema)
    def patch(self, data):
        """Change one rule named by `code` (office_hr); same as PATCH /rules/<code>."""
        code = data.pop("code")
        with unit_of_work() as uow:
            return rules.change_rule(uow, current_principal(), code, data)


@blp.route("/rules/<code>")
class Rule(MethodView):
    @blp.response(200, RuleSchema)
    def get(self, code):
        with unit_of_work() as uow:
            found = [r for r in rules.list_rules(uow.session) if r["code"] == code]
        if not found:
            raise NotFound(f"no rule {code!r}")
        return found[0]

    @blp.arguments(RuleChange)
    @blp.response(200, RuleSchema)
    def patch(self, data, code):
        """Change a rule's value, switch it on or off, or correct its source and mark (office_hr)."""
        with unit_of_work() as uow:
            return rules.change_rule(uow, current_principal(), code, data)
