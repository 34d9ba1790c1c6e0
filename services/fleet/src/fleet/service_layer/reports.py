"""What the dispatcher and the leadership look at: schedules per vehicle and driver, utilization."""
from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from buildingblocks.db import UnitOfWork
from buildingblocks.errors import Forbidden, NotFound, Unprocessable
from buildingblocks.identity import Principal

from ..adapters import queries
from ..adapters.orm import Booking, MaintenanceRecord, Vehicle
from ..config import FleetConfig
from ..domain import booking as rules
from ..domain.schedule import day_bounds
from ..domain.utilization import TripRecord, utilization
from .common import POOL_READERS, SERVICE, get_vehicle

MAX_SCHEDULE_DAYS = 92
MAX_REPORT_DAYS = 400
GROUPS = ("vehicle", "driver", "unit")
# what a schedule shows: the trips that hold (or held) a vehicle and a driver
SCHEDULED = (*rules.HOLDING, rules.COMPLETED)


def _period(config: FleetConfig, first: dt.date, last: dt.date, longest: int) -> tuple[dt.datetime, dt.datetime]:
    if last < first:
        raise Unprocessable("the period ends before it starts", errors={"to": ["must be on or after from"]})
    if (last - first).days + 1 > longest:
        raise Unprocessable("the period is too long", errors={"to": [f"at most {longest} days"]})
    return day_bounds(first, config.tz)[0], day_bounds(last, config.tz)[1]


def _reader(principal: Principal) -> None:
    if not principal.has_role(*POOL_READERS):
        raise Forbidden("this view is for the fleet office, the leadership and the auditors")


def _entry(b: Booking) -> dict:
    return {"kind": "trip", "booking_id": b.id, "unit": b.unit, "status": b.status, "start_at": b.start_at,
            "end_at": b.end_at, "blocked_until": b.blocked_until, "destination": b.destination,
            "passengers": b.passengers, "vehicle_id": b.vehicle_id, "driver_id": b.driver_id}


def _maintenance_entries(uow: UnitOfWork, vehicle_ids: list[int], first: dt.date, last: dt.date) -> dict[int, list]:
    stmt = select(MaintenanceRecord).where(MaintenanceRecord.vehicle_id.in_(vehicle_ids),
                                           MaintenanceRecord.start_on <= last)
    out: dict[int, list] = {}
    for rec in uow.session.scalars(stmt).unique().all():
        end = rec.done_on or rec.expected_end_on
        if end is not None and end < first:
            continue
        out.setdefault(rec.vehicle_id, []).append({
            "kind": "maintenance", "maintenance_id": rec.id, "status": rec.status, "start_on": rec.start_on,
            "end_on": end, "description": rec.description})
    return out


def pool_schedule(uow: UnitOfWork, principal: Principal, config: FleetConfig, first: dt.date, last: dt.date,
                  vehicle_id: int | None = None, driver_id: int | None = None) -> dict:
    """Per vehicle and per driver, their trips and workshop stays between two dates."""
    lo, hi = _period(config, first, last, MAX_SCHEDULE_DAYS)
    session = uow.session
    if vehicle_id is not None:
        vehicles = [get_vehicle(session, vehicle_id)]
    else:
        vehicles = list(session.scalars(select(Vehicle).where(Vehicle.status != "retired").order_by(Vehicle.id)).all())
    drivers = queries.load_drivers(session, [driver_id] if driver_id is not None else queries.driver_staff_ids(session),
                                   only_drivers=driver_id is None)
    trips = queries.bookings_between(session, lo, hi, SCHEDULED, vehicle_id=vehicle_id, driver_id=driver_id)
    repairs = _maintenance_entries(uow, [v.id for v in vehicles], first, last) if driver_id is None else {}
    by_vehicle: dict[int, list] = {}
    by_driver: dict[int, list] = {}
    for b in trips:
        by_vehicle.setdefault(b.vehicle_id, []).append(_entry(b))
        by_driver.setdefault(b.driver_id, []).append(_entry(b))
    out = {"from": first, "to": last, "vehicles": [], "drivers": []}
    if driver_id is None:
        out["vehicles"] = [{"id": v.id, "plate": v.plate, "seats": v.seats, "status": v.status,
                            "entries": by_vehicle.get(v.id, []) + repairs.get(v.id, [])} for v in vehicles]
    if vehicle_id is None:
        out["drivers"] = [{"staff_id": d.staff_id, "full_name": d.full_name, "licence_class": d.licence_class,
                           "status": d.status, "entries": by_driver.get(d.staff_id, [])} for d in drivers]
    return out


def schedule(uow: UnitOfWork, principal: Principal, config: FleetConfig, first: dt.date, last: dt.date) -> dict:
    """The whole pool's schedule (the dispatcher's board)."""
    _reader(principal)
    return pool_schedule(uow, principal, config, first, last)


def vehicle_schedule(uow: UnitOfWork, principal: Principal, config: FleetConfig, vehicle_id: int,
                     first: dt.date, last: dt.date) -> dict:
    """One vehicle's trips and workshop stays."""
    _reader(principal)
    return pool_schedule(uow, principal, config, first, last, vehicle_id=vehicle_id)["vehicles"][0]


def driver_schedule(uow: UnitOfWork, principal: Principal, config: FleetConfig, staff_id: int,
                    first: dt.date, last: dt.date) -> dict:
    """One driver's trips: for the pool's readers, and for the driver themself."""
    if not (principal.has_role(*POOL_READERS) or principal.staff_id == staff_id):
        raise NotFound(f"driver {staff_id} not found")
    result = pool_schedule(uow, principal, config, first, last, driver_id=staff_id)["drivers"]
    if not result:
        raise NotFound(f"driver {staff_id} not found")
    return result[0]


def utilization_report(uow: UnitOfWork, principal: Principal, config: FleetConfig, first: dt.date, last: dt.date,
                       group_by: str | None = None) -> dict:
    """Use of the pool between two dates (inclusive): by vehicle, driver and board, the balance of
    use across the pool, and the peak concurrent demand against the pool's size."""
    if not principal.has_scope(SERVICE):
        raise Forbidden("utilization is for the fleet office, the leadership and the auditors")
    lo, hi = _period(config, first, last, MAX_REPORT_DAYS)
    session = uow.session
    pool = list(session.scalars(select(Vehicle).where(Vehicle.status != "retired", Vehicle.holder_staff_id.is_(None))
                                .order_by(Vehicle.id)).all())
    drivers = queries.load_drivers(session, queries.driver_staff_ids(session))
    bookings = queries.bookings_between(session, lo, hi)
    trips = [TripRecord(b.id, b.unit, b.status, b.start_at, b.end_at, b.vehicle_id, b.driver_id, float(b.km or 0),
                        float(b.fuel_litres or 0), int(b.fuel_cost_vnd or 0)) for b in bookings]
    report = utilization(trips, lo, hi, [v.id for v in pool], [d.staff_id for d in drivers], config.turnaround)
    plates = {v.id: v.plate for v in pool}
    missing = [k for k in report["vehicles"] if k not in plates]
    for v in session.scalars(select(Vehicle).where(Vehicle.id.in_(missing))).all() if missing else []:
        plates[v.id] = v.plate
    names = {d.staff_id: d.full_name for d in drivers}
    out = {
        "from": first, "to": last, "period_hours": report["period_hours"],
        "balance": report["balance"], "peak": report["peak"],
    }
    if group_by in (None, "vehicle"):
        out["vehicles"] = [{"vehicle_id": k, "plate": plates.get(k), **v} for k, v in report["vehicles"].items()]
    if group_by in (None, "driver"):
        out["drivers"] = [{"driver_id": k, "full_name": names.get(k), **v} for k, v in report["drivers"].items()]
    if group_by in (None, "unit"):
        out["units"] = [{"unit": k, **v} for k, v in report["units"].items()]
    return out
