"""The life cycle of an expense request and who may decide it.

submitted (reserved at once) -> approved -> paid (actual spent, the rest released);
submitted or approved -> rejected / withdrawn (released).
"""

from __future__ import annotations

from dataclasses import dataclass

from .errors import InvalidTransition

SUBMITTED = "submitted"
APPROVED = "approved"
PAID = "paid"
REJECTED = "rejected"
WITHDRAWN = "withdrawn"
STATUSES = (SUBMITTED, APPROVED, PAID, REJECTED, WITHDRAWN)

# action -> (states it may start from, state it leads to)
TRANSITIONS = {
    "approve": ({SUBMITTED}, APPROVED),
    "reject": ({SUBMITTED, APPROVED}, REJECTED),
    "withdraw": ({SUBMITTED, APPROVED}, WITHDRAWN),
    "pay": ({APPROVED}, PAID),
}

PAST = {"approve": "approved", "reject": "rejected", "withdraw": "withdrawn", "pay": "paid"}

# States in which the request still holds a reservation on its budget.
HOLDING = frozenset({SUBMITTED, APPROVED})
# States that count against a beneficiary's monthly or yearly norm.
COUNTING = frozenset({SUBMITTED, APPROVED, PAID})


def next_status(status: str, action: str) -> str:
    """The state after `action`, or InvalidTransition when the current state does not allow it."""
    allowed_from, to = TRANSITIONS[action]
    if status not in allowed_from:
        raise InvalidTransition(
            f"an expense that is {status} cannot be {PAST[action]}",
            current_status=status,
            action=action,
        )
    return to


@dataclass(frozen=True)
class ApprovalAuthority:
    """Who approves an amount: the board's unit head up to the threshold, the leadership above."""

    unit_head_limit_vnd: int

    def approver_role(self, amount_vnd: int) -> str:
        """`unit_head` when the amount is within the unit head's limit, else `leadership`."""
        return "unit_head" if amount_vnd <= self.unit_head_limit_vnd else "leadership"

    def may_decide(self, amount_vnd: int, roles, own_unit: bool) -> bool:
        """True when a principal with `roles` may approve or reject this amount.

        The leadership may decide any amount (it is above the unit head); a unit head only
        its own board's requests within the limit.
        """
        roles = set(roles)
        if "leadership" in roles:
            return True
        return "unit_head" in roles and own_unit and amount_vnd <= self.unit_head_limit_vnd
