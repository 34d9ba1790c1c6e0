"""Reads and locks the use cases share: schedules, drivers with their HR facts, use of the pool.

Lock order, everywhere: a booking, then vehicles by id, then driver profiles by staff id. Every
transaction that takes more than one of these locks takes them in that order, so concurrent
dispatches wait for each other instead of deadlocking.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session

from buildingblocks.db import insert_ignore

from ..domain.balancing import Usage, UsedTrip, trailing_usage
from ..domain.booking import COMPLETED, HOLDING
from ..domain.feasibility import DRIVER_ACTIVE, DriverFacts, MaintenanceWindow, VehicleFacts
from ..domain.schedule import Commitment
from .orm import Booking, DriverProfile, MaintenanceRecord, Vehicle, replica_staff

STAFF_LEFT = "left"


def lock_booking(session: Session, booking_id: int) -> Booking | None:
    """The booking, locked until the end of the transaction (None when unknown)."""
    stmt = (select(Booking).where(Booking.id == booking_id).with_for_update(of=Booking)
            .execution_options(populate_existing=True))
    return session.scalars(stmt).unique().first()


def lock_vehicles(session: Session, ids: list[int]) -> list[Vehicle]:
    """The vehicles, locked in id order."""
    if not ids:
        return []
    stmt = (select(Vehicle).where(Vehicle.id.in_(ids)).order_by(Vehicle.id).with_for_update()
            .execution_options(populate_existing=True))
    return list(session.scalars(stmt).all())


def pool_vehicle_ids(session: Session, include_dedicated: bool = False) -> list[int]:
    """Ids of the vehicles dispatch may choose from: not retired, and (by default) not dedicated."""
    stmt = select(Vehicle.id).where(Vehicle.status != "retired")
    if not include_dedicated:
        stmt = stmt.where(Vehicle.holder_staff_id.is_(None))
    return list(session.scalars(stmt.order_by(Vehicle.id)).all())


def driver_staff_ids(session: Session) -> list[int]:
    """HR staff on a driver position who still work here."""
    stmt = select(replica_staff.c.id).where(replica_staff.c.is_driver.is_(True),
                                            replica_staff.c.status != STAFF_LEFT).order_by(replica_staff.c.id)
    return list(session.scalars(stmt).all())


def ensure_profiles(session: Session, staff_ids: list[int]) -> None:
    """Create the fleet-side row of each driver that has none yet (so it can be locked)."""
    for staff_id in sorted(set(staff_ids)):
        insert_ignore(session, DriverProfile.__table__, {"staff_id": staff_id, "status": DRIVER_ACTIVE})


def lock_profiles(session: Session, staff_ids: list[int]) -> None:
    """Lock the drivers' fleet-side rows in staff id order."""
    if staff_ids:
        session.execute(select(DriverProfile.staff_id).where(DriverProfile.staff_id.in_(staff_ids))
                        .order_by(DriverProfile.staff_id).with_for_update())


@dataclass
class DriverView:
    """A driver: HR's facts, the fleet office's details, and the licence that applies."""

    staff_id: int
    full_name: str
    unit: str
    position_title: str | None
    is_driver: bool
    staff_status: str
    hr_licence_class: str | None
    hr_licence_expiry: dt.date | None
    fleet_licence_class: str | None
    fleet_licence_expiry: dt.date | None
    status: str
    notes: str | None

    @property
    def licence_class(self) -> str | None:
        return self.fleet_licence_class or self.hr_licence_class

    @property
    def licence_expiry(self) -> dt.date | None:
        return self.fleet_licence_expiry or self.hr_licence_expiry

    def facts(self, commitments: tuple[Commitment, ...] = ()) -> DriverFacts:
        """The driver as the dispatch rules see them."""
        return DriverFacts(staff_id=self.staff_id, full_name=self.full_name, is_driver=self.is_driver,
                           employed=self.staff_status != STAFF_LEFT, status=self.status,
                           licence_class=self.licence_class, licence_expiry=self.licence_expiry,
                           commitments=commitments)


def load_drivers(session: Session, staff_ids: list[int] | None = None, only_drivers: bool = True,
                 after: int | None = None, limit: int | None = None) -> list[DriverView]:
    """Drivers from the HR replica with their fleet-side details, by staff id."""
    s = replica_staff.c
    stmt = (select(s.id, s.full_name, s.unit, s.position_title, s.is_driver, s.status, s.licence_class,
                   s.licence_expiry, DriverProfile)
            .outerjoin(DriverProfile, DriverProfile.staff_id == s.id).order_by(s.id))
    if staff_ids is not None:
        stmt = stmt.where(s.id.in_(staff_ids))
    if only_drivers:
        stmt = stmt.where(s.is_driver.is_(True))
    if after is not None:
        stmt = stmt.where(s.id > after)
    if limit is not None:
        stmt = stmt.limit(limit)
    views = []
    for row in session.execute(stmt).all():
        profile: DriverProfile | None = row.DriverProfile
        views.append(DriverView(
            staff_id=row.id, full_name=row.full_name, unit=row.unit, position_title=row.position_title,
            is_driver=bool(row.is_driver), staff_status=row.status, hr_licence_class=row.licence_class,
            hr_licence_expiry=row.licence_expiry,
            fleet_licence_class=profile.licence_class if profile else None,
            fleet_licence_expiry=profile.licence_expiry if profile else None,
            status=profile.status if profile else DRIVER_ACTIVE, notes=profile.notes if profile else None))
    return views


def holding_bookings(session: Session, lo: dt.datetime, hi: dt.datetime, vehicle_ids: list[int] | None = None,
                     driver_ids: list[int] | None = None) -> list[Booking]:
    """Dispatched and running bookings of these vehicles or drivers that end after `lo` and start before `hi`."""
    who = []
    if vehicle_ids:
        who.append(Booking.vehicle_id.in_(vehicle_ids))
    if driver_ids:
        who.append(Booking.driver_id.in_(driver_ids))
    if not who:
        return []
    stmt = select(Booking).where(Booking.status.in_(HOLDING), Booking.start_at < hi, Booking.end_at > lo, or_(*who))
    return list(session.scalars(stmt.order_by(Booking.start_at)).unique().all())


def commitments_by(bookings: list[Booking], attr: str) -> dict[int, tuple[Commitment, ...]]:
    """Group bookings into commitments per vehicle (attr "vehicle_id") or driver ("driver_id")."""
    out: dict[int, list[Commitment]] = {}
    for b in bookings:
        key = getattr(b, attr)
        if key is not None:
            out.setdefault(key, []).append(Commitment(b.id, b.start_at, b.end_at, b.unit))
    return {k: tuple(v) for k, v in out.items()}


def open_maintenance(session: Session, vehicle_ids: list[int], first: dt.date, last: dt.date
                     ) -> dict[int, tuple[MaintenanceWindow, ...]]:
    """Open maintenance windows of these vehicles that touch [first, last]."""
    if not vehicle_ids:
        return {}
    stmt = select(MaintenanceRecord).where(
        MaintenanceRecord.vehicle_id.in_(vehicle_ids), MaintenanceRecord.status == "open",
        MaintenanceRecord.start_on <= last,
        or_(MaintenanceRecord.expected_end_on.is_(None), MaintenanceRecord.expected_end_on >= first))
    out: dict[int, list[MaintenanceWindow]] = {}
    for rec in session.scalars(stmt).unique().all():
        out.setdefault(rec.vehicle_id, []).append(MaintenanceWindow(rec.id, rec.start_on, rec.expected_end_on))
    return {k: tuple(v) for k, v in out.items()}


def vehicle_facts(vehicle: Vehicle, commitments: dict[int, tuple[Commitment, ...]],
                  windows: dict[int, tuple[MaintenanceWindow, ...]]) -> VehicleFacts:
    """The vehicle as the dispatch rules see it."""
    return VehicleFacts(id=vehicle.id, plate=vehicle.plate, seats=vehicle.seats, status=vehicle.status,
                        maintenance=windows.get(vehicle.id, ()), commitments=commitments.get(vehicle.id, ()))


def trailing_use(session: Session, anchor: dt.datetime, window: dt.timedelta, longest: dt.timedelta
                 ) -> tuple[dict[int, Usage], dict[int, Usage]]:
    """Use per vehicle and per driver over the window before `anchor`.

    Completed trips count their kilometres and actual hours; dispatched ones their booked hours.
    """
    lo = anchor - window
    stmt = select(Booking.vehicle_id, Booking.driver_id, Booking.start_at, Booking.end_at, Booking.started_at,
                  Booking.ended_at, Booking.km, Booking.status).where(
        Booking.status.in_((*HOLDING, COMPLETED)), Booking.start_at >= lo - longest, Booking.start_at < anchor)
    trips = []
    for row in session.execute(stmt).all():
        start, end = row.start_at, row.end_at
        if row.status == COMPLETED and row.started_at and row.ended_at and row.ended_at > row.started_at:
            start, end = row.started_at, row.ended_at
        trips.append(UsedTrip(row.vehicle_id, row.driver_id, start, end, float(row.km or 0)))
    return trailing_usage(trips, anchor, window)


def bookings_between(session: Session, lo: dt.datetime, hi: dt.datetime, statuses: tuple[str, ...] | None = None,
                     vehicle_id: int | None = None, driver_id: int | None = None) -> list[Booking]:
    """Bookings whose interval meets [lo, hi), in start order."""
    conds = [Booking.start_at < hi, Booking.end_at > lo]
    if statuses:
        conds.append(Booking.status.in_(statuses))
    if vehicle_id is not None:
        conds.append(Booking.vehicle_id == vehicle_id)
    if driver_id is not None:
        conds.append(Booking.driver_id == driver_id)
    return list(session.scalars(select(Booking).where(and_(*conds)).order_by(Booking.start_at, Booking.id)).unique().all())
