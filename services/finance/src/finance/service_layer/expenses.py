"""Use cases of expense requests: submit (checked and reserved at once), decide, pay, read."""

from __future__ import annotations

from buildingblocks.db import utcnow
from buildingblocks.errors import Conflict, Forbidden, NotFound, Unprocessable
from buildingblocks.replica import get_staff, require_unit
from buildingblocks.search import matches
from sqlalchemy import func, select

from ..adapters import ledger
from ..adapters.pages import page
from ..adapters.orm import Expense, ExpenseDecision
from ..config import SERVICE, FinanceConfig
from ..domain import expense as lifecycle
from ..domain import regulation as rules
from ..domain.budget import BudgetPosition, settlement
from ..domain.errors import BudgetExhausted, OverNorm
from .common import require_requester, rules_as_problems
from .regulations import to_domain, version_in_force

SOURCE = "finance.expense"


def submit(uow, principal, config: FinanceConfig, data: dict) -> Expense:
    """Check the request against the norm and the budget, and reserve its amount, in one transaction.

    The budget row is locked before anything is read, so two submissions against one budget
    are checked one after the other and cannot both count the same available money.
    """
    session = uow.session
    unit = data.get("unit") or principal.unit
    require_requester(principal, unit)
    require_unit(session, unit, "unit")
    beneficiary = get_staff(session, data["beneficiary_staff_id"])
    # a staff member's `unit` in HR's events is their board (contract)
    lifecycle.require_beneficiary_of(
        unit, data["beneficiary_staff_id"], beneficiary.unit if beneficiary is not None else None,
        current=beneficiary is not None and beneficiary.status != "left",
    )
    title_rank = getattr(beneficiary, "title_rank", None)
    amount_vnd, quantity, rate_vnd = _amount_of(data)
    on = data["date"]
    fiscal_year = on.year
    category = data["category"]

    version = version_in_force(session, on)
    norm = None
    if version is not None:
        domain_version = to_domain(version)
        norm = rules.applicable_norm(domain_version.norms, category, title_rank, data.get("locality_tier"))
        if norm is None and rules.regulates(domain_version.norms, category):
            raise Unprocessable(
                f"the regulation in force on {on} sets {category} limits, but none for title rank "
                f"{title_rank or 'unknown'} and locality tier {data.get('locality_tier') or 'none'}",
                errors={"locality_tier": ["no norm of the regulation in force applies; name the locality tier"]},
            )

    budget = ledger.find_budget(session, fiscal_year, unit, category, lock=True)
    available = ledger.position(session, budget.id) if budget else BudgetPosition()
    ask = rules.SpendingAsk(amount_vnd=amount_vnd, quantity=quantity)

    with rules_as_problems():
        if norm is not None:
            used = _drawn_in_period(session, norm, data["beneficiary_staff_id"], category, on)
            try:
                rules.check_against_norm(norm, ask, already_used_vnd=used)
            except OverNorm as broken:
                broken.figures.update(available_vnd=available.available_vnd, regulation_id=version.id)
                raise
        try:
            available.require_available(amount_vnd, what=f"the {category} expense")
        except BudgetExhausted as broken:
            if budget is None:
                broken.detail = f"{unit} has no {category} budget for {fiscal_year}"
            if norm is not None:
                broken.figures["norm_vnd"] = norm.limit_vnd
            raise

    now = utcnow()
    expense = Expense(
        unit=unit,
        fiscal_year=fiscal_year,
        category=category,
        amount_vnd=amount_vnd,
        quantity=quantity,
        rate_vnd=rate_vnd,
        beneficiary_staff_id=data["beneficiary_staff_id"],
        beneficiary_title_rank=title_rank,
        date=on,
        description=data["description"],
        locality_tier=data.get("locality_tier"),
        status=lifecycle.SUBMITTED,
        budget_id=budget.id,
        regulation_id=version.id if version is not None else None,
        norm_id=norm.id if norm is not None else None,
        norm_limit_vnd=norm.limit_vnd if norm is not None else None,
        norm_per=norm.per if norm is not None else None,
        requested_by=principal.username,
        requested_by_staff_id=principal.staff_id,
        created_at=now,
        updated_at=now,
    )
    expense.decisions.append(_decision(principal, "submit", lifecycle.SUBMITTED, data.get("reason", ""), now))
    session.add(expense)
    session.flush()
    ledger.book(session, budget, "reserved", amount_vnd, source=SOURCE, source_id=expense.id, by=principal.username)
    uow.commit()
    return expense


def approve(uow, principal, config: FinanceConfig, expense_id: int, reason: str = "") -> Expense:
    """The board's unit head (up to the threshold) or the leadership approves; the money stays reserved."""
    expense, _ = _lock_for_decision(uow.session, principal, expense_id)
    _require_decider(principal, config, expense, "approve")
    return _move(uow, principal, expense, "approve", reason)


def reject(uow, principal, config: FinanceConfig, expense_id: int, reason: str) -> Expense:
    """Whoever may approve may reject, with a reason; the reservation is released."""
    session = uow.session
    expense, budget = _lock_for_decision(session, principal, expense_id)
    _require_decider(principal, config, expense, "reject")
    _check(expense, "reject")
    _release(session, principal, expense, budget, reason)
    return _move(uow, principal, expense, "reject", reason)


def withdraw(uow, principal, config: FinanceConfig, expense_id: int, reason: str = "") -> Expense:
    """The requester takes the request back before it is paid; the reservation is released."""
    session = uow.session
    expense, budget = _lock_for_decision(session, principal, expense_id)
    if expense.requested_by != principal.username:
        raise Forbidden("only the person who submitted the request may withdraw it")
    _check(expense, "withdraw")
    _release(session, principal, expense, budget, reason)
    return _move(uow, principal, expense, "withdraw", reason)


def pay(uow, principal, config: FinanceConfig, expense_id: int, paid_amount_vnd: int | None, reason: str = "") -> Expense:
    """`office_finance` pays the actual amount: it is spent and the whole reservation released."""
    session = uow.session
    expense, budget = _lock_for_decision(session, principal, expense_id)
    principal.require_role("office_finance")
    lifecycle.refuse_own("pay", principal, expense.requested_by, expense.requested_by_staff_id,
                         expense.beneficiary_staff_id)
    _check(expense, "pay")
    actual = expense.amount_vnd if paid_amount_vnd is None else paid_amount_vnd
    if actual > expense.amount_vnd:
        raise Conflict(
            f"the payment of {actual} VND exceeds the {expense.amount_vnd} VND reserved and approved",
            rule="payment_exceeds_reservation",
            asked_vnd=actual,
            reserved_vnd=expense.amount_vnd,
        )
    for kind, amount in settlement(expense.amount_vnd, actual):
        ledger.book(session, budget, kind, amount, source=SOURCE, source_id=expense.id, by=principal.username)
    expense.paid_amount_vnd = actual
    return _move(uow, principal, expense, "pay", reason)


def get(uow, principal, expense_id: int) -> Expense:
    """One expense, if the caller may see its board's records (404 otherwise)."""
    expense = uow.session.get(Expense, expense_id)
    if expense is None:
        raise NotFound(f"expense {expense_id} not found")
    principal.ensure_can_see(expense.unit, SERVICE, "expense")
    return expense


def list_expenses(uow, principal, args: dict) -> tuple[list[Expense], str | None]:
    """A page of expenses, narrowed to the caller's board unless they hold finance's scope."""
    unit = principal.list_unit(args.get("unit"), SERVICE)
    stmt = select(Expense)
    if unit is not None:
        stmt = stmt.where(Expense.unit == unit)
    for name in ("status", "category", "fiscal_year", "beneficiary_staff_id"):
        if args.get(name) is not None:
            stmt = stmt.where(getattr(Expense, name) == args[name])
    if args.get("q"):
        stmt = stmt.where(matches(Expense.search_text, args["q"]))
    return page(uow.session, stmt, Expense.id, args, descending=True)


# -- helpers -------------------------------------------------------------------------------


def _amount_of(data: dict) -> tuple[int, int, int | None]:
    """(amount, quantity, rate): either an amount, or quantity x rate (both given must agree)."""
    quantity = data.get("quantity") or 1
    rate = data.get("rate_vnd")
    amount = data.get("amount_vnd")
    if rate is not None:
        if amount is not None and amount != quantity * rate:
            raise Unprocessable(
                "amount_vnd differs from quantity x rate_vnd",
                errors={"amount_vnd": [f"must equal quantity x rate_vnd = {quantity * rate}, or be left out"]},
            )
        return quantity * rate, quantity, rate
    if amount is None:
        raise Unprocessable("give amount_vnd, or quantity and rate_vnd",
                            errors={"amount_vnd": ["required unless rate_vnd is given"]})
    return amount, quantity, None


def _drawn_in_period(session, norm: rules.Norm, beneficiary_staff_id: int, category: str, on) -> int:
    """What the beneficiary already drew in the category in the norm's month or year."""
    period = rules.period_of(norm, on)
    if period is None:
        return 0
    drawn = func.coalesce(Expense.paid_amount_vnd, Expense.amount_vnd)
    return int(session.scalar(
        select(func.coalesce(func.sum(drawn), 0)).where(
            Expense.beneficiary_staff_id == beneficiary_staff_id,
            Expense.category == category,
            Expense.date.between(*period),
            Expense.status.in_(lifecycle.COUNTING),
        )
    ) or 0)


def _lock_for_decision(session, principal, expense_id: int):
    """The expense and its budget, both locked (budget first, the order submission uses)."""
    expense = session.get(Expense, expense_id)
    if expense is None:
        raise NotFound(f"expense {expense_id} not found")
    principal.ensure_can_see(expense.unit, SERVICE, "expense")
    budget = ledger.lock_budget(session, expense.budget_id)
    expense = session.scalars(
        select(Expense).where(Expense.id == expense_id).with_for_update().execution_options(populate_existing=True)
    ).one()
    return expense, budget


def _require_decider(principal, config: FinanceConfig, expense: Expense, action: str) -> None:
    lifecycle.require_decider(principal, expense, config.unit_head_limit_vnd, action)


def _check(expense: Expense, action: str) -> None:
    with rules_as_problems():
        lifecycle.next_status(expense.status, action)


def _release(session, principal, expense: Expense, budget, reason: str) -> None:
    if expense.status in lifecycle.HOLDING:
        ledger.book(session, budget, "released", expense.amount_vnd, source=SOURCE, source_id=expense.id,
                    by=principal.username, note=reason)


def _move(uow, principal, expense: Expense, action: str, reason: str) -> Expense:
    with rules_as_problems():
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
