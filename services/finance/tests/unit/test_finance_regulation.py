"""Norm lookup by version, date, title rank and locality tier, and the norm check itself."""

from datetime import date

import pytest

from finance.config import DEFAULT_REGULATION_VERSIONS
from finance.domain.errors import InvalidRegulation, OverNorm
from finance.domain.regulation import (
    Norm,
    RegulationVersion,
    SpendingAsk,
    applicable_norm,
    check_against_norm,
    period_of,
    regulates,
    validate_norms,
    version_in_force,
)

V2017 = RegulationVersion(date(2017, 7, 1), (Norm("travel_per_diem", 200_000, "day"),), id=1)
V2025 = RegulationVersion(date(2025, 5, 4), (Norm("travel_per_diem", 300_000, "day"),), id=2)


@pytest.mark.parametrize(
    "on, expected",
    [
        (date(2017, 6, 30), None),
        (date(2017, 7, 1), 1),
        (date(2025, 5, 3), 1),
        (date(2025, 5, 4), 2),
        (date(2030, 1, 1), 2),
    ],
)
def test_the_version_in_force_is_the_latest_that_started_on_or_before_the_date(on, expected):
    found = version_in_force([V2025, V2017], on)
    assert (found.id if found else None) == expected


LODGING = [
    Norm("lodging", 300_000, "night"),
    Norm("lodging", 450_000, "night", locality_tier="city"),
    Norm("lodging", 600_000, "night", title_rank="board_head"),
    Norm("lodging", 1_600_000, "night", title_rank="secretary"),
    Norm("lodging", 900_000, "night", title_rank="secretary", locality_tier="city"),
]


@pytest.mark.parametrize(
    "rank, tier, limit",
    [
        ("specialist", None, 300_000),
        ("specialist", "city", 450_000),
        ("specialist", "unknown-tier", 300_000),
        ("board_head", None, 600_000),
        ("board_head", "city", 600_000),  # the rank-specific norm beats the tier-specific one
        ("secretary", None, 1_600_000),
        ("secretary", "city", 900_000),  # rank and tier beats rank alone
    ],
)
def test_the_most_specific_norm_applies(rank, tier, limit):
    assert applicable_norm(LODGING, "lodging", rank, tier).limit_vnd == limit


def test_a_category_without_a_general_norm_may_have_no_norm_for_a_rank():
    norms = [Norm("lodging", 1_600_000, "night", title_rank="secretary")]
    assert regulates(norms, "lodging")
    assert applicable_norm(norms, "lodging", "specialist", None) is None
    assert not regulates(norms, "stationery")


def test_a_unit_norm_caps_the_price_of_one_unit_not_the_total():
    norm = Norm("travel_per_diem", 300_000, "day", id=7)
    check_against_norm(norm, SpendingAsk(amount_vnd=900_000, quantity=3))
    with pytest.raises(OverNorm) as broken:
        check_against_norm(norm, SpendingAsk(amount_vnd=900_003, quantity=3))
    assert broken.value.figures["norm_vnd"] == 300_000
    assert broken.value.figures["asked_vnd"] == 300_001  # rounded up, never under the norm
    assert broken.value.figures["norm_id"] == 7


def test_a_monthly_norm_counts_what_the_beneficiary_already_drew():
    norm = Norm("travel_lump_sum", 700_000, "month")
    check_against_norm(norm, SpendingAsk(300_000), already_used_vnd=400_000)
    with pytest.raises(OverNorm) as broken:
        check_against_norm(norm, SpendingAsk(300_001), already_used_vnd=400_000)
    assert broken.value.figures == {
        "norm_vnd": 700_000,
        "per": "month",
        "asked_vnd": 300_001,
        "already_used_vnd": 400_000,
        "norm_id": None,
        "title_rank": None,
        "locality_tier": None,
    }


def test_periods_of_cumulative_norms_are_calendar_months_and_years():
    assert period_of(Norm("x", 1, "month"), date(2024, 2, 10)) == (date(2024, 2, 1), date(2024, 2, 29))
    assert period_of(Norm("x", 1, "year"), date(2025, 6, 1)) == (date(2025, 1, 1), date(2025, 12, 31))
    assert period_of(Norm("x", 1, "day"), date(2025, 6, 1)) is None


def test_a_version_with_two_norms_for_the_same_rank_and_tier_is_refused():
    with pytest.raises(InvalidRegulation) as refused:
        validate_norms([Norm("lodging", 1, "night"), Norm("lodging", 2, "night"), Norm("x", 1, "fortnight")])
    assert set(refused.value.errors) == {"norms.1", "norms.2.per"}


def test_the_seeded_versions_are_consistent_and_each_norm_names_its_source():
    for version in DEFAULT_REGULATION_VERSIONS:
        norms = [Norm(c, limit, per, rank, tier, source) for c, rank, tier, limit, per, source in version["norms"]]
        validate_norms(norms)
        assert all(norm.source for norm in norms)


def test_per_diem_in_2025_is_checked_against_the_2025_rate_and_in_2024_against_the_2017_rate():
    versions = [
        RegulationVersion(
            v["effective_from"],
            tuple(Norm(c, limit, per, rank, tier, source) for c, rank, tier, limit, per, source in v["norms"]),
        )
        for v in DEFAULT_REGULATION_VERSIONS
    ]
    ask = SpendingAsk(amount_vnd=250_000)
    norm_2025 = applicable_norm(version_in_force(versions, date(2025, 6, 1)).norms, "travel_per_diem", "specialist", None)
    check_against_norm(norm_2025, ask)
    norm_2024 = applicable_norm(version_in_force(versions, date(2024, 6, 1)).norms, "travel_per_diem", "specialist", None)
    with pytest.raises(OverNorm):
        check_against_norm(norm_2024, ask)
