"""Whatever a client sends, every route answers 4xx problem+json, never a 500."""
import pytest

from conftest import BTC_STAFF, OFFICE
from helpers import register

JUNK_BODIES = [
    None, [], "text", 12, {"lines": None}, {"units": [None]}, {"fiscal_year": 10**30},
    {"tag": "\u0000", "unit": "\u0000", "category": "\u0000", "name": "\u0000", "reason": "\u0000"},
    {"lines": [{"unit_price_vnd": 10**40, "quantity": -1}]}, {"entries": [{"tag": "x" * 5000}]},
    {"attributes": {"plate": "\u0000", "seats": 10**40}}, {"to_unit": ["BTC"]}, {"as_of": "2024-13-45"},
]
JUNK_QUERIES = ["?limit=-1", "?cursor=%00", "?unit=%00", "?as_of=%00", "?q=" + "%25" * 200, "?fiscal_year=1e9",
                "?is_vehicle=maybe", "?holder_staff_id=99999999999999999999"]
JUNK_IDS = ["1", "%00", "99999999999999999999999"]


def routes(app):
    for rule in app.url_map.iter_rules():
        if rule.endpoint == "static":
            continue
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            yield method, rule.rule


def concrete(template, value):
    import re

    return re.sub(r"<[^>]+>", value, template)


@pytest.mark.parametrize("who", [OFFICE, BTC_STAFF], ids=["office", "staff"])
def test_no_route_answers_500_to_junk(client, app, who):
    register(client)  # asset 1 exists, so that some junk reaches the use cases
    for method, template in routes(app):
        for value in JUNK_IDS:
            path = concrete(template, value)
            if method == "GET":
                for query in [""] + JUNK_QUERIES:
                    resp = client.get(path + query, who)
                    assert resp.status_code < 500, (method, path + query, resp.get_data(as_text=True)[:300])
            else:
                for body in JUNK_BODIES:
                    if body is None:
                        resp = client._call(method, path, who, data=b"\xff\xfe{", headers={
                            "Content-Type": "application/json"})
                    else:
                        resp = client._call(method, path, who, json=body)
                    assert resp.status_code < 500, (method, path, body, resp.get_data(as_text=True)[:300])
                    if resp.status_code >= 400:
                        assert resp.mimetype == "application/problem+json", (method, path, body)


def test_a_malformed_idempotency_key_is_4xx(client):
    resp = client.post("/items", OFFICE, {}, headers={"Idempotency-Key": "a\u0000b"})
    assert 400 <= resp.status_code < 500
    resp = client.post("/items", OFFICE, {}, headers={"Idempotency-Key": "k" * 300})
    assert resp.status_code == 422
