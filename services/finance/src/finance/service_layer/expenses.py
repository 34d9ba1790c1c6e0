"""Use cases of expense requests: submit (checked and reserved at once), decide, pay, read."""

from __future__ import annotations

from types import SimpleNamespace

from buildingblocks.clock import utcnow
from buildingblocks.errors import NotFound
from buildingblocks.search import matches

from ..adapters.orm import Expense, ExpenseDecision
from ..config import SERVICE
from ..domain import expense as lifecycle
from ..domain import fiscal_year
from ..domain import regulation as rules
from ..domain.budget import BudgetPosition, settlement
from .common import require_active_unit, require_open_year, require_requester, table_of

SOURCE = "finance.expense"


def submit(uow, principal, data: dict) -> Expense:
    """Check the request against the norm and the budget, and reserve its amount, in one transaction.

    The budget row is locked before the figures are read for the reservation, so two submissions
    against one budget are checked one after the other and cannot both count the same available
    money. Everything else happens before the lock, so a hot budget is held only for one statement
    (the reservation's `UPDATE ... RETURNING` of the budget's running figures, which takes the lock),
    what the beneficiary drew under a monthly or yearly norm, and the commit: the checks' facts are
    read in one statement, the request, its decision and its ledger entry are inserted first
    (invisible to others until the commit; the budget's lock is FOR NO KEY UPDATE, which their
    foreign key's share lock does not wait for), and a request that does not fit even the figures
    as they are now is refused without queueing for the lock (available money is as it was at that
    moment, so the refusal stands; nothing is written).
    """
    unit, category, on = data.get("unit") or principal.unit, data["category"], data["date"]
    require_requester(principal, unit)
    facts = uow.expenses.facts(on.year, unit, data["beneficiary_staff_id"], category, on)
    fiscal_year.require_open(on.year, facts.close_status)
    require_active_unit(facts.unit, unit, "unit")
    beneficiary = _beneficiary_of(unit, data["beneficiary_staff_id"], facts.staff)
    amount_vnd, quantity, rate_vnd = lifecycle.amount_of(data.get("amount_vnd"), data.get("quantity"),
                                                         data.get("rate_vnd"))
    version = facts.regulation
    norm = rules.norm_for(version, category, beneficiary.title_rank, data.get("locality_tier"), on)

    def check(has_budget: bool, position, excluding=None) -> None:
        lifecycle.check_submission(
            rules.SpendingAsk(amount_vnd=amount_vnd, quantity=quantity), norm,
            _drawn(uow, norm, data["beneficiary_staff_id"], category, on, excluding), position,
            regulation_id=version.id if version else None, what=f"the {category} expense",
            no_budget=None if has_budget else f"{unit} has no {category} budget for {on.year}",
        )

    check(facts.budget_id is not None, facts.position)  # without the lock
    expense = uow.expenses.add(_new_expense(principal, data, unit, beneficiary, facts.budget_id, version, norm,
                                            amount_vnd, quantity, rate_vnd))
    budget = SimpleNamespace(id=facts.budget_id, fiscal_year=on.year, unit=unit, category=category)
    uow.ledger.append(budget, "reserved", amount_vnd, source=SOURCE, source_id=expense.id, by=principal.username)
    # the lock: the reservation moves the budget's figure and the row comes back with it, so the
    # check sees the figures as they were just before (a refusal rolls the whole transaction back)
    after = uow.budgets.move(facts.budget_id, "reserved", amount_vnd).position
    check(True, after.after("reserved", -amount_vnd), excluding=expense.id)
    uow.commit()
    return expense


def approve(uow, principal, expense_id: int, reason: str = "") -> Expense:
    """The board's unit head (up to the threshold) or the leadership approves; the money stays reserved."""
    expense, _ = _lock_for_decision(uow, principal, expense_id)
    lifecycle.require_decider(principal, expense, uow.config.unit_head_limit_vnd, "approve")
    return _move(uow, principal, expense, "approve", reason)


def reject(uow, principal, expense_id: int, reason: str) -> Expense:
    """Whoever may approve may reject, with a reason; the reservation is released."""
    expense, budget = _lock_for_decision(uow, principal, expense_id)
    lifecycle.require_decider(principal, expense, uow.config.unit_head_limit_vnd, "reject")
    lifecycle.next_status(expense.status, "reject")
    _release(uow, principal, expense, budget, reason)
    return _move(uow, principal, expense, "reject", reason)


def withdraw(uow, principal, expense_id: int, reason: str = "") -> Expense:
    """The requester takes the request back before it is paid; the reservation is released."""
    expense, budget = _lock_for_decision(uow, principal, expense_id)
    lifecycle.may_withdraw(principal, expense.requested_by)
    lifecycle.next_status(expense.status, "withdraw")
    _release(uow, principal, expense, budget, reason)
    return _move(uow, principal, expense, "withdraw", reason)


def pay(uow, principal, expense_id: int, paid_amount_vnd: int | None, reason: str = "") -> Expense:
    """`office_finance` pays the actual amount: it is spent and the whole reservation released."""
    expense, budget = _lock_for_decision(uow, principal, expense_id)
    principal.require_role("office_finance")
    lifecycle.refuse_own("pay", principal, expense.requested_by, expense.requested_by_staff_id,
                         expense.beneficiary_staff_id)
    lifecycle.next_status(expense.status, "pay")
    actual = lifecycle.payable_amount(expense.amount_vnd, paid_amount_vnd)
    for kind, amount in settlement(expense.amount_vnd, actual):
        uow.ledger.book(budget, kind, amount, source=SOURCE, source_id=expense.id, by=principal.username)
    expense.paid_amount_vnd = actual
    return _move(uow, principal, expense, "pay", reason)


def get(uow, principal, expense_id: int) -> Expense:
    """One expense, if the caller may see its board's records (404 otherwise)."""
    expense = uow.expenses.get(expense_id)
    if expense is None:
        raise NotFound(f"expense {expense_id} not found")
    principal.ensure_can_see(expense.unit, SERVICE, "expense")
    return expense


def visible_unit(uow, principal, expense_id: int) -> str:
    """The board of an expense the caller may see (NotFound otherwise): its attachments' visibility."""
    return get(uow, principal, expense_id).unit


def may_attach(uow, principal, expense_id: int) -> None:
    """NotAllowed unless the caller acts on the expense (requester, beneficiary, decider, payer)."""
    lifecycle.require_may_attach(principal, get(uow, principal, expense_id), uow.config.unit_head_limit_vnd)


def list_expenses(uow, principal, args: dict) -> tuple[list[Expense], str | None]:
    """A page of expenses, narrowed to the caller's board unless they hold finance's scope; `q` searches,
    `date_from`..`date_to` (both included) bound the expense's date."""
    return uow.expenses.page(principal.list_unit(args.get("unit"), SERVICE), args, _search(args))


# the expenses' CSV and workbook: (attribute, column)
COLUMNS = [
    ("id", "Số đề nghị"),
    ("date", "Ngày chi"),
    ("fiscal_year", "Năm tài chính"),
    ("unit", "Mã đơn vị"),
    ("category", "Khoản mục"),
    ("description", "Nội dung"),
    ("beneficiary_staff_id", "Mã cán bộ thụ hưởng"),
    ("quantity", "Số lượng"),
    ("rate_vnd", "Đơn giá (VND)"),
    ("amount_vnd", "Số tiền đề nghị (VND)"),
    ("paid_amount_vnd", "Số tiền đã chi (VND)"),
    ("norm_limit_vnd", "Định mức (VND)"),
    ("status", "Trạng thái"),
    ("requested_by", "Người đề nghị"),
    ("created_at", "Thời điểm lập"),
]


def expenses_table(uow, principal, args: dict):
    """Every expense the list's filter asks for (not one page), as (header, rows) for the CSV and workbook."""
    return table_of(COLUMNS, uow.expenses.every(principal.list_unit(args.get("unit"), SERVICE), args, _search(args)))


def _search(args: dict):
    return (lambda column: matches(column, args["q"])) if args.get("q") else None


# -- the steps of the stories above ------------------------------------------------------------


def _beneficiary_of(unit: str, staff_id: int, row):
    """The beneficiary's replica row `row` (None when unknown), once the domain has checked they are
    current staff of `unit`."""
    # a staff member's `unit` in HR's events is their board (contract)
    lifecycle.require_beneficiary_of(unit, staff_id, row.unit if row is not None else None,
                                     current=row is not None and row.status != "left")
    return row


def _drawn(uow, norm, beneficiary_staff_id: int, category: str, on, excluding: int | None = None) -> int:
    """What the beneficiary already drew under a monthly or yearly norm in its period (0 otherwise),
    not counting the expense `excluding` (the one being submitted)."""
    period = rules.period_of(norm, on) if norm is not None else None
    if not period:
        return 0
    return uow.expenses.drawn(beneficiary_staff_id, category, period, lifecycle.COUNTING, excluding=excluding)


def _new_expense(principal, data, unit, beneficiary, budget_id, version, norm, amount_vnd, quantity,
                 rate_vnd) -> Expense:
    now = utcnow()
    expense = Expense(
        unit=unit, fiscal_year=data["date"].year, category=data["category"], amount_vnd=amount_vnd,
        quantity=quantity, rate_vnd=rate_vnd, beneficiary_staff_id=data["beneficiary_staff_id"],
        beneficiary_title_rank=beneficiary.title_rank, date=data["date"], description=data["description"],
        locality_tier=data.get("locality_tier"), status=lifecycle.SUBMITTED, budget_id=budget_id,
        regulation_id=version.id if version is not None else None,
        norm_id=norm.id if norm is not None else None,
        norm_limit_vnd=norm.limit_vnd if norm is not None else None,
        norm_per=norm.per if norm is not None else None,
        requested_by=principal.username, requested_by_staff_id=principal.staff_id, created_at=now, updated_at=now,
    )
    expense.known_beneficiary_name = beneficiary.full_name  # for its search text, without asking the replica again
    expense.decisions.append(_decision(principal, "submit", lifecycle.SUBMITTED, data.get("reason", ""), now))
    return expense


def _lock_for_decision(uow, principal, expense_id: int):
    """The expense and its budget, both locked (budget first, the order submission uses)."""
    expense = get(uow, principal, expense_id)
    budget = uow.budgets.lock(expense.budget_id)
    require_open_year(uow, budget.fiscal_year)
    return uow.expenses.lock(expense_id), budget


def _release(uow, principal, expense: Expense, budget, reason: str) -> None:
    if expense.status in lifecycle.HOLDING:
        uow.ledger.book(budget, "released", expense.amount_vnd, source=SOURCE, source_id=expense.id,
                        by=principal.username, note=reason)


def lapse(principal, expense: Expense, reason: str) -> None:
    """The expense was still held when its year closed and the close released it (the close books it)."""
    now = utcnow()
    expense.status, expense.updated_at = lifecycle.LAPSED, now
    expense.decisions.append(_decision(principal, "lapse", lifecycle.LAPSED, reason, now))


def _move(uow, principal, expense: Expense, action: str, reason: str) -> Expense:
    status = lifecycle.next_status(expense.status, action)
    now = utcnow()
    expense.status = status
    expense.updated_at = now
    expense.decisions.append(_decision(principal, action, status, reason, now))
    uow.commit()
    return expense


def _decision(principal, action: str, status: str, reason: str, at) -> ExpenseDecision:
    return ExpenseDecision(action=action, status=status, by_username=principal.username,
                           by_staff_id=principal.staff_id, at=at, reason=reason or "")
