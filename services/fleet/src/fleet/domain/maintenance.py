"""Maintenance plans: every so many kilometres and/or every so many days, whichever comes first."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from buildingblocks.errors import Invalid, RuleBroken

OPEN, DONE = "open", "completed"


@dataclass(frozen=True)
class Plan:
    """A recurring maintenance of one vehicle and when it was last done."""

    id: int
    vehicle_id: int
    title: str
    interval_km: int | None
    interval_days: int | None
    last_done_km: int
    last_done_on: dt.date


@dataclass(frozen=True)
class DueState:
    """Where a plan stands today: the next due km and date, what is left, and the verdict."""

    plan: Plan
    due_km: int | None
    due_on: dt.date | None
    km_left: int | None
    days_left: int | None
    overdue: bool
    due_soon: bool

    @property
    def due(self) -> bool:
        return self.overdue or self.due_soon


def due_state(plan: Plan, odometer_km: int, today: dt.date, soon_km: int, soon_days: int) -> DueState:
    """The plan's next due point from the vehicle's odometer and today's date.

    Overdue once either limit is reached; due soon when within `soon_km` or `soon_days` of it.
    """
    due_km = plan.last_done_km + plan.interval_km if plan.interval_km else None
    due_on = plan.last_done_on + dt.timedelta(days=plan.interval_days) if plan.interval_days else None
    km_left = due_km - odometer_km if due_km is not None else None
    days_left = (due_on - today).days if due_on is not None else None
    overdue = (km_left is not None and km_left <= 0) or (days_left is not None and days_left <= 0)
    soon = (km_left is not None and km_left <= soon_km) or (days_left is not None and days_left <= soon_days)
    return DueState(plan, due_km, due_on, km_left, days_left, overdue, soon and not overdue)


def validate_plan(interval_km: int | None, interval_days: int | None) -> dict[str, list[str]]:
    """Field errors of a plan: it needs at least one interval."""
    if not interval_km and not interval_days:
        return {"interval_km": ["give interval_km, interval_days or both"]}
    return {}


def ensure_plan_has_interval(interval_km: int | None, interval_days: int | None) -> None:
    """Raise Invalid unless the plan has at least one interval."""
    errors = validate_plan(interval_km, interval_days)
    if errors:
        raise Invalid("a plan needs an interval", errors=errors)


def check_new_record(start_on: dt.date, expected_end_on: dt.date | None, done_on: dt.date | None,
                     cost_vnd: int | None) -> None:
    """A workshop stay ends on or after it starts; one entered as done says what it cost."""
    if expected_end_on is not None and expected_end_on < start_on:
        raise Invalid("ends before it starts", errors={"expected_end_on": ["must be on or after start_on"]})
    if done_on is not None and cost_vnd is None:
        raise Invalid("a completed maintenance needs its cost", errors={"cost_vnd": ["required with done_on"]})


def check_completion(status: str, start_on: dt.date, done_on: dt.date) -> None:
    """Only an open stay is completed, and not before it started."""
    if status != OPEN:
        raise RuleBroken("the maintenance is already completed", rule="maintenance_state", record_status=status)
    if done_on < start_on:
        raise Invalid("done before it started", errors={"done_on": [f"must be on or after {start_on}"]})


def urgency(state: DueState) -> tuple[bool, int]:
    """Sort key of the due list: overdue first, then the nearest (a day counts as 50 km)."""
    big = 10**9
    return (not state.overdue, min(state.km_left if state.km_left is not None else big,
                                   (state.days_left if state.days_left is not None else big) * 50))
