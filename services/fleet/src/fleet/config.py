"""The fleet's configurable numbers, each with its default and where the default comes from.

Every value can be overridden by the environment variable of the same name (or by a keyword
argument of `Config.from_env` in tests). Marks follow docs regulations.md: [A] legal text,
[B] several secondary sources, [C] one source, [D] someone's code, [—] a guess. The office's
time zone is `buildingblocks.clock` (OFFICE_TIMEZONE), the same for every service.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from buildingblocks.cars import CarLimitRules
from buildingblocks.config import ServiceConfig, Settings

from .domain.feasibility import DispatchPolicy
from .domain.licences import OLD_CLASSES, LicenceRules
from .domain.vehicles import ReplacementRules

SERVICE = "fleet"

DEFAULTS = {
    # [—] the default: a driver back from a trip needs half an hour before the next
    # (refuel, clean, hand over); applied after every trip to both the car and the driver.
    "FLEET_TURNAROUND_MINUTES": 30,
    # [—] the default: "least used" looks back 30 days.
    "FLEET_TRAILING_WINDOW_DAYS": 30,
    # [C] driving time of a driver at most 10 h a day (Road Traffic Law 2008 Art 65; Law on Road
    # Traffic Order and Safety 2024 Art 64, as summarized by legal sites; not in regulations.md).
    "FLEET_DRIVER_DAILY_DUTY_HOURS": 10.0,
    # [—] the default: fuel up to 10 % above norm x distance is accepted (the internal
    # spending rules set it; regulations.md has no national figure).
    "FLEET_FUEL_TOLERANCE": 0.10,
    # [C] cars up to 9 seats need B2 for a professional driver; B1 is for non-professionals
    # (Circular 12/2017/TT-BGTVT Art 16). Set "B1" to accept B1 licences.
    "FLEET_SMALL_CAR_LICENCE": "B2",
    # [B] Law 36/2024/QH15 Art 57 (regulations.md section 10): the passenger seats (driver's not
    # counted) a new class B, D1 and D2 licence may drive; the old B2 (9 seats with the driver's)
    # and D (10 to 30 with it) give the same cuts.
    "FLEET_LICENCE_CAR_MAX_PASSENGERS": 8,
    "FLEET_LICENCE_SMALL_BUS_MAX_PASSENGERS": 16,
    "FLEET_LICENCE_BUS_MAX_PASSENGERS": 29,
    # [B] the day the 2024 law's classes were first issued.
    "FLEET_LICENCE_NEW_SYSTEM_FROM": "2025-01-01",
    # [B] C and D licences are valid 5 years in both systems; [C] so one expiring 5 years after the
    # new law or later was issued under it (how an ambiguous C or D is told apart).
    "FLEET_LICENCE_BUS_YEARS": 5,
    # [—] issue 13's figure: a driver is flagged this many days before their licence expires.
    "FLEET_LICENCE_WARNING_DAYS": 60,
    # [—] a guess: the longest business trip the pool books in one go.
    "FLEET_MAX_BOOKING_DAYS": 14,
    # [—] a guess: a maintenance plan is "due soon" this close to its km or date.
    "FLEET_MAINTENANCE_SOON_KM": 500,
    "FLEET_MAINTENANCE_SOON_DAYS": 14,
    # [—] choosing a pair: the smallest vehicle class that fits before the least used (see
    # fleet.domain.balancing and bench/fleet/demand.py); "false" = least used of all vehicles.
    "FLEET_RIGHT_SIZE": True,
    # [C] domain.md: "leadership's own are approved": a leadership member's booking charged to the
    # leadership's own unit is approved as it is made. One charged to another board waits for that
    # board's head or another leader (issue 10, finding 10); "true" brings back approval on creation
    # for every board a leader books for (nobody decides their own: keep it false).
    "FLEET_LEADERSHIP_SELF_APPROVE": False,
    # [A] NĐ 72/2023 Art 3.4(b): a car may be replaced past 250,000 km, or 200,000 km for units in
    # mountain/island/ĐBKK areas or in provinces with more than half such communes
    # (CAR_LIMIT_HARDSHIP_COMMUNE_SHARE > 0.5, buildingblocks.cars, or this flag).
    "FLEET_REPLACEMENT_KM": 250_000,
    "FLEET_REPLACEMENT_KM_HARDSHIP": 200_000,
    "FLEET_HARDSHIP_AREA": False,
    # [A] Art 3.4(c): a repair estimate above 30 % of the car's original cost.
    "FLEET_REPLACEMENT_REPAIR_RATIO": 0.30,
    # [D] Art 3.4(a) points to the fixed-asset rules (TT 23/2023 Appendix 01, not found): the
    # assets catalogue's 15 years for cars, used when the register did not send the car's own.
    "FLEET_CAR_USEFUL_LIFE_YEARS": 15,
    # [—] "cars needed" is the peak of overlapping bookings over this many days back.
    "FLEET_NEED_WINDOW_DAYS": 365,
}


@dataclass(frozen=True)
class Config(ServiceConfig):
    """The fleet's settings and numbers, read once per process (`uow.config` in use cases)."""

    SERVICE = SERVICE
    turnaround_minutes: int = DEFAULTS["FLEET_TURNAROUND_MINUTES"]
    trailing_window_days: int = DEFAULTS["FLEET_TRAILING_WINDOW_DAYS"]
    driver_daily_duty_hours: float = DEFAULTS["FLEET_DRIVER_DAILY_DUTY_HOURS"]
    fuel_tolerance: float = DEFAULTS["FLEET_FUEL_TOLERANCE"]
    small_car_licence: str = DEFAULTS["FLEET_SMALL_CAR_LICENCE"]
    max_booking_days: int = DEFAULTS["FLEET_MAX_BOOKING_DAYS"]
    maintenance_soon_km: int = DEFAULTS["FLEET_MAINTENANCE_SOON_KM"]
    maintenance_soon_days: int = DEFAULTS["FLEET_MAINTENANCE_SOON_DAYS"]
    right_size: bool = DEFAULTS["FLEET_RIGHT_SIZE"]
    leadership_self_approve: bool = DEFAULTS["FLEET_LEADERSHIP_SELF_APPROVE"]
    licences: LicenceRules = LicenceRules()
    licence_warning_days: int = DEFAULTS["FLEET_LICENCE_WARNING_DAYS"]
    car_limit: CarLimitRules = CarLimitRules()
    replacement: ReplacementRules = ReplacementRules()
    need_window_days: int = DEFAULTS["FLEET_NEED_WINDOW_DAYS"]

    @classmethod
    def from_settings(cls, settings: Settings) -> "Config":
        """The numbers from the environment (or test overrides), else the defaults above."""
        config = cls(
            settings=settings,
            turnaround_minutes=settings.get("FLEET_TURNAROUND_MINUTES", DEFAULTS["FLEET_TURNAROUND_MINUTES"], int),
            trailing_window_days=settings.get("FLEET_TRAILING_WINDOW_DAYS", DEFAULTS["FLEET_TRAILING_WINDOW_DAYS"], int),
            driver_daily_duty_hours=settings.get(
                "FLEET_DRIVER_DAILY_DUTY_HOURS", DEFAULTS["FLEET_DRIVER_DAILY_DUTY_HOURS"], float),
            fuel_tolerance=settings.get("FLEET_FUEL_TOLERANCE", DEFAULTS["FLEET_FUEL_TOLERANCE"], float),
            small_car_licence=str(settings.get("FLEET_SMALL_CAR_LICENCE", DEFAULTS["FLEET_SMALL_CAR_LICENCE"])).upper(),
            max_booking_days=settings.get("FLEET_MAX_BOOKING_DAYS", DEFAULTS["FLEET_MAX_BOOKING_DAYS"], int),
            maintenance_soon_km=settings.get("FLEET_MAINTENANCE_SOON_KM", DEFAULTS["FLEET_MAINTENANCE_SOON_KM"], int),
            maintenance_soon_days=settings.get(
                "FLEET_MAINTENANCE_SOON_DAYS", DEFAULTS["FLEET_MAINTENANCE_SOON_DAYS"], int),
            right_size=settings.get("FLEET_RIGHT_SIZE", DEFAULTS["FLEET_RIGHT_SIZE"], bool),
            leadership_self_approve=settings.get(
                "FLEET_LEADERSHIP_SELF_APPROVE", DEFAULTS["FLEET_LEADERSHIP_SELF_APPROVE"], bool),
            licences=_licence_rules(settings),
            licence_warning_days=settings.get("FLEET_LICENCE_WARNING_DAYS", DEFAULTS["FLEET_LICENCE_WARNING_DAYS"], int),
            car_limit=(car_limit := CarLimitRules.from_settings(settings)),
            replacement=_replacement_rules(settings, car_limit),
            need_window_days=settings.get("FLEET_NEED_WINDOW_DAYS", DEFAULTS["FLEET_NEED_WINDOW_DAYS"], int),
        )
        if config.small_car_licence not in OLD_CLASSES:
            raise ValueError(f"FLEET_SMALL_CAR_LICENCE must be one of {OLD_CLASSES}")
        return config

    @property
    def turnaround(self) -> dt.timedelta:
        return dt.timedelta(minutes=self.turnaround_minutes)

    @property
    def trailing_window(self) -> dt.timedelta:
        return dt.timedelta(days=self.trailing_window_days)

    def dispatch_policy(self) -> DispatchPolicy:
        """The rules dispatch applies, as the pure domain takes them."""
        return DispatchPolicy(turnaround=self.turnaround, daily_duty_hours=self.driver_daily_duty_hours,
                              licences=self.licences, right_size=self.right_size)


def _licence_rules(settings: Settings) -> LicenceRules:
    def number(name: str) -> int:
        return settings.get(name, DEFAULTS[name], int)

    return LicenceRules(
        car_max_passengers=number("FLEET_LICENCE_CAR_MAX_PASSENGERS"),
        small_bus_max_passengers=number("FLEET_LICENCE_SMALL_BUS_MAX_PASSENGERS"),
        bus_max_passengers=number("FLEET_LICENCE_BUS_MAX_PASSENGERS"),
        new_system_from=dt.date.fromisoformat(str(settings.get(
            "FLEET_LICENCE_NEW_SYSTEM_FROM", DEFAULTS["FLEET_LICENCE_NEW_SYSTEM_FROM"]))),
        bus_licence_years=number("FLEET_LICENCE_BUS_YEARS"),
        small_car_class=str(settings.get("FLEET_SMALL_CAR_LICENCE", DEFAULTS["FLEET_SMALL_CAR_LICENCE"])).upper())


def _replacement_rules(settings: Settings, car_limit: CarLimitRules) -> ReplacementRules:
    def get(name: str, cast):
        return settings.get(name, DEFAULTS[name], cast)

    return ReplacementRules(
        km=get("FLEET_REPLACEMENT_KM", int), km_hardship=get("FLEET_REPLACEMENT_KM_HARDSHIP", int),
        hardship=get("FLEET_HARDSHIP_AREA", bool) or car_limit.hardship_province,
        repair_ratio=get("FLEET_REPLACEMENT_REPAIR_RATIO", float),
        useful_life_years=get("FLEET_CAR_USEFUL_LIFE_YEARS", int))
