"""Fields every schema of the assets API uses: text PostgreSQL can store, bounded numbers,
datetimes shown in the office's time zone, free attributes kept flat and finite."""
from __future__ import annotations

import datetime as dt
import math

from marshmallow import ValidationError, fields, validate

from ..service_layer.common import OFFICE_TZ

MAX_VND = 10**15
MAX_ID = 2**31 - 1
# path ids beyond a bigint are unknown ids (404), never a database overflow
ID = "<int(max=9223372036854775807):{}>"


class Text(fields.String):
    """A string without NUL characters (PostgreSQL refuses them) and trimmed of outer spaces."""

    def _deserialize(self, value, attr, data, **kwargs):
        text = super()._deserialize(value, attr, data, **kwargs)
        if "\x00" in text:
            raise ValidationError("must not contain NUL characters")
        return text.strip()


def text(min_len: int = 0, max_len: int = 200, validate_also=None, **kwargs) -> Text:
    """A Text of bounded length, with any further validator."""
    validators = [validate.Length(min=min_len, max=max_len)]
    if validate_also is not None:
        validators.append(validate_also)
    return Text(validate=validators, **kwargs)


def money(**kwargs) -> fields.Integer:
    """Whole VND, as a JSON integer."""
    return fields.Integer(strict=True, validate=validate.Range(min=0, max=MAX_VND), **kwargs)


def staff_id(**kwargs) -> fields.Integer:
    return fields.Integer(strict=True, validate=validate.Range(min=1, max=MAX_ID), **kwargs)


def day(**kwargs) -> fields.Date:
    """A date the register can hold (no year 1 typos)."""
    return fields.Date(validate=validate.Range(min=dt.date(1900, 1, 1), max=dt.date(2999, 12, 31)), **kwargs)


class LocalDateTime(fields.DateTime):
    """Stored in UTC, shown with the office's offset (+07:00)."""

    def _serialize(self, value, attr, obj, **kwargs):
        if value is None:
            return None
        return value.astimezone(OFFICE_TZ).isoformat()


class Attributes(fields.Dict):
    """Free attributes of an asset (a vehicle's plate, seats...): at most 30 flat, finite values."""

    def __init__(self, **kwargs):
        super().__init__(keys=fields.String(validate=validate.Length(min=1, max=50)), **kwargs)

    def _deserialize(self, value, attr, data, **kwargs):
        result = super()._deserialize(value, attr, data, **kwargs)
        if len(result) > 30:
            raise ValidationError("at most 30 attributes")
        for key, item in result.items():
            if isinstance(item, str):
                if len(item) > 200 or "\x00" in item:
                    raise ValidationError(f"{key}: text of at most 200 characters")
            elif isinstance(item, float):
                if not math.isfinite(item):
                    raise ValidationError(f"{key}: must be a finite number")
            elif isinstance(item, int) and not isinstance(item, bool):
                if abs(item) > MAX_VND:
                    raise ValidationError(f"{key}: number too large")
            elif item is not None and not isinstance(item, bool):
                raise ValidationError(f"{key}: must be text, a number, true/false or null")
        return result
