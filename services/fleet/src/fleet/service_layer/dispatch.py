"""Dispatch: send an approved booking a vehicle and a driver, named or chosen, never double-booked.

Concurrency: the booking, the candidate vehicles (by id) and the candidate drivers' fleet rows
(by staff id) are locked before the schedule is read for the decision, so two dispatches that
could take the same car or driver run one after the other and the second one sees the first
one's booking. A first read without locks refuses at once what already conflicts with committed
bookings, so that refused requests do not queue behind the locks. On SQLite the whole
transaction is serialized anyway (BEGIN IMMEDIATE). The exclusion constraints on PostgreSQL
stand behind both.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select

from buildingblocks.db import UnitOfWork
from buildingblocks.errors import Conflict, Unprocessable
from buildingblocks.identity import Principal
from buildingblocks.replica import require_staff

from ..adapters import queries
from ..adapters.metrics import BOOKING_TRANSITIONS, DISPATCHES, record_conflicts
from ..adapters.orm import Booking, Vehicle
from ..config import FleetConfig
from ..domain import booking as rules
from ..domain.balancing import choose_pair, use_scores
from ..domain.feasibility import Conflict as RuleConflict
from ..domain.feasibility import Trip, driver_conflicts, pair_conflicts, vehicle_conflicts
from ..domain.licences import passenger_seats, required_class
from ..domain.schedule import day_bounds, local_date
from .common import SERVICE, flush_or_conflict, get_booking, now


def schedule_window(start: dt.datetime, end: dt.datetime, config: FleetConfig) -> tuple[dt.datetime, dt.datetime]:
    """The span whose bookings matter for a trip: the local days it touches, widened by the turnaround."""
    lo = day_bounds(local_date(start, config.tz), config.tz)[0] - config.turnaround
    hi = day_bounds(local_date(end, config.tz), config.tz)[1] + config.turnaround
    return lo, hi


def _refuse(detail: str, conflicts: list[RuleConflict] | list[dict], **extra) -> Conflict:
    found = [c.as_dict() if isinstance(c, RuleConflict) else c for c in conflicts]
    rule = extra.pop("rule", None) or (found[0]["rule"] if found else "no_feasible_pair")
    record_conflicts([rule] + [c["rule"] for c in found])
    return Conflict(detail, rule=rule, conflicts=found, **extra)


@dataclass
class _Candidates:
    vehicles: list[Vehicle]
    drivers: list[queries.DriverView]


def _candidates(uow: UnitOfWork, vehicle_id: int | None, driver_id: int | None, lock: bool) -> _Candidates:
    """The vehicles and drivers to consider (the named ones, else the pool), locked with `lock`."""
    session = uow.session
    ids = [vehicle_id] if vehicle_id is not None else queries.pool_vehicle_ids(session)
    if lock:
        vehicles = queries.lock_vehicles(session, ids)
    else:
        vehicles = list(session.scalars(select(Vehicle).where(Vehicle.id.in_(ids)).order_by(Vehicle.id)).all())
    if vehicle_id is not None and not vehicles:
        raise Unprocessable(f"unknown vehicle {vehicle_id}", errors={"vehicle_id": [f"unknown vehicle {vehicle_id}"]})
    if driver_id is not None:
        staff = require_staff(session, driver_id, field="driver_id")
        if not staff.is_driver:
            raise Unprocessable(f"staff member {driver_id} is not on a driver position",
                                errors={"driver_id": [f"staff member {driver_id} is not on a driver position"]})
        driver_ids = [driver_id]
    else:
        driver_ids = queries.driver_staff_ids(session)
    if lock:
        queries.ensure_profiles(session, driver_ids)
        queries.lock_profiles(session, driver_ids)
    return _Candidates(vehicles, queries.load_drivers(session, driver_ids))


@dataclass
class _Decision:
    vehicle: Vehicle
    driver_id: int
    mode: str


def _decide(uow: UnitOfWork, config: FleetConfig, booking: Booking, vehicle_id: int | None, driver_id: int | None,
            lock: bool) -> _Decision:
    """Check the named pair, or choose one, against the schedule as it is now; 409 when none fits."""
    session = uow.session
    refusal = rules.refusal_to_dispatch(booking.status, booking.end_at, now())
    if refusal is not None:
        raise _refuse(refusal.detail, [], **refusal.extra)
    policy = config.dispatch_policy()
    trip = Trip(booking.id, booking.start_at, booking.end_at, booking.passengers)
    pool = _candidates(uow, vehicle_id, driver_id, lock)
    lo, hi = schedule_window(trip.start, trip.end, config)
    vehicle_ids = [v.id for v in pool.vehicles]
    driver_ids = [d.staff_id for d in pool.drivers]
    holding = queries.holding_bookings(session, lo, hi, vehicle_ids, driver_ids)
    by_vehicle = queries.commitments_by(holding, "vehicle_id")
    by_driver = queries.commitments_by(holding, "driver_id")
    windows = queries.open_maintenance(session, vehicle_ids, local_date(trip.start, config.tz),
                                       local_date(trip.end, config.tz))
    vehicles = [queries.vehicle_facts(v, by_vehicle, windows) for v in pool.vehicles]
    drivers = [d.facts(by_driver.get(d.staff_id, ())) for d in pool.drivers]
    if vehicle_id is not None and driver_id is not None:
        found = pair_conflicts(trip, vehicles[0], drivers[0], policy)
        if found:
            raise _refuse(f"vehicle {vehicles[0].plate} with driver {drivers[0].full_name or driver_id} "
                          f"cannot take booking {booking.id}", found)
        return _Decision(pool.vehicles[0], drivers[0].staff_id, "named")
    use_v, use_d = queries.trailing_use(session, trip.start, config.trailing_window,
                                        dt.timedelta(days=config.max_booking_days))
    choice = choose_pair(trip, vehicles, drivers, use_v, use_d, policy)
    if not choice.found:
        raise _refuse(f"no vehicle and driver are free for booking {booking.id}", choice.reasons(),
                      rule="no_feasible_pair")
    return _Decision(next(v for v in pool.vehicles if v.id == choice.vehicle.id), choice.driver.staff_id, "chosen")


def dispatch_booking(uow: UnitOfWork, principal: Principal, config: FleetConfig, booking_id: int,
                     vehicle_id: int | None = None, driver_id: int | None = None) -> Booking:
    """Assign a vehicle and a driver to an approved booking (or re-assign a dispatched one).

    Named ones are checked against every rule (409 naming each conflict); missing ones are
    chosen: the least used feasible vehicle over the trailing window, then the least used
    feasible driver licensed for it.

    The schedule is read twice: first without locks, and a request that conflicts with what is
    already committed is refused at once (it is served before any later change, so the refusal
    stands) without queueing behind the locks; only a request that fits takes the locks and
    checks again before it writes.
    """
    rules.ensure_may_dispatch(principal)
    session = uow.session
    _decide(uow, config, get_booking(session, principal, booking_id), vehicle_id, driver_id, lock=False)
    session.expire_all()  # what was read without locks must not stand in for the locked read
    booking = get_booking(session, principal, booking_id, lock=True)
    decision = _decide(uow, config, booking, vehicle_id, driver_id, lock=True)
    booking.vehicle = decision.vehicle
    booking.driver_id = decision.driver_id
    booking.blocked_until = booking.end_at + config.turnaround
    booking.status = rules.DISPATCHED
    booking.dispatched_by, booking.dispatched_at, booking.dispatch_mode = principal.username, now(), decision.mode
    flush_or_conflict(session)
    uow.commit()
    DISPATCHES.labels(decision.mode).inc()
    BOOKING_TRANSITIONS.labels(rules.DISPATCHED).inc()
    return booking


def availability(uow: UnitOfWork, principal: Principal, config: FleetConfig, start: dt.datetime, end: dt.datetime,
                 seats: int | None = None, passengers: int | None = None, include_dedicated: bool = False) -> dict:
    """The vehicles and drivers free for [start, end): what a dispatcher could send.

    `seats` asks for vehicles with at least that many seats (driver's included), `passengers`
    for room for that many passengers. For the pool's readers (fleet office, leadership,
    auditors) the busy ones are listed with what keeps them busy.
    """
    errors = {}
    if end <= start:
        errors["end"] = ["must be after start"]
    elif end - start > dt.timedelta(days=config.max_booking_days):
        errors["end"] = [f"at most {config.max_booking_days} days"]
    if errors:
        raise Unprocessable("invalid interval", errors=errors)
    session = uow.session
    policy = config.dispatch_policy()
    trip = Trip(None, start, end, passengers or 0)
    vehicles = list(session.get(Vehicle, i) for i in queries.pool_vehicle_ids(session, include_dedicated))
    if seats:
        vehicles = [v for v in vehicles if v.seats >= seats]
    views = queries.load_drivers(session, queries.driver_staff_ids(session))
    lo, hi = schedule_window(start, end, config)
    holding = queries.holding_bookings(session, lo, hi, [v.id for v in vehicles], [d.staff_id for d in views])
    by_vehicle = queries.commitments_by(holding, "vehicle_id")
    by_driver = queries.commitments_by(holding, "driver_id")
    windows = queries.open_maintenance(session, [v.id for v in vehicles], local_date(start, config.tz),
                                       local_date(end, config.tz))
    use_v, use_d = queries.trailing_use(session, start, config.trailing_window, dt.timedelta(days=config.max_booking_days))
    v_scores = use_scores([v.id for v in vehicles], use_v)
    d_scores = use_scores([d.staff_id for d in views], use_d)
    free_v, busy_v, free_d, busy_d = [], [], [], []
    for v in vehicles:
        found = vehicle_conflicts(trip, queries.vehicle_facts(v, by_vehicle, windows), policy)
        row = {"id": v.id, "plate": v.plate, "model": v.model, "seats": v.seats,
               "passenger_seats": passenger_seats(v.seats),
               "required_licence_class": required_class(v.seats, policy.small_car_class),
               "use_km": round(use_v.get(v.id).km, 1) if v.id in use_v else 0.0,
               "use_hours": round(use_v.get(v.id).hours, 2) if v.id in use_v else 0.0,
               "use_score": round(v_scores.get(v.id, 0.0), 4)}
        (busy_v.append({**row, "conflicts": [c.as_dict() for c in found]}) if found else free_v.append(row))
    for d in views:
        found = driver_conflicts(trip, d.facts(by_driver.get(d.staff_id, ())), policy)
        row = {"staff_id": d.staff_id, "full_name": d.full_name, "licence_class": d.licence_class,
               "licence_expiry": d.licence_expiry,
               "use_km": round(use_d.get(d.staff_id).km, 1) if d.staff_id in use_d else 0.0,
               "use_hours": round(use_d.get(d.staff_id).hours, 2) if d.staff_id in use_d else 0.0,
               "use_score": round(d_scores.get(d.staff_id, 0.0), 4)}
        (busy_d.append({**row, "conflicts": [c.as_dict() for c in found]}) if found else free_d.append(row))
    if not principal.has_scope(SERVICE):
        # why a car is busy names other boards' bookings: for the pool's readers only
        busy_v, busy_d = [], []
    free_v.sort(key=lambda r: (r["use_score"], r["seats"], r["id"]))
    free_d.sort(key=lambda r: (r["use_score"], r["staff_id"]))
    return {"start": start, "end": end, "vehicles": free_v, "drivers": free_d,
            "busy_vehicles": busy_v, "busy_drivers": busy_d}
