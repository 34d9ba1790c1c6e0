"""HR's use cases on in-memory repositories (tests/unit/fakes.py): the demo seeded through the use
cases themselves, then the decisions and their refusals, in milliseconds. The same use cases run
on PostgreSQL in tests/api."""
import datetime as dt

import pytest

from buildingblocks.clock import local_today
from buildingblocks.errors import Invalid, NotAllowed, NotFound, RuleBroken
from buildingblocks.testing import make_principal

from hr.domain.errors import InvalidChange, OutOfOrder, StaffingRuleBroken
from hr.entrypoints.seed import position_ids, seed
from hr.service_layer import positions, restructurings, rules, staff, staffing, units

from .fakes import FakeDatabase

IDS = position_ids()
OFFICE_HR = make_principal("tochuc.vp", "VP", ["office_hr", "staff"], staff_id=6)
LEADER = make_principal("bithu", "TU", ["leadership"], staff_id=1)
OTHER_LEADER = make_principal("phobithu", "TU", ["leadership", "office_hr"], staff_id=2)
BTC_HEAD = make_principal("truongban.btc", "BTC", ["unit_head", "staff"], staff_id=20)


@pytest.fixture()
def db():
    database = FakeDatabase()
    assert seed(database) == {"units": 14, "positions": 34, "staff": 33, "plans": 1}
    database.published.clear()
    return database


def types(uow):
    return [e["type"] for e in uow.published]


# -- staff ---------------------------------------------------------------------------------------

def test_hire_publishes_and_commits(db):
    uow = db.unit_of_work()
    view = staff.hire(uow, OFFICE_HR, {"full_name": "Người Mới", "position_id": IDS["vp-driver"]})
    assert uow.committed and (view["id"], view["unit"], view["is_driver"]) == (55, "VP", True)
    assert types(uow) == ["hr.staff.hired"] and uow.published[0]["unit"] == "VP"


def test_hire_into_a_full_position_is_refused_naming_the_quota(db):
    uow = db.unit_of_work()
    with pytest.raises(StaffingRuleBroken) as refused:
        staff.hire(uow, OFFICE_HR, {"full_name": "Thừa", "position_id": IDS["btc-head"]})
    assert (refused.value.extra["rule"], refused.value.extra["limit"], refused.value.extra["actual"]) == (
        "position_quota", 1, 2)
    assert not uow.committed and uow.published == []


def test_only_the_office_hr_writes_staff(db):
    with pytest.raises(NotAllowed):
        staff.hire(db.unit_of_work(), BTC_HEAD, {"full_name": "x", "unit": "BTC"})


def test_a_head_moved_to_a_specialist_post_is_a_transfer_with_the_new_rank(db):
    uow = db.unit_of_work()
    staff.change_staff(uow, OFFICE_HR, 20, {"position_id": IDS["btc-specialist"]})
    [event] = uow.published
    assert (event["type"], event["data"]["unit"], event["data"]["position_rank"]) == (
        "hr.staff.transferred", "BTC", "specialist")


def test_leaving_closes_the_record(db):
    uow = db.unit_of_work()
    view = staff.change_staff(uow, OFFICE_HR, 20, {"status": "left"})
    assert (view["status"], view["position_id"]) == ("left", None) and types(uow) == ["hr.staff.left"]
    with pytest.raises(RuleBroken) as closed:
        staff.change_staff(db.unit_of_work(), OFFICE_HR, 20, {"full_name": "x"})
    assert closed.value.extra["rule"] == "staff_left"


def test_a_change_dated_before_the_current_post_is_refused(db):
    with pytest.raises(OutOfOrder) as refused:
        staff.change_staff(db.unit_of_work(), OFFICE_HR, 22, {"position_id": IDS["vp-hr"],
                                                             "effective_date": dt.date(2024, 1, 1)})
    assert refused.value.extra == {"rule": "history_order", "current_from": "2025-03-01"}


def test_appointing_to_the_post_already_held_and_nothing_to_change(db):
    with pytest.raises(RuleBroken) as same:
        staff.appoint(db.unit_of_work(), OFFICE_HR, {"staff_id": 23, "position_id": IDS["btc-accountant"]})
    assert same.value.extra["rule"] == "already_appointed"
    with pytest.raises(Invalid):
        staff.change_staff(db.unit_of_work(), OFFICE_HR, 22, {})
    with pytest.raises(NotFound):
        staff.change_staff(db.unit_of_work(), OFFICE_HR, 999, {"full_name": "x"})


def test_a_board_member_reads_their_own_board(db):
    reader = make_principal("chuyenvien.btc", "BTC", ["staff"], staff_id=22)
    items, _ = staff.list_staff(db.unit_of_work(), reader, limit=200)
    assert {s["unit"] for s in items} == {"BTC"} and len(items) == 6
    with pytest.raises(NotAllowed):
        staff.list_staff(db.unit_of_work(), reader, unit="BNC")


# -- units ---------------------------------------------------------------------------------------

def test_a_merge_publishes_the_dissolution_before_the_moves(db):
    uow = db.unit_of_work()
    units.dissolve_unit(uow, OFFICE_HR, "BNC-VP", {"successor_code": "VP"})
    assert types(uow)[0] == "hr.position.changed" and "hr.unit.dissolved" in types(uow)
    assert types(uow).index("hr.unit.dissolved") < types(uow).index("hr.staff.transferred")


def test_dissolving_a_unit_with_staff_and_no_successor_is_invalid(db):
    with pytest.raises(InvalidChange) as invalid:
        units.dissolve_unit(db.unit_of_work(), OFFICE_HR, "BNC-VP", {})
    assert "code" in invalid.value.errors


def test_renaming_a_unit_is_a_new_version_published_as_changed(db):
    uow = db.unit_of_work()
    version = units.change_unit(uow, OFFICE_HR, "BTC-TCCB", {"name": "Phòng Tổ chức - Cán bộ"})
    assert uow.committed and version.name == "Phòng Tổ chức - Cán bộ"
    assert types(uow) == ["hr.unit.changed"] and uow.published[0]["unit"] == "BTC"
    with pytest.raises(Invalid):
        units.change_unit(db.unit_of_work(), OFFICE_HR, "BTC-TCCB", {})


# -- positions -----------------------------------------------------------------------------------

def test_a_quota_below_its_holders_is_refused_and_nothing_is_written(db):
    uow = db.unit_of_work()
    with pytest.raises(StaffingRuleBroken) as refused:
        positions.change_position(uow, OFFICE_HR, IDS["btc-deputy"], {"quota": 0})
    assert refused.value.extra["rule"] == "position_quota" and not uow.committed and uow.published == []
    changed = positions.change_position(db.unit_of_work(), OFFICE_HR, IDS["btc-deputy"], {"quota": 2})
    assert (changed["quota"], changed["filled"]) == (2, 1)


# -- the staffing table ----------------------------------------------------------------------

def test_a_board_reads_its_own_staffing_table_and_no_other(db):
    reader = make_principal("chuyenvien.btc", "BTC", ["staff"], staff_id=22)
    table = staffing.staffing(db.unit_of_work(), reader)
    assert table["unit"] == "BTC" and {row["agency"] for row in table["items"]} == {"BTC"}
    with pytest.raises(NotAllowed):
        staffing.staffing(db.unit_of_work(), reader, "UBKT")
    with pytest.raises(NotFound):
        staffing.staffing(db.unit_of_work(), OFFICE_HR, "BTC", dt.date(2020, 1, 1))


# -- rules ---------------------------------------------------------------------------------------

def test_a_rule_is_changed_by_the_office_hr_with_a_valid_value(db):
    uow = db.unit_of_work()
    changed = rules.change_rule(uow, OFFICE_HR, "total_deputy_heads", {"value": {"max": 3}})
    assert uow.committed and changed["value"] == {"max": 3} and changed["updated_by"] == "tochuc.vp"
    assert rules.rulebook(db.unit_of_work()).get("total_deputy_heads") == {"max": 3}
    with pytest.raises(InvalidChange):
        rules.change_rule(db.unit_of_work(), OFFICE_HR, "total_deputy_heads", {"value": {"max": -1}})
    with pytest.raises(NotFound):
        rules.change_rule(db.unit_of_work(), OFFICE_HR, "no_such_rule", {"enabled": False})
    with pytest.raises(NotAllowed):
        rules.change_rule(db.unit_of_work(), LEADER, "total_deputy_heads", {"enabled": False})


# -- restructuring plans -----------------------------------------------------------------------

def test_the_leadership_approves_the_demo_plan_and_it_leaves_the_inbox(db):
    assert [i.id for i in restructurings.inbox(db.unit_of_work(), LEADER)] == [1]
    assert restructurings.inbox(db.unit_of_work(), OFFICE_HR) == []
    uow = db.unit_of_work()
    approved = restructurings.approve(uow, LEADER, 1)
    assert uow.committed and (approved["status"], approved["approved_by"]) == ("approved", "bithu")
    assert db.repositories["plans"].get(1).approved_fingerprint
    assert restructurings.inbox(db.unit_of_work(), LEADER) == []
    with pytest.raises(RuleBroken) as again:
        restructurings.approve(db.unit_of_work(), LEADER, 1)
    assert again.value.extra == {"rule": "plan_not_draft", "current_status": "approved"}


def test_the_preview_of_the_demo_plan_shows_what_the_leadership_asks_for(db):
    answer = restructurings.preview(db.unit_of_work(), LEADER, 1)
    summary = answer["summary"]
    assert summary["departments"]["removed"] == ["BNC-VP", "BTC-VP", "BTGDV-VP", "UBKT-VP"]
    assert summary["centralized_into_office"]["positions"] == 12
    assert summary["deputies"]["posts_removed"] == 4 and answer["new_violations"] == []
    with pytest.raises(NotAllowed):
        restructurings.preview(db.unit_of_work(), BTC_HEAD, 1)


def test_nobody_approves_a_plan_they_drafted_or_edited(db):
    mine = restructurings.create_plan(db.unit_of_work(), OTHER_LEADER, {
        "title": "Của tôi", "effective_date": local_today(), "steps": []})
    with pytest.raises(NotAllowed) as own:
        restructurings.approve(db.unit_of_work(), OTHER_LEADER, mine["id"])
    assert own.value.extra["rule"] == "own_request"
    restructurings.update_plan(db.unit_of_work(), OTHER_LEADER, 1, {"title": "Đã sửa"})
    with pytest.raises(NotAllowed) as edited:
        restructurings.approve(db.unit_of_work(), OTHER_LEADER, 1)
    assert edited.value.extra["rule"] == "own_edit"
    assert restructurings.inbox(db.unit_of_work(), OTHER_LEADER) == []
    assert [i.id for i in restructurings.inbox(db.unit_of_work(), LEADER)] == [1, mine["id"]]


def test_a_plan_that_makes_a_blocking_rule_worse_is_not_approved(db):
    plan = restructurings.create_plan(db.unit_of_work(), OFFICE_HR, {
        "title": "Thêm phó", "effective_date": local_today(),
        "steps": [{"op": "set_quota", "position_id": IDS["btc-head"], "quota": 0}]})
    uow = db.unit_of_work()
    with pytest.raises(StaffingRuleBroken) as refused:
        restructurings.approve(uow, LEADER, plan["id"])
    assert refused.value.extra["rule"] == "position_quota" and not uow.committed


def test_applying_a_future_plan_schedules_it_and_a_scheduled_one_waits(db):
    tomorrow = local_today() + dt.timedelta(days=1)
    restructurings.update_plan(db.unit_of_work(), OFFICE_HR, 1, {"effective_date": tomorrow})
    with pytest.raises(RuleBroken) as not_approved:
        restructurings.apply(db.unit_of_work(), OFFICE_HR, 1)
    assert not_approved.value.extra["rule"] == "plan_not_approved"
    restructurings.approve(db.unit_of_work(), LEADER, 1)
    uow = db.unit_of_work()
    assert restructurings.apply(uow, OFFICE_HR, 1)["status"] == "scheduled" and uow.published == []
    with pytest.raises(RuleBroken) as waiting:
        restructurings.apply(db.unit_of_work(), OFFICE_HR, 1)
    assert waiting.value.extra["rule"] == "plan_not_due"
    assert restructurings.apply_due_plans(db, today=tomorrow) == [(1, "applied")]
    assert [e["type"] for e in db.published].count("hr.unit.dissolved") == 4


def test_applying_refuses_a_plan_whose_structure_changed_since_approval(db):
    restructurings.approve(db.unit_of_work(), LEADER, 1)
    staff.change_staff(db.unit_of_work(), OFFICE_HR, 25, {"status": "left"})  # a driver the plan moves
    with pytest.raises(RuleBroken) as outdated:
        restructurings.apply(db.unit_of_work(), OFFICE_HR, 1)
    assert outdated.value.extra["rule"] == "plan_outdated"
    assert {c["part"] for c in outdated.value.extra["changes"]} == {f"holders:{IDS['btc-driver']}"}


def test_a_rejected_plan_leaves_the_inbox_and_is_closed(db):
    with pytest.raises(Invalid):
        restructurings.reject(db.unit_of_work(), LEADER, 1, " ")
    uow = db.unit_of_work()
    rejected = restructurings.reject(uow, LEADER, 1, "Chưa lấy ý kiến các ban")
    assert uow.committed and rejected["status"] == "rejected" and uow.published == []
    assert rejected["history"][-1]["action"] == "rejected" and rejected["history"][-1]["staff_id"] == 1
    assert restructurings.inbox(db.unit_of_work(), LEADER) == []
    with pytest.raises(RuleBroken) as closed:
        restructurings.update_plan(db.unit_of_work(), OFFICE_HR, 1, {"title": "x"})
    assert closed.value.extra["rule"] == "plan_closed"


def test_only_the_author_withdraws_and_the_worker_then_leaves_the_plan(db):
    tomorrow = local_today() + dt.timedelta(days=1)
    mine = restructurings.create_plan(db.unit_of_work(), OFFICE_HR, {
        "title": "Thử", "effective_date": tomorrow, "steps": [{"op": "rename_unit", "code": "BTC-VP", "name": "VP"}]})
    restructurings.approve(db.unit_of_work(), LEADER, mine["id"])
    restructurings.apply(db.unit_of_work(), OFFICE_HR, mine["id"])
    with pytest.raises(NotAllowed) as not_author:
        restructurings.withdraw(db.unit_of_work(), OTHER_LEADER, mine["id"])
    assert not_author.value.extra["rule"] == "not_author"
    withdrawn = restructurings.withdraw(db.unit_of_work(), OFFICE_HR, mine["id"], "Chờ quy định mới")
    assert [e["action"] for e in withdrawn["history"]] == ["created", "approved", "scheduled", "withdrawn"]
    assert restructurings.apply_due_plans(db, today=tomorrow) == []


def test_a_past_date_is_judged_by_the_rules_then_in_force(db):
    rules.change_rule(db.unit_of_work(), OFFICE_HR, "deputy_share_of_headcount",
                      {"value": {"max_share": 0.05}, "effective_date": dt.date(2026, 1, 1)})
    old = staffing.staffing(db.unit_of_work(), OFFICE_HR, "BTC", dt.date(2025, 12, 31))["items"][0]
    new = staffing.staffing(db.unit_of_work(), OFFICE_HR, "BTC", dt.date(2026, 1, 1))["items"][0]
    assert (old["deputy_limit"], old["violations"]) == (8, [])
    assert [v["rule"] for v in new["violations"]] == ["deputy_share_of_headcount"]
    history = rules.rule_history(db.unit_of_work(), "deputy_share_of_headcount")
    assert [(v["valid_from"], v["value"]) for v in history] == [
        (dt.date(2025, 3, 1), {"max_share": 0.5}), (dt.date(2026, 1, 1), {"max_share": 0.05})]
    with pytest.raises(OutOfOrder):
        rules.change_rule(db.unit_of_work(), OFFICE_HR, "deputy_share_of_headcount",
                          {"enabled": False, "effective_date": dt.date(2025, 12, 1)})


def test_an_applied_plan_can_no_longer_be_edited(db):
    restructurings.approve(db.unit_of_work(), LEADER, 1)
    uow = db.unit_of_work()
    assert restructurings.apply(uow, OFFICE_HR, 1)["status"] == "applied"
    assert types(uow).count("hr.staff.transferred") == 12
    with pytest.raises(RuleBroken) as applied:
        restructurings.update_plan(db.unit_of_work(), OFFICE_HR, 1, {"title": "x"})
    assert applied.value.extra["rule"] == "plan_applied"
