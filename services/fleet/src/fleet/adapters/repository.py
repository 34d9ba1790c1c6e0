"""The fleet's SQL repositories: the unit of work exposes each as `uow.<name>` (see `repositories`).

Lock order, everywhere: a booking, then vehicles by id, then driver profiles by staff id. Every
transaction that takes more than one of these locks takes them in that order, so concurrent
dispatches wait for each other instead of deadlocking. On PostgreSQL the exclusion constraints
stand behind the locks; `flush()` turns what they refuse into the rule it broke.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import and_, func, or_, select, text, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from buildingblocks.db import insert_ignore
from buildingblocks.errors import RuleBroken
from buildingblocks.pagination import encode_cursor, paginate, read_cursor
from buildingblocks.replica import get_staff, get_unit, office_unit, require_staff, require_unit
from buildingblocks.search import fold, matches, words

from ..domain.balancing import Usage, UsedTrip, trailing_usage
from ..domain.booking import APPROVED, COMPLETED, DEMAND, DISPATCHED, HOLDING, OPEN, REQUESTED
from ..domain.feasibility import DRIVER_ACTIVE, DriverFacts, MaintenanceWindow, VehicleFacts
from ..domain.schedule import Commitment
from ..domain.utilization import TripRecord
from ..domain.vehicles import Upcoming, compact_plate, plate_key
from .orm import (
    Booking,
    CarLimitException,
    DriverProfile,
    MaintenancePlan,
    MaintenanceRecord,
    Vehicle,
    replica_staff,
)

STAFF_LEFT = "left"
# what the database refuses, and the rule that says why
CONSTRAINT_RULES = (
    ("ex_bookings_vehicle_overlap", "the vehicle is already booked at that time", "vehicle_busy"),
    ("ex_bookings_driver_overlap", "the driver is already booked at that time", "driver_busy"),
    ("plate", "a vehicle with this plate already exists", "plate_taken"),
    ("decision_no", "an exception with this decision number is already recorded", "decision_taken"),
    ("asset_id", "a vehicle is already linked to this asset", "asset_taken"),
)


class _Repository:
    def __init__(self, session: Session):
        self.session = session

    def add(self, row):
        """Add a new row and give it its id."""
        self.session.add(row)
        self.flush()
        return row

    def flush(self) -> None:
        """Flush; a row the database's constraints refuse becomes the rule it broke (RuleBroken).

        The row locks taken before checking make this unreachable for double bookings; it is the
        last line.
        """
        try:
            self.session.flush()
        except IntegrityError as exc:
            name = getattr(getattr(exc.orig, "diag", None), "constraint_name", None) or str(exc.orig)
            for part, detail, rule in CONSTRAINT_RULES:
                if part in name:
                    raise RuleBroken(detail, rule=rule) from None
            raise

    def forget(self) -> None:
        """Forget what was read: the next reads (under locks) come fresh from the database."""
        self.session.expire_all()


class VehicleRepository(_Repository):
    """The pool's cars."""

    def get(self, vehicle_id: int) -> Vehicle | None:
        return self.session.get(Vehicle, vehicle_id)

    def by_ids(self, ids: list[int]) -> list[Vehicle]:
        return list(self.session.scalars(select(Vehicle).where(Vehicle.id.in_(ids)).order_by(Vehicle.id)).all())

    def lock(self, ids: list[int]) -> list[Vehicle]:
        """The vehicles, locked in id order."""
        if not ids:
            return []
        stmt = (select(Vehicle).where(Vehicle.id.in_(ids)).order_by(Vehicle.id).with_for_update()
                .execution_options(populate_existing=True))
        return list(self.session.scalars(stmt).all())

    def by_plate(self, plate: str) -> Vehicle | None:
        """The vehicle carrying `plate`, however its dots, dashes, spaces and case were written."""
        return self.session.scalars(select(Vehicle).where(Vehicle.plate_key == plate_key(plate))).first()

    def general_use(self, max_seats: int) -> int:
        """How many cars count toward the Office's entitlement: in service, without a dedicated
        holder, of at most `max_seats` seats."""
        return int(self.session.scalar(select(func.count(Vehicle.id)).where(
            Vehicle.status != "retired", Vehicle.holder_staff_id.is_(None), Vehicle.seats <= max_seats)) or 0)

    def lock_count(self) -> None:
        """Serialize the transactions that add a car to the pool (PostgreSQL), so that two at once
        cannot both take the last car of the entitlement."""
        if self.session.get_bind().dialect.name == "postgresql":
            self.session.execute(text("SELECT pg_advisory_xact_lock(7213)"))

    def by_asset(self, asset_id: int) -> Vehicle | None:
        return self.session.scalars(select(Vehicle).where(Vehicle.asset_id == asset_id)).first()

    def pool_ids(self, include_dedicated: bool = False) -> list[int]:
        """Ids of the vehicles dispatch may choose from: not retired, and (by default) not dedicated."""
        stmt = select(Vehicle.id).where(Vehicle.status != "retired")
        if not include_dedicated:
            stmt = stmt.where(Vehicle.holder_staff_id.is_(None))
        return list(self.session.scalars(stmt.order_by(Vehicle.id)).all())

    def pool(self) -> list[Vehicle]:
        """The vehicles of `pool_ids()`, read in one query."""
        stmt = select(Vehicle).where(Vehicle.status != "retired", Vehicle.holder_staff_id.is_(None))
        return list(self.session.scalars(stmt.order_by(Vehicle.id)).all())

    def in_service(self) -> list[Vehicle]:
        return list(self.session.scalars(select(Vehicle).where(Vehicle.status != "retired").order_by(Vehicle.id)).all())

    def page(self, args: dict[str, Any]) -> tuple[list[Vehicle], str | None]:
        """Vehicles by id, narrowed by status, seats, the shared pool and `q` (a plate may be asked
        for with or without its dots and dashes)."""
        stmt = select(Vehicle)
        if args.get("status"):
            stmt = stmt.where(Vehicle.status == args["status"])
        if args.get("min_seats"):
            stmt = stmt.where(Vehicle.seats >= args["min_seats"])
        if args.get("pool") is not None:
            dedicated = Vehicle.holder_staff_id.is_not(None)
            stmt = stmt.where(~dedicated if args["pool"] else dedicated)
        if args.get("q"):
            q = args["q"]
            stmt = stmt.where(or_(matches(Vehicle.search_text, q),
                                  matches(Vehicle.search_text, " ".join(compact_plate(w) or w for w in q.split()))))
        return paginate(self.session, stmt, Vehicle.id, args["limit"], args.get("cursor"))


class BookingRepository(_Repository):
    """Bookings and their trips, and the named reads dispatch and the reports need."""

    def get(self, booking_id: int, lock: bool = False) -> Booking | None:
        """The booking; with `lock`, locked until the transaction ends (and read fresh)."""
        if not lock:
            return self.session.get(Booking, booking_id)
        stmt = (select(Booking).where(Booking.id == booking_id).with_for_update(of=Booking)
                .execution_options(populate_existing=True))
        return self.session.scalars(stmt).unique().first()

    def page(self, unit: str | None, args: dict[str, Any]) -> tuple[list[Booking], str | None]:
        """Bookings of `unit` (every board's with None), newest first, narrowed by the filters."""
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
        return paginate(self.session, stmt, Booking.id, args["limit"], args.get("cursor"), descending=True)

    def requested(self, unit: str | None) -> list[Booking]:
        """Bookings waiting for a decision, of `unit` (every board's with None), oldest first."""
        stmt = select(Booking).where(Booking.status == REQUESTED)
        if unit is not None:
            stmt = stmt.where(Booking.unit == unit)
        return list(self.session.scalars(stmt.order_by(Booking.id)).unique().all())

    def awaiting_dispatch(self, now: dt.datetime) -> list[Booking]:
        """Approved bookings that have not ended yet, oldest first."""
        stmt = select(Booking).where(Booking.status == APPROVED, Booking.end_at > now)
        return list(self.session.scalars(stmt.order_by(Booking.id)).unique().all())

    def commitments(self, lo: dt.datetime, hi: dt.datetime, vehicle_ids: list[int], driver_ids: list[int]
                    ) -> tuple[dict[int, tuple[Commitment, ...]], dict[int, tuple[Commitment, ...]]]:
        """What holds these vehicles or drivers between `lo` and `hi` (dispatched and running bookings
        that end after `lo` and start before `hi`), per vehicle and per driver, in start order: read as
        rows of five columns, not booking objects (a chosen dispatch reads the whole pool's)."""
        who = []
        if vehicle_ids:
            who.append(Booking.vehicle_id.in_(vehicle_ids))
        if driver_ids:
            who.append(Booking.driver_id.in_(driver_ids))
        by_vehicle: dict[int, list[Commitment]] = {}
        by_driver: dict[int, list[Commitment]] = {}
        if who:
            stmt = (select(Booking.id, Booking.start_at, Booking.end_at, Booking.unit, Booking.vehicle_id,
                           Booking.driver_id)
                    .where(Booking.status.in_(HOLDING), Booking.start_at < hi, Booking.end_at > lo, or_(*who))
                    .order_by(Booking.start_at))
            for booking_id, start, end, unit, vehicle_id, driver_id in self.session.execute(stmt).all():
                held = Commitment(booking_id, start, end, unit)
                if vehicle_id is not None:
                    by_vehicle.setdefault(vehicle_id, []).append(held)
                if driver_id is not None:
                    by_driver.setdefault(driver_id, []).append(held)
        return ({k: tuple(v) for k, v in by_vehicle.items()}, {k: tuple(v) for k, v in by_driver.items()})

    def upcoming(self, now: dt.datetime, vehicle_id: int | None = None, driver_id: int | None = None) -> list[Upcoming]:
        """Dispatched and running trips of a vehicle or a driver that have not ended, in start order."""
        stmt = select(Booking).where(Booking.status.in_(HOLDING), Booking.end_at > now)
        if vehicle_id is not None:
            stmt = stmt.where(Booking.vehicle_id == vehicle_id)
        if driver_id is not None:
            stmt = stmt.where(Booking.driver_id == driver_id)
        return [Upcoming(b.id, b.unit, b.start_at, b.end_at, b.status, b.passengers)
                for b in self.session.scalars(stmt.order_by(Booking.start_at)).unique().all()]

    def lock_dispatched(self, vehicle_id: int | None = None, driver_id: int | None = None) -> list[Booking]:
        """Dispatched (not yet started) bookings of a vehicle or a driver, locked."""
        stmt = select(Booking).where(Booking.status == DISPATCHED)
        if vehicle_id is not None:
            stmt = stmt.where(Booking.vehicle_id == vehicle_id)
        if driver_id is not None:
            stmt = stmt.where(Booking.driver_id == driver_id)
        stmt = stmt.with_for_update(of=Booking).execution_options(populate_existing=True)
        return list(self.session.scalars(stmt).unique().all())

    def between(self, lo: dt.datetime, hi: dt.datetime, longest: dt.timedelta, statuses: tuple[str, ...] | None = None,
                vehicle_id: int | None = None, driver_id: int | None = None) -> list[Booking]:
        """Bookings whose interval meets [lo, hi), in start order (`longest`: see `meeting`)."""
        conds = meeting(lo, hi, longest)
        if statuses:
            conds.append(Booking.status.in_(statuses))
        if vehicle_id is not None:
            conds.append(Booking.vehicle_id == vehicle_id)
        if driver_id is not None:
            conds.append(Booking.driver_id == driver_id)
        stmt = select(Booking).where(and_(*conds)).order_by(Booking.start_at, Booking.id)
        return list(self.session.scalars(stmt).unique().all())

    def demand_spans(self, lo: dt.datetime, hi: dt.datetime, longest: dt.timedelta
                     ) -> list[tuple[dt.datetime, dt.datetime]]:
        """(start, end) of the bookings that count as demand (DEMAND) meeting [lo, hi), as tuples
        in start order: the peak's sweep reads two columns, not a year of booking objects."""
        stmt = (select(Booking.start_at, Booking.end_at)
                .where(*meeting(lo, hi, longest), Booking.status.in_(DEMAND))
                .order_by(Booking.start_at))
        return [tuple(row) for row in self.session.execute(stmt).all()]

    def trip_records(self, lo: dt.datetime, hi: dt.datetime, longest: dt.timedelta) -> list[TripRecord]:
        """The bookings meeting [lo, hi) as the utilization report counts them, read as rows of
        the columns it needs (no booking objects), in start order."""
        stmt = (select(Booking.id, Booking.unit, Booking.status, Booking.start_at, Booking.end_at, Booking.vehicle_id,
                       Booking.driver_id, Booking.km, Booking.fuel_litres, Booking.fuel_cost_vnd)
                .where(*meeting(lo, hi, longest)).order_by(Booking.start_at, Booking.id))
        return [TripRecord(r[0], r[1], r[2], r[3], r[4], r[5], r[6], float(r[7] or 0), float(r[8] or 0), int(r[9] or 0))
                for r in self.session.execute(stmt).all()]

    def trailing_use(self, anchor: dt.datetime, window: dt.timedelta, longest: dt.timedelta
                     ) -> tuple[dict[int, Usage], dict[int, Usage]]:
        """Use per vehicle and per driver over the window before `anchor`.

        Completed trips count their kilometres and actual hours; dispatched ones their booked hours.
        """
        lo = anchor - window
        stmt = select(Booking.vehicle_id, Booking.driver_id, Booking.start_at, Booking.end_at, Booking.started_at,
                      Booking.ended_at, Booking.km, Booking.status).where(
            Booking.status.in_((*HOLDING, COMPLETED)), Booking.start_at >= lo - longest, Booking.start_at < anchor)
        trips = []
        for row in self.session.execute(stmt).all():
            start, end = row.start_at, row.end_at
            if row.status == COMPLETED and row.started_at and row.ended_at and row.ended_at > row.started_at:
                start, end = row.started_at, row.ended_at
            trips.append(UsedTrip(row.vehicle_id, row.driver_id, start, end, float(row.km or 0)))
        return trailing_usage(trips, anchor, window)

    def hand_over(self, code: str, successor: str) -> int:
        """Give a dissolved board's open bookings to its successor; how many moved."""
        return self.session.execute(
            update(Booking).where(Booking.unit == code, Booking.status.in_(OPEN))
            .values(unit=successor, moved_from_unit=code)).rowcount


def meeting(lo: dt.datetime, hi: dt.datetime, longest: dt.timedelta) -> list:
    """The bookings whose interval meets [lo, hi), no booking lasting more than `longest`
    (FLEET_MAX_BOOKING_DAYS, which every booking is checked against): the start's lower bound lets
    the start_at index read the period's rows, not every booking that started before `hi`."""
    return [Booking.start_at < hi, Booking.start_at > lo - longest, Booking.end_at > lo]


def vehicle_facts(vehicle: Vehicle, commitments: dict[int, tuple[Commitment, ...]],
                  windows: dict[int, tuple[MaintenanceWindow, ...]]) -> VehicleFacts:
    """The vehicle as the dispatch rules see it."""
    return VehicleFacts(id=vehicle.id, plate=vehicle.plate, seats=vehicle.seats, status=vehicle.status,
                        maintenance=windows.get(vehicle.id, ()), commitments=commitments.get(vehicle.id, ()))


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

    @property
    def employed(self) -> bool:
        return self.staff_status != STAFF_LEFT

    def facts(self, commitments: tuple[Commitment, ...] = ()) -> DriverFacts:
        """The driver as the dispatch rules see them."""
        return DriverFacts(staff_id=self.staff_id, full_name=self.full_name, is_driver=self.is_driver,
                           employed=self.employed, status=self.status, licence_class=self.licence_class,
                           licence_expiry=self.licence_expiry, commitments=commitments)


class DriverRepository(_Repository):
    """Drivers: HR's replica with the fleet office's details (driver_profiles) on top."""

    def staff_ids(self) -> list[int]:
        """HR staff on a driver position who still work here."""
        s = replica_staff.c
        stmt = select(s.id).where(s.is_driver.is_(True), s.status != STAFF_LEFT).order_by(s.id)
        return list(self.session.scalars(stmt).all())

    def ensure_profiles(self, staff_ids: list[int]) -> None:
        """Create the fleet-side row of each driver that has none yet (so it can be locked)."""
        for staff_id in sorted(set(staff_ids)):
            insert_ignore(self.session, DriverProfile.__table__, {"staff_id": staff_id, "status": DRIVER_ACTIVE})

    def lock_profiles(self, staff_ids: list[int]) -> None:
        """Lock the drivers' fleet-side rows in staff id order."""
        if staff_ids:
            self.session.execute(select(DriverProfile.staff_id).where(DriverProfile.staff_id.in_(staff_ids))
                                 .order_by(DriverProfile.staff_id).with_for_update())

    def profile(self, staff_id: int) -> DriverProfile | None:
        """The fleet-side row, read fresh."""
        return self.session.get(DriverProfile, staff_id, populate_existing=True)

    def views(self, staff_ids: list[int] | None = None, only_drivers: bool = True,
              after: int | None = None, employed: bool = False) -> list[DriverView]:
        """Drivers from the HR replica with their fleet-side details, by staff id (with `employed`,
        only those who still work here: `views(employed=True)` is `views(staff_ids())` in one query)."""
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
        if employed:
            stmt = stmt.where(s.status != STAFF_LEFT)
        return [_view(row) for row in self.session.execute(stmt).all()]

    def view(self, staff_id: int) -> DriverView | None:
        found = self.views([staff_id], only_drivers=False)
        return found[0] if found else None

    def page(self, args: dict[str, Any]) -> tuple[list[DriverView], str | None]:
        """Drivers by staff id, narrowed by HR status, fleet status, licence class and `q` (the name
        lives in HR's replica, which has no search_text column: folded here the same way)."""
        after = read_cursor(args["cursor"], int)[0] if args.get("cursor") else None
        views = self.views(after=after)
        wanted = words(args.get("q"))
        views = [v for v in views
                 if (args.get("include_left") or v.employed)
                 and (not args.get("status") or v.status == args["status"])
                 and (not args.get("licence_class") or (v.licence_class or "").upper() == args["licence_class"])
                 and all(w in fold(v.full_name) for w in wanted)]
        page = views[: args["limit"]]
        return page, encode_cursor([page[-1].staff_id]) if len(views) > args["limit"] else None


def _view(row) -> DriverView:
    profile: DriverProfile | None = row.DriverProfile
    return DriverView(
        staff_id=row.id, full_name=row.full_name, unit=row.unit, position_title=row.position_title,
        is_driver=bool(row.is_driver), staff_status=row.status, hr_licence_class=row.licence_class,
        hr_licence_expiry=row.licence_expiry,
        fleet_licence_class=profile.licence_class if profile else None,
        fleet_licence_expiry=profile.licence_expiry if profile else None,
        status=profile.status if profile else DRIVER_ACTIVE, notes=profile.notes if profile else None)


class MaintenanceRepository(_Repository):
    """Maintenance plans and workshop stays."""

    def plan(self, plan_id: int) -> MaintenancePlan | None:
        return self.session.get(MaintenancePlan, plan_id)

    def record(self, record_id: int, fresh: bool = False) -> MaintenanceRecord | None:
        return self.session.get(MaintenanceRecord, record_id, populate_existing=fresh)

    def plans_page(self, args: dict[str, Any]) -> tuple[list[MaintenancePlan], str | None]:
        stmt = select(MaintenancePlan)
        if args.get("vehicle_id") is not None:
            stmt = stmt.where(MaintenancePlan.vehicle_id == args["vehicle_id"])
        if args.get("active") is not None:
            stmt = stmt.where(MaintenancePlan.active.is_(args["active"]))
        return paginate(self.session, stmt, MaintenancePlan.id, args["limit"], args.get("cursor"))

    def records_page(self, args: dict[str, Any]) -> tuple[list[MaintenanceRecord], str | None]:
        stmt = select(MaintenanceRecord)
        if args.get("vehicle_id") is not None:
            stmt = stmt.where(MaintenanceRecord.vehicle_id == args["vehicle_id"])
        if args.get("status"):
            stmt = stmt.where(MaintenanceRecord.status == args["status"])
        return paginate(self.session, stmt, MaintenanceRecord.id, args["limit"], args.get("cursor"), descending=True)

    def active_plans(self) -> list[MaintenancePlan]:
        """Active plans of vehicles in service."""
        return list(self.session.scalars(select(MaintenancePlan).join(Vehicle).where(
            MaintenancePlan.active.is_(True), Vehicle.status != "retired")).unique().all())

    def records_touching(self, vehicle_ids: list[int], first: dt.date, last: dt.date,
                         only_open: bool = False) -> list[MaintenanceRecord]:
        """Workshop stays of these vehicles that started by `last` (open ones: not ended before `first`)."""
        if not vehicle_ids:
            return []
        stmt = select(MaintenanceRecord).where(MaintenanceRecord.vehicle_id.in_(vehicle_ids),
                                               MaintenanceRecord.start_on <= last)
        if only_open:
            stmt = stmt.where(MaintenanceRecord.status == "open", or_(
                MaintenanceRecord.expected_end_on.is_(None), MaintenanceRecord.expected_end_on >= first))
        return list(self.session.scalars(stmt).unique().all())

    def open_windows(self, vehicle_ids: list[int], first: dt.date, last: dt.date
                     ) -> dict[int, tuple[MaintenanceWindow, ...]]:
        """Open maintenance windows of these vehicles that touch [first, last]."""
        out: dict[int, list[MaintenanceWindow]] = {}
        for rec in self.records_touching(vehicle_ids, first, last, only_open=True):
            out.setdefault(rec.vehicle_id, []).append(MaintenanceWindow(rec.id, rec.start_on, rec.expected_end_on))
        return {k: tuple(v) for k, v in out.items()}


class ReplicaRepository(_Repository):
    """HR's units and staff as this service keeps them."""

    def staff(self, staff_id: int | None):
        return get_staff(self.session, staff_id)

    def require_staff(self, staff_id: int | None, field: str = "staff_id"):
        return require_staff(self.session, staff_id, field=field)

    def require_unit(self, code: str | None):
        return require_unit(self.session, code)

    def unit_name(self, code: str | None) -> str | None:
        row = get_unit(self.session, code) if code else None
        return row.name if row is not None else code

    def office_code(self) -> str | None:
        row = office_unit(self.session)
        return row.code if row is not None else None


class CarLimitRepository(_Repository):
    """The leadership's exceptions to the Office's car entitlement."""

    def in_force(self) -> list[CarLimitException]:
        """The exceptions not withdrawn, oldest first."""
        return list(self.session.scalars(select(CarLimitException).where(CarLimitException.withdrawn_at.is_(None))
                                         .order_by(CarLimitException.id)).all())

    def page(self, args: dict[str, Any]) -> tuple[list[CarLimitException], str | None]:
        """Every exception, the withdrawn too, newest first, a page at a time."""
        return paginate(self.session, select(CarLimitException), CarLimitException.id, args["limit"],
                        args.get("cursor"), descending=True)

    def get(self, exception_id: int, lock: bool = False) -> CarLimitException | None:
        """The exception; with `lock`, locked until the transaction ends (and read fresh)."""
        if not lock:
            return self.session.get(CarLimitException, exception_id)
        stmt = (select(CarLimitException).where(CarLimitException.id == exception_id).with_for_update()
                .execution_options(populate_existing=True))
        return self.session.scalars(stmt).first()

    def extra(self) -> int:
        """The cars the exceptions in force allow above the entitlement, together."""
        return int(self.session.scalar(select(func.coalesce(func.sum(CarLimitException.extra_cars), 0))
                                       .where(CarLimitException.withdrawn_at.is_(None))) or 0)

    def by_decision(self, decision_no: str) -> CarLimitException | None:
        return self.session.scalars(select(CarLimitException).where(
            func.upper(CarLimitException.decision_no) == decision_no.upper())).first()


def repositories(session: Session) -> dict[str, _Repository]:
    """The repositories a unit of work exposes: `uow.vehicles`, `uow.bookings`, `uow.drivers`,
    `uow.maintenance`, `uow.replica`, `uow.car_limits`."""
    return {"vehicles": VehicleRepository(session), "bookings": BookingRepository(session),
            "drivers": DriverRepository(session), "maintenance": MaintenanceRepository(session),
            "replica": ReplicaRepository(session), "car_limits": CarLimitRepository(session)}
