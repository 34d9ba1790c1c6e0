"""What every blueprint uses: the fleet config of the app and the id converter of the paths."""
from __future__ import annotations

from flask import current_app

from buildingblocks.fields import MAX_ID

from ..config import FleetConfig

# an id segment: a larger number cannot be a record, so the route does not match (404)
ID = f"int(min=1, max={MAX_ID})"


def fleet_config() -> FleetConfig:
    """The numbers this app runs with."""
    return current_app.extensions["fleet_config"]


def loaded(found):
    """The record(s) with their vehicle loaded, so that the answer can be written after the
    unit of work has closed its session (the plate is shown next to the vehicle id)."""
    for record in found if isinstance(found, list) else [found]:
        getattr(record, "vehicle", None)
    return found


def page(rows, cursor) -> dict:
    """A list answer: {items, next_cursor}."""
    return {"items": loaded(rows), "next_cursor": cursor}
