import datetime as dt
from decimal import Decimal

import pytest

from assets.domain.wear import (
    accumulated_as_of,
    annual_wear,
    is_worn_in,
    last_closed_fiscal_year,
    residual_as_of,
    wear_for_year,
)


def test_annual_wear_is_cost_times_rate_rounded_half_up():
    assert annual_wear(15_000_000, Decimal("14.29")) == 2_143_500
    assert annual_wear(1_001, "10") == 100  # 100.1
    assert annual_wear(1_005, "10") == 101  # 100.5 rounds up


def test_wear_never_passes_the_cost():
    cost, rate = 15_000_000, "14.29"
    accumulated = 0
    amounts = []
    for _ in range(9):
        amount = wear_for_year(cost, rate, accumulated)
        amounts.append(amount)
        accumulated += amount
    assert accumulated == cost
    assert amounts[:7][-1] == cost - 6 * 2_143_500  # the 7th year takes only what is left
    assert amounts[7:] == [0, 0]


def test_a_fully_worn_asset_takes_nothing_more():
    assert wear_for_year(10_000, "20", 10_000) == 0
    assert wear_for_year(10_000, "20", 12_000) == 0


@pytest.mark.parametrize(
    "year, acquired, disposed, expected",
    [
        (2025, dt.date(2025, 12, 31), None, True),
        (2025, dt.date(2026, 1, 1), None, False),
        (2025, dt.date(2020, 1, 1), dt.date(2025, 12, 31), False),
        (2025, dt.date(2020, 1, 1), dt.date(2026, 1, 2), True),
    ],
)
def test_which_assets_a_year_wears(year, acquired, disposed, expected):
    assert is_worn_in(year, acquired, disposed) is expected


def test_residual_counts_only_years_ended_by_the_date():
    entries = [(2024, 100), (2025, 100)]
    assert accumulated_as_of(entries, dt.date(2025, 12, 30)) == 100
    assert residual_as_of(1_000, entries, dt.date(2025, 12, 31)) == 800
    assert residual_as_of(1_000, entries, dt.date(2024, 6, 1)) == 1_000


def test_last_closed_fiscal_year():
    assert last_closed_fiscal_year(dt.date(2026, 3, 1)) == 2025
    assert last_closed_fiscal_year(dt.date(2026, 12, 31)) == 2026
