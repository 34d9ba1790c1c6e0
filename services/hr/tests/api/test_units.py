"""/units: dated versions, ?as_of=, create, change, dissolve, and their events."""
import datetime as dt

from buildingblocks.clock import local_today

from ..conftest import AUDITOR, BTC_STAFF, LEADER

SINCE = "2025-03-01"


def test_every_reader_lists_the_units_in_force(demo, as_):
    resp = as_(BTC_STAFF).get("/units?limit=200")
    assert resp.status_code == 200
    codes = [u["code"] for u in resp.json["items"]]
    assert codes == sorted(codes) and len(codes) == 14
    btc = next(u for u in resp.json["items"] if u["code"] == "BTC")
    assert btc == {"code": "BTC", "name": "Ban Tổ chức Tỉnh ủy", "kind": "board", "parent_code": None,
                   "valid_from": SINCE, "valid_to": None, "successor_code": None}


def test_units_are_paged_and_filtered(demo, hr):
    first = hr.get("/units?limit=5")
    assert len(first.json["items"]) == 5 and first.json["next_cursor"]
    second = hr.get(f"/units?limit=5&cursor={first.json['next_cursor']}")
    assert second.json["items"][0]["code"] > first.json["items"][-1]["code"]
    departments = hr.get("/units?kind=department&parent_code=VP").json["items"]
    assert [u["code"] for u in departments] == ["VP-QT", "VP-TC", "VP-TH"]


def test_create_a_unit_publishes_hr_unit_created(demo, hr, outbox):
    resp = hr.post("/units", json={"code": "VP-CNTT", "name": "Phòng Cơ yếu - CNTT", "kind": "department",
                                   "parent_code": "VP"})
    assert resp.status_code == 201, resp.json
    assert resp.json["valid_from"] == local_today().isoformat() and resp.json["valid_to"] is None
    [event] = outbox.events()
    assert event == {"type": "hr.unit.created", "unit": "VP", "data": {
        "code": "VP-CNTT", "name": "Phòng Cơ yếu - CNTT", "kind": "department", "parent_code": "VP",
        "valid_from": local_today().isoformat(), "valid_to": None}}
    assert hr.get("/units/VP-CNTT").json["name"] == "Phòng Cơ yếu - CNTT"


def test_a_change_is_a_new_dated_version_and_as_of_shows_the_old_one(demo, hr, outbox):
    day = "2026-01-15"
    resp = hr.patch("/units/BTGDV", json={"name": "Ban Tuyên giáo - Dân vận", "effective_date": day})
    assert resp.status_code == 200, resp.json
    assert resp.json["valid_from"] == day and resp.json["name"] == "Ban Tuyên giáo - Dân vận"
    [event] = outbox.events()
    assert event["type"] == "hr.unit.changed" and event["unit"] == "BTGDV"
    assert event["data"]["valid_from"] == day
    old = hr.get("/units/BTGDV?as_of=2026-01-14").json
    assert old["name"] == "Ban Tuyên giáo và Dân vận Tỉnh ủy" and old["valid_to"] == day
    assert hr.get("/units/BTGDV?as_of=2026-01-15").json["name"] == "Ban Tuyên giáo - Dân vận"
    versions = hr.get("/units/BTGDV/versions").json["items"]
    assert [(v["valid_from"], v["valid_to"]) for v in versions] == [(SINCE, day), (day, None)]
    listed = hr.get("/units?as_of=2026-01-14&limit=200").json["items"]
    assert next(u for u in listed if u["code"] == "BTGDV")["name"] == "Ban Tuyên giáo và Dân vận Tỉnh ủy"


def test_a_unit_did_not_exist_before_its_first_version(demo, hr):
    assert hr.get("/units/BTC?as_of=2025-02-28").status_code == 404
    assert hr.get("/units?as_of=2025-02-28").json["items"] == []


def test_a_second_change_on_the_same_day_replaces_that_days_version(demo, hr):
    assert hr.patch("/units/BNC", json={"name": "Ban Nội chính (1)"}).status_code == 200
    assert hr.patch("/units/BNC", json={"name": "Ban Nội chính (2)"}).status_code == 200
    versions = hr.get("/units/BNC/versions").json["items"]
    assert [v["name"] for v in versions] == ["Ban Nội chính Tỉnh ủy", "Ban Nội chính (2)"]


def test_a_change_cannot_be_dated_before_the_current_version(demo, hr):
    resp = hr.patch("/units/BNC", json={"name": "x", "effective_date": "2025-01-01"})
    assert resp.status_code == 409 and resp.json["rule"] == "history_order"


def test_future_changes_belong_in_a_restructuring_plan(demo, hr):
    tomorrow = (local_today() + dt.timedelta(days=1)).isoformat()
    resp = hr.patch("/units/BNC", json={"name": "x", "effective_date": tomorrow})
    assert resp.status_code == 422 and "effective_date" in resp.json["errors"]


def test_moving_a_department_under_another_board_transfers_its_holders(demo, hr, outbox):
    resp = hr.patch("/units/BTC-VP", json={"parent_code": "BNC"})
    assert resp.status_code == 200
    events = outbox.events()
    assert [e["type"] for e in events] == ["hr.unit.changed"] + ["hr.staff.transferred"] * 3
    assert {(e["data"]["id"], e["data"]["previous_unit"], e["data"]["unit"]) for e in events[1:]} == {
        (23, "BTC", "BNC"), (24, "BTC", "BNC"), (25, "BTC", "BNC")}


def test_dissolve_with_a_successor_is_a_merge(demo, hr, outbox):
    resp = hr.post("/units/UBKT/dissolve", json={"successor_code": "BNC"})
    assert resp.status_code == 200, resp.json
    assert resp.json["valid_to"] == local_today().isoformat() and resp.json["successor_code"] == "BNC"
    events = outbox.events()
    types = [e["type"] for e in events]
    # the merge goes out before the staff moves, so consumers move a board's things with their holders
    assert types.index("hr.unit.dissolved") < types.index("hr.staff.transferred")
    dissolved = next(e for e in events if e["type"] == "hr.unit.dissolved")
    assert dissolved["data"] == {"code": "UBKT", "successor_code": "BNC", "effective_date": local_today().isoformat()}
    assert types.count("hr.staff.transferred") == 5 and types.count("hr.position.changed") == 3
    assert "hr.unit.changed" in types  # UBKT-VP now under BNC
    assert hr.get("/units/UBKT").json["valid_to"] == local_today().isoformat()
    assert hr.get("/staff/30").json["unit"] == "BNC"


def test_dissolve_accepts_successor_as_an_alias(demo, hr):
    assert hr.post("/units/UBKT/dissolve", json={"successor": "BNC"}).json["successor_code"] == "BNC"


def test_dissolve_without_successor_needs_an_empty_unit(demo, hr, outbox):
    resp = hr.post("/units/BTC-VP/dissolve", json={})
    assert resp.status_code == 422 and "still has staff" in resp.json["detail"]
    assert outbox.events() == []
    hr.post("/units", json={"code": "TMP", "name": "Tổ tạm", "kind": "department", "parent_code": "BNC"})
    hr.post("/positions", json={"unit": "TMP", "title": "Chuyên viên", "rank": "specialist",
                                "family": "professional", "quota": 2})
    outbox.mark()
    resp = hr.post("/units/TMP/dissolve", json={})
    assert resp.status_code == 200 and resp.json["successor_code"] is None
    assert outbox.types() == ["hr.unit.dissolved", "hr.position.removed"]


def test_a_dissolved_unit_cannot_change_and_its_code_is_not_reused(demo, hr):
    hr.post("/units/UBKT/dissolve", json={"successor_code": "BNC"})
    again = hr.post("/units/UBKT/dissolve", json={})
    assert again.status_code == 409 and again.json["rule"] == "unit_dissolved"
    assert hr.patch("/units/UBKT", json={"name": "x"}).json["rule"] == "unit_dissolved"
    reuse = hr.post("/units", json={"code": "UBKT", "name": "x", "kind": "board"})
    assert reuse.status_code == 409 and reuse.json["rule"] == "unit_code_used"


def test_a_department_beyond_the_maximum_is_409_naming_the_rule(demo, hr):
    for n in (1, 2):
        assert hr.post("/units", json={"code": f"VP-N{n}", "name": f"Phòng {n}", "kind": "department",
                                       "parent_code": "VP"}).status_code == 201
    resp = hr.post("/units", json={"code": "VP-N3", "name": "Phòng 3", "kind": "department", "parent_code": "VP"})
    assert resp.status_code == 409
    assert (resp.json["rule"], resp.json["limit"], resp.json["actual"], resp.json["unit"]) == (
        "max_departments_per_agency", 5, 6, "VP")
    assert "137-QĐ/TW" in resp.json["source"]


def test_only_office_hr_writes_units(demo, as_):
    for who in (LEADER, AUDITOR, BTC_STAFF):
        resp = as_(who).post("/units", json={"code": "X", "name": "x", "kind": "board"})
        assert resp.status_code == 403
        assert as_(who).patch("/units/BTC", json={"name": "x"}).status_code == 403
        assert as_(who).post("/units/BTC-VP/dissolve", json={}).status_code == 403


def test_unknown_units(demo, hr):
    assert hr.get("/units/NOPE").status_code == 404
    assert hr.get("/units/NOPE/versions").status_code == 404
    assert hr.patch("/units/NOPE", json={"name": "x"}).status_code == 404
    assert hr.post("/units/NOPE/dissolve", json={}).status_code == 404
    resp = hr.post("/units/BTC/dissolve", json={"successor_code": "NOPE"})
    assert resp.status_code == 422 and "successor_code" in resp.json["errors"]
