"""Use cases of the ledger: read it, and correct an entry by reversing it."""

from __future__ import annotations

from buildingblocks.errors import Conflict, NotFound
from sqlalchemy import select

from ..adapters import ledger
from ..adapters.pages import page
from ..adapters.orm import LedgerEntry
from ..config import SERVICE
from .common import rules_as_problems
from .budgets import TRANSFER

REVERSAL = "finance.reversal"


def get(uow, principal, entry_id: int) -> LedgerEntry:
    """One entry (404 for another board's unless the caller holds the scope)."""
    entry = uow.session.get(LedgerEntry, entry_id)
    if entry is None:
        raise NotFound(f"ledger entry {entry_id} not found")
    principal.ensure_can_see(entry.unit, SERVICE, "ledger entry")
    return entry


def list_entries(uow, principal, args: dict):
    """A page of entries, newest first, narrowed to the caller's board unless they hold the scope."""
    unit = principal.list_unit(args.get("unit"), SERVICE)
    stmt = select(LedgerEntry)
    if unit is not None:
        stmt = stmt.where(LedgerEntry.unit == unit)
    for name in ("fiscal_year", "category", "kind", "source", "source_id", "budget_id", "event_id"):
        value = args.get(name)
        if value is not None:
            stmt = stmt.where(getattr(LedgerEntry, name) == (str(value) if name == "source_id" else value))
    return page(uow.session, stmt, LedgerEntry.id, args, descending=True)


def reverse(uow, principal, entry_id: int, reason: str) -> LedgerEntry:
    """`office_finance` corrects a wrong allocation or spending by an entry of the opposite sign.

    Reservations and releases belong to their requests (withdraw, reject, pay, cancel settle them)
    and a transfer's two halves stand or fall together, so those are not reversed one by one.
    """
    principal.require_role("office_finance")
    session = uow.session
    entry = get(uow, principal, entry_id)
    budget = ledger.lock_budget(session, entry.budget_id)
    entry = session.scalars(
        select(LedgerEntry).where(LedgerEntry.id == entry_id).execution_options(populate_existing=True)
    ).one()
    if entry.reverses_entry_id is not None:
        raise Conflict("a reversal is not reversed; book the correction anew", rule="not_reversible", entry_id=entry.id)
    if entry.kind not in {"allocated", "spent"} or entry.source == TRANSFER:
        raise Conflict(
            f"{entry.kind} entries of {entry.source} are settled through their request, not reversed",
            rule="not_reversible", entry_id=entry.id, kind=entry.kind, source=entry.source,
        )
    existing = session.scalar(select(LedgerEntry.id).where(LedgerEntry.reverses_entry_id == entry.id))
    if existing is not None:
        raise Conflict(f"entry {entry.id} is reversed already by entry {existing}", rule="already_reversed",
                       entry_id=entry.id, reversal_id=existing)
    if entry.kind == "allocated" and entry.amount_vnd > 0:
        # Taking an allocation back must not strand the money already reserved or spent.
        with rules_as_problems():
            ledger.position(session, budget.id).require_available(entry.amount_vnd, what="the reversal")
    reversal = ledger.book(session, budget, entry.kind, -entry.amount_vnd, source=REVERSAL, source_id=entry.id,
                           by=principal.username, reverses_entry_id=entry.id, note=reason)
    uow.commit()
    return reversal
