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

import datetime as dt

from buildingblocks.errors import Invalid, NotAllowed, RuleBroken
from buildingblocks.identity import Principal

from .decisions import own_request_refusal
from .errors import StandardsBreached, StatusForbids
from .standards import Breach

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


def require_status(procurement_id: int, status: str, action: str) -> None:
    """StatusForbids unless `action` is possible on a procurement in `status`."""
    if not may(action, status):
        raise StatusForbids(f"procurement {procurement_id} is {status}: it cannot be {action}d now",
                            rule="procurement_status", current_status=status, allowed=list(ALLOWED[action]))


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


def refuse_breaches(breaches: list[Breach]) -> None:
    """StandardsBreached naming each breach of a request about to be submitted."""
    if breaches:
        raise StandardsBreached(f"the request goes beyond the equipment standards in {len(breaches)} way(s)",
                                breaches)


# -- the receipt ----------------------------------------------------------------------------------

def check_receipt_date(received_on: dt.date, drafted_on: dt.date, today: dt.date) -> None:
    """Goods are received on a day between the request's drafting and today."""
    if received_on > today:
        raise Invalid("received_on is in the future", errors={"received_on": ["must not be in the future"]})
    if received_on < drafted_on:
        raise Invalid(f"received_on is before the request was drafted ({drafted_on})",
                      errors={"received_on": [f"must not be before {drafted_on}"]})


def match_receipt_lines(line_ids: list[int], given: list[dict], procurement_id: int) -> dict[int, dict]:
    """Receipt lines by the request's line id (in order): matched by `line_id`, else by position."""
    if len(given) != len(line_ids):
        raise Invalid(f"the request has {len(line_ids)} line(s); the receipt gives {len(given)}",
                      errors={"lines": [f"give the actual price of each of the {len(line_ids)} lines"]})
    matched: dict[int, dict] = {}
    for i, g in enumerate(given):
        line_id = g.get("line_id")
        if line_id is None:
            line_id = line_ids[i]
        elif line_id not in line_ids:
            raise Invalid(f"line {line_id} is not part of procurement {procurement_id}",
                          errors={f"lines.{i}.line_id": ["not a line of this request"]})
        if line_id in matched:
            raise Invalid(f"line {line_id} is given twice", errors={f"lines.{i}.line_id": ["given twice"]})
        matched[line_id] = g
    return matched


def refuse_price_breaches(breaches: list[Breach]) -> None:
    """The standards' price caps hold for what was actually paid, too."""
    over = [b for b in breaches if b.rule == "price_above_standard"]
    if over:
        raise StandardsBreached("an actual price is above the standard's cap", over, field_suffix=".unit_price_vnd")


def check_within_approved(actual_total_vnd: int, approved_vnd: int) -> None:
    """The goods may not cost more than was approved and reserved."""
    if actual_total_vnd > approved_vnd:
        raise RuleBroken(f"the goods cost {actual_total_vnd} VND, more than the {approved_vnd} VND approved and "
                         "reserved", rule="within_approved_amount", approved_vnd=approved_vnd,
                         actual_vnd=actual_total_vnd)


def check_received_items(position: int, quantity: int, items: list, is_vehicle: bool) -> None:
    """A line's items are described all or none; vehicles must be (the fleet needs plate and seats)."""
    if items and len(items) != quantity:
        raise Invalid(f"line {position} has {quantity} item(s), {len(items)} described",
                      errors={f"lines.{position}.items": [f"give all {quantity} or none"]})
    if is_vehicle and not items:
        raise Invalid("vehicles need their plate and seats to join the fleet",
                      errors={f"lines.{position}.items": ["describe each vehicle's attributes"]})
