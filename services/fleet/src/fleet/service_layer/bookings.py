"""A board books a car: request, approve or reject, cancel; the inbox of what the caller decides."""
from __future__ import annotations

from buildingblocks.clock import utcnow
from buildingblocks.identity import Principal
from buildingblocks.inbox import InboxItem, inbox_answer

from ..adapters.metrics import BOOKING_TRANSITIONS
from ..adapters.orm import Booking
from ..domain import booking as rules
from .common import SERVICE, load_booking


def create_booking(uow, principal: Principal, data: dict) -> Booking:
    """Book a car for a board: the caller's own board, or any board for the fleet office and leadership.

    The leadership's own booking (for its own unit) is approved on creation; see
    `rules.approved_on_creation`.
    """
    unit = rules.board_to_book_for(principal, data.get("unit"))
    uow.replica.require_unit(unit)
    rules.validate_interval(data["start_at"], data["end_at"], utcnow(), uow.config.max_booking_days)
    requester = uow.replica.staff(principal.staff_id)
    booking = Booking(
        unit=unit, requested_by=principal.username, requester_staff_id=principal.staff_id,
        requester_name=requester.full_name if requester is not None else None,
        purpose=data["purpose"], destination=data["destination"], start_at=data["start_at"],
        end_at=data["end_at"], passengers=data["passengers"], status=rules.REQUESTED, note=data.get("note"))
    if rules.approved_on_creation(principal, unit, uow.config.leadership_self_approve):
        booking.status = rules.APPROVED
        booking.decided_by, booking.decided_at = principal.username, utcnow()
        booking.decision_note = "Lãnh đạo đặt xe cho đơn vị mình: duyệt khi đặt"
    uow.bookings.add(booking)
    uow.commit()
    BOOKING_TRANSITIONS.labels(booking.status).inc()
    return booking


def list_bookings(uow, principal: Principal, args: dict) -> tuple[list[Booking], str | None]:
    """Bookings the caller may see, newest first, narrowed by the filters."""
    return uow.bookings.page(principal.list_unit(args.get("unit"), SERVICE), args)


def show_booking(uow, principal: Principal, booking_id: int) -> Booking:
    """One booking (NotFound when the caller may not see it)."""
    return load_booking(uow, principal, booking_id)


def _decide(uow, principal: Principal, booking_id: int, status: str, note: str | None) -> Booking:
    booking = load_booking(uow, principal, booking_id, lock=True)
    rules.ensure_may_decide(principal, booking.unit, booking.requested_by, booking.requester_staff_id)
    rules.ensure_state(booking.status, "approved" if status == rules.APPROVED else "rejected", (rules.REQUESTED,))
    booking.status = status
    booking.decided_by, booking.decided_at, booking.decision_note = principal.username, utcnow(), note
    uow.commit()
    BOOKING_TRANSITIONS.labels(status).inc()
    return booking


def approve_booking(uow, principal: Principal, booking_id: int, note: str | None = None) -> Booking:
    """The board's unit head (or another leader) approves a requested booking."""
    return _decide(uow, principal, booking_id, rules.APPROVED, note)


def reject_booking(uow, principal: Principal, booking_id: int, reason: str) -> Booking:
    """The board's unit head (or another leader) rejects a requested booking, saying why."""
    return _decide(uow, principal, booking_id, rules.REJECTED, reason)


def cancel_booking(uow, principal: Principal, booking_id: int, reason: str | None) -> Booking:
    """Withdraw a booking before departure; a dispatched one frees its vehicle and driver (holding
    bookings are the dispatched and running ones: the status alone releases them, and the record
    keeps who was assigned)."""
    booking = load_booking(uow, principal, booking_id, lock=True)
    rules.ensure_may_cancel(principal, booking.unit, booking.requested_by)
    rules.ensure_state(booking.status, "cancelled", rules.CANCELLABLE)
    booking.status = rules.CANCELLED
    booking.cancelled_by, booking.cancelled_at, booking.cancel_reason = principal.username, utcnow(), reason
    uow.commit()
    BOOKING_TRANSITIONS.labels(rules.CANCELLED).inc()
    return booking


def _inbox_item(booking: Booking, actions: tuple[str, ...]) -> InboxItem:
    return InboxItem(kind="booking", id=booking.id, unit=booking.unit,
                     title=f"Đặt xe: {booking.purpose}, đến {booking.destination}",
                     requested_by=booking.requested_by, requested_at=booking.created_at, actions=actions)


def inbox(uow, principal: Principal) -> dict:
    """What the caller may decide now: requested bookings to approve or reject (the same rules as
    approving), and for the fleet office approved bookings to dispatch (the same rule as dispatch)."""
    items = []
    if principal.has_role(rules.UNIT_HEAD, rules.LEADERSHIP):
        unit = None if principal.has_role(rules.LEADERSHIP) else principal.unit
        items += [_inbox_item(b, ("approve", "reject")) for b in uow.bookings.requested(unit)
                  if principal.can_see(b.unit, SERVICE)
                  and rules.refusal_to_decide(principal, b.unit, b.requested_by, b.requester_staff_id) is None]
    if rules.may_dispatch(principal):
        now = utcnow()
        items += [_inbox_item(b, ("dispatch",)) for b in uow.bookings.awaiting_dispatch(now)
                  if rules.refusal_to_dispatch(b.status, b.end_at, now) is None]
    return inbox_answer(SERVICE, items)
