"""The assets API's own fields, built on the shared ones of `buildingblocks.fields`: a wear rate
and the free attributes of an asset, kept flat and finite."""
from __future__ import annotations

import math
from decimal import Decimal

from marshmallow import ValidationError, fields, validate

from buildingblocks.fields import MAX_VND, Text

_VALUE = Text(validate=validate.Length(max=200))


def wear_rate(**kwargs) -> fields.Decimal:
    """A yearly wear rate in percent, two decimals, above 0 and at most 100. The OpenAPI document
    states the bounds as numbers (a Decimal bound would be written as the string "100.00")."""
    return fields.Decimal(places=2, validate=validate.Range(min=Decimal("0.01"), max=Decimal(100)),
                          metadata={"minimum": 0.01, "maximum": 100}, **kwargs)


class Attributes(fields.Dict):
    """Free attributes of an asset (a vehicle's plate, seats...): at most 30 flat, finite values;
    names and text values are shared Text (text values of at most 200 characters)."""

    def __init__(self, **kwargs):
        super().__init__(keys=Text(validate=validate.Length(min=1, max=50)), **kwargs)

    def _deserialize(self, value, attr, data, **kwargs):
        result = super()._deserialize(value, attr, data, **kwargs)
        if len(result) > 30:
            raise ValidationError("at most 30 attributes")
        for key, item in result.items():
            if isinstance(item, str):
                try:
                    result[key] = _VALUE.deserialize(item)
                except ValidationError as error:
                    raise ValidationError(f"{key}: {' '.join(error.messages)}") from None
            elif isinstance(item, float):
                if not math.isfinite(item):
                    raise ValidationError(f"{key}: must be a finite number")
            elif isinstance(item, int) and not isinstance(item, bool):
                if abs(item) > MAX_VND:
                    raise ValidationError(f"{key}: number too large")
            elif item is not None and not isinstance(item, bool):
                raise ValidationError(f"{key}: must be text, a number, true/false or null")
        return result
