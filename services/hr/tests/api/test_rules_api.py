"""/rules: the staffing rules with their source and evidence mark; office_hr changes them."""
from hr.entrypoints.seed import position_ids

from ..conftest import AUDITOR, BTC_STAFF, LEADER

IDS = position_ids()


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
