"""What the finance documents say: the facts of a record, read in one unit of work.

The use cases return plain values (no ORM rows), so the view renders the PDF once the unit of
work is closed and no row lock is held while WeasyPrint works.
"""

from __future__ import annotations

from . import expenses


def payment_request(uow, principal, expense_id: int) -> dict:
    """The facts of the giấy đề nghị thanh toán of an expense the caller may see (404 otherwise)."""
    expense = expenses.get(uow, principal, expense_id)
    version = uow.regulations.get(expense.regulation_id) if expense.regulation_id else None
    return {
        "id": expense.id, "unit": expense.unit, "unit_name": uow.replica.unit_names().get(expense.unit, expense.unit),
        "requester": _person(uow, expense.requested_by_staff_id, expense.requested_by),
        "beneficiary": _person(uow, expense.beneficiary_staff_id, f"#{expense.beneficiary_staff_id}",
                               expense.beneficiary_title_rank),
        "category": expense.category, "date": expense.date, "description": expense.description,
        "quantity": expense.quantity, "rate_vnd": expense.rate_vnd, "amount_vnd": expense.amount_vnd,
        "paid_amount_vnd": expense.paid_amount_vnd, "status": expense.status,
        "locality_tier": expense.locality_tier, "submitted_at": expense.created_at,
        "norm": uow.regulations.norm(expense.norm_id) if expense.norm_id else None,
        "regulation_title": version.title if version is not None else None,
    }


def _person(uow, staff_id: int | None, fallback_name: str, title_rank: str | None = None) -> dict:
    """Name, position and title rank of a person as the HR replica holds them."""
    row = uow.replica.staff(staff_id) if staff_id is not None else None
    if row is None:
        return {"name": fallback_name, "position": None, "title_rank": title_rank}
    return {"name": row.full_name, "position": row.position_title, "title_rank": row.title_rank or title_rank}
