"""Drivers: staff on a driver position (from HR), with the fleet office's details on top."""
from __future__ import annotations

from sqlalchemy import select

from buildingblocks.db import UnitOfWork, utcnow
from buildingblocks.errors import BadRequest, Conflict, Forbidden, NotFound, Unprocessable
from buildingblocks.identity import Principal
from buildingblocks.pagination import decode_cursor, encode_cursor
from buildingblocks.replica import get_staff
from buildingblocks.search import fold, words

from ..adapters import queries
from ..adapters.orm import Booking, DriverProfile
from ..domain import booking as rules
from ..domain.feasibility import DRIVER_ACTIVE
from .bookings import release_assignment
from .common import FLEET_OFFICE, SERVICE


def list_drivers(uow: UnitOfWork, principal: Principal, args: dict) -> tuple[list[queries.DriverView], str | None]:
    """Staff on a driver position with their licence data, by staff id (the pool's readers only)."""
    if not principal.has_scope(SERVICE):
        raise Forbidden("the driver list is for the fleet office, the leadership and the auditors")
    after = None
    if args.get("cursor"):
        after = decode_cursor(args["cursor"])
        if not isinstance(after, int) or isinstance(after, bool) or not 0 <= after < 2**31:
            raise BadRequest("malformed cursor", errors={"cursor": ["not a cursor this service issued"]})
    views = queries.load_drivers(uow.session, after=after)
    if not args.get("include_left"):
        views = [v for v in views if v.staff_status != queries.STAFF_LEFT]
    if args.get("status"):
        views = [v for v in views if v.status == args["status"]]
    if args.get("licence_class"):
        views = [v for v in views if (v.licence_class or "").upper() == args["licence_class"]]
    if args.get("q"):
        # the name lives in HR's replica (no search_text column there): folded here the same way
        wanted = words(args["q"])
        views = [v for v in views if all(w in fold(v.full_name) for w in wanted)]
    page = views[: args["limit"]]
    cursor = encode_cursor(page[-1].staff_id) if len(views) > args["limit"] else None
    return page, cursor


def _driver_view(uow: UnitOfWork, staff_id: int) -> queries.DriverView:
    [view] = queries.load_drivers(uow.session, [staff_id], only_drivers=False) or [None]
    if view is None:
        raise NotFound(f"driver {staff_id} not found")
    return view


def show_driver(uow: UnitOfWork, principal: Principal, staff_id: int) -> queries.DriverView:
    """One driver: for the pool's readers, and for the driver themself."""
    if not (principal.has_scope(SERVICE) or principal.staff_id == staff_id):
        raise NotFound(f"driver {staff_id} not found")
    view = _driver_view(uow, staff_id)
    if not view.is_driver:
        raise NotFound(f"staff member {staff_id} is not a driver")
    return view


def update_driver(uow: UnitOfWork, principal: Principal, staff_id: int, data: dict) -> queries.DriverView:
    """Set the fleet-side details of a driver: licence seen by the office, availability, notes.

    Making a driver unavailable is refused (409) while upcoming dispatched trips need them.
    """
    principal.require_role(FLEET_OFFICE)
    staff = get_staff(uow.session, staff_id)
    if staff is None:
        raise NotFound(f"staff member {staff_id} not found")
    if not staff.is_driver:
        raise Unprocessable(f"staff member {staff_id} is not on a driver position",
                            errors={"staff_id": [f"staff member {staff_id} is not on a driver position"]})
    queries.ensure_profiles(uow.session, [staff_id])
    queries.lock_profiles(uow.session, [staff_id])
    profile = uow.session.get(DriverProfile, staff_id, populate_existing=True)
    if data.get("status") not in (None, DRIVER_ACTIVE):
        upcoming = uow.session.scalars(select(Booking).where(
            Booking.driver_id == staff_id, Booking.status.in_(rules.HOLDING), Booking.end_at > utcnow())
            .order_by(Booking.start_at)).unique().all()
        if upcoming:
            raise Conflict(f"driver {staff.full_name} is dispatched on {len(upcoming)} upcoming trip(s)",
                           rule="driver_booked",
                           bookings=[{"booking_id": b.id, "start_at": b.start_at.isoformat(),
                                      "end_at": b.end_at.isoformat()} for b in upcoming])
    for key, value in data.items():
        setattr(profile, key, value.upper() if key == "licence_class" and value else value)
    profile.updated_by = principal.username
    uow.session.flush()
    uow.commit()
    return _driver_view(uow, staff_id)


def release_driver(uow: UnitOfWork, staff_id: int, why: str) -> int:
    """A driver who left (or is no longer a driver) gives back their upcoming dispatched trips."""
    upcoming = uow.session.scalars(select(Booking).where(
        Booking.driver_id == staff_id, Booking.status == rules.DISPATCHED)
        .with_for_update(of=Booking).execution_options(populate_existing=True)).unique().all()
    for booking in upcoming:
        release_assignment(booking, why)
    return len(upcoming)
