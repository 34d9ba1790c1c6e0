"""The life of a booking: requested -> approved -> dispatched -> in progress -> completed,
or rejected / cancelled on the way."""
from __future__ import annotations

import datetime as dt
from typing import Protocol

from buildingblocks.errors import Invalid, NotAllowed, NotFound, RuleBroken

from .errors import WrongState

REQUESTED = "requested"
APPROVED = "approved"
REJECTED = "rejected"
DISPATCHED = "dispatched"
IN_PROGRESS = "in_progress"
COMPLETED = "completed"
CANCELLED = "cancelled"

STATUSES = (REQUESTED, APPROVED, REJECTED, DISPATCHED, IN_PROGRESS, COMPLETED, CANCELLED)
# statuses that hold a vehicle and a driver (the exclusion constraint's WHERE clause)
HOLDING = (DISPATCHED, IN_PROGRESS)
# a booking that still asks for a car: what a dissolved board's successor inherits
OPEN = (REQUESTED, APPROVED, DISPATCHED, IN_PROGRESS)
# demand: everything asked for and not turned down or withdrawn
DEMAND = (REQUESTED, APPROVED, DISPATCHED, IN_PROGRESS, COMPLETED)
CANCELLABLE = (REQUESTED, APPROVED, DISPATCHED)
DISPATCHABLE = (APPROVED, DISPATCHED)
COMPLETABLE = (DISPATCHED, IN_PROGRESS)

SERVICE = "fleet"
LEADERSHIP = "leadership"
UNIT_HEAD = "unit_head"
FLEET_OFFICE = "office_fleet"


class Caller(Protocol):
    """Who acts: `buildingblocks.identity.Principal` fits."""

    username: str
    staff_id: int | None
    unit: str | None

    def has_role(self, *roles: str) -> bool: ...

    def can_see(self, unit: str | None, service: str) -> bool: ...


def is_driver_of(caller: Caller, driver_id: int | None) -> bool:
    """True when the caller is the driver the booking was dispatched to."""
    return caller.staff_id is not None and driver_id == caller.staff_id


def ensure_visible(caller: Caller, booking_id: int, unit: str | None, driver_id: int | None) -> None:
    """Raise NotFound unless the caller sees the booking: their board's, their own trip as its
    driver, or every board's for the fleet office, the leadership and the auditors."""
    if not (caller.can_see(unit, SERVICE) or is_driver_of(caller, driver_id)):
        raise NotFound(f"booking {booking_id} not found")


def board_to_book_for(caller: Caller, asked: str | None) -> str:
    """The board a new booking is charged to: the caller's own, or any for the fleet office and
    the leadership."""
    unit = asked or caller.unit
    if unit != caller.unit and not caller.has_role(FLEET_OFFICE, LEADERSHIP):
        raise NotAllowed("you may book only for your own board")
    if not unit:
        raise Invalid("the booking needs a board", errors={"unit": ["required"]})
    return unit


def ensure_may_cancel(caller: Caller, unit: str, requested_by: str) -> None:
    """The requester, the board's unit head, the fleet office and the leadership cancel."""
    if not (requested_by == caller.username or caller.has_role(FLEET_OFFICE, LEADERSHIP)
            or (caller.has_role(UNIT_HEAD) and caller.unit == unit)):
        raise NotAllowed("only the requester, the board's unit head or the fleet office cancels a booking")


def ensure_may_drive(caller: Caller, driver_id: int | None) -> None:
    """The trip's own driver or the fleet office records its start and end."""
    if not (is_driver_of(caller, driver_id) or caller.has_role(FLEET_OFFICE)):
        raise NotAllowed("only the trip's driver or the fleet office records the trip")


def approved_on_creation(caller: Caller, unit: str, leadership_self_approve: bool = False) -> bool:
    """Whether a booking the caller makes for `unit` is approved as it is made.

    The leadership's own (charged to the leadership's own unit) are (domain: "leadership's own
    are approved"); one charged to another board waits for that board's head or another leader,
    unless the office configured leadership bookings to approve themselves.
    """
    if not caller.has_role(LEADERSHIP):
        return False
    return unit == caller.unit or leadership_self_approve


def is_requester(caller: Caller, requested_by: str, requester_staff_id: int | None) -> bool:
    """True when the caller asked for the booking (by username, or as the same staff member)."""
    return requested_by == caller.username or (
        caller.staff_id is not None and requester_staff_id == caller.staff_id)


def refusal_to_decide(caller: Caller, unit: str, requested_by: str,
                      requester_staff_id: int | None) -> NotAllowed | None:
    """Why the caller may not approve or reject a booking of `unit` (None when they may).

    The board's unit head or the leadership decides, and nobody decides their own request.
    """
    if not caller.has_role(UNIT_HEAD, LEADERSHIP):
        return NotAllowed("only the board's unit head or the leadership approves bookings", rule="not_a_decider")
    if not caller.has_role(LEADERSHIP) and unit != caller.unit:
        return NotAllowed("a unit head decides only their own board's bookings", rule="other_board")
    if is_requester(caller, requested_by, requester_staff_id):
        return NotAllowed("nobody approves their own request", rule="own_request")
    return None


def ensure_may_decide(caller: Caller, unit: str, requested_by: str, requester_staff_id: int | None) -> None:
    """Raise NotAllowed unless the caller may approve or reject the booking."""
    refusal = refusal_to_decide(caller, unit, requested_by, requester_staff_id)
    if refusal is not None:
        raise refusal


def interval_errors(start: dt.datetime, end: dt.datetime, now: dt.datetime,
                    max_days: int) -> dict[str, list[str]]:
    """Field errors of a booking's interval: it ends after it starts, in the future, not too long."""
    errors: dict[str, list[str]] = {}
    if end <= start:
        errors["end_at"] = ["must be after start_at"]
    elif end - start > dt.timedelta(days=max_days):
        errors["end_at"] = [f"a booking lasts at most {max_days} days"]
    if end <= now:
        errors.setdefault("end_at", []).append("is in the past")
    return errors


def validate_interval(start: dt.datetime, end: dt.datetime, now: dt.datetime, max_days: int) -> None:
    """Raise Invalid unless the interval ends after it starts, in the future, and is not too long."""
    errors = interval_errors(start, end, now, max_days)
    if errors:
        raise Invalid("the booking's times are invalid", errors=errors)


def ensure_state(status: str, action: str, allowed: tuple[str, ...]) -> None:
    """Raise WrongState unless `status` is one of `allowed` for `action` ("approved", "cancelled"...)."""
    if status not in allowed:
        raise WrongState(status, action, allowed)


def may_dispatch(caller: Caller) -> bool:
    """The fleet office dispatches."""
    return caller.has_role(FLEET_OFFICE)


def ensure_may_dispatch(caller: Caller) -> None:
    """Raise NotAllowed unless the caller is the fleet office."""
    if not may_dispatch(caller):
        raise NotAllowed(f"requires one of the roles: {FLEET_OFFICE}")


def refusal_to_dispatch(status: str, end_at: dt.datetime, now: dt.datetime) -> RuleBroken | None:
    """Why a booking in `status` ending at `end_at` cannot be dispatched now (None when it can)."""
    if status not in DISPATCHABLE:
        return WrongState(status, "dispatched", DISPATCHABLE)
    if end_at <= now:
        return RuleBroken("the booking is already over", rule="booking_over")
    return None


# a booking has a dispatch order [lệnh điều xe] once a vehicle and a driver are assigned
ORDERED = (DISPATCHED, IN_PROGRESS, COMPLETED)


def ensure_order_issued(status: str) -> None:
    """Raise WrongState unless the booking was dispatched (its dispatch order exists)."""
    ensure_state(status, "given a dispatch order", ORDERED)


def ensure_may_attach(caller: Caller, unit: str, requested_by: str, requester_staff_id: int | None,
                      driver_id: int | None) -> None:
    """Raise NotAllowed unless the caller acts on the booking: its requester, its driver, its
    board's head, the fleet office or the leadership (an auditor reads the files, never adds)."""
    if not (is_requester(caller, requested_by, requester_staff_id) or is_driver_of(caller, driver_id)
            or (caller.has_role(UNIT_HEAD) and caller.unit == unit) or caller.has_role(FLEET_OFFICE, LEADERSHIP)):
        raise NotAllowed("only the booking's requester, its driver, its board's head, the fleet office "
                         "and the leadership add files")
