"""Dispatch: send an approved booking a vehicle and a driver, named or chosen, never double-booked.

Concurrency: the booking, the vehicle (by id) and the driver's fleet row (by staff id) are
locked before the schedule is read for the decision, so two dispatches that could take the same
car or driver run one after the other and the second one sees the first one's booking. When the
service chooses, it chooses from the first read and then locks and checks only that pair (the
whole pool is locked, vehicles before drivers as always, only after repeated races). A first read without locks refuses at once what already conflicts with committed
bookings, so that refused requests do not queue behind the locks. On SQLite the whole
transaction is serialized anyway (BEGIN IMMEDIATE). The exclusion constraints on PostgreSQL
stand behind both.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from buildingblocks.clock import utcnow
from buildingblocks.errors import Invalid
from buildingblocks.identity import Principal

from ..adapters.metrics import BOOKING_TRANSITIONS, DISPATCHES, record_conflicts
from ..adapters.orm import Booking, Vehicle
from ..adapters.repository import DriverView, vehicle_facts
from ..config import Config
from ..domain import booking as rules
from ..domain.balancing import choose_pair, use_scores
from ..domain.errors import DispatchRuleBroken
from ..domain.feasibility import BrokenRule, DriverFacts, Trip, VehicleFacts, driver_conflicts, pair_conflicts, vehicle_conflicts
from ..domain.licences import NEW, OLD, needed_class, passenger_seats
from ..domain.schedule import check_span, day_bounds, local_date
from ..domain.vehicles import ensure_driver
from .common import SERVICE, load_booking


def schedule_window(start: dt.datetime, end: dt.datetime, config: Config) -> tuple[dt.datetime, dt.datetime]:
    """The span whose bookings matter for a trip: the local days it touches, widened by the turnaround."""
    return (day_bounds(local_date(start))[0] - config.turnaround,
            day_bounds(local_date(end))[1] + config.turnaround)


def _refuse(detail: str, conflicts: list[BrokenRule] | list[dict], **extra) -> DispatchRuleBroken:
    found = [c.as_dict() if isinstance(c, BrokenRule) else c for c in conflicts]
    refusal = DispatchRuleBroken(detail, found, **extra)
    record_conflicts([refusal.rule] + [c["rule"] for c in found])
    return refusal


@dataclass
class _Pool:
    """The candidates as the rules see them, with the rows they came from."""

    vehicles: list[Vehicle]
    drivers: list[DriverView]
    vehicle_facts: list[VehicleFacts]
    driver_facts: list[DriverFacts]


def _driver_ids(uow, driver_id: int | None) -> list[int]:
    """The named driver (who must be on a driver position), else the pool's."""
    if driver_id is None:
        return uow.drivers.staff_ids()
    ensure_driver(driver_id, uow.replica.require_staff(driver_id, field="driver_id").is_driver, "driver_id")
    return [driver_id]


def _pool(uow, trip: Trip, vehicle_id: int | None, driver_id: int | None, lock: bool) -> _Pool:
    """The vehicles and drivers to consider (the named ones, else the pool; locked with `lock`)
    with their schedules around the trip. Without locks the pool's vehicles and drivers are each
    read in one query (no list of ids first)."""
    if vehicle_id is None and not lock:
        vehicles = uow.vehicles.pool()
    else:
        vehicle_ids = [vehicle_id] if vehicle_id is not None else uow.vehicles.pool_ids()
        vehicles = uow.vehicles.lock(vehicle_ids) if lock else uow.vehicles.by_ids(vehicle_ids)
    if vehicle_id is not None and not vehicles:
        raise Invalid(f"unknown vehicle {vehicle_id}", errors={"vehicle_id": [f"unknown vehicle {vehicle_id}"]})
    if driver_id is None and not lock:
        return _with_schedules(uow, trip, vehicles, uow.drivers.views(employed=True))
    driver_ids = _driver_ids(uow, driver_id)
    if lock:
        uow.drivers.ensure_profiles(driver_ids)
        uow.drivers.lock_profiles(driver_ids)
    return _with_schedules(uow, trip, vehicles, uow.drivers.views(driver_ids))


def _with_schedules(uow, trip: Trip, vehicles: list[Vehicle], drivers: list[DriverView]) -> _Pool:
    lo, hi = schedule_window(trip.start, trip.end, uow.config)
    by_vehicle, by_driver = uow.bookings.commitments(lo, hi, [v.id for v in vehicles], [d.staff_id for d in drivers])
    windows = uow.maintenance.open_windows([v.id for v in vehicles], local_date(trip.start), local_date(trip.end))
    return _Pool(vehicles, drivers, [vehicle_facts(v, by_vehicle, windows) for v in vehicles],
                 [d.facts(by_driver.get(d.staff_id, ())) for d in drivers])


# how often a pair chosen without locks is tried before the whole pool is locked to choose
CHOSEN_TRIES = 3


@dataclass
class _Decision:
    vehicle: Vehicle
    driver_id: int
    mode: str


def _decide(uow, booking: Booking, vehicle_id: int | None, driver_id: int | None, lock: bool,
            prefer: _Decision | None = None) -> _Decision | None:
    """Check the named pair, or choose one, against the schedule as it is now; refused when none fits.

    With `prefer` (a pair chosen before), only that pair is read (and locked with `lock`) and
    checked again: it is the decision if it still fits, else None (taken meanwhile).
    """
    refusal = rules.refusal_to_dispatch(booking.status, booking.end_at, utcnow())
    if refusal is not None:
        raise _refuse(refusal.detail, [], **refusal.extra)
    config = uow.config
    policy = config.dispatch_policy()
    trip = Trip(booking.id, booking.start_at, booking.end_at, booking.passengers)
    if prefer is not None:
        pool = _pool(uow, trip, prefer.vehicle.id, prefer.driver_id, lock)
        if pair_conflicts(trip, pool.vehicle_facts[0], pool.driver_facts[0], policy):
            return None
        return _Decision(pool.vehicles[0], prefer.driver_id, prefer.mode)
    pool = _pool(uow, trip, vehicle_id, driver_id, lock)
    if vehicle_id is not None and driver_id is not None:
        vehicle, driver = pool.vehicle_facts[0], pool.driver_facts[0]
        found = pair_conflicts(trip, vehicle, driver, policy)
        if found:
            raise _refuse(f"vehicle {vehicle.plate} with driver {driver.full_name or driver_id} "
                          f"cannot take booking {booking.id}", found)
        return _Decision(pool.vehicles[0], driver.staff_id, "named")
    # whether any pair fits does not depend on use, which only orders them: a refusal reads no use
    feasible = choose_pair(trip, pool.vehicle_facts, pool.driver_facts, {}, {}, policy)
    if not feasible.found:
        raise _refuse(f"no vehicle and driver are free for booking {booking.id}", feasible.reasons(),
                      rule="no_feasible_pair")
    use_v, use_d = uow.bookings.trailing_use(trip.start, config.trailing_window,
                                             dt.timedelta(days=config.max_booking_days))
    choice = choose_pair(trip, pool.vehicle_facts, pool.driver_facts, use_v, use_d, policy)
    return _Decision(next(v for v in pool.vehicles if v.id == choice.vehicle.id), choice.driver.staff_id, "chosen")


def dispatch_booking(uow, principal: Principal, booking_id: int, vehicle_id: int | None = None,
                     driver_id: int | None = None) -> Booking:
    """Assign a vehicle and a driver to an approved booking (or re-assign a dispatched one).

    Named ones are checked against every rule (refused naming each conflict); missing ones are
    chosen: the least used feasible vehicle over the trailing window, then the least used
    feasible driver licensed for it.

    The schedule is read twice: first without locks, and a request that conflicts with what is
    already committed is refused at once (it is served before any later change, so the refusal
    stands) without queueing behind the locks; only a request that fits takes the locks and
    checks again before it writes. A pair the service chose in that first read is the only one
    locked and checked again, as if named, so that a chosen dispatch holds two rows, not the whole
    pool; should another dispatch have taken it in between, every lock is let go and the choice
    made again from what is committed now (CHOSEN_TRIES times; then from the whole pool, locked).
    """
    rules.ensure_may_dispatch(principal)
    for attempt in range(CHOSEN_TRIES + 1):
        first = _decide(uow, load_booking(uow, principal, booking_id), vehicle_id, driver_id, lock=False)
        uow.bookings.forget()  # what was read without locks must not stand in for the locked read
        booking = load_booking(uow, principal, booking_id, lock=True)
        prefer = first if first.mode == "chosen" and attempt < CHOSEN_TRIES else None
        decision = _decide(uow, booking, vehicle_id, driver_id, lock=True, prefer=prefer)
        if decision is not None:
            break
        uow.rollback()  # the chosen pair was taken meanwhile: no lock may be held while choosing again
    booking.vehicle = decision.vehicle
    booking.driver_id = decision.driver_id
    booking.blocked_until = booking.end_at + uow.config.turnaround
    booking.status = rules.DISPATCHED
    booking.dispatched_by, booking.dispatched_at, booking.dispatch_mode = principal.username, utcnow(), decision.mode
    uow.bookings.flush()
    uow.commit()
    DISPATCHES.labels(decision.mode).inc()
    BOOKING_TRANSITIONS.labels(rules.DISPATCHED).inc()
    return booking


def _use(usage, key) -> dict:
    return {"use_km": round(usage[key].km, 1) if key in usage else 0.0,
            "use_hours": round(usage[key].hours, 2) if key in usage else 0.0}


def _split(rows_and_conflicts: list[tuple[dict, list[BrokenRule]]]) -> tuple[list[dict], list[dict]]:
    free, busy = [], []
    for row, found in rows_and_conflicts:
        (busy.append({**row, "conflicts": [c.as_dict() for c in found]}) if found else free.append(row))
    return free, busy


def availability(uow, principal: Principal, start: dt.datetime, end: dt.datetime, seats: int | None = None,
                 passengers: int | None = None, include_dedicated: bool = False) -> dict:
    """The vehicles and drivers free for [start, end): what a dispatcher could send.

    `seats` asks for vehicles with at least that many seats (driver's included), `passengers`
    for room for that many passengers. For the pool's readers (fleet office, leadership,
    auditors) the busy ones are listed with what keeps them busy.
    """
    config = uow.config
    check_span(start, end, config.max_booking_days)
    policy = config.dispatch_policy()
    trip = Trip(None, start, end, passengers or 0)
    vehicles = [v for v in uow.vehicles.by_ids(uow.vehicles.pool_ids(include_dedicated)) if not seats or v.seats >= seats]
    pool = _with_schedules(uow, trip, vehicles, uow.drivers.views(uow.drivers.staff_ids()))
    use_v, use_d = uow.bookings.trailing_use(start, config.trailing_window, dt.timedelta(days=config.max_booking_days))
    v_scores = use_scores([v.id for v in vehicles], use_v)
    d_scores = use_scores([d.staff_id for d in pool.drivers], use_d)
    free_v, busy_v = _split([(
        {"id": v.id, "plate": v.plate, "model": v.model, "seats": v.seats, "passenger_seats": passenger_seats(v.seats),
         "required_licence_class": needed_class(v.seats, OLD, policy.licences),
         "required_licence_class_2024": needed_class(v.seats, NEW, policy.licences), **_use(use_v, v.id),
         "use_score": round(v_scores.get(v.id, 0.0), 4)},
        vehicle_conflicts(trip, facts, policy)) for v, facts in zip(pool.vehicles, pool.vehicle_facts)])
    free_d, busy_d = _split([(
        {"staff_id": d.staff_id, "full_name": d.full_name, "licence_class": d.licence_class,
         "licence_expiry": d.licence_expiry, **_use(use_d, d.staff_id),
         "use_score": round(d_scores.get(d.staff_id, 0.0), 4)},
        driver_conflicts(trip, facts, policy)) for d, facts in zip(pool.drivers, pool.driver_facts)])
    if not principal.has_scope(SERVICE):
        # why a car is busy names other boards' bookings: for the pool's readers only
        busy_v, busy_d = [], []
    free_v.sort(key=lambda r: (r["use_score"], r["seats"], r["id"]))
    free_d.sort(key=lambda r: (r["use_score"], r["staff_id"]))
    return {"start": start, "end": end, "vehicles": free_v, "drivers": free_d,
            "busy_vehicles": busy_v, "busy_drivers": busy_d}
