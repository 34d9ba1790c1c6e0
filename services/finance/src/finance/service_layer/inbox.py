"""What the caller may decide now in finance: the service's side of the console's inbox.

Each item is offered only when the action itself would accept it: the same domain functions
decide (`require_decider`, `refuse_own`), so the inbox never offers what the action refuses.
"""

from __future__ import annotations

from buildingblocks.errors import DomainError
from buildingblocks.inbox import InboxItem

from ..adapters.orm import BudgetChange, Expense
from ..domain import expense as lifecycle


def _allowed(check, *args) -> bool:
    try:
        check(*args)
    except DomainError:
        return False
    return True


def _in_open_years(uow, candidates: list[Expense]) -> list[Expense]:
    """The expenses whose budget's year takes entries (a closing year's wait for its close)."""
    closed = uow.closes.closed_years()
    if not closed:
        return candidates
    return [e for e in candidates if uow.budgets.get(e.budget_id).fiscal_year not in closed]


def expenses_to_decide(uow, principal) -> list[InboxItem]:
    """Submitted expenses the caller may approve or reject."""
    if not principal.has_role("unit_head", "leadership"):
        return []
    limit = uow.config.unit_head_limit_vnd
    candidates = (uow.expenses.in_status(lifecycle.SUBMITTED) if principal.has_role("leadership")
                  else uow.expenses.in_status(lifecycle.SUBMITTED, unit=principal.unit, max_amount_vnd=limit))
    return [_expense_item(e, ("approve", "reject")) for e in _in_open_years(uow, candidates)
            if _allowed(lifecycle.require_decider, principal, e, limit, "approve")]


def expenses_to_pay(uow, principal) -> list[InboxItem]:
    """Approved expenses `office_finance` may pay (not their own, nor those they benefit from)."""
    if not principal.has_role("office_finance"):
        return []
    return [
        _expense_item(e, ("pay",)) for e in _in_open_years(uow, uow.expenses.in_status(lifecycle.APPROVED))
        if _allowed(lifecycle.refuse_own, "pay", principal, e.requested_by, e.requested_by_staff_id,
                    e.beneficiary_staff_id)
    ]


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


def inbox(uow, principal) -> list[InboxItem]:
    """Everything the caller may decide now in finance."""
    return (expenses_to_decide(uow, principal) + expenses_to_pay(uow, principal)
            + budget_changes_to_decide(uow, principal) + year_closes_to_confirm(uow, principal))


def _expense_item(expense: Expense, actions: tuple[str, ...]) -> InboxItem:
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
