"""The expense life cycle and the approval authority."""

import pytest

from finance.domain.errors import InvalidTransition
from finance.domain.expense import ApprovalAuthority, next_status


@pytest.mark.parametrize(
    "status, action, expected",
    [
        ("submitted", "approve", "approved"),
        ("submitted", "reject", "rejected"),
        ("approved", "reject", "rejected"),
        ("submitted", "withdraw", "withdrawn"),
        ("approved", "withdraw", "withdrawn"),
        ("approved", "pay", "paid"),
    ],
)
def test_allowed_transitions(status, action, expected):
    assert next_status(status, action) == expected


@pytest.mark.parametrize(
    "status, action",
    [
        ("submitted", "pay"),
        ("approved", "approve"),
        ("paid", "reject"),
        ("paid", "withdraw"),
        ("rejected", "approve"),
        ("withdrawn", "pay"),
    ],
)
def test_refused_transitions_name_the_state(status, action):
    with pytest.raises(InvalidTransition) as refused:
        next_status(status, action)
    assert refused.value.figures == {"current_status": status, "action": action}


def test_unit_head_decides_up_to_the_limit_of_their_own_board_and_leadership_above():
    authority = ApprovalAuthority(unit_head_limit_vnd=20_000_000)
    assert authority.approver_role(20_000_000) == "unit_head"
    assert authority.approver_role(20_000_001) == "leadership"
    assert authority.may_decide(20_000_000, {"unit_head", "staff"}, own_unit=True)
    assert not authority.may_decide(20_000_001, {"unit_head"}, own_unit=True)
    assert not authority.may_decide(1, {"unit_head"}, own_unit=False)
    assert authority.may_decide(999_000_000, {"leadership"}, own_unit=False)
    assert not authority.may_decide(1, {"staff", "office_finance"}, own_unit=True)
