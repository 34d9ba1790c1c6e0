"""Input fields that refuse what the database would choke on, and times shown in local time."""
from __future__ import annotations

import datetime as dt
import re

from flask import current_app, has_app_context
from marshmallow import ValidationError, fields, validate

MAX_ID = 2**31 - 1  # integer columns: a larger id can only be unknown
# "2026-03-02T08:00:00 07:00": a "+" sent unencoded in a query string arrives as a space
_SPACE_OFFSET = re.compile(r"(\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?) (\d{2}:?\d{2})$")


def office_tz() -> dt.tzinfo:
    """The office's time zone from the app's fleet config (UTC+7 outside an app)."""
    if has_app_context() and "fleet_config" in current_app.extensions:
        return current_app.extensions["fleet_config"].tz
    return dt.timezone(dt.timedelta(hours=7))


class Text(fields.Str):
    """A string without NUL characters (PostgreSQL cannot store them)."""

    def _deserialize(self, value, attr, data, **kwargs):
        result = super()._deserialize(value, attr, data, **kwargs)
        if "\x00" in result:
            raise ValidationError("must not contain NUL characters")
        return result


class Plate(Text):
    """A number plate in one spelling: upper case, no spaces ("29a-123.45 " -> "29A-123.45")."""

    def _deserialize(self, value, attr, data, **kwargs):
        return re.sub(r"\s+", "", super()._deserialize(value, attr, data, **kwargs)).upper()


class LocalDateTime(fields.AwareDateTime):
    """An ISO 8601 time with its offset (naive times are refused); shown in the office's time zone."""

    def __init__(self, **kwargs):
        super().__init__(format="iso", **kwargs)

    def _serialize(self, value, attr, obj, **kwargs):
        if value is not None:
            value = value.astimezone(office_tz())
        return super()._serialize(value, attr, obj, **kwargs)

    def _deserialize(self, value, attr, data, **kwargs):
        if isinstance(value, str):
            value = _SPACE_OFFSET.sub(r"\1+\2", value.strip())
        result = super()._deserialize(value, attr, data, **kwargs)
        if not dt.datetime(1900, 1, 1, tzinfo=dt.timezone.utc) <= result <= dt.datetime(9000, 1, 1, tzinfo=dt.timezone.utc):
            raise ValidationError("out of range")
        return result


class Day(fields.Date):
    """A calendar date within a sane range."""

    def _deserialize(self, value, attr, data, **kwargs):
        result = super()._deserialize(value, attr, data, **kwargs)
        if not dt.date(1900, 1, 1) <= result <= dt.date(9000, 1, 1):
            raise ValidationError("out of range")
        return result


def Id(**kwargs) -> fields.Int:
    """A record id: a positive integer that fits the id columns."""
    kwargs.setdefault("strict", True)  # a JSON 2.5 is refused, not cut to 2 (query strings pass strict=False)
    return fields.Int(validate=validate.Range(min=1, max=MAX_ID), **kwargs)


def Count(low: int, high: int, **kwargs) -> fields.Int:
    """A whole number between `low` and `high`."""
    kwargs.setdefault("strict", True)  # a JSON 2.5 is refused, not cut to 2 (query strings pass strict=False)
    return fields.Int(validate=validate.Range(min=low, max=high), **kwargs)
