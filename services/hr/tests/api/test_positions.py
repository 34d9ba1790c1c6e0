"""/positions: quota, filled, vacant; create and change with their events and rules."""
from hr.entrypoints.seed import position_ids

from ..conftest import AUDITOR, BTC_STAFF, LEADER

IDS = position_ids()


def test_positions_show_their_filled_and_vacant_posts(demo, as_):
    resp = as_(BTC_STAFF).get(f"/positions/{IDS['btc-driver']}")
    assert resp.status_code == 200
    assert {k: resp.json[k] for k in ("id", "unit", "agency", "title", "rank", "family", "quota", "is_driver",
                                      "filled", "vacant", "removed")} == {
        "id": IDS["btc-driver"], "unit": "BTC-VP", "agency": "BTC", "title": "Lái xe", "rank": "support",
        "family": "support", "quota": 2, "is_driver": True, "filled": 1, "vacant": 1, "removed": False}


def test_list_filters_by_unit_below_family_rank_and_driver(demo, hr):
    btc = hr.get("/positions?unit=BTC").json["items"]
    assert {p["unit"] for p in btc} == {"BTC", "BTC-VP"} and len(btc) == 6
    drivers = hr.get("/positions?is_driver=true&limit=200").json["items"]
    assert len(drivers) == 5 and all(p["is_driver"] for p in drivers)
    shared = hr.get("/positions?family=shared_professional&rank=specialist&limit=200").json["items"]
    assert len(shared) == 8
    page1 = hr.get("/positions?limit=10")
    page2 = hr.get(f"/positions?limit=10&cursor={page1.json['next_cursor']}")
    assert page2.json["items"][0]["id"] == page1.json["items"][-1]["id"] + 1
    assert hr.get("/positions?unit=NOPE").json["items"] == []


def test_create_a_position(demo, hr, outbox):
    resp = hr.post("/positions", json={"unit": "VP-TH", "title": "Chuyên viên tổng hợp", "rank": "specialist",
                                       "family": "professional", "quota": 3})
    assert resp.status_code == 201, resp.json
    assert resp.json["id"] == 35 and resp.json["filled"] == 0 and resp.json["vacant"] == 3
    [event] = outbox.events()
    assert event == {"type": "hr.position.created", "unit": "VP", "data": {
        "id": 35, "unit": "VP-TH", "title": "Chuyên viên tổng hợp", "rank": "specialist",
        "family": "professional", "quota": 3, "is_driver": False}}


def test_a_given_position_id_is_used_once(demo, hr):
    body = {"id": 7, "unit": "VP", "title": "x", "rank": "support", "family": "support", "quota": 1}
    resp = hr.post("/positions", json=body)
    assert resp.status_code == 409 and resp.json["rule"] == "position_id_used"
    assert hr.post("/positions", json={**body, "id": 500}).json["id"] == 500


def test_a_quota_below_the_holders_is_409_naming_the_rule(demo, hr, outbox):
    resp = hr.patch(f"/positions/{IDS['vp-driver']}", json={"quota": 1})
    assert resp.status_code == 409
    assert (resp.json["rule"], resp.json["limit"], resp.json["actual"], resp.json["position_id"]) == (
        "position_quota", 1, 2, IDS["vp-driver"])
    assert outbox.events() == []
    ok = hr.patch(f"/positions/{IDS['vp-driver']}", json={"quota": 2})
    assert ok.status_code == 200 and ok.json["vacant"] == 0
    assert outbox.types() == ["hr.position.changed"]


def test_changing_a_position_tells_its_holders(demo, hr, outbox):
    resp = hr.patch(f"/positions/{IDS['btc-clerk']}", json={"title": "Văn thư - lưu trữ", "is_driver": False})
    assert resp.status_code == 200
    events = outbox.events()
    assert [e["type"] for e in events] == ["hr.position.changed", "hr.staff.changed"]
    assert events[1]["data"]["id"] == 24 and events[1]["data"]["position_title"] == "Văn thư - lưu trữ"


def test_moving_a_position_with_or_without_its_holder(demo, hr, outbox):
    resp = hr.patch(f"/positions/{IDS['btc-driver']}", json={"unit": "VP-QT"})
    assert resp.status_code == 200 and resp.json["agency"] == "VP"
    events = outbox.events()
    assert [e["type"] for e in events] == ["hr.position.changed", "hr.staff.transferred"]
    assert (events[1]["data"]["unit"], events[1]["data"]["previous_unit"], events[1]["unit"]) == ("VP", "BTC", "VP")
    outbox.mark()
    resp = hr.patch(f"/positions/{IDS['bnc-driver']}", json={"unit": "VP-QT", "with_holder": False})
    assert resp.status_code == 200 and resp.json["filled"] == 0
    events = outbox.events()
    assert events[1]["type"] == "hr.staff.transferred"
    assert (events[1]["data"]["id"], events[1]["data"]["unit"], events[1]["data"]["position_id"]) == (54, "BNC", None)


def test_as_of_shows_the_position_as_it_was(demo, hr):
    hr.patch(f"/positions/{IDS['btc-specialist']}", json={"quota": 10, "effective_date": "2026-02-01"})
    assert hr.get(f"/positions/{IDS['btc-specialist']}?as_of=2026-01-31").json["quota"] == 8
    assert hr.get(f"/positions/{IDS['btc-specialist']}?as_of=2026-02-01").json["quota"] == 10
    assert hr.get(f"/positions/{IDS['btc-specialist']}?as_of=2025-01-01").status_code == 404


def test_a_rank_change_past_the_deputy_limit_is_409(demo, hr, outbox):
    # BTC has 16 posts, so at most 8 deputies; it has 1. Fill its 8 specialist posts, then call
    # them deputies: 9 deputies.
    for n in range(7):
        assert hr.post("/staff", json={"full_name": f"Chuyên viên {n}", "position_id": IDS["btc-specialist"]}
                       ).status_code == 201
    outbox.mark()
    resp = hr.patch(f"/positions/{IDS['btc-specialist']}", json={"rank": "deputy"})
    assert resp.status_code == 409
    assert (resp.json["rule"], resp.json["unit"], resp.json["limit"], resp.json["actual"]) == (
        "deputy_share_of_headcount", "BTC", 8, 9)
    assert outbox.events() == []


def test_only_office_hr_writes_positions(demo, as_):
    body = {"unit": "VP", "title": "x", "rank": "support", "family": "support", "quota": 1}
    for who in (LEADER, AUDITOR, BTC_STAFF):
        assert as_(who).post("/positions", json=body).status_code == 403
        assert as_(who).patch(f"/positions/{IDS['vp-driver']}", json={"quota": 9}).status_code == 403


def test_unknown_positions(demo, hr):
    assert hr.get("/positions/999").status_code == 404
    assert hr.patch("/positions/999", json={"quota": 1}).status_code == 404
    resp = hr.post("/positions", json={"unit": "NOPE", "title": "x", "rank": "support", "family": "support",
                                       "quota": 1})
    assert resp.status_code == 422 and "unit" in resp.json["errors"]
    assert hr.patch(f"/positions/{IDS['vp-driver']}", json={}).status_code == 422
