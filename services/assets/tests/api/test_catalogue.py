"""/categories and /standards."""
from conftest import AUDITOR, BTC_STAFF, LEADER, OFFICE
from helpers import problem


def test_categories_are_seeded_with_their_source_and_unverified(client):
    items = {c["code"]: c for c in client.get("/categories", BTC_STAFF).get_json()["items"]}
    assert items["car"]["is_vehicle"] is True and items["car"]["useful_life_years"] == 15
    assert items["computer"]["wear_rate_pct"] == 14.29
    assert all(c["verified"] is False and c["legal_basis"] and c["evidence"] for c in items.values())
    vehicles = client.get("/categories?is_vehicle=true", BTC_STAFF).get_json()["items"]
    assert [c["code"] for c in vehicles] == ["car"]


def test_the_office_adds_and_changes_a_category(client):
    body = {"code": "projector", "name": "Máy chiếu", "useful_life_years": 5, "wear_rate_pct": 20,
            "legal_basis": "TT 23/2023 Appendix 01 (to verify)", "evidence": "[C]"}
    resp = client.post("/categories", OFFICE, body)
    assert resp.status_code == 201 and resp.get_json()["wear_rate_pct"] == 20.0
    assert client.post("/categories", OFFICE, body).status_code == 409
    resp = client.patch("/categories/projector", OFFICE, {"verified": True, "wear_rate_pct": "12.5"})
    assert resp.status_code == 200 and resp.get_json()["verified"] is True
    assert resp.get_json()["wear_rate_pct"] == 12.5
    assert client.get("/categories/projector", AUDITOR).get_json()["name"] == "Máy chiếu"


def test_only_the_office_keeps_the_catalogue(client):
    body = {"code": "tv", "name": "TV", "useful_life_years": 5, "wear_rate_pct": 20}
    for who in (BTC_STAFF, LEADER, AUDITOR):
        assert client.post("/categories", who, body).status_code == 403
        assert client.patch("/categories/computer", who, {"name": "x"}).status_code == 403


def test_bad_category_input_is_4xx(client):
    cases = [
        {"code": "Bad Code", "name": "x", "useful_life_years": 5, "wear_rate_pct": 20},
        {"code": "ok", "name": "x", "useful_life_years": "five", "wear_rate_pct": 20},
        {"code": "ok", "name": "x", "useful_life_years": 5, "wear_rate_pct": 0},
        {"code": "ok", "name": "x", "useful_life_years": 5, "wear_rate_pct": 101},
        {"code": "ok", "name": "x", "useful_life_years": 5, "wear_rate_pct": "NaN"},
        {"code": "ok", "name": "x\u0000", "useful_life_years": 5, "wear_rate_pct": 20},
        {"code": "ok", "name": "x", "useful_life_years": 5, "wear_rate_pct": 20, "colour": "red"},
        {"code": "ok", "name": "x", "useful_life_years": 5, "wear_rate_pct": 20, "evidence": "[Z]"},
    ]
    for body in cases:
        resp = client.post("/categories", OFFICE, body)
        assert resp.status_code == 422, body
        assert problem(resp)["errors"]
    assert client.post("/categories", OFFICE, None, data="{not json", content_type="application/json").status_code == 400
    assert client.get("/categories/nope", OFFICE).status_code == 404
    assert client.patch("/categories/nope", OFFICE, {"name": "x"}).status_code == 404


def test_standards_per_rank_and_per_board(client):
    staff = client.get("/standards?title_rank=specialist&category=computer", BTC_STAFF).get_json()["items"]
    assert [(s["max_quantity"], s["max_unit_price_vnd"], s["scope"]) for s in staff] == [(1, 15_000_000, "person")]
    assert staff[0]["legal_basis"].startswith("QĐ 50/2017") and staff[0]["verified"] is False
    shared = client.get("/standards?scope=unit&category=printer", BTC_STAFF).get_json()["items"]
    assert shared[0]["title_rank"] is None and shared[0]["max_quantity"] == 1
    car = client.get("/standards?category=car&scope=unit", BTC_STAFF).get_json()["items"][0]
    assert car["max_quantity"] is None and car["max_unit_price_vnd"] == 950_000_000 and car["evidence"] == "[A]"


def test_the_office_adds_and_changes_standards(client):
    client.post("/categories", OFFICE, {"code": "projector", "name": "Máy chiếu", "useful_life_years": 5,
                                        "wear_rate_pct": 20})
    body = {"category": "projector", "scope": "unit", "max_quantity": 2, "max_unit_price_vnd": 20_000_000}
    resp = client.post("/standards", OFFICE, body)
    assert resp.status_code == 201
    standard_id = resp.get_json()["id"]
    assert client.post("/standards", OFFICE, body).status_code == 409
    resp = client.patch(f"/standards/{standard_id}", OFFICE, {"max_quantity": 3, "verified": True})
    assert resp.get_json()["max_quantity"] == 3 and resp.get_json()["verified"] is True
    assert client.get(f"/standards/{standard_id}", BTC_STAFF).status_code == 200
    assert client.post("/standards", BTC_STAFF, body).status_code == 403
    assert client.patch(f"/standards/{standard_id}", LEADER, {"max_quantity": 9}).status_code == 403


def test_bad_standard_input_is_4xx(client):
    bad = [
        ({"category": "computer", "scope": "person", "max_quantity": 1}, 422),  # a person standard names a rank
        ({"category": "printer", "scope": "unit", "title_rank": "specialist"}, 422),
        ({"category": "nope", "scope": "unit"}, 422),
        ({"category": "computer", "scope": "room"}, 422),
        ({"category": "computer", "scope": "person", "title_rank": "general"}, 422),
        ({"category": "computer", "scope": "unit", "max_unit_price_vnd": -1}, 422),
        ({"category": "computer", "scope": "unit", "max_unit_price_vnd": 1.5}, 422),
    ]
    for body, status in bad:
        assert client.post("/standards", OFFICE, body).status_code == status, body
    assert client.get("/standards/999999", OFFICE).status_code == 404
    assert client.get("/standards/99999999999999999999999", OFFICE).status_code == 404
    assert client.get("/standards?title_rank=king", OFFICE).status_code == 422
