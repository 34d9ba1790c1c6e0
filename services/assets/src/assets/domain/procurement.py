"""Procurement [mua sắm]: a board's request for equipment, from draft to the goods received.

    draft --submit--> awaiting_budget --finance accepts--> pending_approval --approve--> approved
          --receive--> received
    awaiting_budget --finance refuses--> budget_rejected
    awaiting_budget | pending_approval --reject--> rejected
    draft | awaiting_budget | pending_approval | approved --cancel--> cancelled

Every edit of a draft is kept in its history (`edited`, who and what changed): whoever edited a
request, like whoever asked for it or benefits from one of its lines, may not decide it.

Finance reserves the money on submit, spends it on receipt and releases it on cancel or reject.
"""
from __future__ import annotations

from dataclasses import dataclass

from buildingblocks.errors import NotAllowed
from buildingblocks.identity import Principal

from .decisions import own_request_refusal

DRAFT = "draft"
AWAITING_BUDGET = "awaiting_budget"
BUDGET_REJECTED = "budget_rejected"
PENDING_APPROVAL = "pending_approval"
APPROVED = "approved"
REJECTED = "rejected"
RECEIVED = "received"
CANCELLED = "cancelled"
EDITED = "edited"  # a history entry, not a status: the draft's lines, year or note changed
STATUSES = (DRAFT, AWAITING_BUDGET, BUDGET_REJECTED, PENDING_APPROVAL, APPROVED, REJECTED, RECEIVED, CANCELLED)

# statuses whose lines count as "on their way" against the standards of the next request
IN_FLIGHT = (AWAITING_BUDGET, PENDING_APPROVAL, APPROVED)
# statuses in which finance holds (or is about to hold) a reservation
RESERVED_OR_ASKED = (AWAITING_BUDGET, PENDING_APPROVAL, APPROVED)

ALLOWED = {
    "edit": (DRAFT,),
    "submit": (DRAFT,),
    "approve": (PENDING_APPROVAL,),
    "reject": (AWAITING_BUDGET, PENDING_APPROVAL),
    "receive": (APPROVED,),
    "cancel": (DRAFT, AWAITING_BUDGET, PENDING_APPROVAL, APPROVED),
}


def may(action: str, status: str) -> bool:
    """Whether `action` is possible on a procurement in `status`."""
    return status in ALLOWED[action]


@dataclass(frozen=True)
class Line:
    quantity: int
    unit_price_vnd: int


def total_vnd(lines: list[Line]) -> int:
    """What a request costs: the sum of quantity x unit price of its lines."""
    return sum(line.quantity * line.unit_price_vnd for line in lines)


def approver_level(total: int, threshold_vnd: int) -> str:
    """Who may approve: the board's unit head up to the threshold, the leadership above it."""
    return "unit_head" if total <= threshold_vnd else "leadership"


@dataclass(frozen=True)
class Decision:
    """What deciding on a request looks at: its board, its amount and the people too close to it
    (who asked, who edited its lines, who benefits from a line)."""

    unit: str
    total_vnd: int
    requested_by: str
    requester_staff_id: int | None
    editors: frozenset[str] = frozenset()
    beneficiaries: frozenset[int] = frozenset()


def decision_refusal(principal: Principal, request: Decision, threshold_vnd: int, *,
                     rejecting: bool = False) -> NotAllowed | None:
    """Why `principal` may not approve (or reject) `request`, or None when they may.

    Nobody decides a request they asked for, edited or benefit from; the leadership decides any
    other request; a unit head approves their own board's requests up to the threshold, and may
    turn any of them down. The inbox asks this same question.
    """
    own = own_request_refusal(principal, request.requested_by, request.requester_staff_id)
    if own is not None:
        return own
    if principal.username in request.editors:
        return NotAllowed("whoever edited a request may not decide on it (it is their own request too)",
                          rule="own_edit")
    if principal.staff_id is not None and principal.staff_id in request.beneficiaries:
        return NotAllowed("whoever benefits from a request may not decide on it (it is their own request too)",
                          rule="own_benefit")
    if "leadership" in principal.roles:
        return None
    if "unit_head" in principal.roles and principal.unit == request.unit:
        if rejecting or approver_level(request.total_vnd, threshold_vnd) == "unit_head":
            return None
        return NotAllowed(f"a request above {threshold_vnd} VND needs the leadership's approval",
                          rule="approval_threshold", threshold_vnd=threshold_vnd, total_vnd=request.total_vnd)
    return NotAllowed("only the board's unit head or the leadership may decide on this request",
                      rule="approver_role")


def ensure_may_decide(principal: Principal, request: Decision, threshold_vnd: int, *, rejecting: bool = False) -> None:
    """NotAllowed unless `principal` may decide `request` (see `decision_refusal`)."""
    refusal = decision_refusal(principal, request, threshold_vnd, rejecting=rejecting)
    if refusal is not None:
        raise refusal


def describe_changes(before: dict, after: dict) -> str:
    """What an edit changed, in a line for the request's history: `lines: 1 -> 2; note`."""
    changed = []
    for name, value in after.items():
        old = before.get(name)
        if old == value:
            continue
        if name == "lines":
            changed.append(f"lines ({len(old or [])} -> {len(value)}): " + "; ".join(
                f"{line['quantity']} x {line['description']} ({line['category']}, {line['unit_price_vnd']} VND"
                + (f", for staff {line['beneficiary_staff_id']}" if line.get("beneficiary_staff_id") else "") + ")"
                for line in value))
        else:
            changed.append(f"{name}: {old!r} -> {value!r}")
    return "; ".join(changed) or "nothing changed"
