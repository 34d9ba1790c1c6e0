"""Restructuring plans: steps, simulation, fingerprint, summary."""
import pytest

from hr.domain import plans
from hr.domain.model import InvalidChange, Placement
from hr.domain.rules import evaluate, made_worse
from hr.entrypoints.seed import demo_plan_steps

from .factories import default_book, demo_structure, position_id


def test_steps_are_normalized():
    steps = plans.normalize_steps([
        {"op": "merge_units", "from": "BTG", "into": "BTGDV"},
        {"op": "move_position", "position_id": 7, "to_unit": "VP"},
        {"op": "dissolve_unit", "code": "X", "successor": "Y"},
        {"op": "create_unit", "code": "N", "name": " Ban mới ", "kind": "board"},
    ])
    assert steps[1]["with_holder"] is True
    assert steps[2] == {"op": "dissolve_unit", "code": "X", "successor_code": "Y"}
    assert steps[3]["name"] == "Ban mới"


@pytest.mark.parametrize("step, message", [
    ("merge", "an object"),
    ({"op": "explode"}, "op must be one of"),
    ({"op": "merge_units", "from": "A"}, "into is required"),
    ({"op": "merge_units", "from": "A", "into": "B", "extra": 1}, "unknown fields"),
    ({"op": "set_quota", "position_id": "7", "quota": 1}, "whole number"),
    ({"op": "set_quota", "position_id": True, "quota": 1}, "whole number"),
    ({"op": "set_quota", "position_id": 7, "quota": -1}, "whole number"),
    ({"op": "move_position", "position_id": 7, "to_unit": "VP", "with_holder": "yes"}, "true or false"),
    ({"op": "create_unit", "code": "A B", "name": "x", "kind": "board"}, "not a unit code"),
    ({"op": "create_unit", "code": "AB", "name": "x", "kind": "club"}, "kind must be"),
    ({"op": "rename_unit", "code": "AB", "name": "bad\x00name"}, "not printable"),
])
def test_malformed_steps_are_named(step, message):
    with pytest.raises(InvalidChange) as exc:
        plans.normalize_steps([{"op": "rename_unit", "code": "VP", "name": "ok"}, step])
    assert message in exc.value.detail
    assert list(exc.value.errors["steps"]) == ["1"]


def test_steps_must_be_a_list():
    with pytest.raises(InvalidChange):
        plans.normalize_steps({"op": "rename_unit"})


def test_a_step_that_cannot_be_made_is_named_with_its_index():
    steps = plans.normalize_steps([{"op": "rename_unit", "code": "VP", "name": "Văn phòng"},
                                   {"op": "merge_units", "from": "NOPE", "into": "VP"}])
    with pytest.raises(InvalidChange) as exc:
        plans.simulate(demo_structure(), steps)
    assert exc.value.detail.startswith("step 1:") and "NOPE" in exc.value.detail
    with pytest.raises(InvalidChange):
        plans.simulate(demo_structure(), plans.normalize_steps([{"op": "merge_units", "from": "VP", "into": "VP"}]))


def test_the_demo_plan_centralizes_the_boards_offices_into_the_office():
    before = demo_structure()
    after = plans.simulate(before, plans.normalize_steps(demo_plan_steps()))
    assert not {"BTC-VP", "UBKT-VP", "BTGDV-VP", "BNC-VP"} & set(after.units)
    assert after.placements[25] == Placement(25, "VP", position_id("btc-driver"))
    assert after.positions[position_id("btc-driver")].unit == "VP-QT"
    assert made_worse(evaluate(before, default_book()), evaluate(after, default_book())) == []
    summary = plans.summary(before, after, 0.05)
    centralized = summary["centralized_into_office"]
    assert centralized["by_family"]["shared_professional"] == {"positions": 4, "posts": 4, "staff": 4}
    assert centralized["by_family"]["support"] == {"positions": 8, "posts": 8, "staff": 8}
    assert summary["departments"]["removed"] == ["BNC-VP", "BTC-VP", "BTGDV-VP", "UBKT-VP"]
    assert summary["deputies"] == {"posts_before": 17, "posts_after": 13, "posts_removed": 4,
                                   "filled_before": 4, "filled_after": 4}
    assert summary["headcount"]["posts_before"] == 89 and summary["headcount"]["posts_after"] == 81
    assert summary["headcount"]["staff_before"] == summary["headcount"]["staff_after"] == 33
    assert summary["reduction"] == {"target_share": 0.05, "target_posts": 5, "posts_reduced": 8,
                                    "achieved_share": 0.0899, "meets_target": True}
    assert len(summary["staff"]["transferred"]) == 12
    assert {"staff_id": 23, "from": "BTC", "to": "VP"} in summary["staff"]["transferred"]


def test_a_plan_that_misses_the_reduction_target_says_so():
    before = demo_structure()
    after = plans.simulate(before, plans.normalize_steps(
        [{"op": "set_quota", "position_id": position_id("btc-specialist"), "quota": 7}]))
    assert plans.summary(before, after, 0.05)["reduction"]["meets_target"] is False


def test_a_merge_counts_its_units_and_transfers():
    before = demo_structure()
    after = plans.simulate(before, plans.normalize_steps([{"op": "merge_units", "from": "UBKT", "into": "BNC"}]))
    summary = plans.summary(before, after, 0.05)
    assert summary["units"]["dissolved"] == [{"code": "UBKT", "successor_code": "BNC"}]
    assert summary["units"]["changed"] == ["UBKT-VP"]
    assert {t["staff_id"] for t in summary["staff"]["transferred"]} == {30, 31, 32, 33, 34}


def test_the_fingerprint_covers_what_the_steps_touch():
    before = demo_structure()
    steps = plans.normalize_steps(demo_plan_steps())
    keys = plans.touched(before, steps)
    assert "unit:BTC-VP" in keys and f"holders:{position_id('btc-driver')}" in keys
    assert "unit:BTGDV" not in keys
    approved = plans.fingerprint(before, keys)
    unrelated = before.copy()
    unrelated.placements[999] = Placement(999, "BTGDV", position_id("btgdv-specialist"))
    assert plans.changes_since(approved, plans.fingerprint(unrelated, keys)) == []
    changed = before.copy()
    changed.placements[998] = Placement(998, "BTC", position_id("btc-driver"))
    assert plans.changes_since(approved, plans.fingerprint(changed, keys)) == [
        {"part": f"holders:{position_id('btc-driver')}", "approved": "25", "now": "25,998"}]
