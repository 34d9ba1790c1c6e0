"""Nothing a client sends may cause a 500: every endpoint answers bad input with a 4xx problem."""
import base64
import json
import re

import pytest

from buildingblocks.testing import auth_headers, make_principal

from ..conftest import OFFICE_HR

BIG = 10**20
GARBAGE_BODIES = [
    "not json", "[]", "null", "42", '{"a":', json.dumps({"x" * 10: "\x00"}),
]
ENDPOINTS = [
    ("get", "/units"), ("post", "/units"), ("get", "/units/BTC"), ("patch", "/units/BTC"),
    ("get", "/units/BTC/versions"), ("post", "/units/BTC/dissolve"),
    ("get", "/positions"), ("post", "/positions"), ("get", "/positions/7"), ("patch", "/positions/7"),
    ("get", "/staff"), ("post", "/staff"), ("get", "/staff/22"), ("patch", "/staff/22"),
    ("get", "/appointments"), ("post", "/appointments"),
    ("get", "/staffing"), ("get", "/staffing.csv"), ("get", "/rules"), ("patch", "/rules"),
    ("get", "/rules/total_deputy_heads"), ("patch", "/rules/total_deputy_heads"),
    ("get", "/restructurings"), ("post", "/restructurings"), ("get", "/restructurings/1"),
    ("patch", "/restructurings/1"), ("get", "/restructurings/1/preview"), ("post", "/restructurings/1/preview"),
    ("post", "/restructurings/1/approve"), ("post", "/restructurings/1/apply"),
    ("post", "/restructurings/1/reject"), ("post", "/restructurings/1/withdraw"),
    ("get", "/rules/total_deputy_heads/versions"), ("get", "/staffing.xlsx"), ("get", "/restructurings/1/plan.pdf"),
    ("get", "/restructurings/1/attachments"), ("post", "/restructurings/1/attachments"),
    ("get", "/restructurings/1/attachments/1"),
]


def is_problem(resp):
    return 400 <= resp.status_code < 500 and resp.mimetype == "application/problem+json" and "status" in resp.json


def forged_cursor(value):
    return base64.urlsafe_b64encode(json.dumps([value]).encode()).decode().rstrip("=")


@pytest.mark.parametrize("method, path", [e for e in ENDPOINTS if e[0] in ("post", "patch")])
def test_garbage_bodies(demo, client, method, path):
    for body in GARBAGE_BODIES:
        resp = getattr(client, method)(path, data=body, content_type="application/json",
                                       headers=auth_headers(OFFICE_HR, service="hr"))
        assert resp.status_code < 500, (path, body, resp.json)
        if resp.status_code >= 400:
            assert is_problem(resp), (path, body)


@pytest.mark.parametrize("method, path", ENDPOINTS)
def test_no_token_is_401(demo, client, method, path):
    resp = getattr(client, method)(path, json={})
    assert resp.status_code == 401 and is_problem(resp)


@pytest.mark.parametrize("query", [
    "as_of=2026-02-30", "as_of=%00", "limit=0", "limit=201", "limit=x", f"limit={BIG}", "cursor=%%%",
    f"cursor={forged_cursor('abc')}", f"cursor={forged_cursor(BIG)}", f"cursor={forged_cursor([1])}",
    "unit=%00", f"position_id={BIG}", f"staff_id={BIG}", "is_driver=maybe", "kind=club", "status=gone",
    "unit=" + "X" * 500, "title_rank=king", "family=x", "rank=x", "parent_code=%00",
])
def test_bad_queries(demo, hr, query):
    for path in ("/units", "/positions", "/staff", "/appointments", "/staffing", "/staffing.csv", "/staffing.xlsx",
                 "/restructurings", "/rules", "/rules/total_deputy_heads", "/restructurings/1/attachments"):
        resp = hr.get(f"{path}?{query}")
        assert resp.status_code < 500, (path, query, resp.get_data(as_text=True))


@pytest.mark.parametrize("path", [
    f"/positions/{BIG}", f"/staff/{BIG}", f"/restructurings/{BIG}", f"/restructurings/{BIG}/preview",
    f"/restructurings/{BIG}/plan.pdf", f"/restructurings/1/attachments/{BIG}", "/rules/%00/versions",
    "/units/%00", "/units/A%00B/versions", "/rules/%00", "/units/" + "X" * 300, "/positions/-1", "/nowhere",
])
def test_bad_paths(demo, hr, path):
    resp = hr.get(path)
    assert resp.status_code in (400, 404), (path, resp.status_code)
    assert is_problem(resp)


@pytest.mark.parametrize("path, body", [
    ("/units", {"code": "A B", "name": "x", "kind": "board"}),
    ("/units", {"code": "AB", "name": "x\x00", "kind": "board"}),
    ("/units", {"code": "AB", "name": "\ud800", "kind": "board"}),
    ("/units", {"code": "AB", "name": "", "kind": "board"}),
    ("/units", {"code": "AB", "name": "x" * 201, "kind": "board"}),
    ("/units", {"code": "AB", "name": "x", "kind": "club"}),
    ("/units", {"code": "AB", "name": "x", "kind": "board", "valid_from": "2026-99-01"}),
    ("/units", {"code": "AB", "name": "x", "kind": "board", "unknown": 1}),
    ("/positions", {"unit": "VP", "title": "x", "rank": "boss", "family": "support", "quota": 1}),
    ("/positions", {"unit": "VP", "title": "x", "rank": "support", "family": "support", "quota": -1}),
    ("/positions", {"unit": "VP", "title": "x", "rank": "support", "family": "support", "quota": BIG}),
    ("/positions", {"id": BIG, "unit": "VP", "title": "x", "rank": "support", "family": "support", "quota": 1}),
    ("/positions", {"unit": "VP", "title": "x", "rank": "support", "family": "support", "quota": "1.5"}),
    ("/staff", {"full_name": "x", "unit": "VP", "id": BIG}),
    ("/staff", {"full_name": "x", "position_id": BIG}),
    ("/staff", {"full_name": "x", "unit": "VP", "licence_class": "Z9"}),
    ("/staff", {"full_name": "x", "unit": "VP", "title_rank": "king"}),
    ("/staff", {"full_name": "x", "unit": "VP", "licence_expiry": "soon"}),
    ("/staff", {"full_name": ["x"], "unit": "VP"}),
    ("/appointments", {"staff_id": "x", "position_id": 1}),
    ("/appointments", {"staff_id": BIG, "position_id": 1}),
    ("/restructurings", {"title": "x", "effective_date": "2026-01-01"}),
    ("/restructurings", {"title": "x", "effective_date": "2026-01-01", "steps": "merge"}),
    ("/restructurings", {"title": "x", "effective_date": "2026-01-01", "steps": [{"op": "merge_units"}]}),
    ("/restructurings", {"title": "x", "effective_date": "2026-01-01", "steps": [], "reduction_target": 2}),
    ("/restructurings", {"title": "x", "effective_date": "2026-01-01", "steps": [],
                         "reduction_target": float("nan")}),
    ("/restructurings", {"title": "", "effective_date": "2026-01-01", "steps": []}),
])
def test_bad_bodies_are_422(demo, hr, path, body):
    resp = hr.post(path, data=json.dumps(body), content_type="application/json")
    assert resp.status_code in (400, 422), (path, body, resp.json)
    assert is_problem(resp)


@pytest.mark.parametrize("path, body", [
    ("/units/BTC", {"parent_code": "BTC"}),
    ("/units/BTC", {"kind": "club"}),
    ("/units/BTC-VP", {"parent_code": "NOPE"}),
    ("/positions/7", {"unit": "NOPE"}),
    ("/positions/7", {"quota": -3}),
    ("/staff/22", {"position_id": BIG}),
    ("/staff/22", {"unit": "NOPE"}),
    ("/staff/22", {"status": "retired"}),
    ("/staff/22", {"full_name": ""}),
    ("/rules/total_deputy_heads", {"value": {"max": BIG}}),
    ("/rules/max_departments_per_agency", {"value": {"by_kind": {"office": 5}, "by_unit": {"\x00": 1}}}),
    ("/restructurings/1", {"steps": [{"op": "set_quota", "position_id": 7, "quota": BIG}]}),
    ("/restructurings/1", {"effective_date": None}),
])
def test_bad_changes_are_4xx(demo, hr, path, body):
    resp = hr.patch(path, data=json.dumps(body), content_type="application/json")
    assert resp.status_code in (400, 409, 422), (path, body, resp.json)
    assert is_problem(resp)


def test_an_unparseable_body_on_an_action_without_one_is_harmless(demo, client):
    resp = client.post("/restructurings/1/approve", data="{{", content_type="application/json",
                       headers=auth_headers(OFFICE_HR, service="hr"))
    assert resp.status_code == 403 and is_problem(resp)


FUZZ_IDS = ["abc", "999999999", "-1", "1e9", "%20", "x" * 300, "1"]
FUZZ_VALUES = ["", "x" * 5000, -1, 10**30, 1.5, True, None, [], {}, "2026-13-45", "9999-99-99T99:99:99", "\x00"]


def test_every_operation_of_the_openapi_document_refuses_bad_input_cleanly(demo, app):
    # Like the platform's fuzzer: a caller with every business role, every path and method.
    everyone = make_principal("fuzzer", "VP", ["staff", "unit_head", "office_hr", "leadership", "office_fleet"])
    client = app.test_client()
    headers = auth_headers(everyone, service="hr")
    spec = client.get("/openapi.json").json
    exercised = 0
    for path, item in spec["paths"].items():
        for method, op in item.items():
            if method not in ("get", "post", "patch"):
                continue
            paths = [re.sub(r"\{[^}]+\}", bad, path) for bad in FUZZ_IDS] if "{" in path else [path]
            for concrete in paths:
                if method == "get":
                    params = {q["name"]: "!!bad!!" for q in op.get("parameters", []) if q.get("in") == "query"}
                    params.update({"limit": "-5", "cursor": "###"})
                    resp = client.get(concrete, query_string=params, headers=headers)
                    assert resp.status_code < 500, (concrete, params)
                    exercised += 1
                    continue
                send = getattr(client, method)
                for raw in ("{not json", "[1, 2]"):
                    resp = send(concrete, data=raw, content_type="application/json", headers=headers)
                    assert resp.status_code < 500 and (resp.status_code < 400 or is_problem(resp)), (concrete, raw)
                schema = (op.get("requestBody") or {}).get("content", {}).get("application/json", {}).get("schema", {})
                if "$ref" in schema:
                    schema = spec["components"]["schemas"][schema["$ref"].rsplit("/", 1)[-1]]
                props = schema.get("properties") or {}
                for value in FUZZ_VALUES:
                    body = {name: value for name in props} or {"x": value}
                    resp = send(concrete, data=json.dumps(body), content_type="application/json", headers=headers)
                    assert resp.status_code < 500, (method, concrete, body, resp.get_data(as_text=True)[:300])
                exercised += 1
    assert exercised > 40
