"""/expenses: requests for money, checked and reserved when submitted, then decided and paid."""

from __future__ import annotations

from buildingblocks.attachment_routes import attachment_routes
from buildingblocks.documents import pdf_response
from buildingblocks.pagination import page_schema
from buildingblocks.table_routes import table_routes
from buildingblocks.web import current_principal, unit_of_work
from flask_smorest import Blueprint

from ..adapters.documents import payment_request_pdf
from ..adapters.orm import ATTACHMENT_TABLES
from ..service_layer import documents, expenses
from .common import download_name, page_answer
from .schemas import DecisionCreate, ExpenseCreate, ExpenseFilter, ExpenseOut, ExpenseQuery, PaymentCreate, ReasonedDecisionCreate

blp = Blueprint("expenses", __name__, url_prefix="",
                description="Expense requests: submitted (reserved) -> approved -> paid, or rejected / withdrawn")


@blp.get("/expenses")
@blp.arguments(ExpenseQuery, location="query")
@blp.response(200, page_schema(ExpenseOut))
def list_expenses(args):
    """Expense requests, newest first (a board sees its own)."""
    with unit_of_work() as uow:
        return page_answer(*expenses.list_expenses(uow, current_principal(), args))


@blp.post("/expenses")
@blp.arguments(ExpenseCreate)
@blp.response(201, ExpenseOut)
def submit(data):
    """Submit a request: over the norm or over the available budget is 409 with the figures;
    otherwise the amount is reserved at once."""
    with unit_of_work() as uow:
        return expenses.submit(uow, current_principal(), data)


# GET /expenses.csv and /expenses.xlsx: every expense the list's filters ask for (not one page), newest first
table_routes(blp, "/expenses", ExpenseFilter, table=expenses.expenses_table, filename=download_name("expenses"),
             summary="The expense requests with the list's filters")


@blp.get("/expenses/<id:expense_id>")
@blp.response(200, ExpenseOut)
def get_expense(expense_id):
    """One request with every decision taken on it."""
    with unit_of_work() as uow:
        return expenses.get(uow, current_principal(), expense_id)


@blp.post("/expenses/<id:expense_id>/approve")
@blp.arguments(DecisionCreate)
@blp.response(200, ExpenseOut)
def approve(data, expense_id):
    """Approve: the board's unit head up to the threshold, the leadership above; never one's own."""
    with unit_of_work() as uow:
        return expenses.approve(uow, current_principal(), expense_id, data["reason"])


@blp.post("/expenses/<id:expense_id>/reject")
@blp.arguments(ReasonedDecisionCreate)
@blp.response(200, ExpenseOut)
def reject(data, expense_id):
    """Reject with a reason (whoever may approve); the reservation is released."""
    with unit_of_work() as uow:
        return expenses.reject(uow, current_principal(), expense_id, data["reason"])


@blp.post("/expenses/<id:expense_id>/withdraw")
@blp.arguments(DecisionCreate)
@blp.response(200, ExpenseOut)
def withdraw(data, expense_id):
    """Withdraw one's own request before it is paid; the reservation is released."""
    with unit_of_work() as uow:
        return expenses.withdraw(uow, current_principal(), expense_id, data["reason"])


@blp.post("/expenses/<id:expense_id>/pay")
@blp.arguments(PaymentCreate)
@blp.response(200, ExpenseOut)
def pay(data, expense_id):
    """Pay (office_finance): the actual amount is spent, the rest of the reservation released."""
    with unit_of_work() as uow:
        return expenses.pay(uow, current_principal(), expense_id,
                            data.get("paid_amount_vnd"), data["reason"])


@blp.get("/expenses/<id:expense_id>/request.pdf")
@blp.response(200, content_type="application/pdf")
def payment_request(expense_id):
    """The giấy đề nghị thanh toán (PDF, A4): rendered once the unit of work is closed."""
    with unit_of_work() as uow:
        facts = documents.payment_request(uow, current_principal(), expense_id)
    return pdf_response(f"de-nghi-thanh-toan-{expense_id}.pdf", payment_request_pdf(facts))


# Invoice scans: POST/GET /expenses/<id>/attachments, GET /expenses/<id>/attachments/<attachment_id>;
# whoever sees the expense reads them, whoever acts on it adds them.
attachment_routes(blp, "/expenses/<id:record_id>/attachments", kind="expense", tables=ATTACHMENT_TABLES,
                  load=expenses.visible_unit, may_add=expenses.may_attach)
