"""GET /inbox (issue 11): the restructuring plans the caller may approve now, oldest first, asked
exactly as the approval asks (leadership; nobody decides a plan they drafted or edited)."""
from ..conftest import AUDITOR, BTC_HEAD, LEADER, OFFICE_HR, make_principal

LEADER_WHO_DRAFTED = make_principal("phobithu", "TU", ["leadership", "office_hr"], staff_id=2)


def test_the_leadership_sees_the_draft_plan_with_its_action(demo, as_):
    resp = as_(LEADER).get("/inbox")
    assert resp.status_code == 200, resp.json
    [item] = resp.json["items"]
    assert {k: item[k] for k in ("service", "kind", "id", "unit", "title", "amount_vnd", "requested_by", "actions")} == {
        "service": "hr", "kind": "restructuring", "id": 1, "unit": None,
        "title": "Đề án tập trung văn phòng các ban về Văn phòng Tỉnh ủy", "amount_vnd": None,
        "requested_by": "seed", "actions": ["approve", "reject"]}
    assert item["requested_at"].endswith("+00:00")
    assert resp.json["counts"] == {"hr.restructuring": 1}


def test_whoever_may_not_approve_sees_nothing(demo, as_):
    for who in (OFFICE_HR, AUDITOR, BTC_HEAD):
        resp = as_(who).get("/inbox")
        assert resp.status_code == 200 and resp.json == {"items": [], "counts": {}}, who.username


def test_an_approved_plan_leaves_the_inbox(demo, as_):
    assert as_(LEADER).post("/restructurings/1/approve").status_code == 200
    assert as_(LEADER).get("/inbox").json["items"] == []


def test_nobody_sees_or_approves_a_plan_they_drafted_or_edited(demo, as_):
    mine = as_(LEADER_WHO_DRAFTED).post("/restructurings", json={
        "title": "Đề án của tôi", "effective_date": "2030-01-01", "steps": []})
    assert mine.status_code == 201
    edited = as_(LEADER_WHO_DRAFTED).patch("/restructurings/1", json={"title": "Đề án đã sửa"})
    assert edited.status_code == 200
    assert as_(LEADER_WHO_DRAFTED).get("/inbox").json["items"] == []
    own = as_(LEADER_WHO_DRAFTED).post(f"/restructurings/{mine.json['id']}/approve")
    assert own.status_code == 403 and own.json["rule"] == "own_request"
    assert own.headers["Content-Type"] == "application/problem+json"
    touched = as_(LEADER_WHO_DRAFTED).post("/restructurings/1/approve")
    assert touched.status_code == 403 and touched.json["rule"] == "own_edit"
    # another leader decides both, oldest request first (an edited plan asks for approval anew)
    items = as_(LEADER).get("/inbox").json["items"]
    assert [(i["id"], i["title"]) for i in items] == [(mine.json["id"], "Đề án của tôi"), (1, "Đề án đã sửa")]
    assert as_(LEADER).post("/restructurings/1/approve").status_code == 200
