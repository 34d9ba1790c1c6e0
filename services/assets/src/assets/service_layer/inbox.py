"""The caller's inbox in the assets service: what they may decide now, asked of the same domain
rules the approve and reject actions apply (thresholds, roles, nobody decides their own)."""
from __future__ import annotations

from buildingblocks.identity import Principal
from buildingblocks.inbox import InboxItem, inbox_answer

from ..adapters.orm import Procurement
from ..config import SERVICE
from ..domain import decisions
from ..domain import procurement as procurement_rules
from .procurements import decision_of

DECIDE = ("approve", "reject")


def inbox(uow, principal: Principal) -> dict:
    """`{"items": [...oldest first], "counts": {"assets.<kind>": n}}` for the caller."""
    items = procurement_items(uow, principal) + disposal_items(uow, principal) + stocktake_items(uow, principal)
    return inbox_answer(SERVICE, items)


def procurement_items(uow, principal: Principal) -> list[InboxItem]:
    """Reserved procurements the caller may approve (a unit head their board's within the
    threshold, the leadership any), never one they asked for, edited or benefit from."""
    if not principal.has_role("unit_head", decisions.LEADERSHIP):
        return []
    board = None if principal.has_role(decisions.LEADERSHIP) else principal.unit
    threshold = uow.config.approval_threshold_vnd
    items = []
    for p in uow.procurements.pending_approval(board):
        if procurement_rules.decision_refusal(principal, decision_of(p), threshold) is not None:
            continue
        asked = next((s.at for s in p.steps if s.status == procurement_rules.AWAITING_BUDGET), p.created_at)
        items.append(InboxItem("procurement", p.id, p.unit, f"Đề nghị mua sắm: {_lines_title(p)}",
                               p.requested_by, asked, DECIDE, p.total_vnd))
    return items


def _lines_title(p: Procurement) -> str:
    first = p.lines[0].description if p.lines else ""
    return first if len(p.lines) <= 1 else f"{first} và {len(p.lines) - 1} mục khác"


def disposal_items(uow, principal: Principal) -> list[InboxItem]:
    """Disposals waiting for the leadership (not the caller's own proposals)."""
    if decisions.leadership_refusal(principal) is not None:
        return []
    rows = uow.disposals.waiting()
    return [InboxItem("disposal", d.id, d.unit, f"Thanh lý tài sản {tag} ({name})", d.requested_by,
                      d.requested_at, DECIDE)
            for d, tag, name in rows
            if decisions.leadership_decision_refusal(principal, d.requested_by, d.requester_staff_id) is None]


def stocktake_items(uow, principal: Principal) -> list[InboxItem]:
    """Stock-take reconciliations waiting for the leadership (not the caller's own proposals)."""
    if decisions.leadership_refusal(principal) is not None:
        return []
    items = []
    for s in uow.stocktakes.proposed():
        if decisions.leadership_decision_refusal(principal, s.proposed_by) is not None:
            continue
        units = [u.unit for u in s.units]
        items.append(InboxItem("stocktake", s.id, units[0] if len(units) == 1 else None,
                               f"Xử lý kết quả kiểm kê: {s.title} ({', '.join(units)})", s.proposed_by,
                               s.proposed_at, DECIDE))
    return items
