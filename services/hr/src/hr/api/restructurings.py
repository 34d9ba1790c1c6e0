"""/restructurings: plans [đề án], their preview, approval and application."""
from __future__ import annotations

from flask_smorest import Blueprint

from buildingblocks.attachment_routes import attachment_routes
from buildingblocks.documents import pdf_response
from buildingblocks.web import current_principal, unit_of_work

from ..adapters.documents import plan_pdf
from ..adapters.orm import ATTACHMENT_TABLES
from ..service_layer import restructurings as plans
from .common import page, page_args
from .schemas import PlanCreate, PlanOut, PlanPage, PlanPatch, PlanPreviewOut, PlanQuery, PlanReject, PlanWithdraw

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


@blp.post("/<id:plan_id>/reject")
@blp.arguments(PlanReject)
@blp.response(200, PlanOut)
def reject(data, plan_id):
    """Leadership turns a draft down with its reason (never a plan they drafted or edited)."""
    with unit_of_work() as uow:
        return plans.reject(uow, current_principal(), plan_id, data.get("reason"))


@blp.post("/<id:plan_id>/withdraw")
@blp.arguments(PlanWithdraw)
@blp.response(200, PlanOut)
def withdraw(data, plan_id):
    """The plan's author withdraws it before it is applied."""
    with unit_of_work() as uow:
        return plans.withdraw(uow, current_principal(), plan_id, data.get("reason"))


@blp.post("/<id:plan_id>/apply")
@blp.response(200, PlanOut)
def apply(plan_id):
    """Apply an approved plan at once when its date has come (else it is scheduled and the
    worker applies it on that date). 409 `plan_outdated` when the structure changed since."""
    with unit_of_work() as uow:
        return plans.apply(uow, current_principal(), plan_id)


@blp.get("/<id:plan_id>/plan.pdf")
@blp.response(200, content_type="application/pdf")
def plan_document(plan_id):
    """The đề án (PDF, A4): steps, staffing before and after, rules broken, summary, signatures.
    Rendered once the unit of work is closed."""
    with unit_of_work() as uow:
        facts = plans.plan_document(uow, current_principal(), plan_id)
    return pdf_response(f"de-an-{plan_id}.pdf", plan_pdf(facts))


# The plan's papers (a signed decision, scans): POST/GET /restructurings/<id>/attachments,
# GET /restructurings/<id>/attachments/<attachment_id>; read by plan readers, added by office_hr and leadership.
attachment_routes(blp, "/<id:record_id>/attachments", kind="restructuring", tables=ATTACHMENT_TABLES,
                  load=plans.visible_unit, may_add=plans.may_attach)
