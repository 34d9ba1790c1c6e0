"""Use cases of the year-end close: propose (office_finance), confirm or reject (the leadership), read.

Confirming books the whole close in one transaction, under the locks of every budget it touches:
each carried-over holding leaves the closed year (`carry_out`) and enters the next year's budget
of the same board and category as a source carried over (`carry_in`) still reserved for it; each
released one lapses (`lapsed`), and its expense or reservation is closed.
"""

from __future__ import annotations

from buildingblocks.clock import local_today, utcnow
from buildingblocks.errors import NotAllowed, NotFound

from ..adapters.orm import FiscalYearClose, YearCloseItem
from ..config import SERVICE
from ..domain import fiscal_year as rules
from ..domain.expense import refuse_own
from . import expenses
from .common import retry_on_lock_conflict

SOURCE = "finance.year_close"
ITEM_FIELDS = ("source", "source_id", "unit", "category", "amount_vnd", "action")


def propose_close(uow, principal, fiscal_year: int, data: dict) -> FiscalYearClose:
    """`office_finance` proposes to close an ended year, naming the holdings to carry over; from
    now on the year takes no new entry, and the leadership decides."""
    principal.require_role("office_finance")
    rules.require_may_close(fiscal_year, local_today(), uow.config.year_close_from, uow.closes.status_of(fiscal_year))
    chosen = {(c["source"], str(c["source_id"])) for c in data.get("carry_over", [])}
    items = rules.close_items(uow.closes.holdings(fiscal_year), chosen)
    close = uow.closes.add(FiscalYearClose(
        fiscal_year=fiscal_year, status=rules.PENDING, reason=data.get("reason", ""), requested_by=principal.username,
        requested_by_staff_id=principal.staff_id, requested_at=utcnow(),
        items=[YearCloseItem(**{k: item[k] for k in ITEM_FIELDS}, done=False) for item in items]))
    uow.commit()
    return close


@retry_on_lock_conflict()
def decide_close(uow, principal, fiscal_year: int, approve: bool, reason: str) -> FiscalYearClose:
    """The leadership confirms (the close is booked now) or rejects (the year is open again)."""
    principal.require_role("leadership")
    close = uow.closes.current(fiscal_year, lock=True)
    if close is None:
        raise NotFound(f"no close of {fiscal_year} was proposed")
    refuse_own("decide", principal, close.requested_by, close.requested_by_staff_id)
    rules.require_pending(close)
    if approve:
        _book_close(uow, principal, close)
    close.status = rules.CONFIRMED if approve else rules.REJECTED
    close.decided_by, close.decided_by_staff_id = principal.username, principal.staff_id
    close.decided_at, close.decision_reason = utcnow(), reason or ""
    uow.commit()
    return close


def get_close(uow, principal, fiscal_year: int) -> FiscalYearClose:
    """The year's latest close with its items: every board's holdings, so only for those with
    finance's cross-board scope (office_finance, the leadership, the auditors)."""
    if not principal.has_scope(SERVICE):
        raise NotAllowed("the close of a year lists every board's holdings: finance's scope is needed")
    close = uow.closes.current(fiscal_year)
    if close is None:
        raise NotFound(f"no close of {fiscal_year} was proposed")
    return close


def _book_close(uow, principal, close: FiscalYearClose) -> None:
    held = {(h["source"], h["source_id"]): h for h in uow.closes.holdings(close.fiscal_year)}
    targets = {item.id: uow.budgets.open(close.fiscal_year + 1, item.unit, item.category, principal.username, lock=False)
               for item in close.items if item.action == rules.CARRY_OVER}
    budgets = uow.budgets.lock_many([h["budget_id"] for h in held.values()] + [t.id for t in targets.values()])
    for item in close.items:
        holding = held.get((item.source, item.source_id))
        if holding is None:  # settled (paid, rejected, cancelled) before the close was confirmed
            continue
        old = budgets[holding["budget_id"]]
        if item.action == rules.CARRY_OVER:
            _carry_over(uow, principal.username, close, holding, old, targets[item.id])
            item.to_budget_id = targets[item.id].id
        else:
            _release(uow, principal, close, holding, old)
        item.done = True


def _carry_over(uow, by: str, close, holding: dict, old, target) -> None:
    note = f"chuyển nguồn năm {close.fiscal_year} sang năm {target.fiscal_year}"
    uow.ledger.book(old, "carry_out", holding["amount_vnd"], source=holding["source"], source_id=holding["source_id"],
                    by=by, note=note)
    uow.ledger.book(target, "carry_in", holding["amount_vnd"], source=SOURCE, source_id=close.id, by=by, note=note)
    uow.ledger.book(target, "reserved", holding["amount_vnd"], source=holding["source"],
                    source_id=holding["source_id"], by=by, note=note)
    record = holding["record"]
    record.budget_id = target.id
    if holding["source"] != expenses.SOURCE:  # another service's reservation now belongs to the next year
        record.fiscal_year = target.fiscal_year


def _release(uow, principal, close, holding: dict, old) -> None:
    note = f"khóa sổ năm {close.fiscal_year}: hủy phần giữ chỗ chưa chi"
    uow.ledger.book(old, "lapsed", holding["amount_vnd"], source=holding["source"], source_id=holding["source_id"],
                    by=principal.username, note=note)
    record = holding["record"]
    if holding["source"] == expenses.SOURCE:
        expenses.lapse(principal, record, note)
    else:
        record.status, record.reason, record.updated_at = "lapsed", note, utcnow()
