"""The life cycle of an expense request and who may decide it.

submitted (reserved at once) -> approved -> paid (actual spent, the rest released);
submitted or approved -> rejected / withdrawn (released), or lapsed (released by its year's close).
"""

from __future__ import annotations

from dataclasses import dataclass

from buildingblocks.errors import Invalid, NotAllowed

from .budget import BudgetPosition
from .errors import BudgetExhausted, InvalidTransition, OverNorm, PaymentExceedsReservation
from .regulation import Norm, SpendingAsk, check_against_norm

SUBMITTED = "submitted"
APPROVED = "approved"
PAID = "paid"
REJECTED = "rejected"
WITHDRAWN = "withdrawn"
LAPSED = "lapsed"  # still held when its fiscal year closed, and released by the close
STATUSES = (SUBMITTED, APPROVED, PAID, REJECTED, WITHDRAWN, LAPSED)

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


def require_beneficiary_of(board: str, staff_id: int, staff_board: str | None, current: bool) -> None:
    """The beneficiary must be current staff of the expense's board (Invalid naming the field).

    One answer whether the person is unknown, has left or works for another board: a refusal
    tells nothing about another board's people.
    """
    if not current or staff_board != board:
        message = f"staff member {staff_id} is not current staff of {board}"
        raise Invalid(message, errors={"beneficiary_staff_id": [message]}, rule="beneficiary_not_in_unit")


def refuse_own(action: str, decider, requested_by: str, requested_by_staff_id: int | None,
               beneficiary_staff_id: int | None = None) -> None:
    """Nobody decides their own: not the requester, not the beneficiary (NotAllowed naming the rule).

    `decider` is anyone with `username` and `staff_id` (a principal).
    """
    staff_id = decider.staff_id
    if requested_by == decider.username or (staff_id is not None and requested_by_staff_id == staff_id):
        raise NotAllowed(f"nobody may {action} their own request", rule="own_request")
    if staff_id is not None and beneficiary_staff_id == staff_id:
        raise NotAllowed(f"nobody may {action} a request of which they are the beneficiary", rule="own_benefit")


def require_decider(decider, expense, unit_head_limit_vnd: int, action: str) -> None:
    """Who may approve or reject `expense` (unit, amount_vnd, requested_by, requested_by_staff_id,
    beneficiary_staff_id): the board's unit head up to the limit, the leadership above; never
    the requester nor the beneficiary. Raises NotAllowed with the rule and the figures."""
    authority = ApprovalAuthority(unit_head_limit_vnd)
    if not authority.may_decide(expense.amount_vnd, decider.roles, own_unit=decider.unit == expense.unit):
        role = authority.approver_role(expense.amount_vnd)
        raise NotAllowed(
            f"an expense of {expense.amount_vnd} VND is decided by "
            + ("the board's unit head or the leadership" if role == "unit_head" else "the leadership")
            + f" (unit head limit {unit_head_limit_vnd} VND)",
            rule="approval_authority",
            approver_role=role,
            unit_head_limit_vnd=unit_head_limit_vnd,
        )
    refuse_own(action, decider, expense.requested_by, expense.requested_by_staff_id, expense.beneficiary_staff_id)


def require_may_attach(decider, expense, unit_head_limit_vnd: int) -> None:
    """Who may add a file (an invoice scan) to an expense: whoever acts on it: the requester, the
    beneficiary, whoever may decide it (its amount's approver), and `office_finance`, who pays it."""
    roles = set(decider.roles)
    own = decider.username == expense.requested_by or (
        decider.staff_id is not None and decider.staff_id in (expense.requested_by_staff_id, expense.beneficiary_staff_id))
    decides = ApprovalAuthority(unit_head_limit_vnd).may_decide(expense.amount_vnd, roles, decider.unit == expense.unit)
    if not (own or decides or "office_finance" in roles):
        raise NotAllowed("only those who act on the expense may attach files to it", rule="attach_not_allowed")


def amount_of(amount_vnd: int | None, quantity: int | None, rate_vnd: int | None) -> tuple[int, int, int | None]:
    """(amount, quantity, rate): either an amount, or quantity x rate (both given must agree)."""
    quantity = quantity or 1
    if rate_vnd is not None:
        if amount_vnd is not None and amount_vnd != quantity * rate_vnd:
            raise Invalid(
                "amount_vnd differs from quantity x rate_vnd",
                errors={"amount_vnd": [f"must equal quantity x rate_vnd = {quantity * rate_vnd}, or be left out"]},
            )
        return quantity * rate_vnd, quantity, rate_vnd
    if amount_vnd is None:
        raise Invalid("give amount_vnd, or quantity and rate_vnd",
                      errors={"amount_vnd": ["required unless rate_vnd is given"]})
    return amount_vnd, quantity, None


def check_submission(ask: SpendingAsk, norm: Norm | None, drawn_vnd: int, position: BudgetPosition, *,
                     regulation_id: int | None, what: str, no_budget: str | None) -> None:
    """A submission fits the norm (with what the beneficiary drew this period) and the available budget.

    OverNorm carries the budget's availability and the regulation; BudgetExhausted the norm.
    `no_budget` is the sentence to say when the board has no such budget at all.
    """
    if norm is not None:
        try:
            check_against_norm(norm, ask, already_used_vnd=drawn_vnd)
        except OverNorm as broken:
            broken.figures.update(available_vnd=position.available_vnd, regulation_id=regulation_id)
            raise
    try:
        position.require_available(ask.amount_vnd, what=what)
    except BudgetExhausted as broken:
        if no_budget is not None:
            broken.detail = no_budget
            broken.args = (no_budget,)
        if norm is not None:
            broken.figures["norm_vnd"] = norm.limit_vnd
        raise


def may_withdraw(decider, requested_by: str) -> None:
    """Only the person who submitted a request may withdraw it."""
    if requested_by != decider.username:
        raise NotAllowed("only the person who submitted the request may withdraw it")


def payable_amount(reserved_vnd: int, paid_amount_vnd: int | None) -> int:
    """What is paid: the amount reserved unless told less (never more)."""
    actual = reserved_vnd if paid_amount_vnd is None else paid_amount_vnd
    if actual > reserved_vnd:
        raise PaymentExceedsReservation(
            f"the payment of {actual} VND exceeds the {reserved_vnd} VND reserved and approved",
            asked_vnd=actual, reserved_vnd=reserved_vnd,
        )
    return actual
