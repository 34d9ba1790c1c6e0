"""Who decides a booking, and which bookings approve themselves (issue 10, finding 10)."""
import pytest

from buildingblocks.errors import NotAllowed
from buildingblocks.testing import make_principal

from fleet.domain.booking import approved_on_creation, ensure_may_decide, refusal_to_decide

LEADER = make_principal("bithu", "TU", ["leadership"], 1)
HEAD = make_principal("truongban.btc", "BTC", ["unit_head", "staff"], 20)
STAFF = make_principal("chuyenvien.btc", "BTC", ["staff"], 22)


def test_only_the_leaderships_own_bookings_approve_themselves_by_default():
    assert approved_on_creation(LEADER, "TU")
    assert not approved_on_creation(LEADER, "BTC")
    assert approved_on_creation(LEADER, "BTC", leadership_self_approve=True)
    assert not approved_on_creation(HEAD, "BTC", leadership_self_approve=True)


@pytest.mark.parametrize("caller, unit, requester, staff_id, rule", [
    (STAFF, "BTC", "someone", 99, "not_a_decider"),
    (HEAD, "BNC", "someone", 99, "other_board"),
    (HEAD, "BTC", "truongban.btc", 99, "own_request"),
    (HEAD, "BTC", "renamed", 20, "own_request"),
    (LEADER, "BTC", "bithu", 1, "own_request"),
])
def test_who_may_not_decide(caller, unit, requester, staff_id, rule):
    assert refusal_to_decide(caller, unit, requester, staff_id).extra["rule"] == rule
    with pytest.raises(NotAllowed):
        ensure_may_decide(caller, unit, requester, staff_id)


def test_the_boards_head_and_any_other_leader_decide():
    assert refusal_to_decide(HEAD, "BTC", "chuyenvien.btc", 22) is None
    assert refusal_to_decide(LEADER, "BNC", "phobithu", 2) is None
