"""The staffing rules: what breaks them, and which changes make a breach worse."""
import math

import pytest

from hr.domain import operations as ops
from hr.domain.model import InvalidChange, Position, Unit
from hr.domain.rules import RuleBook, check_rule_value, evaluate, made_worse, unit_figures

from .factories import default_book, demo_structure, small_structure


def rules_of(violations):
    return sorted((v.rule, v.unit) for v in violations)


def test_the_demo_breaks_only_the_minimum_department_staff_flag():
    found = evaluate(demo_structure(), default_book())
    assert {v.rule for v in found} == {"min_department_staff"}
    assert not any(v.blocking for v in found)


def test_filling_a_position_beyond_its_quota_is_made_worse():
    before = small_structure()
    after = before.copy()
    ops.place_staff(after, 30, 4)  # a second head of B1, quota 1
    worse = made_worse(evaluate(before, default_book()), evaluate(after, default_book()))
    assert [(v.rule, v.unit, v.position_id, v.limit, v.actual) for v in worse] == [("position_quota", "B1", 4, 1, 2)]


def test_an_existing_breach_may_stay_but_not_grow():
    book = default_book()
    broken = small_structure()
    ops.place_staff(broken, 30, 4)  # over quota already (say, after a quota cut)
    same = broken.copy()
    ops.place_staff(same, 31, 6)  # somewhere else
    assert made_worse(evaluate(broken, book), evaluate(same, book)) == []
    worse = broken.copy()
    ops.place_staff(worse, 32, 4)
    assert rules_of(made_worse(evaluate(broken, book), evaluate(worse, book))) == [("position_quota", "B1")]


def test_a_small_department_allows_two_deputies_a_large_one_three():
    book = default_book()
    s = small_structure()  # VP-A quota 10: large
    assert unit_figures(s, book)["VP-A"].deputy_limits["deputies_per_department"] == 3
    ops.change_position(s, 3, quota=5)  # quota 9: small
    figures = unit_figures(s, book)["VP-A"]
    assert figures.deputy_limits == {"deputies_per_department": 2, "deputy_share_of_headcount": 4}
    assert figures.deputy_limit == 2 and figures.deputy_limit_rule == "deputies_per_department"
    before = s.copy()
    ops.place_staff(s, 13, 2)
    ops.place_staff(s, 14, 2)  # a third deputy
    worse = made_worse(evaluate(before, book), evaluate(s, book))
    assert [(v.rule, v.unit, v.limit, v.actual) for v in worse] == [("deputies_per_department", "VP-A", 2, 3)]


def test_deputies_at_most_half_of_the_assigned_headcount():
    book = default_book()
    s = small_structure()  # B1 quota 6: 3 deputies at most
    before = s.copy()
    ops.change_position(s, 6, quota=1)  # quota 4: 2 deputies
    ops.place_staff(s, 22, 5)
    assert made_worse(evaluate(before, book), evaluate(s, book)) == []
    cut = s.copy()
    ops.change_position(cut, 6, quota=0)  # quota 3: 1 deputy
    worse = made_worse(evaluate(s, book), evaluate(cut, book))
    assert [(v.rule, v.unit, v.limit, v.actual) for v in worse] == [("deputy_share_of_headcount", "B1", 1, 2)]


def test_the_share_limit_rounds_down_without_floating_point_surprises():
    s = small_structure()
    assert unit_figures(s, default_book(deputy_share_of_headcount={"max_share": 0.3}))["VP-A"].deputy_limits[
        "deputy_share_of_headcount"] == 3  # 0.3 x 10 is 2.9999999999999996 in binary


def test_the_total_of_deputy_heads_counts_agencies_not_departments():
    book = default_book(total_deputy_heads={"max": 1})
    s = small_structure()  # B1 has 1 deputy; VP-A's deputy is a department's
    assert [v for v in evaluate(s, book) if v.blocking] == []
    before = s.copy()
    ops.place_staff(s, 22, 5)
    worse = made_worse(evaluate(before, book), evaluate(s, book))
    assert [(v.rule, v.unit, v.limit, v.actual) for v in worse] == [("total_deputy_heads", None, 1, 2)]


def test_the_leadership_has_no_deputy_limit():
    figures = unit_figures(demo_structure(), default_book())
    assert figures["TU"].deputy_limit is None
    assert figures["BTC"].deputy_limit == 8  # half of the board's 16 posts


def test_too_many_departments():
    book = default_book()
    s = small_structure()
    before = s.copy()
    for n in range(5):
        ops.create_unit(s, f"VP-{n}", f"Phòng {n}", "department", "VP")
    worse = made_worse(evaluate(before, book), evaluate(s, book))
    assert [(v.rule, v.unit, v.limit, v.actual) for v in worse] == [("max_departments_per_agency", "VP", 5, 6)]
    override = default_book(max_departments_per_agency={"by_kind": {"office": 5}, "by_unit": {"VP": 6}})
    assert "max_departments_per_agency" not in {v.rule for v in evaluate(s, override)}


def test_a_small_or_understaffed_department_is_flagged_never_refused():
    book = default_book()
    s = small_structure()
    s.units["VP-B"] = Unit("VP-B", "Phòng B", "department", "VP")
    s.positions[9] = Position(9, "VP-B", "Chuyên viên", "specialist", "professional", 4)
    found = [v for v in evaluate(s, book) if v.unit == "VP-B"]
    assert [(v.rule, v.limit, v.actual, v.blocking) for v in found] == [("min_department_staff", 5, 4, False)]
    s.positions[9] = Position(9, "VP-B", "Chuyên viên", "specialist", "professional", 6)
    ops.place_staff(s, 40, 9)
    found = [v for v in evaluate(s, book) if v.unit == "VP-B"]
    assert [(v.rule, v.limit, v.actual) for v in found] == [("min_department_staff", 4, 1)]
    assert made_worse([], found) == []


def test_a_switched_off_rule_is_not_checked():
    s = small_structure()
    ops.place_staff(s, 30, 4)
    book = default_book()
    off = RuleBook(book.values, frozenset({"position_quota"}))
    assert "position_quota" in {v.rule for v in evaluate(s, book)}
    assert "position_quota" not in {v.rule for v in evaluate(s, off)}


@pytest.mark.parametrize("code, value, ok", [
    ("deputies_per_department", {"large_from": 10, "max_small": 1, "max_large": 2}, True),
    ("deputies_per_department", {"large_from": 10, "max_small": 1}, False),
    ("deputies_per_department", {"large_from": 10, "max_small": 1, "max_large": 2, "x": 1}, False),
    ("deputies_per_department", {"large_from": 10, "max_small": -1, "max_large": 2}, False),
    ("deputies_per_department", {"large_from": 10.5, "max_small": 1, "max_large": 2}, False),
    ("deputies_per_department", {"large_from": True, "max_small": 1, "max_large": 2}, False),
    ("deputy_share_of_headcount", {"max_share": 0.4}, True),
    ("deputy_share_of_headcount", {"max_share": 1.5}, False),
    ("deputy_share_of_headcount", {"max_share": math.nan}, False),
    ("deputy_share_of_headcount", {"max_share": "half"}, False),
    ("max_departments_per_agency", {"by_kind": {"office": 6}, "by_unit": {"BTC": 3}}, True),
    ("max_departments_per_agency", {"by_kind": {"office": "6"}, "by_unit": {}}, False),
    ("max_departments_per_agency", {"by_kind": {"office\x00": 6}, "by_unit": {}}, False),
    ("total_deputy_heads", {"max": 15}, True),
    ("total_deputy_heads", [15], False),
    ("no_such_rule", {}, False),
])
def test_rule_values_are_checked(code, value, ok):
    if ok:
        assert check_rule_value(code, value) == value
    else:
        with pytest.raises(InvalidChange):
            check_rule_value(code, value)
