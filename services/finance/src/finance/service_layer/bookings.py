"""What other services' events book: reservations for procurements, chargebacks of incurred costs.

These run inside the event consumer's transaction (it commits, then acks), so they never commit
themselves. Replays are harmless twice over: the inbox drops a redelivered event id, and each
booking is keyed by its source (`assets.procurement` 12, `fleet.trip` 42), so even a second event
about the same thing books nothing more.
"""

from __future__ import annotations

import datetime as dt

from buildingblocks.clock import utcnow

from ..adapters.metrics import BUDGET_OVERRUNS
from ..adapters.orm import Chargeback, Reservation
from ..domain.budget import BudgetPosition, settled_position, settlement
from ..domain.errors import BudgetExhausted
from ..domain.fiscal_year import open_year_for

BY = "events"  # the recorded_by of bookings no person made


def reserve_for(uow, *, source: str, source_id, unit: str, fiscal_year: int, category: str, amount_vnd: int,
                event_id: str) -> Reservation:
    """Reserve for another service's request, or refuse; answer with an accepted/rejected event.

    A request for a closed year is reserved in the next open year, and flagged (`moved_from_year`)."""
    fiscal_year, moved_from = _open_year(uow, fiscal_year)
    budget = uow.budgets.find(fiscal_year, unit, category, lock=True)
    reservation = uow.reservations.by_source(source, source_id)
    if reservation is not None and reservation.status in {"reserved", "spent", "released"}:
        # Asked again about a request already answered: answer the same, book nothing.
        if reservation.status == "reserved":
            _publish_accepted(uow, reservation, source_id)
        return reservation
    figures = uow.ledger.position(budget.id) if budget else BudgetPosition()
    if reservation is None:
        reservation = uow.reservations.add(Reservation(
            source=source, source_id=str(source_id), unit=unit, fiscal_year=fiscal_year, category=category,
            amount_vnd=amount_vnd, status="rejected", created_at=utcnow()))
    reservation.unit, reservation.fiscal_year, reservation.category = unit, fiscal_year, category
    reservation.amount_vnd, reservation.moved_from_year = amount_vnd, moved_from
    reservation.budget_id = budget.id if budget else None
    reservation.last_event_id = event_id
    reservation.updated_at = utcnow()
    try:
        figures.require_available(amount_vnd, what=f"{source} {source_id}")
    except BudgetExhausted as refused:
        reason = refused.detail if budget else f"{unit} has no {category} budget for {fiscal_year}"
        reservation.status, reservation.reason = "rejected", reason
        uow.publish("finance.reservation.rejected", {
            **_answer(reservation, source_id), "reason": reason, "available_vnd": figures.available_vnd,
        }, unit=unit)
        return reservation
    reservation.status, reservation.reason = "reserved", ""
    uow.ledger.book(budget, "reserved", amount_vnd, source=source, source_id=source_id, by=BY, event_id=event_id)
    _publish_accepted(uow, reservation, source_id)
    return reservation


def settle(uow, *, source: str, source_id, unit: str, fiscal_year: int, category: str, actual_vnd: int,
           event_id: str) -> None:
    """The request was fulfilled: spend the actual cost and release the reservation.

    Never refused: if the actual cost pushes the budget past its allocation (or nothing was
    reserved, or the year's close released it), the cost is booked all the same and the overrun
    flagged; a cost of a closed year is booked in the next open year.
    """
    reservation = uow.reservations.by_source(source, source_id)
    if reservation is not None and reservation.status in {"spent", "released"}:
        return
    moved_from = None
    if reservation is not None and reservation.status == "reserved":
        budget, held = uow.budgets.lock(reservation.budget_id), reservation.amount_vnd
    else:
        fiscal_year, moved_from = _open_year(uow, fiscal_year)
        budget, held = uow.budgets.open(fiscal_year, unit, category, by=BY), 0
    entries = settlement(held, actual_vnd)
    after = settled_position(uow.ledger.position(budget.id), entries)
    overrun = after.available_vnd < 0 and actual_vnd > held
    for kind, amount in entries:
        uow.ledger.book(budget, kind, amount, source=source, source_id=source_id, by=BY, event_id=event_id,
                        overrun=overrun and kind == "spent")
    if reservation is None:
        reservation = uow.reservations.add(Reservation(
            source=source, source_id=str(source_id), unit=unit, fiscal_year=fiscal_year, category=category,
            amount_vnd=0, status="spent", created_at=utcnow()))
    reservation.budget_id, reservation.fiscal_year = budget.id, budget.fiscal_year
    reservation.moved_from_year = moved_from or reservation.moved_from_year
    reservation.status, reservation.actual_vnd = "spent", actual_vnd
    reservation.last_event_id, reservation.updated_at = event_id, utcnow()
    if overrun:
        _overrun(uow, budget, after, source, source_id)


def release(uow, *, source: str, source_id, event_id: str) -> None:
    """The request was cancelled: give its reservation back (nothing to do if none is held)."""
    reservation = uow.reservations.by_source(source, source_id)
    if reservation is None or reservation.status != "reserved":
        return
    budget = uow.budgets.lock(reservation.budget_id)
    uow.ledger.book(budget, "released", reservation.amount_vnd, source=source, source_id=source_id, by=BY,
                event_id=event_id)
    reservation.status, reservation.last_event_id, reservation.updated_at = "released", event_id, utcnow()


def charge(uow, *, source: str, source_id, unit: str, category: str, amount_vnd: int, occurred_on: dt.date,
           event_id: str) -> Chargeback | None:
    """Book a cost another service incurred for a board, in the fiscal year it happened (the next
    open one, flagged, when that year is closed); never refused."""
    fiscal_year, moved_from = _open_year(uow, occurred_on.year)
    budget = uow.budgets.open(fiscal_year, unit, category, by=BY)
    if uow.chargebacks.by_source(source, source_id) is not None:
        return None
    after = uow.ledger.position(budget.id).after("spent", amount_vnd)
    overrun = amount_vnd > 0 and after.available_vnd < 0
    if amount_vnd:
        uow.ledger.book(budget, "spent", amount_vnd, source=source, source_id=source_id, by=BY,
                        event_id=event_id, overrun=overrun)
    chargeback = uow.chargebacks.add(Chargeback(
        source=source, source_id=str(source_id), unit=unit, fiscal_year=fiscal_year, category=category,
        amount_vnd=amount_vnd, occurred_on=occurred_on, overrun=overrun, moved_from_year=moved_from, event_id=event_id,
        booked_at=utcnow()))
    if overrun:
        _overrun(uow, budget, after, source, source_id)
    return chargeback


def _open_year(uow, fiscal_year: int) -> tuple[int, int | None]:
    """The year to book an event of `fiscal_year` in, and the closed year it was moved from (or None)."""
    booked_in = open_year_for(fiscal_year, uow.closes.closed_years())
    return booked_in, (fiscal_year if booked_in != fiscal_year else None)


def _answer(reservation: Reservation, source_id) -> dict:
    return {
        "source": reservation.source,
        "source_id": source_id,
        "unit": reservation.unit,
        "fiscal_year": reservation.fiscal_year,
        "category": reservation.category,
        "amount_vnd": reservation.amount_vnd,
    }


def _publish_accepted(uow, reservation: Reservation, source_id) -> None:
    uow.publish("finance.reservation.accepted", _answer(reservation, source_id), unit=reservation.unit)


def _overrun(uow, budget, after: BudgetPosition, source: str, source_id) -> None:
    BUDGET_OVERRUNS.labels(budget.unit, budget.category, source).inc()
    uow.publish("finance.budget.overrun", {
        "unit": budget.unit,
        "fiscal_year": budget.fiscal_year,
        "category": budget.category,
        "allocated_vnd": after.allocated_vnd,
        "spent_vnd": after.spent_vnd,
        "reserved_vnd": after.reserved_vnd,
        "overrun_vnd": after.overrun_vnd,
        "source": source,
        "source_id": source_id,
    }, unit=budget.unit)
