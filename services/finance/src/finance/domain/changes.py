"""The rules of allocations, supplements and transfers (decided here, booked by the use cases)."""

from __future__ import annotations

import datetime as dt

from buildingblocks.errors import Invalid, RuleBroken

from .errors import BudgetExhausted


def require_first_allocation(budget, already_allocated: bool) -> None:
    """A budget is allocated once; later changes are supplements and transfers."""
    if already_allocated:
        raise RuleBroken(
            f"the {budget.category} budget of {budget.unit} for {budget.fiscal_year} is allocated already; "
            "change it by a supplement or a transfer",
            rule="budget_exists", budget_id=budget.id,
        )


def require_two_units(from_unit: str, to_unit: str) -> None:
    if from_unit == to_unit:
        raise Invalid("a transfer moves money between two different units",
                      errors={"to_unit": ["must differ from from_unit"]})


def require_pending(change) -> None:
    """Only a pending supplement or transfer is decided."""
    if change.status != "pending":
        raise RuleBroken(f"the {change.kind} is {change.status} already", rule="invalid_state",
                         current_status=change.status)


def require_source_budget(change, source) -> None:
    """A transfer needs a budget to take the money from."""
    if source is None:
        raise BudgetExhausted(f"{change.from_unit} has no {change.category} budget for {change.fiscal_year}",
                              asked_vnd=change.amount_vnd, available_vnd=0)


def succession_transfer(old, successor: str, available_vnd: int, effective_date: dt.date, event_id: str,
                        at: dt.datetime) -> dict:
    """The fields of the approved transfer that moves a dissolved unit's available money to its successor."""
    return dict(
        kind="transfer", fiscal_year=old.fiscal_year, category=old.category, from_unit=old.unit, to_unit=successor,
        amount_vnd=available_vnd, reason=f"{old.unit} dissolved on {effective_date.isoformat()}; {successor} succeeds it",
        status="approved", requested_by="hr.unit.dissolved", requested_at=at, decided_by="hr.unit.dissolved",
        decided_at=at, decision_reason="restructuring applied in HR", event_id=event_id,
    )
