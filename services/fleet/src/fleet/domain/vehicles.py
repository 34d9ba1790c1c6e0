"""Vehicles: how a plate is written, compared and searched; what an edit may not break."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from buildingblocks.cars import plate_key as _plate_key
from buildingblocks.errors import Invalid, RuleBroken

from .feasibility import VEHICLE_AVAILABLE, VEHICLE_RETIRED
from .licences import passenger_seats

FUEL_TYPES = ("petrol", "diesel", "hybrid", "electric")


def normalize_plate(plate: str) -> str:
    """How a plate is written in the pool: upper case, no spaces ("29a-123.45 " -> "29A-123.45")."""
    return "".join(plate.split()).upper()


def plate_key(plate: str | None) -> str:
    """What makes two plates the same car, as the assets register compares them too: letters and
    digits only ("81A-000.11", "81a 00011" and "81A00011" are one car)."""
    return _plate_key(plate)


def compact_plate(plate: str | None) -> str:
    """A plate without dots, dashes or spaces ("36A-001.01" -> "36A00101"): how search compares it."""
    return "".join(ch for ch in plate or "" if ch.isalnum())


@dataclass(frozen=True)
class Upcoming:
    """A dispatched or running trip of the vehicle that has not ended yet."""

    booking_id: int
    unit: str
    start_at: dt.datetime
    end_at: dt.datetime
    status: str
    passengers: int

    def as_dict(self, *keys: str) -> dict[str, Any]:
        """The trip as a refusal lists it (only `keys` when given)."""
        row = {"booking_id": self.booking_id, "unit": self.unit, "start_at": self.start_at.isoformat(),
               "end_at": self.end_at.isoformat(), "status": self.status, "passengers": self.passengers}
        return {k: row[k] for k in keys} if keys else row


def plate_taken() -> RuleBroken:
    return RuleBroken("a vehicle with this plate already exists", rule="plate_taken")


def check_edit(plate: str, status: str, odometer_km: int, data: dict[str, Any], upcoming: list[Upcoming]) -> None:
    """Refuse an edit that sends the odometer back, or takes the vehicle out of service or removes
    seats while upcoming dispatched trips need it (the dispatcher moves them first)."""
    if "odometer_km" in data and data["odometer_km"] < odometer_km:
        raise RuleBroken(f"the odometer cannot go back from {odometer_km} km", rule="odometer_behind",
                         vehicle_odometer_km=odometer_km, odometer_km=data["odometer_km"])
    if data.get("status") not in (None, VEHICLE_AVAILABLE) and data["status"] != status and upcoming:
        raise RuleBroken(f"vehicle {plate} is dispatched on {len(upcoming)} upcoming trip(s)",
                         rule="vehicle_booked", bookings=[b.as_dict() for b in upcoming])
    if "seats" in data:
        short = [b for b in upcoming if b.passengers > passenger_seats(data["seats"])]
        if short:
            raise RuleBroken(f"{len(short)} upcoming trip(s) of vehicle {plate} need more seats",
                             rule="vehicle_booked", bookings=[b.as_dict() for b in short])


def seats_of(attributes: dict[str, Any]) -> int:
    """The seats an asset's attributes give (0 when missing or not a number)."""
    try:
        return int(attributes.get("seats"))
    except (TypeError, ValueError):
        return 0


def fuel_type_of(attributes: dict[str, Any]) -> str:
    """The asset's fuel type when the pool knows it, else petrol."""
    fuel = str(attributes.get("fuel_type") or "petrol").lower()
    return fuel if fuel in FUEL_TYPES else "petrol"


def check_workshop(plate: str, status: str, clash: list[Upcoming]) -> None:
    """A vehicle goes to the workshop only while in service and on days no dispatched trip needs it."""
    if status == VEHICLE_RETIRED:
        raise RuleBroken(f"vehicle {plate} is retired", rule="vehicle_retired")
    if clash:
        raise RuleBroken(f"vehicle {plate} is dispatched on {len(clash)} trip(s) in that time", rule="vehicle_booked",
                         bookings=[b.as_dict("booking_id", "unit", "start_at", "end_at") for b in clash])


def check_driver_leave(full_name: str, upcoming: list[Upcoming]) -> None:
    """A driver is made unavailable only when no upcoming dispatched trip needs them."""
    if upcoming:
        raise RuleBroken(f"driver {full_name} is dispatched on {len(upcoming)} upcoming trip(s)", rule="driver_booked",
                         bookings=[b.as_dict("booking_id", "start_at", "end_at") for b in upcoming])


def ensure_driver(staff_id: int, is_driver: bool, field: str) -> None:
    """Only staff on a driver position drive the pool's cars."""
    if not is_driver:
        message = f"staff member {staff_id} is not on a driver position"
        raise Invalid(message, errors={field: [message]})


@dataclass(frozen=True)
class ReplacementRules:
    """NĐ 72/2023 Art 3.4: when a car may be liquidated and replaced (see fleet.config)."""

    km: int = 250_000
    km_hardship: int = 200_000
    hardship: bool = False
    repair_ratio: float = 0.30
    useful_life_years: int = 15

    @property
    def km_limit(self) -> int:
        return self.km_hardship if self.hardship else self.km


def replacement_reasons(rules: ReplacementRules, today: dt.date, *, odometer_km: int, acquired_on: dt.date | None,
                        useful_life_years: int | None, original_cost_vnd: int | None,
                        repair_estimate_vnd: int | None) -> list[dict[str, Any]]:
    """Every condition of Art 3.4 the car meets (any one is enough), with its figures: past its
    useful life (a), more km than the limit (b), a repair estimate above a share of its cost (c)."""
    reasons: list[dict[str, Any]] = []
    life = useful_life_years or rules.useful_life_years
    if acquired_on is not None and life:
        try:
            end = acquired_on.replace(year=acquired_on.year + life)
        except ValueError:  # 29 February
            end = acquired_on.replace(year=acquired_on.year + life, day=28)
        if today >= end:
            reasons.append({"code": "useful_life_passed", "acquired_on": acquired_on.isoformat(),
                            "useful_life_years": life, "ended_on": end.isoformat()})
    if odometer_km > rules.km_limit:
        reasons.append({"code": "km_over", "odometer_km": odometer_km, "limit_km": rules.km_limit})
    if repair_estimate_vnd and original_cost_vnd and repair_estimate_vnd > rules.repair_ratio * original_cost_vnd:
        reasons.append({"code": "repair_over_share", "repair_estimate_vnd": repair_estimate_vnd,
                        "original_cost_vnd": original_cost_vnd, "ratio": rules.repair_ratio})
    return reasons
