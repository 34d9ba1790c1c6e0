"""What the caller may decide now in finance: the service's side of the console's inbox.

Each item is offered only when the action itself would accept it: the same domain functions
decide (`require_decider`, `refuse_own`), so the inbox never offers what the action refuses.
Expenses are read bounded (issue 16): the oldest `INBOX_LIMIT` of those the query already narrows
as those functions do, and how many there are (`inbox` answers the count beside the items).
"""

from __future__ import annotations

from buildingblocks.errors import DomainError
from buildingblocks.inbox import INBOX_LIMIT, InboxItem

from ..adapters.orm import BudgetChange
from ..domain import expense as lifecycle


def _allowed(check, *args) -> bool:
    try:
        check(*args)
    except DomainError:
        return False
    return True


def expenses_to_decide(uow, principal) -> tuple[list[InboxItem], int]:
    """Submitted expenses the caller may approve or reject: the oldest, and how many."""
    if not principal.has_role("unit_head", "leadership"):
        return [], 0
    limit = uow.config.unit_head_limit_vnd
    board = {} if principal.has_role("leadership") else {"unit": principal.unit, "max_amount_vnd": limit}
    rows, total = _waiting(uow, principal, lifecycle.SUBMITTED, **board)
    return [_expense_item(e, ("approve", "reject")) for e in rows
            if _allowed(lifecycle.require_decider, principal, e, limit, "approve")], total


def expenses_to_pay(uow, principal) -> tuple[list[InboxItem], int]:
    """Approved expenses `office_finance` may pay (not their own, nor those they benefit from):
    the oldest, and how many."""
    if not principal.has_role("office_finance"):
        return [], 0
    rows, total = _waiting(uow, principal, lifecycle.APPROVED)
    return [_expense_item(e, ("pay",)) for e in rows
            if _allowed(lifecycle.refuse_own, "pay", principal, e.requested_by, e.requested_by_staff_id,
                        e.beneficiary_staff_id)], total


def _waiting(uow, principal, status: str, **board):
    """The oldest expenses in `status` the caller did not ask for nor benefits from, in a year that
    takes entries (a closing year's wait for its close), and their count."""
    return uow.expenses.waiting(status, decider=principal, closed_years=uow.closes.closed_years(),
                                limit=INBOX_LIMIT, **board)


def budget_changes_to_decide(uow, principal) -> list[InboxItem]:
    """Pending supplements and transfers the leadership may decide (not their own)."""
    if not principal.has_role("leadership"):
        return []
    closed = uow.closes.closed_years()  # approving books in the change's year
    return [
        InboxItem(kind="budget_change", id=c.id, unit=c.to_unit, amount_vnd=c.amount_vnd,
                  title=_change_title(c),
                  requested_by=c.requested_by, requested_at=c.requested_at, actions=("approve", "reject"))
        for c in uow.changes.pending()
        if c.fiscal_year not in closed
        and _allowed(lifecycle.refuse_own, "decide", principal, c.requested_by, c.requested_by_staff_id)
    ]


def year_closes_to_confirm(uow, principal) -> list[InboxItem]:
    """Proposed year-end closes the leadership may confirm or reject (not their own)."""
    if not principal.has_role("leadership"):
        return []
    return [
        InboxItem(kind="year_close", id=c.id, unit=None, amount_vnd=sum(i.amount_vnd for i in c.items),
                  title=_close_title(c), requested_by=c.requested_by, requested_at=c.requested_at,
                  actions=("confirm", "reject"))
        for c in uow.closes.pending()
        if _allowed(lifecycle.refuse_own, "decide", principal, c.requested_by, c.requested_by_staff_id)
    ]


def inbox(uow, principal) -> tuple[list[InboxItem], dict[str, int]]:
    """Everything the caller may decide now in finance (of the expenses, the oldest), and how many
    expenses in all (`inbox_answer`'s `totals`)."""
    to_decide, deciding = expenses_to_decide(uow, principal)
    to_pay, paying = expenses_to_pay(uow, principal)
    items = to_decide + to_pay + budget_changes_to_decide(uow, principal) + year_closes_to_confirm(uow, principal)
    return items, {"expense": deciding + paying}


def _expense_item(expense, actions: tuple[str, ...]) -> InboxItem:
    return InboxItem(kind="expense", id=expense.id, unit=expense.unit, amount_vnd=expense.amount_vnd,
                     title=f"Đề nghị chi: {expense.description}",
                     requested_by=expense.requested_by, requested_at=expense.created_at, actions=actions)


def _close_title(close) -> str:
    carried = sum(1 for i in close.items if i.action == "carry_over")
    return (f"Khóa sổ năm {close.fiscal_year}: chuyển nguồn {carried} khoản, "
            f"hủy {len(close.items) - carried} khoản còn giữ chỗ")


def _change_title(change: BudgetChange) -> str:
    what = f"dự toán {change.category} năm {change.fiscal_year}"
    if change.kind == "transfer":
        return f"Điều chuyển {what} từ {change.from_unit} sang {change.to_unit}: {change.reason}"
    return f"Bổ sung {what} cho {change.to_unit}: {change.reason}"
