"""Use cases of budgets: allocate, read with figures, supplement and transfer through approval.

A budget is never edited: its allocation changes only by new `allocated` ledger entries, and
those for supplements and transfers are booked only once the leadership approves them.
"""

from __future__ import annotations

import datetime as dt

from buildingblocks.clock import utcnow
from buildingblocks.errors import NotFound

from ..adapters.orm import Budget, BudgetChange
from ..config import SERVICE
from ..domain import changes as rules
from ..domain.budget import BudgetPosition, total_of
from ..domain.expense import refuse_own
from .common import require_open_year, retry_on_lock_conflict

ALLOCATION = "finance.allocation"
SUPPLEMENT = "finance.supplement"
TRANSFER = "finance.transfer"
BY_HR = "hr.unit.dissolved"


def allocate(uow, principal, data: dict):
    """`office_finance` allocates a board's budget for a year and category, once.

    Later changes go through supplements and transfers; a budget row that exists only because a
    chargeback was booked against it may still receive its first allocation.
    """
    principal.require_role("office_finance")
    require_open_year(uow, data["fiscal_year"])
    uow.replica.require_unit(data["unit"], "unit")
    budget = uow.budgets.open(data["fiscal_year"], data["unit"], data["category"], principal.username)
    rules.require_first_allocation(budget, uow.ledger.has_allocation(budget.id))
    uow.ledger.book(budget, "allocated", data["allocated_vnd"], source=ALLOCATION, source_id=budget.id,
                    by=principal.username, note=data.get("reason", ""))
    position = uow.ledger.position(budget.id)
    uow.commit()
    return budget, position


def get(uow, principal, budget_id: int):
    """One budget with the figures its row keeps (404 for another board's unless the caller holds the scope)."""
    budget = uow.budgets.get(budget_id)
    if budget is None:
        raise NotFound(f"budget {budget_id} not found")
    principal.ensure_can_see(budget.unit, SERVICE, "budget")
    return budget, budget.position


def list_budgets(uow, principal, args: dict):
    """A page of budgets with their figures."""
    budgets, next_cursor = uow.budgets.page(principal.list_unit(args.get("unit"), SERVICE), args)
    with_figures = {row[0].id: row for row in uow.ledger.positions_of(b.id for b in budgets)}
    return [with_figures[b.id] for b in budgets], next_cursor


def summary(uow, principal, args: dict):
    """Every budget the filter selects, with figures and the totals across them."""
    rows = uow.ledger.positions(uow.budgets.selection(principal.list_unit(args.get("unit"), SERVICE), args))
    return rows, total_of(position for _, position, _ in rows)


# -- supplements and transfers ---------------------------------------------------------------


def request_supplement(uow, principal, data: dict) -> BudgetChange:
    """`office_finance` asks to add money to a board's budget; the leadership decides."""
    principal.require_role("office_finance")
    require_open_year(uow, data["fiscal_year"])
    uow.replica.require_unit(data["unit"], "unit")
    change = uow.changes.add(_new_change(principal, "supplement", data, from_unit=None, to_unit=data["unit"]))
    uow.commit()
    return change


def request_transfer(uow, principal, data: dict) -> BudgetChange:
    """`office_finance` asks to move available money from one board's budget to another's."""
    principal.require_role("office_finance")
    rules.require_two_units(data["from_unit"], data["to_unit"])
    require_open_year(uow, data["fiscal_year"])
    uow.replica.require_unit(data["from_unit"], "from_unit")
    uow.replica.require_unit(data["to_unit"], "to_unit")
    source = uow.budgets.find(data["fiscal_year"], data["from_unit"], data["category"])
    # Checked again, under lock, at approval: this early answer only spares a pointless request.
    (uow.ledger.position(source.id) if source else BudgetPosition()).require_available(
        data["amount_vnd"], what="the transfer")
    change = uow.changes.add(_new_change(principal, "transfer", data, from_unit=data["from_unit"],
                                         to_unit=data["to_unit"]))
    uow.commit()
    return change


@retry_on_lock_conflict()
def decide_change(uow, principal, kind: str, change_id: int, approve: bool, reason: str) -> BudgetChange:
    """The leadership approves (and the ledger moves) or rejects a supplement or transfer."""
    get_change(uow, principal, kind, change_id)
    principal.require_role("leadership")
    change = uow.changes.lock(change_id)
    refuse_own("decide", principal, change.requested_by, change.requested_by_staff_id)
    rules.require_pending(change)
    if approve:
        require_open_year(uow, change.fiscal_year)
        _book_change(uow, change, by=principal.username)
    change.status = "approved" if approve else "rejected"
    change.decided_by, change.decided_by_staff_id = principal.username, principal.staff_id
    change.decided_at, change.decision_reason = utcnow(), reason or ""
    uow.commit()
    return change


def get_change(uow, principal, kind: str, change_id: int) -> BudgetChange:
    """One supplement or transfer; a board sees those that touch it."""
    change = uow.changes.get(change_id)
    if change is None or change.kind != kind or not (
            principal.can_see(change.to_unit, SERVICE) or principal.can_see(change.from_unit, SERVICE)):
        raise NotFound(f"{kind} {change_id} not found")
    return change


def list_changes(uow, principal, kind: str, args: dict):
    """A page of supplements or transfers (a board's list: those that touch the board)."""
    return uow.changes.page(kind, principal.list_unit(args.get("unit"), SERVICE), args)


def move_to_successor(uow, code: str, successor: str, effective_date: dt.date, event_id: str) -> int:
    """Move what is still available in a dissolved unit's budgets to its successor's (same year and category).

    Called by the event handler (the consumer commits). Only available money moves: what is
    reserved stays with the requests that hold it and is settled or released where it was booked.
    Returns how many budgets were moved.
    """
    closed = uow.closes.closed_years()
    olds = [old for old in uow.budgets.of_unit_since(code, effective_date.year, uow.config.dissolution_max_budgets)
            if old.fiscal_year not in closed]
    targets = {old.id: uow.budgets.open(old.fiscal_year, successor, old.category, by=BY_HR, lock=False)
               for old in olds}
    uow.budgets.lock_many([old.id for old in olds] + [t.id for t in targets.values()])
    moved = 0
    for old in olds:
        available = uow.ledger.position(old.id).available_vnd
        if available <= 0:
            continue
        change = uow.changes.add(BudgetChange(**rules.succession_transfer(
            old, successor, available, effective_date, event_id, utcnow())))
        _book_transfer(uow, change, old, targets[old.id], by=BY_HR, event_id=event_id)
        moved += 1
    return moved


def _new_change(principal, kind: str, data: dict, from_unit, to_unit) -> BudgetChange:
    return BudgetChange(
        kind=kind, fiscal_year=data["fiscal_year"], category=data["category"], from_unit=from_unit, to_unit=to_unit,
        amount_vnd=data["amount_vnd"], reason=data["reason"], status="pending", requested_by=principal.username,
        requested_by_staff_id=principal.staff_id, requested_at=utcnow(),
    )


def _book_change(uow, change: BudgetChange, by: str) -> None:
    if change.kind == "supplement":
        target = uow.budgets.open(change.fiscal_year, change.to_unit, change.category, by)
        uow.ledger.book(target, "allocated", change.amount_vnd, source=SUPPLEMENT, source_id=change.id, by=by,
                        note=change.reason)
        return
    target = uow.budgets.open(change.fiscal_year, change.to_unit, change.category, by, lock=False)
    source = uow.budgets.find(change.fiscal_year, change.from_unit, change.category)
    rules.require_source_budget(change, source)
    uow.budgets.lock_many([source.id, target.id])
    uow.ledger.position(source.id).require_available(change.amount_vnd, what="the transfer")
    _book_transfer(uow, change, source, target, by=by)


def _book_transfer(uow, change: BudgetChange, source: Budget, target: Budget, by: str, event_id: str | None = None):
    uow.ledger.book(source, "allocated", -change.amount_vnd, source=TRANSFER, source_id=change.id, by=by,
                    event_id=event_id, note=f"to {change.to_unit}: {change.reason}")
    uow.ledger.book(target, "allocated", change.amount_vnd, source=TRANSFER, source_id=change.id, by=by,
                    event_id=event_id, note=f"from {change.from_unit}: {change.reason}")
