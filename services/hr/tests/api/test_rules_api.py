"""/rules: the staffing rules with their source and evidence mark; office_hr changes them."""
from buildingblocks.clock import local_today

from hr.entrypoints.seed import position_ids

from ..conftest import AUDITOR, BTC_STAFF, LEADER

IDS = position_ids()
TODAY = local_today().isoformat()


def test_rules_are_listed_with_source_and_mark(demo, as_):
    resp = as_(BTC_STAFF).get("/rules")
    assert resp.status_code == 200
    rules = {r["code"]: r for r in resp.json["items"]}
    assert set(rules) == {"position_quota", "deputies_per_department", "deputy_share_of_headcount",
                          "min_department_staff", "max_departments_per_agency", "total_deputy_heads",
                          "staff_reduction_target"}
    deputies = rules["deputies_per_department"]
    assert deputies["value"] == {"large_from": 10, "max_small": 2, "max_large": 3}
    assert "137-QĐ/TW" in deputies["source"] and deputies["mark"] == "B" and deputies["verified"] is False
    assert "to verify" in deputies["note"]
    assert "187-KL/TW" in rules["deputy_share_of_headcount"]["source"]
    assert rules["min_department_staff"]["blocking"] is False
    assert as_(BTC_STAFF).get("/rules/total_deputy_heads").json["value"] == {"max": 18}
    assert as_(BTC_STAFF).get("/rules/nope").status_code == 404


def test_office_hr_changes_a_rule_and_the_staffing_table_shows_who_breaks_it(demo, hr):
    resp = hr.patch("/rules/deputy_share_of_headcount", json={
        "value": {"max_share": 0.05}, "source": "Quyết định của Ban Thường vụ (thử nghiệm)", "mark": "C"})
    assert resp.status_code == 200
    assert (resp.json["value"], resp.json["mark"], resp.json["updated_by"]) == ({"max_share": 0.05}, "C", "tochuc.vp")
    assert resp.json["default_value"] == {"max_share": 0.5}
    table = hr.get("/staffing?unit=BTC").json
    btc = table["items"][0]
    assert btc["deputy_limit"] == 0
    assert [v["rule"] for v in btc["violations"]] == ["deputy_share_of_headcount"]
    # the breach stays visible, and nobody may make it worse
    resp = hr.post("/staff", json={"full_name": "Phó 2", "position_id": IDS["btc-deputy"]})
    assert resp.status_code == 409 and resp.json["rule"] == "deputy_share_of_headcount"
    # but other appointments in the board still go through
    assert hr.post("/staff", json={"full_name": "Chuyên viên", "position_id": IDS["btc-specialist"]}).status_code == 201


def test_the_collection_patch_names_the_rule_in_the_body(demo, hr):
    resp = hr.patch("/rules", json={"code": "total_deputy_heads", "value": {"max": 15},
                                    "source": "04-QĐi/TW (2018)", "note": None})
    assert resp.status_code == 200 and resp.json["value"] == {"max": 15} and resp.json["note"] is None
    assert hr.patch("/rules", json={"code": "nope", "enabled": False}).status_code == 404
    assert hr.patch("/rules", json={"value": {"max": 1}}).status_code == 422


def test_a_rule_can_be_switched_off(demo, hr):
    assert hr.patch("/rules/position_quota", json={"enabled": False}).json["enabled"] is False
    assert hr.post("/staff", json={"full_name": "Thừa", "position_id": IDS["btc-head"]}).status_code == 201


def test_bad_rule_values_are_422(demo, hr):
    for body in ({"value": {"max": -1}}, {"value": {"max": "x"}}, {"value": {"maximum": 3}}, {"value": []},
                 {"mark": "Z"}, {"source": ""}, {"enabled": "sometimes"}):
        resp = hr.patch("/rules/total_deputy_heads", json=body)
        assert resp.status_code == 422, (body, resp.json)
    resp = hr.patch("/rules/deputy_share_of_headcount", json={"value": {"max_share": 2}})
    assert resp.status_code == 422 and "value.max_share" in resp.json["errors"]


def test_only_office_hr_changes_rules(demo, as_):
    for who in (LEADER, AUDITOR, BTC_STAFF):
        assert as_(who).patch("/rules/total_deputy_heads", json={"value": {"max": 1}}).status_code == 403


def test_a_past_date_is_judged_by_the_rules_then_in_force(demo, hr, as_):
    """5 % of the headcount as the deputies' limit from 1/1/2026: Ban Tổ chức's one deputy breaks
    it from that day, not on 31/12/2025, when 187-KL/TW's 50 % was in force."""
    resp = hr.patch("/rules/deputy_share_of_headcount", json={"value": {"max_share": 0.05},
                                                               "effective_date": "2026-01-01", "mark": "C"})
    assert resp.status_code == 200, resp.json
    assert (resp.json["valid_from"], resp.json["valid_to"], resp.json["value"]) == ("2026-01-01", None, {"max_share": 0.05})
    old = hr.get("/staffing?unit=BTC&as_of=2025-12-31").json["items"][0]
    new = hr.get("/staffing?unit=BTC&as_of=2026-01-01").json["items"][0]
    assert (old["deputies"], old["deputy_limit"], old["violations"]) == (1, 8, [])
    assert (new["deputies"], new["deputy_limit"]) == (1, 0)
    assert [v["rule"] for v in new["violations"]] == ["deputy_share_of_headcount"]
    assert as_(BTC_STAFF).get("/rules/deputy_share_of_headcount?as_of=2025-12-31").json["value"] == {"max_share": 0.5}
    assert {r["code"]: r["value"] for r in hr.get("/rules?as_of=2025-12-31").json["items"]}[
        "deputy_share_of_headcount"] == {"max_share": 0.5}
    # a second change adds a version; the history lists them all, the default first
    assert hr.patch("/rules/deputy_share_of_headcount", json={"value": {"max_share": 0.1}}).status_code == 200
    versions = as_(BTC_STAFF).get("/rules/deputy_share_of_headcount/versions").json["items"]
    assert [(v["valid_from"], v["valid_to"], v["value"]["max_share"], v["mark"]) for v in versions] == [
        ("2025-03-01", "2026-01-01", 0.5, "B"), ("2026-01-01", TODAY, 0.05, "C"), (TODAY, None, 0.1, "C")]
    assert versions[1]["updated_by"] == "tochuc.vp" and versions[0]["updated_by"] is None


def test_a_rule_is_never_changed_before_its_current_version_nor_in_the_future(demo, hr, as_):
    assert hr.patch("/rules/total_deputy_heads", json={"value": {"max": 15}, "effective_date": "2026-01-01"}).status_code == 200
    before = hr.patch("/rules/total_deputy_heads", json={"value": {"max": 12}, "effective_date": "2025-12-31"})
    assert before.status_code == 409 and before.json["rule"] == "history_order"
    future = hr.patch("/rules/total_deputy_heads", json={"value": {"max": 12}, "effective_date": "2099-01-01"})
    assert future.status_code == 422 and "effective_date" in future.json["errors"]
    never_changed = as_(AUDITOR).get("/rules/min_department_staff/versions").json["items"]
    assert [(v["valid_from"], v["valid_to"], v["updated_at"]) for v in never_changed] == [("2025-03-01", None, None)]
    assert hr.get("/rules/nope/versions").status_code == 404
