"""The asset register's own rules: statuses, what a vehicle must state, tags."""
from __future__ import annotations

from buildingblocks.cars import plate_key

IN_USE = "in_use"
IN_REPAIR = "in_repair"
IDLE = "idle"
MISSING = "missing"
DISPOSED = "disposed"
STATUSES = (IN_USE, IN_REPAIR, IDLE, MISSING, DISPOSED)

# the history entry of a move to another board: the only change of an asset's board after its
# registration (the register report replays only the assets that have one)
TRANSFERRED = "transferred"

# statuses an office specialist may set by hand; the others follow from repairs, stock-takes
# and disposals, so that each change has its record
MANUAL_STATUSES = (IN_USE, IDLE)

VEHICLE_REQUIRED = ("plate", "seats")
VEHICLE_ATTRIBUTES = ("plate", "seats", "model", "fuel_type", "fuel_norm_l_per_100km", "odometer_km")


def vehicle_attribute_errors(attributes: dict | None) -> dict[str, list[str]]:
    """What is wrong with a vehicle's attributes: fleet needs a plate and the seats to put it in
    the pool, and numbers where numbers are expected."""
    attributes = attributes or {}
    errors: dict[str, list[str]] = {}
    for name in VEHICLE_REQUIRED:
        if attributes.get(name) in (None, ""):
            errors[name] = ["required for a vehicle"]
    plate = attributes.get("plate")
    if plate is not None and (not isinstance(plate, str) or not 3 <= len(plate.strip()) <= 20):
        errors["plate"] = ["a licence plate of 3 to 20 characters"]
    seats = attributes.get("seats")
    if seats is not None and (isinstance(seats, bool) or not isinstance(seats, int) or not 1 <= seats <= 60):
        errors["seats"] = ["a whole number from 1 to 60"]
    norm = attributes.get("fuel_norm_l_per_100km")
    if norm is not None and (isinstance(norm, bool) or not isinstance(norm, (int, float)) or not 0 < norm <= 100):
        errors["fuel_norm_l_per_100km"] = ["a number above 0 and at most 100"]
    odometer = attributes.get("odometer_km")
    if odometer is not None and (isinstance(odometer, bool) or not isinstance(odometer, int) or odometer < 0):
        errors["odometer_km"] = ["a whole number of km, 0 or more"]
    for name in ("model", "fuel_type"):
        value = attributes.get(name)
        if value is not None and (not isinstance(value, str) or len(value) > 100):
            errors[name] = ["text of at most 100 characters"]
    return errors


def normalize_plate(plate: str) -> str:
    """Plates compare by their letters and digits only (buildingblocks.cars, as fleet does):
    `81A-000.11`, `81a 00011` and `81A00011` are one car."""
    return plate_key(plate)


def format_tag(prefix: str, year: int, number: int) -> str:
    """A new asset tag, e.g. TS2026-00042: the register's prefix, the year and a counter."""
    return f"{prefix}{year}-{number:05d}"


def repair_advises_replacement(is_vehicle: bool, estimate_vnd: int, original_cost_vnd: int, ratio: float) -> bool:
    """NĐ 72/2023 Art 3.4(c): a car whose repair estimate is above a share of its original cost
    may be liquidated and replaced instead."""
    return is_vehicle and original_cost_vnd > 0 and estimate_vnd > ratio * original_cost_vnd
