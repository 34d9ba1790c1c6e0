"""/restructurings: plans [đề án], their preview, approval and application."""
from __future__ import annotations

from flask.views import MethodView
from flask_smorest import Blueprint

from buildingblocks.web import current_principal, unit_of_work

from ..service_layer import restructurings as plans
from .common import page, page_args
from .schemas import PlanChange, PlanCreate, PlanPage, PlanQuery, PlanSchema, PreviewSchema

blp = Blueprint("restructurings", __name__, url_prefix="/restructurings",
                description="Restructuring plans: draft (office_hr), preview, approve (leadership), apply")


@blp.route("")
class Plans(MethodView):
    @blp.arguments(PlanQuery, location="query")
    @blp.response(200, PlanPage)
    def get(self, args):
        with unit_of_work() as uow:
            return page(*plans.list_plans(uow, current_principal(), status=args.get("status"), **page_args(args)))

    @blp.arguments(PlanCreate)
    @blp.response(201, PlanSchema)
    def post(self, data):
        """A draft plan with its steps (office_hr)."""
        with unit_of_work() as uow:
            return plans.create_plan(uow, current_principal(), data)


@blp.route("/<int(min=1, max=2147483647):plan_id>")
class Plan(MethodView):
    @blp.response(200, PlanSchema)
    def get(self, plan_id):
        with unit_of_work() as uow:
            return plans.get_plan(uow, current_principal(), plan_id)

    @blp.arguments(PlanChange)
    @blp.response(200, PlanSchema)
    def patch(self, data, plan_id):
        """Edit the plan (office_hr); it becomes a draft again and needs a new approval."""
        with unit_of_work() as uow:
            return plans.update_plan(uow, current_principal(), plan_id, data)


@blp.route("/<int(min=1, max=2147483647):plan_id>/preview")
class Preview(MethodView):
    @blp.response(200, PreviewSchema)
    def get(self, plan_id):
        """The staffing table before and after, every rule the result breaks, and the summary."""
        with unit_of_work() as uow:
            return plans.preview(uow, current_principal(), plan_id)

    @blp.response(200, PreviewSchema)
    def post(self, plan_id):
        """Same as GET (for clients that post actions)."""
        with unit_of_work() as uow:
            return plans.preview(uow, current_principal(), plan_id)


@blp.route("/<int(min=1, max=2147483647):plan_id>/approve")
class Approve(MethodView):
    @blp.response(200, PlanSchema)
    def post(self, plan_id):
        """Leadership approves the plan as previewed on the structure now."""
        with unit_of_work() as uow:
            return plans.approve(uow, current_principal(), plan_id)


@blp.route("/<int(min=1, max=2147483647):plan_id>/apply")
class Apply(MethodView):
    @blp.response(200, PlanSchema)
    def post(self, plan_id):
        """Apply an approved plan at once when its date has come (else it is scheduled and the
        worker applies it on that date). 409 `plan_outdated` when the structure changed since."""
        with unit_of_work() as uow:
            return plans.apply(uow, current_principal(), plan_id)
