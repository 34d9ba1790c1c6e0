"""Fuel against the vehicle's norm: a trip that burned more than norm x distance plus a
tolerance is flagged for the fleet office to look into."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class FuelCheck:
    """The litres a trip should have used, the most it may use, and whether it went over."""

    expected_litres: float
    allowed_litres: float
    litres: float
    flagged: bool

    @property
    def excess_litres(self) -> float:
        return round(max(self.litres - self.allowed_litres, 0.0), 2)


def check_fuel(norm_l_per_100km: float, km: float, litres: float, tolerance: float) -> FuelCheck:
    """Compare the litres used with norm x km / 100, allowing `tolerance` (0.10 = 10 %) above it.

    An electric vehicle has a norm of 0 l/100 km, so any litres at all are flagged.
    """
    expected = norm_l_per_100km * km / 100.0
    allowed = expected * (1.0 + tolerance)
    # a rounding hair above the allowance is not fuel misuse
    flagged = litres > allowed + 1e-9
    return FuelCheck(round(expected, 2), round(allowed, 2), round(litres, 2), flagged)
