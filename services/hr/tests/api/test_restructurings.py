"""/restructurings: draft, preview, approve, apply (at once, or by the worker on its date)."""
import datetime as dt
import io
import threading

from pypdf import PdfReader

from buildingblocks.testing import auth_headers, make_principal

from hr.entrypoints.seed import DEMO_PLAN_TITLE, demo_plan_steps, position_ids
from buildingblocks.clock import local_today
from hr.service_layer.restructurings import apply_due_plans

from ..conftest import AUDITOR, BTC_HEAD, BTC_STAFF, LEADER, OFFICE_HR

IDS = position_ids()
TODAY = local_today()
YESTERDAY = (TODAY - dt.timedelta(days=1)).isoformat()


def approve_and_apply(as_, plan_id=1):
    approved = as_(LEADER).post(f"/restructurings/{plan_id}/approve")
    assert approved.status_code == 200, approved.json
    return as_(OFFICE_HR).post(f"/restructurings/{plan_id}/apply")


def test_the_demo_plan_is_a_draft_read_by_hr_leadership_and_auditors(demo, as_):
    for who in (OFFICE_HR, LEADER, AUDITOR):
        plans = as_(who).get("/restructurings").json["items"]
        assert [(p["id"], p["title"], p["status"]) for p in plans] == [(1, DEMO_PLAN_TITLE, "draft")]
    plan = as_(LEADER).get("/restructurings/1").json
    assert plan["effective_date"] == TODAY.isoformat() and plan["steps"] == demo_plan_steps()
    for who in (BTC_STAFF, BTC_HEAD):
        assert as_(who).get("/restructurings").status_code == 403
        assert as_(who).get("/restructurings/1/preview").status_code == 403


def test_preview_of_the_demo_plan(demo, as_):
    resp = as_(LEADER).get("/restructurings/1/preview")
    assert resp.status_code == 200, resp.json
    preview = resp.json
    summary = preview["summary"]
    assert summary["centralized_into_office"]["by_family"]["shared_professional"] == {
        "positions": 4, "posts": 4, "staff": 4}
    assert summary["centralized_into_office"]["by_family"]["support"] == {"positions": 8, "posts": 8, "staff": 8}
    assert summary["departments"]["removed"] == ["BNC-VP", "BTC-VP", "BTGDV-VP", "UBKT-VP"]
    assert summary["deputies"]["posts_removed"] == 4
    assert (summary["headcount"]["posts_before"], summary["headcount"]["posts_after"]) == (89, 81)
    assert summary["reduction"]["meets_target"] is True and summary["reduction"]["target_share"] == 0.05
    before = {r["code"]: r for r in preview["before"]["items"]}
    after = {r["code"]: r for r in preview["after"]["items"]}
    assert "BTC-VP" in before and "BTC-VP" not in after
    assert (before["VP"]["quota"], after["VP"]["quota"]) == (22, 34)
    assert (before["VP"]["filled"], after["VP"]["filled"]) == (9, 21)
    assert preview["new_violations"] == []
    assert {(v["rule"], v["unit"]) for v in preview["resolved_violations"]} >= {
        ("min_department_staff", "BTC-VP"), ("min_department_staff", "VP-TC")}
    assert as_(OFFICE_HR).post("/restructurings/1/preview").json["summary"] == summary


def test_approve_then_apply_publishes_the_normal_events(demo, as_, outbox):
    assert as_(OFFICE_HR).post("/restructurings/1/approve").status_code == 403
    resp = approve_and_apply(as_)
    assert resp.status_code == 200, resp.json
    assert (resp.json["status"], resp.json["approved_by"], resp.json["applied_by"]) == ("applied", "bithu", "tochuc.vp")
    events = outbox.events()
    types = [e["type"] for e in events]
    assert types.count("hr.staff.transferred") == 12
    assert types.count("hr.unit.dissolved") == 4
    assert types.count("hr.position.changed") == 16  # 12 moved (4 of them also cut) + 4 deputy posts cut
    # the offices are dissolved before their staff move, so a consumer following a merge moves a
    # unit's things first and the holders who move with them keep what they hold
    assert max(i for i, t in enumerate(types) if t == "hr.unit.dissolved") < types.index("hr.staff.transferred")
    dissolved = [e["data"] for e in events if e["type"] == "hr.unit.dissolved"]
    assert {(d["code"], d["successor_code"], d["effective_date"]) for d in dissolved} == {
        (f"{b}-VP", "VP", TODAY.isoformat()) for b in ("BTC", "UBKT", "BTGDV", "BNC")}
    driver = next(e for e in events if e["type"] == "hr.staff.transferred" and e["data"]["id"] == 25)
    assert (driver["unit"], driver["data"]["previous_unit"], driver["data"]["is_driver"]) == ("VP", "BTC", True)


def test_after_applying_as_of_the_day_before_still_shows_the_old_structure(demo, as_, hr):
    assert approve_and_apply(as_).status_code == 200
    assert hr.get("/units/BTC-VP").json["valid_to"] == TODAY.isoformat()
    assert hr.get(f"/units/BTC-VP?as_of={YESTERDAY}").json["valid_to"] == TODAY.isoformat()
    assert "BTC-VP" not in [u["code"] for u in hr.get("/units?limit=200").json["items"]]
    assert "BTC-VP" in [u["code"] for u in hr.get(f"/units?as_of={YESTERDAY}&limit=200").json["items"]]
    assert hr.get(f"/positions/{IDS['btc-driver']}?as_of={YESTERDAY}").json["unit"] == "BTC-VP"
    assert hr.get(f"/positions/{IDS['btc-driver']}").json == {
        **hr.get(f"/positions/{IDS['btc-driver']}").json, "unit": "VP-QT", "quota": 1, "agency": "VP"}
    assert hr.get(f"/staff/25?as_of={YESTERDAY}").json["unit"] == "BTC"
    assert hr.get("/staff/25").json["unit"] == "VP"
    old = {r["code"]: r for r in hr.get(f"/staffing?as_of={YESTERDAY}").json["items"]}
    new = {r["code"]: r for r in hr.get("/staffing").json["items"]}
    assert old["VP"]["filled"] == 9 and new["VP"]["filled"] == 21
    history = hr.get("/appointments?staff_id=25").json["items"]
    assert [(a["unit"], a["end_date"], a["reason"], a["restructuring_id"]) for a in history] == [
        ("BTC", TODAY.isoformat(), "hired", None), ("VP", None, "restructuring", 1)]


def test_a_plan_is_applied_once(demo, as_):
    assert approve_and_apply(as_).status_code == 200
    again = as_(OFFICE_HR).post("/restructurings/1/apply")
    assert again.status_code == 409 and again.json["rule"] == "plan_applied"
    assert as_(OFFICE_HR).get("/restructurings/1/preview").json["rule"] == "plan_applied"
    assert as_(OFFICE_HR).patch("/restructurings/1", json={"title": "x"}).status_code == 409


def test_only_an_approved_plan_is_applied_and_only_a_draft_approved(demo, as_):
    resp = as_(OFFICE_HR).post("/restructurings/1/apply")
    assert resp.status_code == 409 and resp.json["rule"] == "plan_not_approved"
    assert as_(LEADER).post("/restructurings/1/approve").status_code == 200
    twice = as_(LEADER).post("/restructurings/1/approve")
    assert twice.status_code == 409 and twice.json["rule"] == "plan_not_draft"
    for who in (AUDITOR, BTC_HEAD):
        assert as_(who).post("/restructurings/1/apply").status_code == 403


def test_a_plan_that_no_longer_fits_refuses_to_apply_and_says_why(demo, as_, hr):
    assert as_(LEADER).post("/restructurings/1/approve").status_code == 200
    # the structure changes under the approved plan: a second driver joins BTC's office
    assert hr.post("/staff", json={"id": 70, "full_name": "Lái xe mới", "position_id": IDS["btc-driver"]}
                   ).status_code == 201
    resp = hr.post("/restructurings/1/apply")
    assert resp.status_code == 409 and resp.json["rule"] == "plan_outdated"
    assert resp.json["changes"] == [{"part": f"holders:{IDS['btc-driver']}", "approved": "25", "now": "25,70"}]
    assert "holders" in resp.json["detail"]
    assert hr.get("/restructurings/1").json["status"] == "approved"
    # edited, it is a draft again; approval now refuses the quota cut below the two drivers
    assert hr.patch("/restructurings/1", json={"title": "Đề án (sửa)"}).json["status"] == "draft"
    refused = as_(LEADER).post("/restructurings/1/approve")
    assert refused.status_code == 409 and refused.json["rule"] == "position_quota"
    assert refused.json["position_id"] == IDS["btc-driver"]
    steps = [s for s in demo_plan_steps()
             if not (s["op"] == "set_quota" and s["position_id"] == IDS["btc-driver"])]
    assert hr.patch("/restructurings/1", json={"steps": steps}).status_code == 200
    assert approve_and_apply(as_).status_code == 200
    assert hr.get("/staff/70").json["unit"] == "VP"


def test_a_rule_breaking_plan_is_refused_at_approval_with_the_rule_named(demo, as_, hr):
    plan = hr.post("/restructurings", json={
        "title": "Thêm phòng", "effective_date": TODAY.isoformat(),
        "steps": [{"op": "create_unit", "code": f"VP-{n}", "name": f"Phòng {n}", "kind": "department",
                   "parent_code": "VP"} for n in range(3)]})
    assert plan.status_code == 201 and plan.json["status"] == "draft"
    preview = hr.get(f"/restructurings/{plan.json['id']}/preview").json
    assert [(v["rule"], v["unit"], v["limit"], v["actual"]) for v in preview["new_violations"]] == [
        ("max_departments_per_agency", "VP", 5, 6)]
    resp = as_(LEADER).post(f"/restructurings/{plan.json['id']}/approve")
    assert resp.status_code == 409 and resp.json["rule"] == "max_departments_per_agency"
    assert (resp.json["limit"], resp.json["actual"]) == (5, 6)


def test_a_step_that_cannot_be_made_is_422_naming_it(demo, as_, hr):
    plan = hr.post("/restructurings", json={"title": "Sai", "effective_date": TODAY.isoformat(),
                                            "steps": [{"op": "merge_units", "from": "BTG", "into": "BTGDV"}]})
    assert plan.status_code == 201
    resp = hr.get(f"/restructurings/{plan.json['id']}/preview")
    assert resp.status_code == 422 and resp.json["errors"] == {"steps": {"0": ["unit 'BTG' does not exist"]}}
    assert as_(LEADER).post(f"/restructurings/{plan.json['id']}/approve").status_code == 422


def test_a_merge_plan_moves_everything_to_the_successor(demo, as_, hr, outbox):
    plan = hr.post("/restructurings", json={"title": "Hợp nhất", "effective_date": TODAY.isoformat(),
                                            "steps": [{"op": "merge_units", "from": "UBKT", "into": "BNC"}]})
    outbox.mark()
    assert approve_and_apply(as_, plan.json["id"]).status_code == 200
    types = outbox.types()
    assert types[0] == "hr.unit.changed"
    assert types.index("hr.unit.dissolved") < types.index("hr.staff.transferred")
    assert types.count("hr.staff.transferred") == 5
    assert hr.get("/units/UBKT-VP").json["parent_code"] == "BNC"
    assert hr.get(f"/units/UBKT-VP?as_of={YESTERDAY}").json["parent_code"] == "UBKT"


def test_a_future_plan_is_scheduled_and_applied_by_the_worker_on_its_date(demo, as_, hr, database):
    tomorrow = TODAY + dt.timedelta(days=1)
    assert hr.patch("/restructurings/1", json={"effective_date": tomorrow.isoformat()}).status_code == 200
    assert as_(LEADER).post("/restructurings/1/approve").status_code == 200
    resp = hr.post("/restructurings/1/apply")
    assert resp.status_code == 200 and resp.json["status"] == "scheduled"
    early = hr.post("/restructurings/1/apply")
    assert early.status_code == 409 and early.json["rule"] == "plan_not_due"
    assert apply_due_plans(database, today=TODAY) == []
    assert apply_due_plans(database, today=tomorrow) == [(1, "applied")]
    plan = hr.get("/restructurings/1").json
    assert (plan["status"], plan["applied_by"]) == ("applied", "system:hr-worker")
    assert hr.get("/units/BTC-VP").json["valid_to"] == tomorrow.isoformat()
    assert hr.get(f"/staff/25?as_of={TODAY.isoformat()}").json["unit"] == "BTC"


def test_a_scheduled_plan_that_no_longer_fits_is_marked_failed(demo, as_, hr, database):
    tomorrow = TODAY + dt.timedelta(days=1)
    hr.patch("/restructurings/1", json={"effective_date": tomorrow.isoformat()})
    as_(LEADER).post("/restructurings/1/approve")
    hr.post("/restructurings/1/apply")
    hr.patch("/staff/25", json={"status": "left"})
    assert apply_due_plans(database, today=tomorrow) == [(1, "failed")]
    plan = hr.get("/restructurings/1").json
    assert plan["status"] == "failed" and "holders" in plan["failure_reason"]
    assert hr.get("/staff/24").json["unit"] == "BTC"  # nothing of the plan was applied
    assert hr.post("/restructurings/1/apply").json["rule"] == "plan_not_approved"


def test_a_plan_dated_before_the_current_structure_refuses_to_apply(demo, as_, hr):
    assert hr.patch("/restructurings/1", json={"effective_date": "2025-01-01"}).status_code == 200
    resp = approve_and_apply(as_)
    assert resp.status_code == 409 and resp.json["rule"] == "history_order"
    assert hr.get("/restructurings/1").json["status"] == "approved"
    assert hr.get("/units/BTC-VP").json["valid_to"] is None


def test_two_concurrent_applies_apply_once(demo, app, as_):
    assert as_(LEADER).post("/restructurings/1/approve").status_code == 200
    barrier = threading.Barrier(2)
    results = []

    def apply():
        client = app.test_client()
        barrier.wait()
        results.append(client.post("/restructurings/1/apply", headers=auth_headers(OFFICE_HR, service="hr")))

    threads = [threading.Thread(target=apply) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert sorted(r.status_code for r in results) == [200, 409]
    assert next(r for r in results if r.status_code == 409).json["rule"] == "plan_applied"


def test_only_office_hr_drafts_and_edits_plans(demo, as_):
    body = {"title": "x", "effective_date": TODAY.isoformat(), "steps": []}
    for who in (LEADER, AUDITOR, BTC_HEAD):
        assert as_(who).post("/restructurings", json=body).status_code == 403
        assert as_(who).patch("/restructurings/1", json={"title": "y"}).status_code == 403
    assert as_(OFFICE_HR).get("/restructurings/99").status_code == 404
    assert as_(OFFICE_HR).get("/restructurings?status=draft").json["items"][0]["id"] == 1
    assert as_(OFFICE_HR).get("/restructurings?status=applied").json["items"] == []


# -- turned down: rejected by the leadership, withdrawn by the author (issue 13) -----------------

def test_the_leadership_rejects_a_draft_with_its_reason(demo, as_, hr):
    no_reason = as_(LEADER).post("/restructurings/1/reject", json={})
    assert no_reason.status_code == 422 and "reason" in no_reason.json["errors"]
    assert as_(LEADER).post("/restructurings/1/reject", json={"reason": "   "}).status_code == 422
    assert as_(OFFICE_HR).post("/restructurings/1/reject", json={"reason": "Không"}).status_code == 403
    resp = as_(LEADER).post("/restructurings/1/reject", json={"reason": "Chưa lấy ý kiến các ban"})
    assert resp.status_code == 200 and resp.json["status"] == "rejected"
    assert [(e["action"], e["by"], e["staff_id"], e["reason"]) for e in resp.json["history"]] == [
        ("created", "seed", None, None), ("rejected", "bithu", 1, "Chưa lấy ý kiến các ban")]
    assert as_(LEADER).get("/inbox").json["items"] == []
    assert [p["id"] for p in hr.get("/restructurings?status=rejected").json["items"]] == [1]
    again = as_(LEADER).post("/restructurings/1/reject", json={"reason": "Lần nữa"})
    assert again.status_code == 409 and again.json["rule"] == "plan_not_draft"
    assert as_(LEADER).post("/restructurings/1/approve").json["rule"] == "plan_not_draft"
    assert hr.post("/restructurings/1/apply").json["rule"] == "plan_closed"
    assert hr.patch("/restructurings/1", json={"title": "Sửa lại"}).json["rule"] == "plan_closed"
    closed = as_(make_principal("seed", "VP", ["office_hr"])).post("/restructurings/1/withdraw", json={})
    assert closed.status_code == 409 and closed.json["rule"] == "plan_closed"  # even by its author
    words = " ".join(PdfReader(io.BytesIO(as_(AUDITOR).get("/restructurings/1/plan.pdf").data)).pages[0]
                     .extract_text().split())
    assert "Không được phê duyệt" in words


def test_nobody_rejects_a_plan_they_drafted_or_edited(demo, as_, hr):
    leader_hr = make_principal("phobithu", "TU", ["leadership", "office_hr"], staff_id=2)
    own = as_(leader_hr).post("/restructurings", json={"title": "Của tôi", "effective_date": YESTERDAY, "steps": []}).json
    refused = as_(leader_hr).post(f"/restructurings/{own['id']}/reject", json={"reason": "Tự bác"})
    assert refused.status_code == 403 and refused.json["rule"] == "own_request"
    assert as_(leader_hr).patch("/restructurings/1", json={"title": "Đã sửa"}).status_code == 200
    edited = as_(leader_hr).post("/restructurings/1/reject", json={"reason": "Tự bác"})
    assert edited.status_code == 403 and edited.json["rule"] == "own_edit"
    # another leader decides both, oldest change first
    assert [(i["id"], i["actions"]) for i in as_(LEADER).get("/inbox").json["items"]] == [
        (own["id"], ["approve", "reject"]), (1, ["approve", "reject"])]


def test_the_author_withdraws_a_plan_before_it_is_applied(demo, as_, hr, database):
    tomorrow = (TODAY + dt.timedelta(days=1)).isoformat()
    mine = hr.post("/restructurings", json={"title": "Đề án thử", "effective_date": tomorrow,
                                            "steps": [{"op": "rename_unit", "code": "BTC-VP", "name": "Văn phòng"}]}).json
    assert as_(LEADER).post(f"/restructurings/{mine['id']}/approve").status_code == 200
    assert hr.post(f"/restructurings/{mine['id']}/apply").json["status"] == "scheduled"
    other_hr = make_principal("tochuc2.vp", "VP", ["office_hr", "staff"], staff_id=7)
    not_author = as_(other_hr).post(f"/restructurings/{mine['id']}/withdraw", json={})
    assert not_author.status_code == 403 and not_author.json["rule"] == "not_author"
    assert as_(LEADER).post(f"/restructurings/{mine['id']}/withdraw", json={}).status_code == 403
    resp = hr.post(f"/restructurings/{mine['id']}/withdraw", json={"reason": "Chờ Quy định mới"})
    assert resp.status_code == 200 and resp.json["status"] == "withdrawn"
    assert [e["action"] for e in resp.json["history"]] == ["created", "approved", "scheduled", "withdrawn"]
    assert resp.json["history"][-1]["reason"] == "Chờ Quy định mới"
    assert apply_due_plans(database, today=TODAY + dt.timedelta(days=1)) == []  # the worker leaves it alone
    assert hr.get("/units/BTC-VP").json["name"] == "Văn phòng Ban Tổ chức"
    assert hr.post(f"/restructurings/{mine['id']}/withdraw").json["rule"] == "plan_closed"


def test_an_applied_plan_is_not_withdrawn(demo, as_, hr):
    seeded_by_hr = hr.post("/restructurings", json={"title": "Áp dụng ngay", "effective_date": YESTERDAY,
                                                    "steps": [{"op": "rename_unit", "code": "BTC-VP", "name": "VP BTC"}]})
    plan_id = seeded_by_hr.json["id"]
    as_(LEADER).post(f"/restructurings/{plan_id}/approve")
    assert hr.post(f"/restructurings/{plan_id}/apply").json["status"] == "applied"
    refused = hr.post(f"/restructurings/{plan_id}/withdraw", json={})
    assert refused.status_code == 409 and refused.json["rule"] == "plan_applied"
