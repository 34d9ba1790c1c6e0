"""/staff: hire, change, transfer, leave; board scoping; the quota and deputy rules on appointment."""
import datetime as dt

from hr.entrypoints.seed import position_ids
from buildingblocks.clock import local_today

from ..conftest import AUDITOR, BNC_STAFF, BTC_HEAD, BTC_STAFF, FLEET_OFFICER, LEADER

IDS = position_ids()
TODAY = local_today().isoformat()


def test_a_board_reads_its_own_staff_only(demo, as_):
    mine = as_(BTC_STAFF).get("/staff?limit=200")
    assert mine.status_code == 200
    assert {s["unit"] for s in mine.json["items"]} == {"BTC"} and len(mine.json["items"]) == 6
    assert as_(BTC_STAFF).get("/staff/22").status_code == 200
    assert as_(BTC_STAFF).get("/staff/51").status_code == 404  # another board's: not disclosed
    assert as_(BTC_STAFF).get("/staff?unit=BNC").status_code == 403
    assert len(as_(BTC_STAFF).get("/staff?unit=BTC-VP").json["items"]) == 3  # a department of its own board


def test_hr_scope_reads_every_board(demo, as_):
    for who in (LEADER, AUDITOR):
        assert len(as_(who).get("/staff?limit=200").json["items"]) == 33
        assert as_(who).get("/staff/51").status_code == 200
    # office_fleet has scope in fleet, not in HR
    assert {s["unit"] for s in as_(FLEET_OFFICER).get("/staff?limit=200").json["items"]} == {"VP"}


def test_a_staff_record_carries_position_title_rank_and_licence(demo, hr):
    driver = hr.get("/staff/25").json
    assert driver == {"id": 25, "full_name": "Lương Văn Tài", "unit": "BTC", "position_id": IDS["btc-driver"],
                      "position_title": "Lái xe", "position_unit": "BTC-VP", "is_driver": True,
                      "title_rank": "support", "licence_class": "B2", "licence_expiry": "2028-12-31",
                      "status": "active", "hired_on": "2025-03-01", "left_on": None}


def test_staff_list_filters(demo, hr):
    drivers = hr.get("/staff?is_driver=true&limit=200").json["items"]
    assert sorted(s["id"] for s in drivers) == [10, 11, 25, 34, 45, 54]
    assert len(hr.get("/staff?is_driver=false&limit=200").json["items"]) == 27
    assert [s["id"] for s in hr.get("/staff?title_rank=board_head&limit=200").json["items"]] == [3, 20, 30, 40, 50]
    assert [s["id"] for s in hr.get(f"/staff?position_id={IDS['vp-driver']}").json["items"]] == [10, 11]
    first = hr.get("/staff?limit=10")
    second = hr.get(f"/staff?limit=10&cursor={first.json['next_cursor']}")
    assert second.json["items"][0]["id"] > first.json["items"][-1]["id"]


def test_hire_with_a_given_id_publishes_hr_staff_hired(demo, hr, outbox):
    resp = hr.post("/staff", json={"id": 60, "full_name": "Trương Văn Mới", "position_id": IDS["vp-driver"],
                                   "title_rank": "support", "licence_class": "C", "licence_expiry": "2030-01-31"})
    assert resp.status_code == 201, resp.json
    assert resp.json["unit"] == "VP" and resp.json["hired_on"] == TODAY
    [event] = outbox.events()
    assert event == {"type": "hr.staff.hired", "unit": "VP", "data": {
        "id": 60, "full_name": "Trương Văn Mới", "unit": "VP", "previous_unit": None,
        "position_id": IDS["vp-driver"], "position_title": "Lái xe", "position_rank": "support",
        "position_family": "support", "is_driver": True, "title_rank": "support", "licence_class": "C",
        "licence_expiry": "2030-01-31", "status": "active"}}
    again = hr.post("/staff", json={"id": 60, "full_name": "x", "unit": "VP"})
    assert again.status_code == 409 and again.json["rule"] == "staff_id_used"


def test_hire_without_an_id_takes_the_next_one(demo, hr):
    resp = hr.post("/staff", json={"full_name": "Người Mới", "unit": "BNC"})
    assert resp.status_code == 201 and resp.json["id"] == 55
    assert resp.json["position_id"] is None and resp.json["unit"] == "BNC"


def test_hire_into_a_full_position_is_409_naming_the_quota(demo, hr, outbox):
    resp = hr.post("/staff", json={"full_name": "Thừa", "position_id": IDS["btc-head"]})
    assert resp.status_code == 409
    assert resp.headers["Content-Type"] == "application/problem+json"
    assert (resp.json["rule"], resp.json["position_id"], resp.json["limit"], resp.json["actual"]) == (
        "position_quota", IDS["btc-head"], 1, 2)
    assert "quota" in resp.json["detail"]
    assert outbox.events() == []
    assert hr.get("/staff?limit=200").json["items"][-1]["id"] == 54  # nothing was written


def test_deputies_beyond_the_department_limit_are_409(demo, hr):
    hr.post("/positions", json={"id": 100, "unit": "VP-QT", "title": "Phó trưởng phòng", "rank": "deputy",
                                "family": "leadership", "quota": 3})
    # VP-QT now has 12 posts (>= 10): 3 deputies allowed by 137-QĐ/TW
    for n in range(3):
        assert hr.post("/staff", json={"full_name": f"Phó {n}", "position_id": 100}).status_code == 201
    hr.patch("/positions/100", json={"quota": 4})
    resp = hr.post("/staff", json={"full_name": "Phó 4", "position_id": 100})
    assert resp.status_code == 409
    assert (resp.json["rule"], resp.json["unit"], resp.json["limit"], resp.json["actual"]) == (
        "deputies_per_department", "VP-QT", 3, 4)
    assert "137-QĐ/TW" in resp.json["source"] and resp.json["mark"] == "B"


def test_deputy_heads_across_agencies_are_capped(demo, hr, as_):
    rule = hr.patch("/rules/total_deputy_heads", json={"value": {"max": 3}})
    assert rule.status_code == 200
    resp = hr.post("/staff", json={"full_name": "Phó Ban", "position_id": IDS["ubkt-deputy"]})
    assert resp.status_code == 409
    assert (resp.json["rule"], resp.json["unit"], resp.json["limit"], resp.json["actual"]) == (
        "total_deputy_heads", None, 3, 4)


def test_a_new_position_is_a_transfer_with_the_previous_unit(demo, hr, outbox):
    resp = hr.patch("/staff/22", json={"position_id": IDS["vp-hr"]})
    assert resp.status_code == 200 and resp.json["unit"] == "VP"
    [event] = outbox.events()
    assert event["type"] == "hr.staff.transferred" and event["unit"] == "VP"
    assert (event["data"]["unit"], event["data"]["previous_unit"], event["data"]["position_id"]) == (
        "VP", "BTC", IDS["vp-hr"])


def test_a_new_unit_without_a_position_is_a_transfer_without_a_post(demo, hr, outbox):
    resp = hr.patch("/staff/22", json={"unit": "BNC"})
    assert resp.status_code == 200
    assert (resp.json["unit"], resp.json["position_id"]) == ("BNC", None)
    [event] = outbox.events()
    assert (event["type"], event["data"]["previous_unit"]) == ("hr.staff.transferred", "BTC")


def test_a_transfer_into_a_full_position_is_refused(demo, hr, outbox):
    resp = hr.patch("/staff/22", json={"position_id": IDS["vp-head"]})
    assert resp.status_code == 409 and resp.json["rule"] == "position_quota"
    assert hr.get("/staff/22").json["unit"] == "BTC"
    assert outbox.events() == []


def test_personal_changes_publish_hr_staff_changed(demo, hr, outbox):
    resp = hr.patch("/staff/25", json={"licence_class": "C", "licence_expiry": "2031-12-31", "status": "on_leave"})
    assert resp.status_code == 200
    [event] = outbox.events()
    assert event["type"] == "hr.staff.changed"
    assert (event["data"]["licence_class"], event["data"]["licence_expiry"], event["data"]["status"]) == (
        "C", "2031-12-31", "on_leave")
    outbox.mark()
    assert hr.patch("/staff/25", json={"licence_class": "C"}).status_code == 200
    assert outbox.events() == []  # nothing changed, nothing published


def test_leaving_frees_the_post_and_closes_the_record(demo, hr, outbox):
    resp = hr.patch("/staff/20", json={"status": "left"})
    assert resp.status_code == 200
    assert (resp.json["status"], resp.json["left_on"], resp.json["position_id"]) == ("left", TODAY, None)
    [event] = outbox.events()
    assert event["type"] == "hr.staff.left" and event["data"]["status"] == "left" and event["unit"] == "BTC"
    assert hr.get(f"/positions/{IDS['btc-head']}").json["vacant"] == 1
    assert hr.post("/staff", json={"full_name": "Trưởng ban mới", "position_id": IDS["btc-head"]}).status_code == 201
    closed = hr.patch("/staff/20", json={"full_name": "x"})
    assert closed.status_code == 409 and closed.json["rule"] == "staff_left"


def test_as_of_shows_where_staff_were(demo, hr):
    hr.patch("/staff/23", json={"position_id": IDS["vp-accountant"], "effective_date": "2026-01-10"})
    assert hr.get("/staff/23?as_of=2026-01-09").json["unit"] == "BTC"
    assert hr.get("/staff/23?as_of=2026-01-10").json["unit"] == "VP"
    assert hr.get("/staff/23?as_of=2025-01-01").status_code == 404
    old_btc = [s["id"] for s in hr.get("/staff?unit=BTC&as_of=2026-01-09").json["items"]]
    assert 23 in old_btc and 23 not in [s["id"] for s in hr.get("/staff?unit=BTC").json["items"]]
    left_later = hr.patch("/staff/24", json={"status": "left"})
    assert left_later.status_code == 200
    assert hr.get("/staff/24?as_of=2026-01-09").json["status"] == "active"


def test_a_board_sees_its_staff_as_of_a_date_by_where_they_were(demo, hr, as_):
    hr.patch("/staff/23", json={"position_id": IDS["vp-accountant"], "effective_date": "2026-01-10"})
    assert as_(BTC_HEAD).get("/staff/23?as_of=2026-01-09").status_code == 200
    assert as_(BTC_HEAD).get("/staff/23").status_code == 404
    assert as_(BNC_STAFF).get("/staff/23?as_of=2026-01-09").status_code == 404


def test_only_office_hr_writes_staff(demo, as_):
    for who in (LEADER, AUDITOR, BTC_HEAD):
        assert as_(who).post("/staff", json={"full_name": "x", "unit": "BTC"}).status_code == 403
        assert as_(who).patch("/staff/22", json={"full_name": "x"}).status_code == 403


def test_staff_input_errors(demo, hr):
    assert hr.get("/staff/999").status_code == 404
    assert hr.patch("/staff/999", json={"full_name": "x"}).status_code == 404
    resp = hr.post("/staff", json={"full_name": "x"})
    assert resp.status_code == 422 and "position_id" in resp.json["errors"]
    resp = hr.post("/staff", json={"full_name": "x", "position_id": IDS["btc-specialist"], "unit": "BNC"})
    assert resp.status_code == 422 and "unit" in resp.json["errors"]
    resp = hr.post("/staff", json={"full_name": "x", "position_id": 999})
    assert resp.status_code == 422 and "position_id" in resp.json["errors"]
    resp = hr.post("/staff", json={"full_name": "x", "unit": "BTC", "status": "left"})
    assert resp.status_code == 422
    tomorrow = (local_today() + dt.timedelta(days=1)).isoformat()
    assert hr.post("/staff", json={"full_name": "x", "unit": "BTC", "hired_on": tomorrow}).status_code == 422
    assert hr.patch("/staff/22", json={}).status_code == 422
    resp = hr.patch("/staff/22", json={"position_id": IDS["vp-hr"], "effective_date": "2024-01-01"})
    assert resp.status_code == 409 and resp.json["rule"] == "history_order"
