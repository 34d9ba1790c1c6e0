"""The domain's decisions: who may, which date, what a staff change is, what a plan's state allows."""
import datetime as dt
from types import SimpleNamespace

import pytest

from buildingblocks.errors import Invalid, NotAllowed, RuleBroken
from buildingblocks.testing import make_principal

from hr.domain import plans
from hr.domain import staff as staff_rules
from hr.domain.access import effective_or_today, ensure_in_order, scoped_unit
from hr.domain.errors import OutOfOrder

from .factories import demo_structure

TODAY = dt.date(2026, 6, 15)
LEADER = make_principal("bithu", "TU", ["leadership"])
BTC_STAFF = make_principal("chuyenvien.btc", "BTC", ["staff"])


def test_a_change_is_dated_today_or_before_never_later():
    assert effective_or_today(None, TODAY) == TODAY
    assert effective_or_today(dt.date(2026, 1, 1), TODAY) == dt.date(2026, 1, 1)
    with pytest.raises(Invalid) as future:
        effective_or_today(TODAY + dt.timedelta(days=1), TODAY, "hired_on")
    assert future.value.extra == {"errors": {"hired_on": ["must not be in the future"]}}


def test_history_is_not_rewritten():
    ensure_in_order(dt.date(2026, 1, 1), dt.date(2026, 1, 1), "x")
    with pytest.raises(OutOfOrder) as refused:
        ensure_in_order(dt.date(2026, 1, 1), dt.date(2025, 12, 31), "x")
    assert refused.value.extra == {"rule": "history_order", "current_from": "2026-01-01"}


def test_a_board_member_lists_their_board_or_a_department_of_it():
    s = demo_structure()
    assert scoped_unit(LEADER, None, s) is None and scoped_unit(LEADER, "BNC", s) == "BNC"
    assert scoped_unit(BTC_STAFF, None, s) == "BTC" and scoped_unit(BTC_STAFF, "BTC-VP", s) == "BTC-VP"
    with pytest.raises(NotAllowed):
        scoped_unit(BTC_STAFF, "BNC-VP", s)
    with pytest.raises(NotAllowed):
        scoped_unit(make_principal("x", None, ["staff"]), None, s)


RECORD = SimpleNamespace(id=20, unit="BTC", position_id=3, status="active", full_name="A", title_rank="board_head",
                         licence_class=None, licence_expiry=None)


@pytest.mark.parametrize("data, expected", [
    ({"full_name": "A"}, {"personal": {}, "moving": False, "leaving": False}),
    ({"full_name": "B", "status": "on_leave"}, {"personal": {"full_name": "B"}, "new_status": "on_leave"}),
    ({"status": "left", "position_id": 9}, {"leaving": True, "moving": False}),
    ({"position_id": 9}, {"moving": True, "position_id": 9, "unit": None}),
    ({"position_id": None}, {"moving": True, "position_id": None, "unit": "BTC"}),
    ({"unit": "BNC"}, {"moving": True, "unit": "BNC", "position_follows": True, "position_id": 3}),
    ({"unit": "BTC"}, {"moving": False}),
])
def test_what_a_staff_change_is(data, expected):
    change = staff_rules.sort_out(RECORD, data)
    assert {k: getattr(change, k) for k in expected} == expected


def test_a_staff_change_must_change_something_and_a_leaver_is_closed():
    with pytest.raises(Invalid):
        staff_rules.sort_out(RECORD, {"effective_date": TODAY})
    with pytest.raises(RuleBroken) as closed:
        staff_rules.ensure_open(SimpleNamespace(id=20, status="left"))
    assert closed.value.extra["rule"] == "staff_left"
    with pytest.raises(Invalid):
        staff_rules.ensure_hireable({"status": "left"})


def plan(**values):
    return SimpleNamespace(**{"id": 7, "status": "draft", "created_by": "tochuc.vp", "editors": None,
                              "effective_date": TODAY, **values})


def test_who_approves_a_plan():
    assert plans.decision_refusal(LEADER, plan()) is None
    refusals = {
        "not leadership": plans.decision_refusal(make_principal("tochuc.vp", "VP", ["office_hr"]), plan()),
        "own": plans.decision_refusal(LEADER, plan(created_by="bithu")),
        "edited": plans.decision_refusal(LEADER, plan(editors=["bithu"])),
        "approved": plans.decision_refusal(LEADER, plan(status="approved")),
    }
    assert {k: (type(v).__name__, v.extra.get("rule")) for k, v in refusals.items()} == {
        "not leadership": ("NotAllowed", None), "own": ("NotAllowed", "own_request"),
        "edited": ("NotAllowed", "own_edit"), "approved": ("RuleBroken", "plan_not_draft")}


def test_who_withdraws_a_plan_and_why_a_rejection_says_why():
    author = make_principal("tochuc.vp", "VP", ["office_hr"])
    plans.ensure_withdrawable(author, plan(status="scheduled"))
    with pytest.raises(NotAllowed):
        plans.ensure_withdrawable(make_principal("other.vp", "VP", ["office_hr"]), plan())
    for status, rule in (("applied", "plan_applied"), ("rejected", "plan_closed"), ("withdrawn", "plan_closed")):
        with pytest.raises(RuleBroken) as refused:
            plans.ensure_withdrawable(author, plan(status=status))
        assert refused.value.extra["rule"] == rule
    assert plans.rejection_reason("  Chưa đủ căn cứ ") == "Chưa đủ căn cứ"
    for reason in (None, "", "  "):
        with pytest.raises(Invalid):
            plans.rejection_reason(reason)


def test_when_an_approved_plan_applies():
    assert plans.due_now(plan(status="approved"), TODAY) is True
    assert plans.due_now(plan(status="approved", effective_date=TODAY + dt.timedelta(days=1)), TODAY) is False
    for status, rule in (("draft", "plan_not_approved"), ("applied", "plan_applied"), ("failed", "plan_not_approved")):
        with pytest.raises(RuleBroken) as refused:
            plans.due_now(plan(status=status), TODAY)
        assert refused.value.extra["rule"] == rule
    with pytest.raises(RuleBroken) as waiting:
        plans.due_now(plan(status="scheduled", effective_date=TODAY + dt.timedelta(days=1)), TODAY)
    assert waiting.value.extra["rule"] == "plan_not_due"
    with pytest.raises(RuleBroken):
        plans.ensure_editable(plan(status="applied"))


def test_a_plan_is_outdated_when_what_it_touches_changed():
    plans.ensure_unchanged(7, {"unit:BTC": "a"}, {"unit:BTC": "a"})
    with pytest.raises(RuleBroken) as outdated:
        plans.ensure_unchanged(7, {"unit:BTC": "a"}, {"unit:BTC": "b"})
    assert outdated.value.extra["changes"] == [{"part": "unit:BTC", "approved": "a", "now": "b"}]
    with pytest.raises(RuleBroken) as no_fit:
        plans.simulate_approved(7, demo_structure(), [{"op": "rename_unit", "code": "NOPE", "name": "x"}])
    assert no_fit.value.extra["rule"] == "plan_outdated"
