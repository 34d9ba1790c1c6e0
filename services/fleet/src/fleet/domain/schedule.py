"""Time intervals of trips: overlap with a turnaround buffer, local days, hours on a day."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from buildingblocks.clock import OFFICE_TZ
from buildingblocks.errors import Invalid

HOUR = dt.timedelta(hours=1)


@dataclass(frozen=True)
class Commitment:
    """A dispatched booking that holds a vehicle or a driver from `start` to `end`."""

    booking_id: int
    start: dt.datetime
    end: dt.datetime
    unit: str | None = None


def too_close(a_start: dt.datetime, a_end: dt.datetime, b_start: dt.datetime, b_end: dt.datetime,
              buffer: dt.timedelta) -> bool:
    """True when two trips overlap or leave less than `buffer` between them (either order).

    Equivalent to the half-open ranges [start, end + buffer) intersecting, which is what the
    database's exclusion constraint checks.
    """
    return a_start < b_end + buffer and b_start < a_end + buffer


def hours(start: dt.datetime, end: dt.datetime) -> float:
    """The length of [start, end) in hours (0 when empty)."""
    return max((end - start) / HOUR, 0.0)


def overlap_hours(start: dt.datetime, end: dt.datetime, lo: dt.datetime, hi: dt.datetime) -> float:
    """Hours of [start, end) that fall inside [lo, hi)."""
    return hours(max(start, lo), min(end, hi))


def local_date(moment: dt.datetime, tz: dt.tzinfo = OFFICE_TZ) -> dt.date:
    """The calendar date of `moment` in `tz` (`buildingblocks.clock.local_date` for the office's own)."""
    return moment.astimezone(tz).date()


def local_days(start: dt.datetime, end: dt.datetime, tz: dt.tzinfo = OFFICE_TZ) -> list[dt.date]:
    """Every local calendar day that [start, end) touches."""
    first = local_date(start, tz)
    # an interval ending exactly at midnight does not touch the next day
    last = local_date(end - dt.timedelta(microseconds=1), tz) if end > start else first
    return [first + dt.timedelta(days=i) for i in range((last - first).days + 1)]


def day_bounds(day: dt.date, tz: dt.tzinfo = OFFICE_TZ) -> tuple[dt.datetime, dt.datetime]:
    """The start and end of a local calendar day, as aware datetimes."""
    start = dt.datetime.combine(day, dt.time.min, tzinfo=tz)
    return start, start + dt.timedelta(days=1)


def hours_on_day(start: dt.datetime, end: dt.datetime, day: dt.date, tz: dt.tzinfo) -> float:
    """Hours of [start, end) that fall on local day `day`."""
    lo, hi = day_bounds(day, tz)
    return overlap_hours(start, end, lo, hi)


def peak_overlap(intervals: list[tuple[dt.datetime, dt.datetime]],
                 buffer: dt.timedelta = dt.timedelta(0)) -> tuple[int, dt.datetime | None]:
    """The largest number of intervals in progress at one moment, and the first such moment.

    Each interval holds its resource until `end + buffer` (the turnaround), so this is the
    number of vehicles the intervals need at least: interval graphs need exactly as many
    vehicles as their largest clique when seats do not matter.
    """
    edges: list[tuple[dt.datetime, int]] = []
    for start, end in intervals:
        edges.append((start, 1))
        edges.append((end + buffer, -1))
    # at equal times the release comes first: [a, b) and [b, c) do not overlap
    edges.sort(key=lambda e: (e[0], e[1]))
    peak, current, at = 0, 0, None
    for moment, step in edges:
        current += step
        if current > peak:
            peak, at = current, moment
    return peak, at


def check_span(start: dt.datetime, end: dt.datetime, max_days: int) -> None:
    """An asked-for span [start, end) ends after it starts and lasts at most `max_days`."""
    if end <= start:
        raise Invalid("invalid interval", errors={"end": ["must be after start"]})
    if end - start > dt.timedelta(days=max_days):
        raise Invalid("invalid interval", errors={"end": [f"at most {max_days} days"]})


def period_bounds(first: dt.date, last: dt.date, longest: int) -> tuple[dt.datetime, dt.datetime]:
    """The moments a period of local days [first, last] covers; Invalid when it is backwards or too long."""
    if last < first:
        raise Invalid("the period ends before it starts", errors={"to": ["must be on or after from"]})
    if (last - first).days + 1 > longest:
        raise Invalid("the period is too long", errors={"to": [f"at most {longest} days"]})
    return day_bounds(first)[0], day_bounds(last)[1]
