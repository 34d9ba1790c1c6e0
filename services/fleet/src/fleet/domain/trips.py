"""The trip as driven: the readings a driver gives at the start and at the end, checked."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from buildingblocks.errors import Invalid, RuleBroken

from .booking import COMPLETABLE, DISPATCHED, IN_PROGRESS, ensure_state
from .errors import WrongState

# a driver's phone may run a little ahead of the server
CLOCK_SKEW = dt.timedelta(minutes=5)


def ensure_reading_not_behind(reading: int, vehicle_odometer_km: int) -> None:
    """An odometer never goes back below the vehicle's last reading."""
    if reading < vehicle_odometer_km:
        raise RuleBroken(f"the odometer reads {reading} km, below the vehicle's last reading of "
                         f"{vehicle_odometer_km} km", rule="odometer_behind", odometer_start_km=reading,
                         vehicle_odometer_km=vehicle_odometer_km)


def check_start(status: str, dispatched_vehicle_id: int, plate: str, vehicle_id: int, reading: int,
                vehicle_odometer_km: int) -> None:
    """The driver sets off in the dispatched vehicle from a reading not below its last one."""
    ensure_state(status, "driven", COMPLETABLE)
    if status != DISPATCHED:
        raise WrongState(status, "started", (DISPATCHED,), detail="the trip has already started")
    if vehicle_id != dispatched_vehicle_id:
        raise RuleBroken(f"the booking was dispatched with vehicle {plate} (id {dispatched_vehicle_id}), "
                         f"not vehicle {vehicle_id}", rule="wrong_vehicle", vehicle_id=dispatched_vehicle_id,
                         asked_vehicle_id=vehicle_id)
    ensure_reading_not_behind(reading, vehicle_odometer_km)


@dataclass(frozen=True)
class TripEnd:
    """The readings of a completed trip, checked."""

    start_km: int
    end_km: int
    started_at: dt.datetime
    ended_at: dt.datetime

    @property
    def km(self) -> int:
        return self.end_km - self.start_km


def _start_reading(status: str, given: int | None, recorded: int | None, vehicle_odometer_km: int) -> int:
    if status == IN_PROGRESS:
        if given is not None and given != recorded:
            raise Invalid("the trip started with another odometer reading",
                          errors={"odometer_start_km": [f"the trip started at {recorded} km"]})
        return recorded
    if given is None:
        raise Invalid("the trip was not started: give the start reading",
                      errors={"odometer_start_km": ["required when the trip was not started"]})
    ensure_reading_not_behind(given, vehicle_odometer_km)
    return given


def check_end(status: str, *, given_start_km: int | None, recorded_start_km: int | None, end_km: int,
              vehicle_odometer_km: int, booked_start: dt.datetime, started_at: dt.datetime | None,
              ended_at: dt.datetime | None, now: dt.datetime) -> TripEnd:
    """The trip's readings once it ended; Invalid or RuleBroken naming what is wrong."""
    ensure_state(status, "driven", COMPLETABLE)
    start_km = _start_reading(status, given_start_km, recorded_start_km, vehicle_odometer_km)
    if end_km < start_km:
        raise Invalid("the end reading is below the start reading",
                      errors={"odometer_end_km": [f"must be at least the start reading {start_km}"]})
    ended_at = ended_at or now
    if ended_at > now + CLOCK_SKEW:
        raise Invalid("the trip cannot end in the future", errors={"ended_at": ["is in the future"]})
    if started_at is not None and ended_at <= started_at:
        raise Invalid("the trip cannot end before it started",
                      errors={"ended_at": [f"must be after {started_at.isoformat()}"]})
    # a trip recorded without a start left at its booked time, or earlier if it is already over
    return TripEnd(start_km, end_km, started_at or min(booked_start, ended_at), ended_at)
