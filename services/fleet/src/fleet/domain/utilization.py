"""How the pool was used over a period: per vehicle, per driver, per board; how evenly the
work was spread; and how many cars the demand really needed at its peak."""
from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from .booking import DEMAND, HOLDING, COMPLETED
from .schedule import hours, overlap_hours, peak_overlap


@dataclass(frozen=True)
class TripRecord:
    """A booking as the report sees it."""

    booking_id: int
    unit: str
    status: str
    start: dt.datetime
    end: dt.datetime
    vehicle_id: int | None = None
    driver_id: int | None = None
    km: float = 0.0
    fuel_litres: float = 0.0
    fuel_cost_vnd: int = 0


def coefficient_of_variation(values: Sequence[float]) -> float | None:
    """Population standard deviation over the mean (0 = perfectly even); None when undefined."""
    if not values:
        return None
    mean = sum(values) / len(values)
    if mean == 0:
        return None
    var = sum((v - mean) ** 2 for v in values) / len(values)
    return round(math.sqrt(var) / mean, 4)


def _blank() -> dict:
    return {"trips": 0, "completed": 0, "km": 0.0, "hours": 0.0, "fuel_litres": 0.0, "fuel_cost_vnd": 0}


def _add(row: dict, trip: TripRecord, starts_inside: bool, spent: float) -> None:
    row["hours"] += spent
    if starts_inside:
        row["trips"] += 1
        if trip.status == COMPLETED:
            row["completed"] += 1
            row["km"] += trip.km
            row["fuel_litres"] += trip.fuel_litres
            row["fuel_cost_vnd"] += trip.fuel_cost_vnd


def _round(row: dict) -> dict:
    return {k: round(v, 2) if isinstance(v, float) and k != "share" else v for k, v in row.items()}


def _tally(trips: Iterable[TripRecord], start: dt.datetime, end: dt.datetime, by_vehicle: dict, by_driver: dict,
           by_unit: dict) -> list[tuple[dt.datetime, dt.datetime]]:
    """Add each trip of [start, end) to its vehicle, driver and board; the demand's intervals."""
    demand: list[tuple[dt.datetime, dt.datetime]] = []
    for trip in trips:
        if trip.end <= start or trip.start >= end:
            continue
        if trip.status in DEMAND:
            demand.append((max(trip.start, start), min(trip.end, end)))
        if trip.status not in HOLDING and trip.status != COMPLETED:
            continue
        inside = start <= trip.start < end
        spent = overlap_hours(trip.start, trip.end, start, end)
        if trip.vehicle_id is not None:
            _add(by_vehicle.setdefault(trip.vehicle_id, _blank()), trip, inside, spent)
        if trip.driver_id is not None:
            _add(by_driver.setdefault(trip.driver_id, _blank()), trip, inside, spent)
        _add(by_unit.setdefault(trip.unit, _blank()), trip, inside, spent)
    return demand


def utilization(trips: Iterable[TripRecord], start: dt.datetime, end: dt.datetime,
                vehicle_ids: Sequence[int], driver_ids: Sequence[int], turnaround: dt.timedelta) -> dict:
    """The utilization report of [start, end).

    A trip counts (trips, km, fuel) in the period it starts in; its hours are clipped to the
    period. `share` is the booked hours over the hours of the period (a vehicle could be sent
    at any hour). `vehicle_ids` and `driver_ids` are the pool, so that an unused car counts as
    zero in the balance. Peak demand counts every booking not rejected or cancelled, each
    holding a car until its end plus the turnaround.
    """
    period_hours = hours(start, end)
    by_vehicle = {v: _blank() for v in vehicle_ids}
    by_driver = {d: _blank() for d in driver_ids}
    by_unit: dict[str, dict] = {}
    demand = _tally(trips, start, end, by_vehicle, by_driver, by_unit)
    for row in by_vehicle.values():
        row["share"] = round(row["hours"] / period_hours, 4) if period_hours else 0.0
    return {
        "period_hours": round(period_hours, 2),
        "vehicles": {k: _round(v) for k, v in by_vehicle.items()},
        "drivers": {k: _round(v) for k, v in by_driver.items()},
        "units": {k: _round(v) for k, v in sorted(by_unit.items())},
        "balance": {
            "km_cv_vehicles": coefficient_of_variation([by_vehicle[v]["km"] for v in vehicle_ids]),
            "hours_cv_vehicles": coefficient_of_variation([by_vehicle[v]["hours"] for v in vehicle_ids]),
            "hours_cv_drivers": coefficient_of_variation([by_driver[d]["hours"] for d in driver_ids]),
            "km_cv_drivers": coefficient_of_variation([by_driver[d]["km"] for d in driver_ids]),
        },
        "peak": peak_demand(demand, len(vehicle_ids), turnaround),
    }


def demand_intervals(spans: Iterable[tuple[dt.datetime, dt.datetime]], start: dt.datetime,
                     end: dt.datetime) -> list[tuple[dt.datetime, dt.datetime]]:
    """The demand's (start, end) spans that meet [start, end), clipped to it."""
    return [(max(s, start), min(e, end)) for s, e in spans if e > start and s < end]


def peak_demand(demand: list[tuple[dt.datetime, dt.datetime]], pool_size: int, turnaround: dt.timedelta) -> dict:
    """The most cars the demand's intervals held at one moment (each until its end plus the
    turnaround), when, and against the pool's size."""
    peak, peak_at = peak_overlap(demand, turnaround)
    return {
        "concurrent_demand": peak,
        "at": peak_at,
        "pool_size": pool_size,
        "demand_over_pool": round(peak / pool_size, 4) if pool_size else None,
    }
