"""Demo data of the fleet: the demo organisation in the HR replica (so the fleet works before
HR's events arrive), its drivers, the demo's cars (buildingblocks.demo.CARS, registered in assets,
whose events link them here by plate: each car exists once) and their maintenance plans; with
DEMO_HISTORY=1 (`make run`), a year of the old way (buildingblocks.demo_history): every board's
bookings of its own cars by its own drivers, their trips and fuel, and the cars' servicing.
Idempotent: run it again and nothing doubles.

    DATABASE_URL=... python -m fleet.entrypoints.seed      (after `alembic upgrade head`)
"""
from __future__ import annotations

import datetime as dt
import logging

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from buildingblocks import demo, demo_history
from buildingblocks.clock import local_today
from buildingblocks.db import Database
from buildingblocks.replica import seed_demo

from ..adapters.orm import Booking, MaintenancePlan, MaintenanceRecord, Vehicle
from ..adapters.repository import repositories
from ..config import SERVICE, Config
from ..domain.fuel import check_fuel
from ..domain.booking import COMPLETED
from ..domain.maintenance import DONE
from ..domain.utilization import TripRecord, utilization

log = logging.getLogger(__name__)

# title, every km, every days
PLANS = [("Bảo dưỡng định kỳ (thay dầu, lọc)", 5_000, 180), ("Đăng kiểm", None, 365)]
HISTORY_NOTE = "Lịch sử xe của các ban trước khi tập trung về Văn phòng (dữ liệu minh họa)"
HISTORY_ACTOR = "seed"


def seed_vehicles(uow, today: dt.date) -> int:
    """The demo's cars (as the register holds them) and their plans; returns how many cars were added."""
    added = 0
    for _board, plate, model, seats, fuel, norm, km, _acquired, _cost, holder in demo.CARS:
        vehicle = uow.vehicles.by_plate(plate)
        if vehicle is None:
            vehicle = Vehicle(plate=plate, model=model, seats=seats, fuel_type=fuel, fuel_norm_l_per_100km=norm,
                              odometer_km=km, status="available", holder_staff_id=holder)
            uow.session.add(vehicle)
            uow.session.flush()
            added += 1
        has_plans = uow.session.scalars(select(MaintenancePlan.id).where(MaintenancePlan.vehicle_id == vehicle.id)).first()
        if has_plans is None:
            for i, (title, every_km, every_days) in enumerate(PLANS):
                # stagger the last services so that the due list shows something on day one
                uow.session.add(MaintenancePlan(
                    vehicle_id=vehicle.id, title=title, interval_km=every_km, interval_days=every_days,
                    last_done_km=max(vehicle.odometer_km - (km % 5_000) - i, 0),
                    last_done_on=today - dt.timedelta(days=(vehicle.id * 37 + i * 90) % 300), created_by="seed"))
    return added


def _usernames() -> dict[int, str]:
    return {staff_id: username for username, staff_id, *_ in demo.USERS if staff_id is not None}


def seed_history(uow, year: int, fuel_tolerance: float) -> int:
    """The year's bookings, trips and servicing of the boards' own cars; returns how many bookings
    were added (none if the history is there already)."""
    session = uow.session
    if session.scalar(select(func.count(Booking.id)).where(Booking.note == HISTORY_NOTE)):
        return 0
    vehicles = {plate: uow.vehicles.by_plate(plate) for _b, plate, *_ in demo.CARS}
    names = {staff_id: name for staff_id, name, *_ in demo.STAFF}
    users = _usernames()
    trips = demo_history.trips(year)
    # each car's odometer ran up to the figure it has today
    driven: dict[str, int] = {}
    for trip in trips:
        driven[trip.plate] = driven.get(trip.plate, 0) + trip.km
    odometer = {plate: max(vehicles[plate].odometer_km - driven.get(plate, 0) - 4_000, 0) for plate in vehicles}
    for trip in trips:
        car = vehicles[trip.plate]
        created = trip.start - dt.timedelta(days=2, hours=3)
        booking = Booking(
            unit=trip.board, requested_by=users.get(trip.requester_id, HISTORY_ACTOR),
            requester_staff_id=trip.requester_id, requester_name=names[trip.requester_id], purpose=trip.purpose,
            destination=trip.destination, start_at=trip.start, end_at=trip.end, passengers=trip.passengers,
            status=trip.status, created_at=created, note=HISTORY_NOTE,
            decided_by=users.get(trip.approver_id, HISTORY_ACTOR), decided_at=created + dt.timedelta(hours=2))
        if trip.status == "rejected":
            booking.decision_note = "Trùng lịch công tác của ban"
        elif trip.status == "cancelled":
            booking.cancelled_by, booking.cancelled_at = booking.requested_by, trip.start - dt.timedelta(hours=16)
            booking.cancel_reason = "Hoãn chuyến công tác"
        else:
            fuel = check_fuel(car.fuel_norm_l_per_100km, trip.km, trip.fuel_litres, fuel_tolerance)
            start_km = odometer[trip.plate]
            odometer[trip.plate] = start_km + trip.km
            booking.vehicle_id, booking.driver_id = car.id, trip.driver_id
            booking.dispatched_by, booking.dispatched_at, booking.dispatch_mode = HISTORY_ACTOR, created + dt.timedelta(hours=4), "manual"
            booking.started_at, booking.ended_at = trip.start, trip.end
            booking.odometer_start_km, booking.odometer_end_km, booking.km = start_km, start_km + trip.km, trip.km
            booking.fuel_litres, booking.fuel_cost_vnd = trip.fuel_litres, trip.fuel_cost_vnd
            booking.fuel_expected_litres, booking.fuel_flagged = fuel.expected_litres, fuel.flagged
            booking.completed_by, booking.completed_at = users.get(trip.driver_id, HISTORY_ACTOR), trip.end
        session.add(booking)
    for servicing in demo_history.servicings(year):
        car = vehicles[servicing.plate]
        session.add(MaintenanceRecord(
            vehicle_id=car.id, description=servicing.description, workshop=servicing.workshop,
            start_on=servicing.done_on, expected_end_on=servicing.done_on, done_on=servicing.done_on, status=DONE,
            cost_vnd=servicing.cost_vnd, created_by=HISTORY_ACTOR, completed_by=HISTORY_ACTOR))
    session.flush()
    return len(trips)


def story(database: Database, year: int, turnaround: dt.timedelta) -> dict:
    """What the demo's first look shows of the cars in `year`: cars held against the lower bound of
    the pool the demand needed (its peak of cars out at once), each car's idle working days, and
    the trips whose fuel went over the norm."""
    start = dt.datetime(year, 1, 1, tzinfo=demo_history.LOCAL)
    end = dt.datetime(year + 1, 1, 1, tzinfo=demo_history.LOCAL)
    with database.unit_of_work() as uow:
        vehicles = uow.session.scalars(select(Vehicle).where(Vehicle.status != "retired").order_by(Vehicle.plate)).all()
        rows = uow.session.scalars(select(Booking).where(Booking.start_at >= start, Booking.start_at < end)).all()
        trips = [TripRecord(b.id, b.unit, b.status, b.start_at, b.end_at, b.vehicle_id, b.driver_id, b.km or 0.0,
                            b.fuel_litres or 0.0, b.fuel_cost_vnd or 0) for b in rows]
        report = utilization(trips, start, end, [v.id for v in vehicles], sorted({t.driver_id for t in trips
                                                                                   if t.driver_id}), turnaround)
        working = {d for d in (start.date() + dt.timedelta(days=n) for n in range((end - start).days)) if d.weekday() < 5}
        out_on: dict[int, set] = {}
        for b in rows:
            if b.status == COMPLETED and b.vehicle_id is not None:
                out_on.setdefault(b.vehicle_id, set()).add(b.start_at.astimezone(demo_history.LOCAL).date())
        return {
            "cars_held": len(vehicles),
            "general_use_cars": sum(1 for v in vehicles if v.holder_staff_id is None),
            "peak_cars_out_at_once": report["peak"]["concurrent_demand"],
            "idle_working_days": {v.plate: len(working - out_on.get(v.id, set())) for v in vehicles},
            "trips_completed": sum(1 for b in rows if b.status == COMPLETED),
            "fuel_flagged_trips": sum(1 for b in rows if b.fuel_flagged),
        }


def seed(database: Database, history: bool = False) -> dict[str, int]:
    """Seed the demo data in one transaction; returns how many cars and history bookings were added.
    Should assets' event bring a car in between (same plate, unique), the seed runs once more."""
    try:
        return _seed(database, history)
    except IntegrityError:
        log.info("a demo car arrived from the register meanwhile; seeding again")
        return _seed(database, history)


def _seed(database: Database, history: bool) -> dict[str, int]:
    today = local_today()
    with database.unit_of_work() as uow:
        seed_demo(uow.session)
        uow.drivers.ensure_profiles(uow.drivers.staff_ids())
        added = {"vehicles": seed_vehicles(uow, today), "bookings": 0}
        if history:
            added["bookings"] = seed_history(uow, demo_history.history_year(today), uow.config.fuel_tolerance)
        uow.commit()
    return added


def main() -> None:
    """Seed the database of DATABASE_URL."""
    logging.basicConfig(level=logging.INFO)
    config = Config.from_env()
    database = Database(config.settings.database_url, service=SERVICE, config=config, repositories=repositories)
    try:
        added = seed(database, history=demo_history.wanted())
        log.info("fleet demo data seeded: %s", added)
        if demo_history.wanted():
            last = demo_history.history_year(local_today())
            log.info("fleet: %d as the boards ran their cars: %s", last, story(database, last, config.turnaround))
    finally:
        database.dispose()


if __name__ == "__main__":
    main()
