"""Vehicles: how a plate is written, compared and searched."""
from __future__ import annotations


def compact_plate(plate: str | None) -> str:
    """A plate without dots, dashes or spaces ("36A-001.01" -> "36A00101"): how search compares it."""
    return "".join(ch for ch in plate or "" if ch.isalnum())
