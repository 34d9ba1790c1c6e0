"""/procurements: draft, submit (standards, then finance's reservation), decide, receive."""
from __future__ import annotations

from buildingblocks.attachment_routes import attachment_routes
from buildingblocks.documents import pdf_response
from buildingblocks.pagination import page_schema
from buildingblocks.web import current_principal, unit_of_work
from flask_smorest import Blueprint

from ..adapters.documents import procurement_request_pdf
from ..adapters.orm import ATTACHMENT_TABLES
from ..service_layer import attachments, documents, procurements
from .schemas import (
    DecisionNote,
    ProcurementCheckOut,
    ProcurementCreate,
    ProcurementPatch,
    ProcurementQuery,
    ProcurementOut,
    ReceiptCreate,
)

blp = Blueprint("procurements", __name__, description="Procurement within the standards and the budget")
ONE = "/procurements/<id:procurement_id>"


@blp.get("/procurements")
@blp.arguments(ProcurementQuery, location="query")
@blp.response(200, page_schema(ProcurementOut))
def list_procurements(args):
    """Requests, newest first; a board sees its own."""
    with unit_of_work() as uow:
        return procurements.list_procurements(uow, current_principal(), args)


@blp.post("/procurements")
@blp.arguments(ProcurementCreate)
@blp.response(201, ProcurementOut)
def create_procurement(data):
    """Draft a request for your board (unit defaults to yours)."""
    with unit_of_work() as uow:
        return procurements.create_procurement(uow, current_principal(), data)


@blp.get(ONE)
@blp.response(200, ProcurementOut)
def get_procurement(procurement_id):
    """The request, with every step it went through."""
    with unit_of_work() as uow:
        return procurements.get_procurement(uow, current_principal(), procurement_id)


@blp.get(ONE + "/check")
@blp.response(200, ProcurementCheckOut)
def check_procurement(procurement_id):
    """Each line against the standard it is held to (norm, legal basis, held, on its way, asked):
    within or over, as submitting it now would check it."""
    with unit_of_work() as uow:
        return procurements.check_procurement(uow, current_principal(), procurement_id)


@blp.patch(ONE)
@blp.arguments(ProcurementPatch)
@blp.response(200, ProcurementOut)
def update_procurement(changes, procurement_id):
    """Change a draft's lines, fiscal year or note."""
    with unit_of_work() as uow:
        return procurements.update_procurement(uow, current_principal(), procurement_id, changes)


@blp.post(ONE + "/submit")
@blp.response(200, ProcurementOut)
def submit_procurement(procurement_id):
    """Check the standards (422 naming each breach) and ask finance to reserve the money."""
    with unit_of_work() as uow:
        return procurements.submit_procurement(uow, current_principal(), procurement_id)


@blp.post(ONE + "/approve")
@blp.arguments(DecisionNote)
@blp.response(200, ProcurementOut)
def approve_procurement(data, procurement_id):
    """The board's unit head (up to the threshold) or the leadership approves."""
    with unit_of_work() as uow:
        return procurements.approve_procurement(uow, current_principal(), procurement_id,
                                                data.get("note"))


@blp.post(ONE + "/reject")
@blp.arguments(DecisionNote)
@blp.response(200, ProcurementOut)
def reject_procurement(data, procurement_id):
    """The approver turns it down; finance releases the reservation."""
    with unit_of_work() as uow:
        return procurements.reject_procurement(uow, current_principal(), procurement_id,
                                               data.get("note"))


@blp.post(ONE + "/receive")
@blp.arguments(ReceiptCreate)
@blp.response(200, ProcurementOut)
def receive_procurement(data, procurement_id):
    """Receive the goods at their actual prices (office_assets): they are registered with new tags."""
    with unit_of_work() as uow:
        return procurements.receive_procurement(uow, current_principal(), procurement_id, data)


@blp.post(ONE + "/cancel")
@blp.arguments(DecisionNote)
@blp.response(200, ProcurementOut)
def cancel_procurement(data, procurement_id):
    """Withdraw the request; finance releases any reservation."""
    with unit_of_work() as uow:
        return procurements.cancel_procurement(uow, current_principal(), procurement_id,
                                               data.get("note"))


@blp.get(ONE + "/request.pdf")
@blp.response(200, content_type="application/pdf")
def procurement_request(procurement_id):
    """The tờ trình đề nghị mua sắm (PDF, A4): rendered once the unit of work is closed."""
    with unit_of_work() as uow:
        facts = documents.procurement_request(uow, current_principal(), procurement_id)
    return pdf_response(f"to-trinh-mua-sam-{procurement_id}.pdf", procurement_request_pdf(facts))


# Quotes and invoices: POST/GET /procurements/<id>/attachments, GET .../attachments/<attachment_id>
attachment_routes(blp, "/procurements/<id:record_id>/attachments", kind="procurement", tables=ATTACHMENT_TABLES,
                  load=attachments.procurement_unit, may_add=attachments.may_attach_to_procurement)
