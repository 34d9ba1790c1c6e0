import pytest
from buildingblocks.errors import NotAllowed
from buildingblocks.identity import Principal

from assets.domain import procurement as p
from assets.domain.assets import normalize_plate, repair_advises_replacement, vehicle_attribute_errors


def decide(*, roles=frozenset({"unit_head", "staff"}), approver_unit="BTC", approver_username="head",
           approver_staff_id=20, total=10_000_000, threshold_vnd=20_000_000, rejecting=False, **request):
    principal = Principal(approver_username, approver_staff_id, approver_unit, frozenset(roles))
    facts = dict(unit="BTC", total_vnd=total, requested_by="clerk", requester_staff_id=22)
    facts.update(request)
    refusal = p.decision_refusal(principal, p.Decision(**facts), threshold_vnd, rejecting=rejecting)
    return None if refusal is None else refusal.detail


def rule_of(**kw):
    principal = Principal("head", 20, "BTC", frozenset({"unit_head"}))
    facts = {"unit": "BTC", "total_vnd": 1, "requested_by": "clerk", "requester_staff_id": 22, **kw}
    return p.decision_refusal(principal, p.Decision(**facts), 20_000_000).extra["rule"]


def test_unit_head_approves_own_board_up_to_the_threshold():
    assert decide() is None
    assert decide(total=20_000_000) is None
    assert "leadership" in decide(total=20_000_001)


def test_unit_head_may_turn_down_a_large_request():
    assert decide(total=50_000_000, rejecting=True) is None


def test_leadership_decides_any_amount_but_not_their_own():
    assert decide(roles=frozenset({"leadership"}), approver_unit="TU", total=10**9) is None
    assert "own" in decide(roles=frozenset({"leadership"}), approver_username="clerk")
    assert "own" in decide(roles=frozenset({"leadership"}), approver_username="clerk", rejecting=True)
    assert "own" in decide(approver_staff_id=22)


def test_whoever_edited_or_benefits_may_not_decide():
    assert "edited" in decide(editors=frozenset({"head"}))
    assert "benefits" in decide(beneficiaries=frozenset({20, 22}))
    assert "edited" in decide(roles=frozenset({"leadership"}), editors=frozenset({"head"}), rejecting=True)
    assert decide(editors=frozenset({"someone"}), beneficiaries=frozenset({22})) is None
    assert rule_of(editors=frozenset({"head"})) == "own_edit"
    assert rule_of(beneficiaries=frozenset({20})) == "own_benefit"
    assert rule_of(requested_by="head") == "own_request"


def test_refusals_are_raised_by_ensure_may_decide():
    with pytest.raises(NotAllowed) as refused:
        p.ensure_may_decide(Principal("head", 20, "BTC", frozenset({"unit_head"})),
                            p.Decision("BTC", 50_000_000, "clerk", 22), 20_000_000)
    assert refused.value.extra == {"rule": "approval_threshold", "threshold_vnd": 20_000_000, "total_vnd": 50_000_000}


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


def test_an_edit_is_described_in_the_history():
    laptop = {"category": "computer", "description": "Laptop", "quantity": 1, "unit_price_vnd": 15_000_000,
              "beneficiary_staff_id": 20}
    described = p.describe_changes({"lines": [], "note": None}, {"lines": [laptop], "note": None})
    assert described == "lines (0 -> 1): 1 x Laptop (computer, 15000000 VND, for staff 20)"
    assert p.describe_changes({"note": "a"}, {"note": "a"}) == "nothing changed"


def test_total_and_level():
    lines = [p.Line(2, 15_000_000), p.Line(1, 5_000_000)]
    assert p.total_vnd(lines) == 35_000_000
    assert p.approver_level(35_000_000, 20_000_000) == "leadership"


def test_vehicle_attributes():
    assert vehicle_attribute_errors({"plate": "30A-123.45", "seats": 7}) == {}
    errors = vehicle_attribute_errors({"seats": "7", "fuel_norm_l_per_100km": -1})
    assert set(errors) == {"plate", "seats", "fuel_norm_l_per_100km"}
    assert vehicle_attribute_errors({"plate": "30A-12345", "seats": True}) == {"seats": ["a whole number from 1 to 60"]}
    assert normalize_plate("30a-123.45 ") == normalize_plate("30A 12345") == "30A12345"


def test_repair_estimate_above_the_share_advises_replacement():
    assert repair_advises_replacement(True, 301, 1000, 0.30)
    assert not repair_advises_replacement(True, 300, 1000, 0.30)
    assert not repair_advises_replacement(False, 900, 1000, 0.30)
