"""Choosing a vehicle and a driver: among the feasible pairs, the least used over a window.

Use combines kilometres and hours: each is divided by the pool's mean over the same window, so
that a car that did one long trip and a car that did many short ones compare fairly, and so that
trips already dispatched (hours known, kilometres not yet) count too.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

from .feasibility import (
    BrokenRule,
    DispatchPolicy,
    DriverFacts,
    Trip,
    VehicleFacts,
    driver_conflicts,
    licence_conflicts,
    vehicle_conflicts,
)
from .licences import CLASSES, reach_needed, reach_of


@dataclass(frozen=True)
class Usage:
    """How much a vehicle or a driver was used over a window."""

    km: float = 0.0
    hours: float = 0.0


@dataclass(frozen=True)
class UsedTrip:
    """A trip that counts toward use: booked interval, and kilometres once completed."""

    vehicle_id: int | None
    driver_id: int | None
    start: dt.datetime
    end: dt.datetime
    km: float = 0.0


def trailing_usage(trips: Iterable[UsedTrip], anchor: dt.datetime, window: dt.timedelta
                   ) -> tuple[dict[int, Usage], dict[int, Usage]]:
    """Use per vehicle and per driver over [anchor - window, anchor).

    Hours are clipped to the window; kilometres count for trips that started inside it.
    """
    lo = anchor - window
    hour = dt.timedelta(hours=1)
    sums: dict[tuple[str, int], list[float]] = {}
    for trip in trips:
        # inlined overlap: this runs for every trip of the window at every dispatch
        first, last = max(trip.start, lo), min(trip.end, anchor)
        spent = (last - first) / hour if last > first else 0.0
        km = trip.km if lo <= trip.start < anchor else 0.0
        if spent <= 0 and km <= 0:
            continue
        for key in (("v", trip.vehicle_id), ("d", trip.driver_id)):
            if key[1] is not None:
                acc = sums.setdefault(key, [0.0, 0.0])
                acc[0] += km
                acc[1] += spent
    by_vehicle = {k: Usage(km, h) for (kind, k), (km, h) in sums.items() if kind == "v"}
    by_driver = {k: Usage(km, h) for (kind, k), (km, h) in sums.items() if kind == "d"}
    return by_vehicle, by_driver


def use_scores(keys: Iterable[int], usage: dict[int, Usage]) -> dict[int, float]:
    """A score per key: km / mean km + hours / mean hours over `keys` (0 for an unused pool)."""
    keys = list(keys)
    if not keys:
        return {}
    mean_km = sum(usage.get(k, Usage()).km for k in keys) / len(keys)
    mean_h = sum(usage.get(k, Usage()).hours for k in keys) / len(keys)
    scores = {}
    for k in keys:
        u = usage.get(k, Usage())
        scores[k] = (u.km / mean_km if mean_km else 0.0) + (u.hours / mean_h if mean_h else 0.0)
    return scores


@dataclass
class Choice:
    """The outcome of choosing: a pair, or why nothing fits."""

    vehicle: VehicleFacts | None = None
    driver: DriverFacts | None = None
    vehicle_score: float = 0.0
    driver_score: float = 0.0
    vehicle_conflicts: dict[int, list[BrokenRule]] = field(default_factory=dict)
    driver_conflicts: dict[int, list[BrokenRule]] = field(default_factory=dict)
    unlicensed: list[BrokenRule] = field(default_factory=list)

    @property
    def found(self) -> bool:
        return self.vehicle is not None and self.driver is not None

    def reasons(self) -> list[dict]:
        """What stood in the way, per vehicle and driver, as a refusal lists it."""
        out = [c.as_dict() for cs in self.vehicle_conflicts.values() for c in cs]
        out += [c.as_dict() for cs in self.driver_conflicts.values() for c in cs]
        out += [c.as_dict() for c in self.unlicensed]
        return out


def _licence_rank(driver: DriverFacts, policy: DispatchPolicy) -> tuple[int, int]:
    """The lower a licence reaches (then the earlier its class), the sooner its driver goes."""
    held = (driver.licence_class or "").upper()
    return reach_of(held, driver.licence_expiry, policy.licences), CLASSES.index(held) if held in CLASSES else len(CLASSES)


def choose_pair(trip: Trip, vehicles: list[VehicleFacts], drivers: list[DriverFacts],
                vehicle_usage: dict[int, Usage], driver_usage: dict[int, Usage],
                policy: DispatchPolicy) -> Choice:
    """The least used feasible vehicle, then the least used feasible driver licensed for it.

    With `policy.right_size` (the default) the least used vehicle is looked for first among the
    vehicles of the smallest size class that fits the group (cars before minibuses before
    buses): a minibus sent with two passengers is missing when a delegation comes, and
    bench/fleet/demand.py shows that the least used of all vehicles then refuses bookings on a
    pool that right-sizing serves in full. Use is balanced within a class. Drivers are taken
    least used first; among equally used ones the lowest licence that covers the vehicle goes,
    so that D licences stay free for the minibuses. The vehicle is chosen first because its use
    (wear, kilometres) is what the pool balances most; among equally used vehicles the smaller
    one goes first. Scores are relative to the whole pool given, feasible or not.
    """
    choice = Choice()
    v_scores = use_scores((v.id for v in vehicles), vehicle_usage)
    d_scores = use_scores((d.staff_id for d in drivers), driver_usage)
    free_vehicles = _free(vehicles, lambda v: vehicle_conflicts(trip, v, policy), choice.vehicle_conflicts, "id")
    free_drivers = _free(drivers, lambda d: driver_conflicts(trip, d, policy), choice.driver_conflicts, "staff_id")

    def size(vehicle: VehicleFacts) -> int:
        return reach_needed(vehicle.seats, policy.licences) if policy.right_size else 0

    def licence(driver: DriverFacts) -> tuple[int, int]:
        return _licence_rank(driver, policy) if policy.right_size else (0, 0)

    free_vehicles.sort(key=lambda v: (size(v), round(v_scores[v.id], 9), v.seats, v.id))
    free_drivers.sort(key=lambda d: (round(d_scores[d.staff_id], 9), licence(d), d.staff_id))
    for vehicle in free_vehicles:
        for driver in free_drivers:
            if not licence_conflicts(vehicle, driver, policy):
                choice.vehicle, choice.driver = vehicle, driver
                choice.vehicle_score, choice.driver_score = v_scores[vehicle.id], d_scores[driver.staff_id]
                return choice
    choice.unlicensed = [c for v in free_vehicles for d in free_drivers for c in licence_conflicts(v, d, policy)]
    return choice


def _free(candidates: list, conflicts_of, refused: dict[int, list[BrokenRule]], key: str) -> list:
    """The candidates nothing stands against; the others go into `refused` with their conflicts."""
    free = []
    for candidate in candidates:
        found = conflicts_of(candidate)
        if found:
            refused[getattr(candidate, key)] = found
        else:
            free.append(candidate)
    return free
