"""Wear [hao mòn] of fixed assets: straight line on original cost, once a year, never past the cost.

TT 23/2023/TT-BTC: annual wear = original cost x wear rate (% per year) (Art 14.1), computed once
a year in December before the books close (Art 12.1.a). Residual value = original cost -
accumulated wear.
"""
from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal
from typing import Iterable


def fiscal_year_end(fiscal_year: int) -> dt.date:
    """The last day of a fiscal year (the fiscal year is the calendar year)."""
    return dt.date(fiscal_year, 12, 31)


def annual_wear(original_cost_vnd: int, wear_rate_pct: Decimal | float | str) -> int:
    """A full year's wear in whole VND, rounded half up."""
    amount = Decimal(original_cost_vnd) * Decimal(str(wear_rate_pct)) / Decimal(100)
    return int(amount.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def wear_for_year(original_cost_vnd: int, wear_rate_pct: Decimal | float | str, accumulated_vnd: int) -> int:
    """The wear to record for one more year: the annual wear, capped so that the accumulated
    wear never passes the original cost (the last year of a life takes only what is left)."""
    remaining = max(original_cost_vnd - accumulated_vnd, 0)
    return min(annual_wear(original_cost_vnd, wear_rate_pct), remaining)


def is_worn_in(fiscal_year: int, acquired_on: dt.date, disposed_on: dt.date | None) -> bool:
    """Whether an asset is on the books at the year's wear run (December of that year): acquired
    by the end of the year and not disposed before it ends."""
    end = fiscal_year_end(fiscal_year)
    if acquired_on > end:
        return False
    return disposed_on is None or disposed_on > end


def accumulated_as_of(entries: Iterable[tuple[int, int]], as_of: dt.date) -> int:
    """Wear accumulated as of a date: the entries (fiscal_year, amount) of fiscal years ending on
    or before that date."""
    return sum(amount for year, amount in entries if fiscal_year_end(year) <= as_of)


def residual_as_of(original_cost_vnd: int, entries: Iterable[tuple[int, int]], as_of: dt.date) -> int:
    """Residual value as of a date = original cost - wear of fiscal years ended by then."""
    return original_cost_vnd - accumulated_as_of(entries, as_of)


def last_closed_fiscal_year(as_of: dt.date) -> int:
    """The latest fiscal year whose end is on or before `as_of`."""
    return as_of.year if as_of == fiscal_year_end(as_of.year) else as_of.year - 1
