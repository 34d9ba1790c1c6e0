"""What the blueprints share: answers written after the unit of work has closed its session."""
from __future__ import annotations


def loaded(found):
    """The record(s) with their vehicle loaded, so that the answer can be written after the
    unit of work has closed its session (the plate is shown next to the vehicle id)."""
    for record in found if isinstance(found, list) else [found]:
        getattr(record, "vehicle", None)
    return found


def page(rows, cursor) -> dict:
    """A list answer: {items, next_cursor}."""
    return {"items": loaded(rows), "next_cursor": cursor}
