"""What the dispatcher and the leadership look at: schedules per vehicle and driver, utilization."""
from __future__ import annotations

import datetime as dt

from buildingblocks.errors import NotFound
from buildingblocks.identity import Principal

from ..adapters.orm import Booking
from ..domain import booking as rules
from ..domain.access import ensure_fleet_scope, ensure_pool_reader, ensure_sees_driver
from ..domain.schedule import period_bounds
from ..domain.utilization import demand_intervals, utilization
from ..domain.utilization import peak_demand as utilization_peak
from .common import load_vehicle

MAX_SCHEDULE_DAYS = 92
MAX_REPORT_DAYS = 400
GROUPS = ("vehicle", "driver", "unit")
# what a schedule shows: the trips that hold (or held) a vehicle and a driver
SCHEDULED = (*rules.HOLDING, rules.COMPLETED)


def longest_booking(uow) -> dt.timedelta:
    """How long a booking may last (FLEET_MAX_BOOKING_DAYS): the reads look back that far for what meets a period."""
    return dt.timedelta(days=uow.config.max_booking_days)


def _entry(b: Booking) -> dict:
    return {"kind": "trip", "booking_id": b.id, "unit": b.unit, "status": b.status, "start_at": b.start_at,
            "end_at": b.end_at, "blocked_until": b.blocked_until, "destination": b.destination,
            "passengers": b.passengers, "vehicle_id": b.vehicle_id, "driver_id": b.driver_id}


def _maintenance_entries(uow, vehicle_ids: list[int], first: dt.date, last: dt.date) -> dict[int, list]:
    out: dict[int, list] = {}
    for rec in uow.maintenance.records_touching(vehicle_ids, first, last):
        end = rec.done_on or rec.expected_end_on
        if end is not None and end < first:
            continue
        out.setdefault(rec.vehicle_id, []).append({
            "kind": "maintenance", "maintenance_id": rec.id, "status": rec.status, "start_on": rec.start_on,
            "end_on": end, "description": rec.description})
    return out


def pool_schedule(uow, first: dt.date, last: dt.date, vehicle_id: int | None = None,
                  driver_id: int | None = None) -> dict:
    """Per vehicle and per driver, their trips and workshop stays between two dates."""
    lo, hi = period_bounds(first, last, MAX_SCHEDULE_DAYS)
    vehicles = [load_vehicle(uow, vehicle_id)] if vehicle_id is not None else uow.vehicles.in_service()
    drivers = uow.drivers.views([driver_id] if driver_id is not None else uow.drivers.staff_ids(),
                                only_drivers=driver_id is None)
    trips = uow.bookings.between(lo, hi, longest_booking(uow), SCHEDULED, vehicle_id=vehicle_id, driver_id=driver_id)
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


def schedule(uow, principal: Principal, first: dt.date, last: dt.date) -> dict:
    """The whole pool's schedule (the dispatcher's board)."""
    ensure_pool_reader(principal)
    return pool_schedule(uow, first, last)


def vehicle_schedule(uow, principal: Principal, vehicle_id: int, first: dt.date, last: dt.date) -> dict:
    """One vehicle's trips and workshop stays."""
    ensure_pool_reader(principal)
    return pool_schedule(uow, first, last, vehicle_id=vehicle_id)["vehicles"][0]


def driver_schedule(uow, principal: Principal, staff_id: int, first: dt.date, last: dt.date) -> dict:
    """One driver's trips: for the pool's readers, and for the driver themself."""
    ensure_sees_driver(principal, staff_id)
    result = pool_schedule(uow, first, last, driver_id=staff_id)["drivers"]
    if not result:
        raise NotFound(f"driver {staff_id} not found")
    return result[0]


def peak_demand(uow, first: dt.date, last: dt.date) -> dict:
    """The peak of the pool's bookings between two dates (inclusive), as the utilization report
    counts it: the most cars the demand held at one moment, and when."""
    lo, hi = period_bounds(first, last, MAX_REPORT_DAYS)
    demand = demand_intervals(uow.bookings.demand_spans(lo, hi, longest_booking(uow)), lo, hi)
    return utilization_peak(demand, len(uow.vehicles.pool_ids()), uow.config.turnaround)


def utilization_report(uow, principal: Principal, first: dt.date, last: dt.date, group_by: str | None = None) -> dict:
    """Use of the pool between two dates (inclusive): by vehicle, driver and board, the balance of
    use across the pool, and the peak concurrent demand against the pool's size."""
    ensure_fleet_scope(principal, "utilization")
    lo, hi = period_bounds(first, last, MAX_REPORT_DAYS)
    pool = uow.vehicles.by_ids(uow.vehicles.pool_ids())
    drivers = uow.drivers.views(uow.drivers.staff_ids())
    trips = uow.bookings.trip_records(lo, hi, longest_booking(uow))
    report = utilization(trips, lo, hi, [v.id for v in pool], [d.staff_id for d in drivers], uow.config.turnaround)
    plates = {v.id: v.plate for v in pool}
    plates.update({v.id: v.plate for v in uow.vehicles.by_ids([k for k in report["vehicles"] if k not in plates])})
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
