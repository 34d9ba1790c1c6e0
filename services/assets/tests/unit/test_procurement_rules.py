import pytest

from assets.domain import procurement as p
from assets.domain.assets import normalize_plate, repair_advises_replacement, vehicle_attribute_errors


def decide(**kw):
    base = dict(roles=frozenset({"unit_head", "staff"}), approver_unit="BTC", approver_username="head",
                approver_staff_id=20, request_unit="BTC", requester_username="clerk", requester_staff_id=22,
                total=10_000_000, threshold_vnd=20_000_000)
    base.update(kw)
    return p.approval_refusal(**base)


def test_unit_head_approves_own_board_up_to_the_threshold():
    assert decide() is None
    assert decide(total=20_000_000) is None
    assert "leadership" in decide(total=20_000_001)


def test_unit_head_may_turn_down_a_large_request():
    assert decide(total=50_000_000, rejecting=True) is None


def test_leadership_decides_any_amount_but_not_their_own():
    assert decide(roles=frozenset({"leadership"}), approver_unit="TU", total=10**9) is None
    assert "own" in decide(roles=frozenset({"leadership"}), approver_username="clerk")
    assert "own" in decide(approver_staff_id=22)


def test_another_boards_head_or_staff_may_not_decide():
    assert decide(approver_unit="BNC") is not None
    assert decide(roles=frozenset({"staff"})) is not None
    assert decide(roles=frozenset({"office_assets"})) is not None


@pytest.mark.parametrize("action, ok, bad", [
    ("submit", "draft", "awaiting_budget"),
    ("approve", "pending_approval", "awaiting_budget"),
    ("receive", "approved", "pending_approval"),
    ("cancel", "approved", "received"),
    ("reject", "awaiting_budget", "approved"),
])
def test_transitions(action, ok, bad):
    assert p.may(action, ok) and not p.may(action, bad)


def test_total_and_level():
    lines = [p.Line(2, 15_000_000), p.Line(1, 5_000_000)]
    assert p.total_vnd(lines) == 35_000_000
    assert p.approver_level(35_000_000, 20_000_000) == "leadership"


def test_vehicle_attributes():
    assert vehicle_attribute_errors({"plate": "30A-123.45", "seats": 7}) == {}
    errors = vehicle_attribute_errors({"seats": "7", "fuel_norm_l_per_100km": -1})
    assert set(errors) == {"plate", "seats", "fuel_norm_l_per_100km"}
    assert vehicle_attribute_errors({"plate": "30A-12345", "seats": True}) == {"seats": ["a whole number from 1 to 60"]}
    assert normalize_plate("30a-123.45 ") == "30A-12345"


def test_repair_estimate_above_the_share_advises_replacement():
    assert repair_advises_replacement(True, 301, 1000, 0.30)
    assert not repair_advises_replacement(True, 300, 1000, 0.30)
    assert not repair_advises_replacement(False, 900, 1000, 0.30)
