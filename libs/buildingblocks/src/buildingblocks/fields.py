"""The marshmallow fields every service's API is built from: text PostgreSQL can store, amounts in
whole VND, record ids and counts that are JSON integers, dates in a sane range, and times that are
stored in UTC and shown in the office's time zone (Asia/Ho_Chi_Minh, +07:00).

A service keeps only the fields that are its own (a plate, an asset's attributes), built on these.
"""
from __future__ import annotations

import datetime as dt
import re
from typing import Callable

from marshmallow import ValidationError, fields, validate

# Asia/Ho_Chi_Minh has kept +07:00 without daylight saving since 1975: a fixed offset needs no tz
# database in the slim images.
from .clock import OFFICE_TZ  # noqa: E402  (re-exported: fields show times in it)
MAX_VND = 10**15  # sums of many amounts stay far inside a 64-bit integer; more is a typing error
MAX_ID = 2**31 - 1  # PostgreSQL `integer` id columns: a larger id can only be unknown
FIRST_DAY = dt.date(1900, 1, 1)
LAST_DAY = dt.date(2999, 12, 31)
_FIRST_TIME = dt.datetime.combine(FIRST_DAY, dt.time(), dt.timezone.utc)
_END_OF_TIME = dt.datetime.combine(LAST_DAY + dt.timedelta(days=1), dt.time(), dt.timezone.utc)
# "2026-03-02T08:00:00 07:00": a "+" sent unencoded in a query string arrives as a space
_SPACE_OFFSET = re.compile(r"(\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?) (\d{2}:?\d{2})$")


def _validators(own, given) -> list:
    """The field's own validator first, then whatever the caller passed as `validate=`."""
    if given is None:
        return [own]
    return [own, *given] if isinstance(given, (list, tuple)) else [own, given]


class Text(fields.String):
    """A string PostgreSQL can store (no NUL character, no lone surrogate), trimmed of outer spaces.

    Validators run on the trimmed text, so `Length(min=1)` refuses a blank answer.
    """

    def _deserialize(self, value, attr, data, **kwargs):
        text = super()._deserialize(value, attr, data, **kwargs)
        if "\x00" in text:
            raise ValidationError("must not contain NUL characters")
        try:
            text.encode("utf-8")
        except UnicodeEncodeError:  # JSON may carry "\ud800", which no database can store
            raise ValidationError("must be valid Unicode text") from None
        return text.strip()


def text(min_len: int = 0, max_len: int = 200, validate_also=None, **kwargs) -> Text:
    """A Text of `min_len` to `max_len` characters (after trimming), with any further validator."""
    validators = [validate.Length(min=min_len, max=max_len)]
    if validate_also is not None:
        validators.append(validate_also)
    return Text(validate=validators, **kwargs)


class Count(fields.Integer):
    """A whole number from `low` to `high` (seats, kilometres, days). Strict: a JSON 2.5, 2.0 or
    "2" is refused, not cut or converted; a query string, where every value is text, passes
    `strict=False`."""

    def __init__(self, low: int, high: int, *, strict: bool = True, **kwargs):
        own = validate.Range(min=low, max=high)
        super().__init__(strict=strict, validate=_validators(own, kwargs.pop("validate", None)), **kwargs)


class Id(Count):
    """A record id (of this service or another, e.g. an HR staff id): 1 to 2**31-1, strict like
    `Count` (a query string passes `strict=False`)."""

    def __init__(self, *, strict: bool = True, **kwargs):
        super().__init__(1, MAX_ID, strict=strict, **kwargs)


class Money(Count):
    """An amount in whole VND, always a JSON integer ("10", 1.5 and 10.0 are refused), from 0 to
    10**15 by default; `minimum=1` where zero makes no sense (an allocation, an expense)."""

    def __init__(self, *, minimum: int = 0, maximum: int = MAX_VND, **kwargs):
        super().__init__(minimum, maximum, strict=True, **kwargs)


class Day(fields.Date):
    """A calendar date (ISO 8601) from 1900-01-01 to 2999-12-31: year 1 or 20266 is a typing error."""

    def __init__(self, **kwargs):
        own = validate.Range(min=FIRST_DAY, max=LAST_DAY, error="must be a date from {min} to {max}")
        super().__init__(validate=_validators(own, kwargs.pop("validate", None)), **kwargs)


class LocalDateTime(fields.AwareDateTime):
    """A time with its offset, per the contract: "times with offset, stored in UTC, shown in
    Asia/Ho_Chi_Minh".

    Input: ISO 8601 with an offset (a naive time is refused; "08:00:00 07:00", a "+" that a query
    string turned into a space, is read as +07:00), between 1900 and the end of 2999.
    Output: in the office's time zone, e.g. "2026-03-02T08:00:00+07:00"; a naive value (which
    the database layer does not hand out) is taken as UTC. `tz` (a tzinfo, or a function giving
    one) shows times in another zone, for a service whose office zone is configurable.
    """

    def __init__(self, *, tz: dt.tzinfo | Callable[[], dt.tzinfo] = OFFICE_TZ, **kwargs):
        kwargs.setdefault("format", "iso")
        super().__init__(**kwargs)
        self.tz = tz

    def local_tz(self) -> dt.tzinfo:
        """The zone times are shown in."""
        return self.tz() if callable(self.tz) else self.tz

    def _serialize(self, value, attr, obj, **kwargs):
        if value is not None:
            if value.tzinfo is None:
                value = value.replace(tzinfo=dt.timezone.utc)
            value = value.astimezone(self.local_tz())
        return super()._serialize(value, attr, obj, **kwargs)

    def _deserialize(self, value, attr, data, **kwargs):
        if isinstance(value, str):
            value = _SPACE_OFFSET.sub(r"\1+\2", value.strip())
        result = super()._deserialize(value, attr, data, **kwargs)
        if not _FIRST_TIME <= result < _END_OF_TIME:
            raise ValidationError(f"must be a time from {FIRST_DAY} to {LAST_DAY}")
        return result
