"""The fleet API's own field, built on the shared ones of `buildingblocks.fields`."""
from __future__ import annotations

from buildingblocks import fields as shared

from ..domain.vehicles import normalize_plate


class Plate(shared.Text):
    """A number plate in one spelling: upper case, no spaces ("29a-123.45 " -> "29A-123.45")."""

    def _deserialize(self, value, attr, data, **kwargs):
        return normalize_plate(super()._deserialize(value, attr, data, **kwargs))
