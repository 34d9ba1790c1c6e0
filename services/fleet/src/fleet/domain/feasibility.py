"""When a vehicle and a driver may be sent on a trip: every rule dispatch must never break.

Each check returns the list of conflicts it finds (empty = feasible), so that a refusal can
name every reason at once, and the dispatcher sees why a car or a driver is not free.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from buildingblocks.clock import OFFICE_TZ

from .licences import LicenceRules, may_drive, needed_class, passenger_seats, system_of
from .schedule import Commitment, hours_on_day, local_date, local_days, too_close

VEHICLE_AVAILABLE = "available"
VEHICLE_MAINTENANCE = "maintenance"
VEHICLE_RETIRED = "retired"
VEHICLE_STATUSES = (VEHICLE_AVAILABLE, VEHICLE_MAINTENANCE, VEHICLE_RETIRED)

DRIVER_ACTIVE = "active"
DRIVER_STATUSES = ("active", "suspended", "on_leave")


@dataclass(frozen=True)
class DispatchPolicy:
    """The configurable numbers dispatch applies (see fleet.config for their sources)."""

    turnaround: dt.timedelta = dt.timedelta(minutes=30)
    daily_duty_hours: float = 10.0
    licences: LicenceRules = LicenceRules()
    tz: dt.tzinfo = OFFICE_TZ
    # choosing: the smallest vehicle class that fits, and the lowest licence that covers it,
    # before the least used (False: the least used of all feasible pairs, whatever their size)
    right_size: bool = True

    @property
    def small_car_class(self) -> str:
        return self.licences.small_car_class


@dataclass(frozen=True)
class Trip:
    """What a booking asks for: when, and how many passengers."""

    booking_id: int | None
    start: dt.datetime
    end: dt.datetime
    passengers: int


@dataclass(frozen=True)
class MaintenanceWindow:
    """Days a vehicle is (or will be) in the workshop; `end_on` None = until closed."""

    record_id: int
    start_on: dt.date
    end_on: dt.date | None


@dataclass(frozen=True)
class VehicleFacts:
    """A vehicle as dispatch sees it, with the trips and maintenance already on its schedule."""

    id: int
    plate: str
    seats: int
    status: str = VEHICLE_AVAILABLE
    maintenance: tuple[MaintenanceWindow, ...] = ()
    commitments: tuple[Commitment, ...] = ()


@dataclass(frozen=True)
class DriverFacts:
    """A driver as dispatch sees it: HR facts, fleet-side status, licence, schedule."""

    staff_id: int
    full_name: str = ""
    is_driver: bool = True
    employed: bool = True
    status: str = DRIVER_ACTIVE
    licence_class: str | None = None
    licence_expiry: dt.date | None = None
    commitments: tuple[Commitment, ...] = ()


@dataclass(frozen=True)
class BrokenRule:
    """One broken rule: a stable `rule` name, a sentence, and the figures behind it."""

    rule: str
    detail: str
    figures: dict[str, Any] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        """The broken rule as a refusal lists it in `conflicts`."""
        return {"rule": self.rule, "detail": self.detail, **self.figures}


def _iso(moment: dt.datetime, tz: dt.tzinfo) -> str:
    return moment.astimezone(tz).isoformat()


def _busy_conflicts(trip: Trip, commitments: tuple[Commitment, ...], policy: DispatchPolicy,
                    rule: str, what: str, key: dict[str, Any]) -> list[BrokenRule]:
    found = []
    for other in commitments:
        if other.booking_id == trip.booking_id:
            continue
        if too_close(trip.start, trip.end, other.start, other.end, policy.turnaround):
            found.append(BrokenRule(
                rule,
                f"{what} is on booking {other.booking_id} from {_iso(other.start, policy.tz)} to "
                f"{_iso(other.end, policy.tz)} (turnaround {int(policy.turnaround.total_seconds() // 60)} min)",
                {**key, "booking_id": other.booking_id, "start_at": _iso(other.start, policy.tz),
                 "end_at": _iso(other.end, policy.tz)},
            ))
    return found


def vehicle_conflicts(trip: Trip, vehicle: VehicleFacts, policy: DispatchPolicy) -> list[BrokenRule]:
    """Why `vehicle` cannot take `trip`: seats, status, maintenance, another trip too close."""
    key = {"vehicle_id": vehicle.id}
    found: list[BrokenRule] = []
    room = passenger_seats(vehicle.seats)
    if trip.passengers > room:
        found.append(BrokenRule(
            "seats", f"vehicle {vehicle.plate} has {room} passenger seats, the trip needs {trip.passengers}",
            {**key, "passenger_seats": room, "passengers": trip.passengers}))
    if vehicle.status == VEHICLE_RETIRED:
        found.append(BrokenRule("vehicle_retired", f"vehicle {vehicle.plate} is retired", dict(key)))
    elif vehicle.status != VEHICLE_AVAILABLE:
        found.append(BrokenRule("vehicle_in_maintenance", f"vehicle {vehicle.plate} is in maintenance", dict(key)))
    first, last = local_date(trip.start, policy.tz), local_date(trip.end, policy.tz)
    for window in vehicle.maintenance:
        if window.start_on <= last and (window.end_on is None or window.end_on >= first):
            until = window.end_on.isoformat() if window.end_on else "it is closed"
            found.append(BrokenRule(
                "vehicle_in_maintenance",
                f"vehicle {vehicle.plate} is in maintenance from {window.start_on.isoformat()} until {until}",
                {**key, "maintenance_id": window.record_id, "start_on": window.start_on.isoformat(),
                 "end_on": window.end_on.isoformat() if window.end_on else None}))
    found += _busy_conflicts(trip, vehicle.commitments, policy, "vehicle_busy", f"vehicle {vehicle.plate}", key)
    return found


def duty_hours_by_day(trip: Trip, commitments: tuple[Commitment, ...], policy: DispatchPolicy) -> dict[dt.date, float]:
    """The driver's duty hours on each local day the trip touches, the trip included.

    A booking counts its hours on each day, but at most one full duty day: on a trip of
    several days, or a long day away, the time waiting at the destination is rest, and the law
    limits driving time, which nobody knows before the trip. So the limit bites when several
    trips are stacked on one day.
    """
    cap = policy.daily_duty_hours
    totals: dict[dt.date, float] = {}
    for day in local_days(trip.start, trip.end, policy.tz):
        total = min(hours_on_day(trip.start, trip.end, day, policy.tz), cap)
        for other in commitments:
            if other.booking_id != trip.booking_id:
                total += min(hours_on_day(other.start, other.end, day, policy.tz), cap)
        totals[day] = round(total, 2)
    return totals


def driver_conflicts(trip: Trip, driver: DriverFacts, policy: DispatchPolicy) -> list[BrokenRule]:
    """Why `driver` cannot drive `trip` (any vehicle): status, licence validity, schedule, duty."""
    key = {"driver_id": driver.staff_id}
    found: list[BrokenRule] = []
    who = driver.full_name or f"staff {driver.staff_id}"
    if not driver.is_driver:
        found.append(BrokenRule("not_a_driver", f"{who} is not on a driver position", dict(key)))
    if not driver.employed:
        found.append(BrokenRule("driver_unavailable", f"{who} no longer works here", dict(key)))
    elif driver.status != DRIVER_ACTIVE:
        found.append(BrokenRule("driver_unavailable", f"{who} is {driver.status.replace('_', ' ')}",
                              {**key, "status": driver.status}))
    last_day = local_date(trip.end, policy.tz)
    if not driver.licence_class:
        found.append(BrokenRule("licence_missing", f"{who} has no driving licence on record", dict(key)))
    elif driver.licence_expiry is None or driver.licence_expiry < last_day:
        expiry = driver.licence_expiry.isoformat() if driver.licence_expiry else "an unknown date"
        found.append(BrokenRule(
            "licence_expired", f"{who}'s licence expires on {expiry}, before the trip ends on {last_day.isoformat()}",
            {**key, "licence_expiry": driver.licence_expiry.isoformat() if driver.licence_expiry else None,
             "trip_ends_on": last_day.isoformat()}))
    found += _busy_conflicts(trip, driver.commitments, policy, "driver_busy", who, key)
    for day, total in duty_hours_by_day(trip, driver.commitments, policy).items():
        if total > policy.daily_duty_hours:
            found.append(BrokenRule(
                "driver_duty_limit",
                f"{who} would be on duty {total:g} h on {day.isoformat()}, above the limit of "
                f"{policy.daily_duty_hours:g} h",
                {**key, "day": day.isoformat(), "duty_hours": total, "limit_hours": policy.daily_duty_hours}))
    return found


def licence_conflicts(vehicle: VehicleFacts, driver: DriverFacts, policy: DispatchPolicy) -> list[BrokenRule]:
    """Whether `driver`'s licence class covers what `vehicle` needs."""
    if may_drive(driver.licence_class, driver.licence_expiry, vehicle.seats, policy.licences):
        return []
    system = system_of(driver.licence_class, driver.licence_expiry, policy.licences)
    needed = needed_class(vehicle.seats, system, policy.licences)
    who = driver.full_name or f"staff {driver.staff_id}"
    return [BrokenRule(
        "licence_class",
        f"vehicle {vehicle.plate} ({vehicle.seats} seats) needs licence class {needed}; "
        f"{who} holds {driver.licence_class or 'none'} (issued under the {system} law)",
        {"vehicle_id": vehicle.id, "driver_id": driver.staff_id, "required_class": needed,
         "licence_class": driver.licence_class, "licence_system": system})]


def pair_conflicts(trip: Trip, vehicle: VehicleFacts, driver: DriverFacts, policy: DispatchPolicy) -> list[BrokenRule]:
    """Every reason the pair (vehicle, driver) cannot take the trip; empty when it can."""
    found = vehicle_conflicts(trip, vehicle, policy) + driver_conflicts(trip, driver, policy)
    if driver.licence_class:
        found += licence_conflicts(vehicle, driver, policy)
    return found

