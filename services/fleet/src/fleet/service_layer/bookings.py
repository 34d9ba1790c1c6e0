"""A board books a car: request, approve or reject, cancel; and who may see which bookings."""
from __future__ import annotations

from sqlalchemy import select

from buildingblocks.db import UnitOfWork
from buildingblocks.errors import Conflict, Forbidden, Unprocessable
from buildingblocks.identity import Principal
from buildingblocks.pagination import paginate
from buildingblocks.inbox import InboxItem, inbox_answer
from buildingblocks.replica import get_staff, require_unit
from buildingblocks.search import matches

from ..adapters.metrics import BOOKING_TRANSITIONS
from ..adapters.orm import Booking
from ..config import FleetConfig
from ..domain import booking as rules
from .common import FLEET_OFFICE, SERVICE, get_booking, is_driver_of, now

LEADERSHIP = rules.LEADERSHIP
UNIT_HEAD = rules.UNIT_HEAD


def create_booking(uow: UnitOfWork, principal: Principal, config: FleetConfig, data: dict) -> Booking:
    """Book a car for a board: the caller's own board, or any board for the fleet office and leadership.

    The leadership's own booking (for its own unit) is approved on creation; see
    `rules.approved_on_creation`.
    """
    unit = data.get("unit") or principal.unit
    if unit != principal.unit and not principal.has_role(FLEET_OFFICE, LEADERSHIP):
        raise Forbidden("you may book only for your own board")
    if not unit:
        raise Unprocessable("the booking needs a board", errors={"unit": ["required"]})
    require_unit(uow.session, unit)
    errors = rules.validate_interval(data["start_at"], data["end_at"], now(), config.max_booking_days)
    if errors:
        raise Unprocessable("the booking's times are invalid", errors=errors)
    requester = get_staff(uow.session, principal.staff_id)
    booking = Booking(
        unit=unit, requested_by=principal.username, requester_staff_id=principal.staff_id,
        requester_name=requester.full_name if requester is not None else None,
        purpose=data["purpose"], destination=data["destination"], start_at=data["start_at"],
        end_at=data["end_at"], passengers=data["passengers"], status=rules.REQUESTED, note=data.get("note"))
    if rules.approved_on_creation(principal, unit, config.leadership_self_approve):
        booking.status = rules.APPROVED
        booking.decided_by, booking.decided_at = principal.username, now()
        booking.decision_note = "Lãnh đạo đặt xe cho đơn vị mình: duyệt khi đặt"
    uow.session.add(booking)
    uow.session.flush()
    uow.commit()
    BOOKING_TRANSITIONS.labels(booking.status).inc()
    return booking


def list_bookings(uow: UnitOfWork, principal: Principal, args: dict) -> tuple[list[Booking], str | None]:
    """Bookings the caller may see, newest first, narrowed by the filters."""
    unit = principal.list_unit(args.get("unit"), SERVICE)
    stmt = select(Booking)
    if unit:
        stmt = stmt.where(Booking.unit == unit)
    for name in ("status", "vehicle_id", "driver_id"):
        if args.get(name) is not None:
            stmt = stmt.where(getattr(Booking, name) == args[name])
    if args.get("start_from") is not None:
        stmt = stmt.where(Booking.start_at >= args["start_from"])
    if args.get("start_to") is not None:
        stmt = stmt.where(Booking.start_at < args["start_to"])
    if args.get("q"):
        stmt = stmt.where(matches(Booking.search_text, args["q"]))
    return paginate(uow.session, stmt, Booking.id, args["limit"], args.get("cursor"), descending=True)


def show_booking(uow: UnitOfWork, principal: Principal, booking_id: int) -> Booking:
    """One booking (404 when the caller may not see it)."""
    return get_booking(uow.session, principal, booking_id)


def _decide(uow: UnitOfWork, principal: Principal, booking_id: int, status: str, note: str | None) -> Booking:
    booking = get_booking(uow.session, principal, booking_id, lock=True)
    rules.ensure_may_decide(principal, booking.unit, booking.requested_by, booking.requester_staff_id)
    if booking.status != rules.REQUESTED:
        action = "approved" if status == rules.APPROVED else "rejected"
        raise Conflict(rules.wrong_state(booking.status, action, (rules.REQUESTED,)), rule="booking_state",
                       booking_status=booking.status, current_status=booking.status)
    booking.status = status
    booking.decided_by, booking.decided_at, booking.decision_note = principal.username, now(), note
    uow.session.flush()
    uow.commit()
    BOOKING_TRANSITIONS.labels(status).inc()
    return booking


def approve_booking(uow: UnitOfWork, principal: Principal, booking_id: int, note: str | None = None) -> Booking:
    """The board's unit head (or the leadership) approves a requested booking."""
    return _decide(uow, principal, booking_id, rules.APPROVED, note)


def reject_booking(uow: UnitOfWork, principal: Principal, booking_id: int, reason: str) -> Booking:
    """The board's unit head (or the leadership) rejects a requested booking, saying why."""
    return _decide(uow, principal, booking_id, rules.REJECTED, reason)


def cancel_booking(uow: UnitOfWork, principal: Principal, booking_id: int, reason: str | None) -> Booking:
    """Withdraw a booking before departure; a dispatched one frees its vehicle and driver.

    The requester, the board's unit head, the fleet office and the leadership may cancel.
    """
    booking = get_booking(uow.session, principal, booking_id, lock=True)
    allowed = (booking.requested_by == principal.username
               or principal.has_role(FLEET_OFFICE, LEADERSHIP)
               or (principal.has_role(UNIT_HEAD) and principal.unit == booking.unit))
    if not allowed:
        raise Forbidden("only the requester, the board's unit head or the fleet office cancels a booking")
    if booking.status not in rules.CANCELLABLE:
        raise Conflict(rules.wrong_state(booking.status, "cancelled", rules.CANCELLABLE), rule="booking_state",
                       booking_status=booking.status, current_status=booking.status)
    booking.status = rules.CANCELLED
    booking.cancelled_by, booking.cancelled_at, booking.cancel_reason = principal.username, now(), reason
    # the vehicle and driver are released by the status alone (holding bookings are the
    # dispatched and running ones); the record keeps who was assigned
    uow.session.flush()
    uow.commit()
    BOOKING_TRANSITIONS.labels(rules.CANCELLED).inc()
    return booking


def release_assignment(booking: Booking, why: str) -> None:
    """Put a dispatched booking back to approved, without vehicle and driver (they became unavailable)."""
    booking.status = rules.APPROVED
    booking.vehicle = None
    booking.driver_id = None
    booking.blocked_until = None
    booking.dispatched_by = booking.dispatched_at = booking.dispatch_mode = None
    booking.dispatch_note = why[:500]


def may_act_on_trip(principal: Principal, booking: Booking) -> bool:
    """The trip's own driver or the fleet office records its start and end."""
    return is_driver_of(principal, booking) or principal.has_role(FLEET_OFFICE)



def _inbox_item(booking: Booking, actions: tuple[str, ...]) -> InboxItem:
    return InboxItem(kind="booking", id=booking.id, unit=booking.unit,
                     title=f"Đặt xe: {booking.purpose}, đến {booking.destination}",
                     requested_by=booking.requested_by, requested_at=booking.created_at, actions=actions)


def inbox(uow: UnitOfWork, principal: Principal) -> dict:
    """What the caller may decide now: requested bookings to approve or reject (the same rule as
    approving), and for the fleet office approved bookings to dispatch (the same rule as dispatch)."""
    items = []
    if principal.has_role(UNIT_HEAD, LEADERSHIP):
        stmt = select(Booking).where(Booking.status == rules.REQUESTED)
        if not principal.has_role(LEADERSHIP):
            stmt = stmt.where(Booking.unit == principal.unit)
        for booking in uow.session.scalars(stmt.order_by(Booking.id)).unique().all():
            if principal.can_see(booking.unit, SERVICE) and rules.refusal_to_decide(
                    principal, booking.unit, booking.requested_by, booking.requester_staff_id) is None:
                items.append(_inbox_item(booking, ("approve", "reject")))
    if rules.may_dispatch(principal):
        stmt = select(Booking).where(Booking.status == rules.APPROVED, Booking.end_at > now())
        for booking in uow.session.scalars(stmt.order_by(Booking.id)).unique().all():
            if rules.refusal_to_dispatch(booking.status, booking.end_at, now()) is None:
                items.append(_inbox_item(booking, ("dispatch",)))
    return inbox_answer(SERVICE, items)
