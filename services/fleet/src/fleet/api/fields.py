"""The fleet API's own fields, built on the shared ones of `buildingblocks.fields`."""
from __future__ import annotations

import datetime as dt
import re

from flask import current_app, has_app_context

from buildingblocks import fields as shared


def office_tz() -> dt.tzinfo:
    """The office's time zone from the app's fleet config (FLEET_UTC_OFFSET_HOURS; +07:00 outside an app)."""
    if has_app_context() and "fleet_config" in current_app.extensions:
        return current_app.extensions["fleet_config"].tz
    return shared.OFFICE_TZ


class Plate(shared.Text):
    """A number plate in one spelling: upper case, no spaces ("29a-123.45 " -> "29A-123.45")."""

    def _deserialize(self, value, attr, data, **kwargs):
        return re.sub(r"\s+", "", super()._deserialize(value, attr, data, **kwargs)).upper()


class LocalDateTime(shared.LocalDateTime):
    """The shared time field, shown in the zone of the fleet config, the one dispatch reckons days in."""

    def __init__(self, **kwargs):
        super().__init__(tz=office_tz, **kwargs)
