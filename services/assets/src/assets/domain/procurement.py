"""Procurement [mua sắm]: a board's request for equipment, from draft to the goods received.

    draft --submit--> awaiting_budget --finance accepts--> pending_approval --approve--> approved
          --receive--> received
    awaiting_budget --finance refuses--> budget_rejected
    awaiting_budget | pending_approval --reject--> rejected
    draft | awaiting_budget | pending_approval | approved --cancel--> cancelled

Finance reserves the money on submit, spends it on receipt and releases it on cancel or reject.
"""
from __future__ import annotations

from dataclasses import dataclass

DRAFT = "draft"
AWAITING_BUDGET = "awaiting_budget"
BUDGET_REJECTED = "budget_rejected"
PENDING_APPROVAL = "pending_approval"
APPROVED = "approved"
REJECTED = "rejected"
RECEIVED = "received"
CANCELLED = "cancelled"
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


def approval_refusal(
    *,
    roles: frozenset[str] | set[str],
    approver_unit: str | None,
    approver_username: str,
    approver_staff_id: int | None,
    request_unit: str,
    requester_username: str,
    requester_staff_id: int | None,
    total: int,
    threshold_vnd: int,
    rejecting: bool = False,
) -> str | None:
    """Why this approver may not decide on this request, or None when they may.

    Nobody decides on their own request; the leadership decides any request; a unit head
    approves their own board's requests up to the threshold, and may turn any of them down.
    """
    if approver_username == requester_username or (
        approver_staff_id is not None and approver_staff_id == requester_staff_id
    ):
        return "nobody approves their own request"
    if "leadership" in roles:
        return None
    if "unit_head" in roles and approver_unit == request_unit:
        if rejecting or approver_level(total, threshold_vnd) == "unit_head":
            return None
        return f"a request above {threshold_vnd} VND needs the leadership's approval"
    return "only the board's unit head or the leadership may decide on this request"
