"""The office's clock: UTC for storage, the office's own time zone for every local date.

The office keeps Vietnam's time (UTC+07:00, no daylight saving); `OFFICE_TIMEZONE` (an IANA
name) changes it for a deployment elsewhere.
"""
from __future__ import annotations

import datetime as dt
import os
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError


def _office_tz() -> dt.tzinfo:
    name = os.environ.get("OFFICE_TIMEZONE", "Asia/Ho_Chi_Minh")
    if name == "Asia/Ho_Chi_Minh":
        # a fixed offset needs no tz database (slim images) and Vietnam has no DST
        return dt.timezone(dt.timedelta(hours=7), "Asia/Ho_Chi_Minh")
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise RuntimeError(f"OFFICE_TIMEZONE={name!r} is not a known time zone") from exc


OFFICE_TZ: dt.tzinfo = _office_tz()


def utcnow() -> dt.datetime:
    """Now, aware, in UTC."""
    return dt.datetime.now(dt.timezone.utc)


def local_date(moment: dt.datetime) -> dt.date:
    """The office's calendar date of an aware moment (a naive one is taken as UTC)."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.timezone.utc)
    return moment.astimezone(OFFICE_TZ).date()


def local_today() -> dt.date:
    """Today in the office."""
    return local_date(utcnow())
