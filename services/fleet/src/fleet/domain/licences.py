"""Driving licence classes, under the two laws that issue them, and which vehicles each may drive.

Sources (docs regulations.md section 10; marks [A] legal text, [B] several secondary sources,
[C] one source or an inference):
- Old system, Law on Road Traffic 2008 (23/2008/QH12) Art 59 and Circular 12/2017/TT-BGTVT
  Art 16 [B]: B1 cars up to 9 seats with the driver's (not as a professional driver), B2 the same
  professionally, C trucks and B1, B2; D 10 to 30 seats; E more than 30; F* the class with a
  trailer. Issued until 31/12/2024, valid with their old meaning until they expire.
- New system, Law on Road Traffic Order and Safety 36/2024/QH15 Art 57, from 01/01/2025 [B]:
  A1, A, B1 (motorcycles), B (cars up to 8 seats without the driver's), C1 and C (trucks, and
  B), D1 (more than 8 up to 16), D2 (more than 16 up to 29), D (more than 29); BE, C1E, CE, D1E,
  D2E, DE the class pulling a trailer [C: that each also drives its base class].
- Which system issued a licence [C, an inference from the validity rules, configurable]: a class
  of one system only says it; B1 with an expiry date is the old B1 (the new one has none); C and
  D are valid 5 years in both systems, so one expiring on or after 01/01/2030 was issued under
  the new law.
A vehicle's `seats` count the driver's (a "7-seat car" carries six passengers).
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

OLD, NEW = "2008", "2024"
OLD_CLASSES = ("B1", "B2", "C", "D", "E", "FB2", "FC", "FD", "FE")
NEW_CLASSES = ("A1", "A", "B1", "B", "C1", "C", "D1", "D2", "D", "BE", "C1E", "CE", "D1E", "D2E", "DE")
CLASSES = tuple(dict.fromkeys(OLD_CLASSES + NEW_CLASSES))

# how far a class reaches, in passenger seats: nothing, a car, up to D1's, up to D2's, any bus
NONE, CAR, SMALL_BUS, BUS, LARGE_BUS = range(5)
REACH = {
    OLD: {"B1": CAR, "B2": CAR, "C": CAR, "D": BUS, "E": LARGE_BUS,
          "FB2": CAR, "FC": CAR, "FD": BUS, "FE": LARGE_BUS},
    NEW: {"A1": NONE, "A": NONE, "B1": NONE, "B": CAR, "C1": CAR, "C": CAR, "D1": SMALL_BUS, "D2": BUS,
          "D": LARGE_BUS, "BE": CAR, "C1E": CAR, "CE": CAR, "D1E": SMALL_BUS, "D2E": BUS, "DE": LARGE_BUS},
}
# the class a vehicle of each reach needs (old: 10 to 30 seats is one class, D)
NEEDED = {OLD: {CAR: "B2", SMALL_BUS: "D", BUS: "D", LARGE_BUS: "E"},
          NEW: {CAR: "B", SMALL_BUS: "D1", BUS: "D2", LARGE_BUS: "D"}}


@dataclass(frozen=True)
class LicenceRules:
    """The numbers of the licence rules (fleet.config reads them from the environment)."""

    car_max_passengers: int = 8         # [B] new B: up to 8 seats without the driver's; old B1/B2: 9 with it
    small_bus_max_passengers: int = 16  # [B] new D1: more than 8 up to 16
    bus_max_passengers: int = 29        # [B] new D2: more than 16 up to 29; old D: 10 to 30 seats with the driver's
    new_system_from: dt.date = dt.date(2025, 1, 1)  # [B] Law 36/2024/QH15 in force
    bus_licence_years: int = 5          # [B] C and D valid 5 years, in both systems
    small_car_class: str = "B2"         # [C] old system: B1 is for non-professional drivers


def passenger_seats(seats: int) -> int:
    """Seats left for passengers: a vehicle's seat count includes the driver's."""
    return max(seats - 1, 0)


def reach_needed(seats: int, rules: LicenceRules = LicenceRules()) -> int:
    """How far a licence must reach to drive a vehicle of `seats` seats (the driver's included)."""
    passengers = passenger_seats(seats)
    if passengers <= rules.car_max_passengers:
        return CAR
    if passengers <= rules.small_bus_max_passengers:
        return SMALL_BUS
    return BUS if passengers <= rules.bus_max_passengers else LARGE_BUS


def system_of(held: str | None, expiry: dt.date | None, rules: LicenceRules = LicenceRules()) -> str:
    """The law that issued a licence of class `held` expiring on `expiry` (see the module's note)."""
    held = (held or "").upper()
    if held not in REACH[NEW]:
        return OLD
    if held not in REACH[OLD]:
        return NEW
    if held == "B1":
        return OLD if expiry else NEW
    first_new_expiry = rules.new_system_from.replace(year=rules.new_system_from.year + rules.bus_licence_years)
    return NEW if expiry is not None and expiry >= first_new_expiry else OLD


def reach_of(held: str | None, expiry: dt.date | None, rules: LicenceRules = LicenceRules()) -> int:
    """How far a licence reaches under the system that issued it."""
    system, held = system_of(held, expiry, rules), (held or "").upper()
    if system == OLD and held == "B1" and rules.small_car_class != "B1":
        return NONE
    return REACH[system].get(held, NONE)


def needed_class(seats: int, system: str, rules: LicenceRules = LicenceRules()) -> str:
    """The class a vehicle of `seats` seats needs under `system`."""
    reach = reach_needed(seats, rules)
    return rules.small_car_class if system == OLD and reach == CAR else NEEDED[system][reach]


def may_drive(held: str | None, expiry: dt.date | None, seats: int, rules: LicenceRules = LicenceRules()) -> bool:
    """True when the licence may drive a vehicle of `seats` seats under the system that issued it."""
    return reach_of(held, expiry, rules) >= reach_needed(seats, rules)


def required_class(seats: int, small_car_class: str = "B2", rules: LicenceRules | None = None) -> str:
    """The old-system class a vehicle needs (B2 for cars by default: the pool drives professionally)."""
    rules = rules or LicenceRules(small_car_class=small_car_class)
    return needed_class(seats, OLD, rules)


def expiring_soon(expiry: dt.date | None, today: dt.date, warning_days: int) -> bool:
    """True when a licence expires within `warning_days` from `today` (or has expired)."""
    return expiry is not None and expiry <= today + dt.timedelta(days=warning_days)
