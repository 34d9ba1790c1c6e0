"""The spending regulation [quy chế chi tiêu nội bộ]: dated versions of norms, and the norm check.

One regulation serves every unit. A version takes effect on its `effective_from` and stays in
force until the next version's; a request is checked against the version in force on the
request's own date, so a late request for an old trip is judged by the old rules.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass, field
from datetime import date
from typing import Iterable, Sequence

from buildingblocks.errors import Invalid, RuleBroken
from buildingblocks.vocabulary import TITLE_RANKS  # noqa: F401  (the ranks HR publishes)

from .errors import InvalidRegulation, OverNorm

PERIODS = ("item", "day", "night", "month", "year", "event")
# For these the limit caps the price of one unit (one item, one day of per diem, one night of
# lodging, one event); quantity x rate may add up to more than the limit.
UNIT_PERIODS = frozenset({"item", "day", "night", "event"})
# For these the limit caps everything the beneficiary draws in the calendar month or year.
CUMULATIVE_PERIODS = frozenset({"month", "year"})



@dataclass(frozen=True)
class Norm:
    """One limit of the regulation: `limit_vnd` per `per`, for a category, a rank and a tier."""

    category: str
    limit_vnd: int
    per: str
    title_rank: str | None = None
    locality_tier: str | None = None
    source: str = ""
    id: int | None = None

    def applies_to(self, category: str, title_rank: str | None, locality_tier: str | None) -> bool:
        """True when the norm covers this category, rank and tier (a norm without rank or tier covers all)."""
        return (
            self.category == category
            and (self.title_rank is None or self.title_rank == title_rank)
            and (self.locality_tier is None or self.locality_tier == locality_tier)
        )

    @property
    def specificity(self) -> int:
        # A rank-specific norm beats a tier-specific one, which beats the general norm: the
        # regulation names a rank when it wants that rank treated apart from everyone else.
        return (2 if self.title_rank else 0) + (1 if self.locality_tier else 0)

    @property
    def is_cumulative(self) -> bool:
        """True when the limit caps a month's or a year's total rather than one unit's price."""
        return self.per in CUMULATIVE_PERIODS


@dataclass(frozen=True)
class RegulationVersion:
    """A version of the regulation, in force from `effective_from` until the next version."""

    effective_from: date
    norms: tuple[Norm, ...] = field(default_factory=tuple)
    id: int | None = None
    title: str = ""


def validate_norms(norms: Sequence[Norm]) -> None:
    """Refuse a version that would make the norm lookup ambiguous or meaningless."""
    errors: dict[str, list[str]] = {}
    seen: dict[tuple, int] = {}
    for index, norm in enumerate(norms):
        key = (norm.category, norm.title_rank, norm.locality_tier)
        if key in seen:
            errors.setdefault(f"norms.{index}", []).append(
                f"duplicates norm {seen[key]}: one limit per category, title rank and locality tier"
            )
        else:
            seen[key] = index
        if norm.per not in PERIODS:
            errors.setdefault(f"norms.{index}.per", []).append(f"must be one of {', '.join(PERIODS)}")
        if norm.limit_vnd < 0:
            errors.setdefault(f"norms.{index}.limit_vnd", []).append("must not be negative")
    if errors:
        raise InvalidRegulation("the norms of this version are inconsistent", errors)


def require_new_date(effective_from: date, taken: bool) -> None:
    """One version per effective date: versions are never edited, a change is a new version."""
    if taken:
        raise RuleBroken(
            f"a version taking effect on {effective_from} exists already; versions are never edited",
            rule="version_exists", effective_from=effective_from.isoformat(),
        )


def version_in_force(versions: Iterable[RegulationVersion], on: date) -> RegulationVersion | None:
    """The version whose `effective_from` is the latest on or before `on` (None before the first)."""
    in_force = None
    for version in versions:
        if version.effective_from <= on and (in_force is None or version.effective_from > in_force.effective_from):
            in_force = version
    return in_force


def regulates(norms: Iterable[Norm], category: str) -> bool:
    """True when the regulation sets any limit for the category at all."""
    return any(norm.category == category for norm in norms)


def applicable_norm(
    norms: Iterable[Norm], category: str, title_rank: str | None, locality_tier: str | None
) -> Norm | None:
    """The most specific norm covering the category for this rank and tier, or None."""
    candidates = [n for n in norms if n.applies_to(category, title_rank, locality_tier)]
    if not candidates:
        return None
    return max(candidates, key=lambda n: n.specificity)


def norm_for(version: RegulationVersion | None, category: str, title_rank: str | None,
             locality_tier: str | None, on: date) -> Norm | None:
    """The norm of the version in force that covers the request (None where the category is not regulated).

    A category the version regulates, but not for this rank and tier, is refused (Invalid): the
    requester must name the locality tier the regulation needs.
    """
    if version is None:
        return None
    norm = applicable_norm(version.norms, category, title_rank, locality_tier)
    if norm is None and regulates(version.norms, category):
        raise Invalid(
            f"the regulation in force on {on} sets {category} limits, but none for title rank "
            f"{title_rank or 'unknown'} and locality tier {locality_tier or 'none'}",
            errors={"locality_tier": ["no norm of the regulation in force applies; name the locality tier"]},
        )
    return norm


def period_of(norm: Norm, on: date) -> tuple[date, date] | None:
    """The calendar period (first day, last day) a cumulative norm counts over, or None."""
    if norm.per == "month":
        return date(on.year, on.month, 1), date(on.year, on.month, calendar.monthrange(on.year, on.month)[1])
    if norm.per == "year":
        return date(on.year, 1, 1), date(on.year, 12, 31)
    return None


@dataclass(frozen=True)
class SpendingAsk:
    """What an expense asks: `quantity` units at `rate_vnd` each (rate = amount when one unit)."""

    amount_vnd: int
    quantity: int = 1

    @property
    def rate_vnd(self) -> int:
        """The price of one unit, rounded up so that splitting an amount never slips under a norm."""
        return -(-self.amount_vnd // self.quantity)


def check_against_norm(norm: Norm, ask: SpendingAsk, already_used_vnd: int = 0) -> None:
    """Raise OverNorm with the figures when the ask exceeds the norm.

    `already_used_vnd` is what the beneficiary already drew under a cumulative (month, year) norm
    in the same period; unit norms ignore it.
    """
    if norm.is_cumulative:
        total = already_used_vnd + ask.amount_vnd
        if total > norm.limit_vnd:
            raise OverNorm(
                f"{ask.amount_vnd} VND on top of {already_used_vnd} VND already drawn this {norm.per} "
                f"exceeds the {norm.category} norm of {norm.limit_vnd} VND per {norm.per}",
                norm_vnd=norm.limit_vnd,
                per=norm.per,
                asked_vnd=ask.amount_vnd,
                already_used_vnd=already_used_vnd,
                norm_id=norm.id,
                title_rank=norm.title_rank,
                locality_tier=norm.locality_tier,
            )
        return
    if ask.rate_vnd > norm.limit_vnd:
        raise OverNorm(
            f"{ask.rate_vnd} VND per {norm.per} exceeds the {norm.category} norm of "
            f"{norm.limit_vnd} VND per {norm.per}",
            norm_vnd=norm.limit_vnd,
            per=norm.per,
            asked_vnd=ask.rate_vnd,
            quantity=ask.quantity,
            norm_id=norm.id,
            title_rank=norm.title_rank,
            locality_tier=norm.locality_tier,
        )
