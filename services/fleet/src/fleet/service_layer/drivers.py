"""Drivers: staff on a driver position (from HR), with the fleet office's details on top."""
from __future__ import annotations

from buildingblocks.clock import utcnow
from buildingblocks.errors import NotFound
from buildingblocks.identity import Principal

from ..adapters.repository import DriverView
from ..domain.access import ensure_fleet_scope, ensure_sees_driver
from ..domain.feasibility import DRIVER_ACTIVE
from ..domain.vehicles import check_driver_leave, ensure_driver
from .common import FLEET_OFFICE, release_assignment


def list_drivers(uow, principal: Principal, args: dict) -> tuple[list[DriverView], str | None]:
    """Staff on a driver position with their licence data, by staff id (the pool's readers only)."""
    ensure_fleet_scope(principal, "the driver list")
    return uow.drivers.page(args)


def _view(uow, staff_id: int) -> DriverView:
    view = uow.drivers.view(staff_id)
    if view is None:
        raise NotFound(f"driver {staff_id} not found")
    return view


def show_driver(uow, principal: Principal, staff_id: int) -> DriverView:
    """One driver: for the pool's readers, and for the driver themself."""
    ensure_sees_driver(principal, staff_id, by_scope=True)
    view = _view(uow, staff_id)
    if not view.is_driver:
        raise NotFound(f"staff member {staff_id} is not a driver")
    return view


def update_driver(uow, principal: Principal, staff_id: int, data: dict) -> DriverView:
    """Set the fleet-side details of a driver: licence seen by the office, availability, notes.

    Making a driver unavailable is refused while upcoming dispatched trips need them.
    """
    principal.require_role(FLEET_OFFICE)
    staff = uow.replica.staff(staff_id)
    if staff is None:
        raise NotFound(f"staff member {staff_id} not found")
    ensure_driver(staff_id, staff.is_driver, "staff_id")
    uow.drivers.ensure_profiles([staff_id])
    uow.drivers.lock_profiles([staff_id])
    profile = uow.drivers.profile(staff_id)
    if data.get("status") not in (None, DRIVER_ACTIVE):
        check_driver_leave(staff.full_name, uow.bookings.upcoming(utcnow(), driver_id=staff_id))
    for key, value in data.items():
        setattr(profile, key, value.upper() if key == "licence_class" and value else value)
    profile.updated_by = principal.username
    uow.drivers.flush()
    uow.commit()
    return _view(uow, staff_id)


def release_driver(uow, staff_id: int, why: str) -> int:
    """A driver who left (or is no longer a driver) gives back their upcoming dispatched trips."""
    upcoming = uow.bookings.lock_dispatched(driver_id=staff_id)
    for booking in upcoming:
        release_assignment(booking, why)
    return len(upcoming)
