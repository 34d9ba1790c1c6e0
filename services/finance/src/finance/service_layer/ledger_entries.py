"""Use cases of the ledger: read it, and correct an entry by reversing it."""

from __future__ import annotations

from buildingblocks.errors import NotFound

from ..adapters.orm import LedgerEntry
from ..config import SERVICE
from ..domain.budget import require_reversible
from .budgets import TRANSFER
from .common import recorded_within, require_open_year, table_of

REVERSAL = "finance.reversal"

# the ledger's CSV and workbook: (attribute, column)
COLUMNS = [
    ("id", "Số bút toán"),
    ("recorded_at", "Thời điểm ghi"),
    ("fiscal_year", "Năm tài chính"),
    ("unit", "Mã đơn vị"),
    ("category", "Khoản mục"),
    ("kind", "Loại bút toán"),
    ("amount_vnd", "Số tiền (VND)"),
    ("source", "Nguồn"),
    ("source_id", "Mã chứng từ nguồn"),
    ("overrun", "Vượt dự toán"),
    ("reverses_entry_id", "Đảo bút toán số"),
    ("note", "Ghi chú"),
    ("recorded_by", "Người ghi"),
]


def get(uow, principal, entry_id: int) -> LedgerEntry:
    """One entry (404 for another board's unless the caller holds the scope)."""
    entry = uow.ledger.get(entry_id)
    if entry is None:
        raise NotFound(f"ledger entry {entry_id} not found")
    principal.ensure_can_see(entry.unit, SERVICE, "ledger entry")
    return entry


def list_entries(uow, principal, args: dict):
    """A page of entries, newest first, narrowed to the caller's board unless they hold the scope;
    `date_from`..`date_to` (both included, office time) bound when they were recorded."""
    return uow.ledger.page(principal.list_unit(args.get("unit"), SERVICE), recorded_within(args))


def entries_table(uow, principal, args: dict):
    """Every entry the list's filter asks for (not one page), as (header, rows) for the CSV and workbook."""
    return table_of(COLUMNS, uow.ledger.every(principal.list_unit(args.get("unit"), SERVICE), recorded_within(args)))


def reverse(uow, principal, entry_id: int, reason: str) -> LedgerEntry:
    """`office_finance` corrects a wrong allocation or spending by an entry of the opposite sign.

    Reservations and releases belong to their requests (withdraw, reject, pay, cancel settle them)
    and a transfer's two halves stand or fall together, so those are not reversed one by one.
    """
    principal.require_role("office_finance")
    budget = uow.budgets.lock(get(uow, principal, entry_id).budget_id)
    entry = uow.ledger.get(entry_id, fresh=True)
    require_open_year(uow, entry.fiscal_year)
    require_reversible(entry, uow.ledger.reversal_of(entry.id), unreversible_sources={TRANSFER})
    if entry.kind == "allocated" and entry.amount_vnd > 0:
        # Taking an allocation back must not strand the money already reserved or spent.
        uow.ledger.position(budget.id).require_available(entry.amount_vnd, what="the reversal")
    reversal = uow.ledger.book(budget, entry.kind, -entry.amount_vnd, source=REVERSAL, source_id=entry.id,
                               by=principal.username, reverses_entry_id=entry.id, note=reason)
    uow.commit()
    return reversal
