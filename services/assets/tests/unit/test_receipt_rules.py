"""The receipt's checks (dates, lines, the approved amount, items) and the leadership's decisions."""
import datetime as dt

import pytest
from buildingblocks.errors import Invalid, NotAllowed, RuleBroken
from buildingblocks.identity import Principal

from assets.domain import decisions
from assets.domain import procurement as p
from assets.domain.errors import StandardsBreached
from assets.domain.standards import Breach

TODAY = dt.date(2026, 6, 10)


def test_goods_are_received_between_the_draft_and_today():
    p.check_receipt_date(TODAY, TODAY, TODAY)
    with pytest.raises(Invalid) as future:
        p.check_receipt_date(TODAY + dt.timedelta(days=1), TODAY, TODAY)
    assert future.value.extra["errors"] == {"received_on": ["must not be in the future"]}
    with pytest.raises(Invalid) as early:
        p.check_receipt_date(dt.date(2026, 6, 1), dt.date(2026, 6, 2), TODAY)
    assert early.value.extra["errors"] == {"received_on": ["must not be before 2026-06-02"]}


def test_receipt_lines_match_by_id_or_by_position():
    assert p.match_receipt_lines([7, 8], [{"unit_price_vnd": 1}, {"unit_price_vnd": 2}], 1) == {
        7: {"unit_price_vnd": 1}, 8: {"unit_price_vnd": 2}}
    assert list(p.match_receipt_lines([7, 8], [{"line_id": 8}, {"line_id": 7}], 1)) == [8, 7]
    for given, field in (([{}], "lines"), ([{"line_id": 9}, {}], "lines.0.line_id"),
                         ([{"line_id": 7}, {"line_id": 7}], "lines.1.line_id")):
        with pytest.raises(Invalid) as refused:
            p.match_receipt_lines([7, 8], given, 1)
        assert list(refused.value.extra["errors"]) == [field]


def test_what_was_paid_stays_within_the_approval_and_the_caps():
    p.check_within_approved(10, 10)
    with pytest.raises(RuleBroken) as over:
        p.check_within_approved(11, 10)
    assert over.value.extra == {"rule": "within_approved_amount", "approved_vnd": 10, "actual_vnd": 11}
    price = Breach(1, "price_above_standard", "too dear", {"unit_price_vnd": 2})
    p.refuse_price_breaches([Breach(0, "quantity_above_standard", "too many")])  # a receipt adds no quantity
    with pytest.raises(StandardsBreached) as dear:
        p.refuse_price_breaches([price])
    assert dear.value.extra["errors"] == {"lines.1.unit_price_vnd": ["too dear"]}


def test_items_are_described_all_or_none_and_vehicles_always():
    p.check_received_items(0, 2, [], False)
    p.check_received_items(0, 2, [{}, {}], True)
    with pytest.raises(Invalid):
        p.check_received_items(0, 2, [{}], False)
    with pytest.raises(Invalid) as car:
        p.check_received_items(3, 1, [], True)
    assert list(car.value.extra["errors"]) == ["lines.3.items"]


def test_the_leadership_decides_disposals_and_reconciliations_but_not_its_own():
    leader = Principal("bithu", 1, "TU", frozenset({"leadership"}))
    head = Principal("truongban.btc", 20, "BTC", frozenset({"unit_head"}))
    assert decisions.leadership_decision_refusal(leader, "taisan.vp", 7) is None
    assert decisions.leadership_decision_refusal(leader, "bithu").extra["rule"] == "own_request"
    assert decisions.leadership_decision_refusal(leader, "someone", 1).extra["rule"] == "own_request"
    assert isinstance(decisions.leadership_decision_refusal(head, "taisan.vp"), NotAllowed)
    with pytest.raises(NotAllowed):
        decisions.ensure(decisions.leadership_refusal(head))
