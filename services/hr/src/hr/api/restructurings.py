"""/restructurings: plans [đề án], their preview, approval and application."""
from __future__ import annotations

from flask_smorest import Blueprint

from buildingblocks.web import current_principal, unit_of_work

from ..service_layer import restructurings as plans
from .common import page, page_args
from .schemas import PlanCreate, PlanOut, PlanPage, PlanPatch, PlanPreviewOut, PlanQuery

blp = Blueprint("restructurings", __name__, url_prefix="/restructurings",
                description="Restructuring plans: draft (office_hr), preview, approve (leadership), apply")


@blp.get("")
@blp.arguments(PlanQuery, location="query")
@blp.response(200, PlanPage)
def list_plans(args):
    with unit_of_work() as uow:
        return page(*plans.list_plans(uow, current_principal(), status=args.get("status"), **page_args(args)))


@blp.post("")
@blp.arguments(PlanCreate)
@blp.response(201, PlanOut)
def create_plan(data):
    """A draft plan with its steps (office_hr)."""
    with unit_of_work() as uow:
        return plans.create_plan(uow, current_principal(), data)


@blp.get("/<id:plan_id>")
@blp.response(200, PlanOut)
def get_plan(plan_id):
    with unit_of_work() as uow:
        return plans.get_plan(uow, current_principal(), plan_id)


@blp.patch("/<id:plan_id>")
@blp.arguments(PlanPatch)
@blp.response(200, PlanOut)
def update_plan(data, plan_id):
    """Edit the plan (office_hr); it becomes a draft again and needs a new approval."""
    with unit_of_work() as uow:
        return plans.update_plan(uow, current_principal(), plan_id, data)


@blp.get("/<id:plan_id>/preview")
@blp.response(200, PlanPreviewOut)
def preview(plan_id):
    """The staffing table before and after, every rule the result breaks, and the summary."""
    return _preview(plan_id)


@blp.post("/<id:plan_id>/preview")
@blp.response(200, PlanPreviewOut)
def preview_by_post(plan_id):
    """Same as GET (for clients that post actions)."""
    return _preview(plan_id)


def _preview(plan_id: int) -> dict:
    with unit_of_work() as uow:
        return plans.preview(uow, current_principal(), plan_id)


@blp.post("/<id:plan_id>/approve")
@blp.response(200, PlanOut)
def approve(plan_id):
    """Leadership approves the plan as previewed on the structure now (never a plan they drafted or edited)."""
    with unit_of_work() as uow:
        return plans.approve(uow, current_principal(), plan_id)


@blp.post("/<id:plan_id>/apply")
@blp.response(200, PlanOut)
def apply(plan_id):
    """Apply an approved plan at once when its date has come (else it is scheduled and the
    worker applies it on that date). 409 `plan_outdated` when the structure changed since."""
    with unit_of_work() as uow:
        return plans.apply(uow, current_principal(), plan_id)
