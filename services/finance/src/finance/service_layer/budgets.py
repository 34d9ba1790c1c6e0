"""Use cases of budgets: allocate, read with figures, supplement and transfer through approval.

A budget is never edited: its allocation changes only by new `allocated` ledger entries, and
those for supplements and transfers are booked only once the leadership approves them.
"""

from __future__ import annotations

import datetime as dt

from buildingblocks.db import utcnow
from buildingblocks.errors import Conflict, NotFound, Unprocessable
from buildingblocks.replica import require_unit
from sqlalchemy import or_, select

from ..adapters import ledger
from ..adapters.pages import page
from ..adapters.orm import Budget, BudgetChange, LedgerEntry
from ..config import SERVICE
from ..domain.budget import BudgetPosition
from ..domain.expense import refuse_own
from .common import retry_on_lock_conflict, rules_as_problems

ALLOCATION = "finance.allocation"
SUPPLEMENT = "finance.supplement"
TRANSFER = "finance.transfer"


def allocate(uow, principal, data: dict):
    """`office_finance` allocates a board's budget for a year and category, once.

    Later changes go through supplements and transfers; a budget row that exists only because a
    chargeback was booked against it may still receive its first allocation.
    """
    principal.require_role("office_finance")
    session = uow.session
    require_unit(session, data["unit"], "unit")
    budget = ledger.open_budget(session, data["fiscal_year"], data["unit"], data["category"], principal.username)
    already = session.scalar(
        select(LedgerEntry.id).where(LedgerEntry.budget_id == budget.id, LedgerEntry.kind == "allocated").limit(1)
    )
    if already is not None:
        raise Conflict(
            f"the {data['category']} budget of {data['unit']} for {data['fiscal_year']} is allocated already; "
            "change it by a supplement or a transfer",
            rule="budget_exists",
            budget_id=budget.id,
        )
    ledger.book(session, budget, "allocated", data["allocated_vnd"], source=ALLOCATION, source_id=budget.id,
                by=principal.username, note=data.get("reason", ""))
    figures = ledger.position(session, budget.id)
    uow.commit()
    return budget, figures


def get(uow, principal, budget_id: int):
    """One budget with its figures (404 for another board's unless the caller holds the scope)."""
    budget = uow.session.get(Budget, budget_id)
    if budget is None:
        raise NotFound(f"budget {budget_id} not found")
    principal.ensure_can_see(budget.unit, SERVICE, "budget")
    return budget, ledger.position(uow.session, budget.id)


def _budget_filter(principal, args: dict):
    unit = principal.list_unit(args.get("unit"), SERVICE)
    stmt = select(Budget)
    if unit is not None:
        stmt = stmt.where(Budget.unit == unit)
    for name in ("fiscal_year", "category"):
        if args.get(name) is not None:
            stmt = stmt.where(getattr(Budget, name) == args[name])
    return stmt


def list_budgets(uow, principal, args: dict):
    """A page of budgets with their figures."""
    budgets, next_cursor = page(uow.session, _budget_filter(principal, args), Budget.id, args)
    with_figures = {b.id: (b, p, n) for b, p, n in ledger.positions(uow.session, select(Budget.id).where(Budget.id.in_([b.id for b in budgets])))}
    return [with_figures[b.id] for b in budgets], next_cursor


def summary(uow, principal, args: dict):
    """Every budget the filter selects, with figures and the totals across them."""
    rows = ledger.positions(uow.session, _budget_filter(principal, args).with_only_columns(Budget.id))
    total = BudgetPosition(
        sum(p.allocated_vnd for _, p, _ in rows), sum(p.reserved_vnd for _, p, _ in rows), sum(p.spent_vnd for _, p, _ in rows)
    )
    return rows, total


# -- supplements and transfers ---------------------------------------------------------------


def request_supplement(uow, principal, data: dict) -> BudgetChange:
    """`office_finance` asks to add money to a board's budget; the leadership decides."""
    principal.require_role("office_finance")
    require_unit(uow.session, data["unit"], "unit")
    change = _new_change(principal, "supplement", data, from_unit=None, to_unit=data["unit"])
    uow.session.add(change)
    uow.session.flush()
    uow.commit()
    return change


def request_transfer(uow, principal, data: dict) -> BudgetChange:
    """`office_finance` asks to move available money from one board's budget to another's."""
    principal.require_role("office_finance")
    if data["from_unit"] == data["to_unit"]:
        raise Unprocessable("a transfer moves money between two different units",
                            errors={"to_unit": ["must differ from from_unit"]})
    require_unit(uow.session, data["from_unit"], "from_unit")
    require_unit(uow.session, data["to_unit"], "to_unit")
    source = ledger.find_budget(uow.session, data["fiscal_year"], data["from_unit"], data["category"])
    figures = ledger.position(uow.session, source.id) if source else BudgetPosition()
    # Checked again, under lock, at approval: this early answer only spares a pointless request.
    with rules_as_problems():
        figures.require_available(data["amount_vnd"], what="the transfer")
    change = _new_change(principal, "transfer", data, from_unit=data["from_unit"], to_unit=data["to_unit"])
    uow.session.add(change)
    uow.session.flush()
    uow.commit()
    return change


@retry_on_lock_conflict()
def decide_change(uow, principal, kind: str, change_id: int, approve: bool, reason: str) -> BudgetChange:
    """The leadership approves (and the ledger moves) or rejects a supplement or transfer."""
    session = uow.session
    change = session.get(BudgetChange, change_id)
    if change is None or change.kind != kind:
        raise NotFound(f"{kind} {change_id} not found")
    _ensure_can_see_change(principal, change)
    principal.require_role("leadership")
    refuse_own("decide", principal, change.requested_by, change.requested_by_staff_id)
    change = session.scalars(
        select(BudgetChange).where(BudgetChange.id == change_id).with_for_update()
        .execution_options(populate_existing=True)
    ).one()
    if change.status != "pending":
        raise Conflict(f"the {kind} is {change.status} already", rule="invalid_state", current_status=change.status)
    if approve:
        _book_change(session, change, by=principal.username)
    change.status = "approved" if approve else "rejected"
    change.decided_by = principal.username
    change.decided_by_staff_id = principal.staff_id
    change.decided_at = utcnow()
    change.decision_reason = reason or ""
    uow.commit()
    return change


def get_change(uow, principal, kind: str, change_id: int) -> BudgetChange:
    """One supplement or transfer; a board sees those that touch it."""
    change = uow.session.get(BudgetChange, change_id)
    if change is None or change.kind != kind:
        raise NotFound(f"{kind} {change_id} not found")
    _ensure_can_see_change(principal, change)
    return change


def list_changes(uow, principal, kind: str, args: dict):
    """A page of supplements or transfers (a board's list: those that touch the board)."""
    unit = principal.list_unit(args.get("unit"), SERVICE)
    stmt = select(BudgetChange).where(BudgetChange.kind == kind)
    if unit is not None:
        stmt = stmt.where(or_(BudgetChange.to_unit == unit, BudgetChange.from_unit == unit))
    for name in ("fiscal_year", "category", "status"):
        if args.get(name) is not None:
            stmt = stmt.where(getattr(BudgetChange, name) == args[name])
    return page(uow.session, stmt, BudgetChange.id, args, descending=True)


def move_to_successor(uow, code: str, successor: str, effective_date: dt.date, event_id: str, limit: int) -> int:
    """Move what is still available in a dissolved unit's budgets to its successor's (same year and category).

    Called by the event handler (the consumer commits). Only available money moves: what is
    reserved stays with the requests that hold it and is settled or released where it was booked.
    Returns how many budgets were moved.
    """
    session = uow.session
    olds = session.scalars(
        select(Budget).where(Budget.unit == code, Budget.fiscal_year >= effective_date.year).order_by(Budget.id).limit(limit)
    ).all()
    if not olds:
        return 0
    targets = {
        old.id: ledger.open_budget(session, old.fiscal_year, successor, old.category, by="hr.unit.dissolved", lock=False)
        for old in olds
    }
    ledger.lock_budgets(session, [old.id for old in olds] + [t.id for t in targets.values()])
    moved = 0
    for old in olds:
        available = ledger.position(session, old.id).available_vnd
        if available <= 0:
            continue
        change = BudgetChange(
            kind="transfer", fiscal_year=old.fiscal_year, category=old.category, from_unit=code, to_unit=successor,
            amount_vnd=available, reason=f"{code} dissolved on {effective_date.isoformat()}; {successor} succeeds it",
            status="approved", requested_by="hr.unit.dissolved", requested_at=utcnow(),
            decided_by="hr.unit.dissolved", decided_at=utcnow(), decision_reason="restructuring applied in HR",
            event_id=event_id,
        )
        session.add(change)
        session.flush()
        _book_transfer(session, change, old, targets[old.id], by="hr.unit.dissolved", event_id=event_id)
        moved += 1
    return moved


def _new_change(principal, kind: str, data: dict, from_unit, to_unit) -> BudgetChange:
    return BudgetChange(
        kind=kind, fiscal_year=data["fiscal_year"], category=data["category"], from_unit=from_unit, to_unit=to_unit,
        amount_vnd=data["amount_vnd"], reason=data["reason"], status="pending", requested_by=principal.username,
        requested_by_staff_id=principal.staff_id, requested_at=utcnow(),
    )


def _ensure_can_see_change(principal, change: BudgetChange) -> None:
    if not (principal.can_see(change.to_unit, SERVICE) or principal.can_see(change.from_unit, SERVICE)):
        raise NotFound(f"{change.kind} {change.id} not found")


def _book_change(session, change: BudgetChange, by: str) -> None:
    if change.kind == "supplement":
        target = ledger.open_budget(session, change.fiscal_year, change.to_unit, change.category, by)
        ledger.book(session, target, "allocated", change.amount_vnd, source=SUPPLEMENT, source_id=change.id, by=by,
                    note=change.reason)
        return
    target = ledger.open_budget(session, change.fiscal_year, change.to_unit, change.category, by, lock=False)
    source = ledger.find_budget(session, change.fiscal_year, change.from_unit, change.category)
    if source is None:
        raise Conflict(f"{change.from_unit} has no {change.category} budget for {change.fiscal_year}",
                       rule="budget_exhausted", asked_vnd=change.amount_vnd, available_vnd=0)
    ledger.lock_budgets(session, [source.id, target.id])
    with rules_as_problems():
        ledger.position(session, source.id).require_available(change.amount_vnd, what="the transfer")
    _book_transfer(session, change, source, target, by=by)


def _book_transfer(session, change: BudgetChange, source: Budget, target: Budget, by: str, event_id: str | None = None):
    ledger.book(session, source, "allocated", -change.amount_vnd, source=TRANSFER, source_id=change.id, by=by,
                event_id=event_id, note=f"to {change.to_unit}: {change.reason}")
    ledger.book(session, target, "allocated", change.amount_vnd, source=TRANSFER, source_id=change.id, by=by,
                event_id=event_id, note=f"from {change.from_unit}: {change.reason}")
