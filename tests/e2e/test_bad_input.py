"""Bad input on every endpoint of the merged OpenAPI document: 4xx problem+json, never a 500."""
import json

import pytest
import requests

from harness import Client

ALL_BUSINESS_ROLES = ["staff", "unit_head", "office_finance", "office_assets", "office_fleet", "office_hr", "leadership"]
BAD_IDS = ["abc", "999999999", "-1", "1e9", "%20", "x" * 300]
BAD_VALUES = ["", "x" * 5000, -1, 10**30, 1.5, True, None, [], {}, "2026-13-45", "9999-99-99T99:99:99"]


@pytest.fixture(scope="module")
def fuzzer(platform):
    admin = platform.client("admin")
    resp = admin.post("/admin/users", {"username": "fuzzer", "password": "fuzzer-pass-1", "unit": "VP",
                                       "roles": ALL_BUSINESS_ROLES, "staff_id": None})
    assert resp.status_code in (201, 409), resp.text
    return Client(platform.gateway, platform.token("fuzzer", "fuzzer-pass-1"))


def operations(platform):
    spec = requests.get(f"{platform.gateway}/api/v1/openapi.json", timeout=30).json()
    for path, item in spec["paths"].items():
        for method, op in item.items():
            if method in {"get", "post", "patch", "put", "delete"}:
                yield path, method, op, spec


def body_properties(op, spec):
    content = (op.get("requestBody") or {}).get("content", {}).get("application/json", {})
    schema = content.get("schema") or {}
    if "$ref" in schema:
        schema = spec["components"]["schemas"][schema["$ref"].rsplit("/", 1)[-1]]
    return schema.get("properties") or {}


def check(resp, what):
    assert resp.status_code < 500, f"{what}: {resp.status_code} {resp.text[:300]}"
    if resp.status_code >= 400:
        assert resp.headers.get("Content-Type", "").startswith("application/problem+json"), f"{what}: {resp.headers}"


def test_every_endpoint_refuses_bad_input_cleanly(platform, fuzzer):
    count = 0
    for path, method, op, spec in operations(platform):
        if path.startswith("/api/v1/auth/token") or "/admin/" in path:
            continue
        rel = path.removeprefix("/api/v1")
        paths = [rel]
        if "{" in rel:
            import re

            paths = [re.sub(r"\{[^}]+\}", bad, rel) for bad in BAD_IDS]
        for p in paths:
            url = fuzzer._url(p)
            if method == "get":
                params = {q["name"]: "!!bad!!" for q in op.get("parameters", []) if q.get("in") == "query"}
                params.update({"limit": "-5", "cursor": "###"})
                check(fuzzer.session.get(url, params=params, timeout=30), f"GET {p} {params}")
                count += 1
                continue
            send = getattr(fuzzer.session, method)
            check(send(url, data="{not json", headers={"Content-Type": "application/json"}, timeout=30), f"{method} {p} malformed")
            check(send(url, data=json.dumps([1, 2]), headers={"Content-Type": "application/json"}, timeout=30), f"{method} {p} array")
            check(send(url, data="plain text", headers={"Content-Type": "text/plain"}, timeout=30), f"{method} {p} text")
            props = body_properties(op, spec)
            for value in BAD_VALUES:
                body = {name: value for name in props} or {"x": value}
                check(send(url, json=body, timeout=30), f"{method} {p} {str(body)[:120]}")
            count += 1
    assert count > 40, f"only {count} operations were exercised; the merged spec looks incomplete"
