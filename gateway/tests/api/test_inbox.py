"""`GET /api/v1/inbox` (issue 11): every service asked at once, merged oldest first; a service
that is down, slow or answers nonsense is named in `unavailable` and the others still answer."""

from __future__ import annotations

import json

import pytest
from buildingblocks.inbox import INBOX_LIMIT

from gateway.policies import load_rules
from gateway.policy import PolicyTable
from gateway_testkit import app_for, ECHO_RULES, RawService, bearer, gateway_settings, json_answer, login

FLEET_INBOX = {
    "items": [
        {"service": "finance", "kind": "booking", "id": 7, "unit": "BTC", "title": "Xe đi Sóc Sơn",
         "amount_vnd": None, "requested_by": "chuyenvien.btc", "requested_at": "2026-01-01T01:00:00Z",
         "actions": ["approve", "reject"], "extra": "ignored"},
        {"service": "fleet", "kind": "booking", "id": 9, "unit": "BTC", "title": "Xe đi Ba Vì",
         "amount_vnd": None, "requested_by": "chuyenvien.btc", "requested_at": "2026-01-10T01:00:00Z",
         "actions": ["approve", "reject"]},
    ],
    "counts": {"fleet.booking": 2},
}


@pytest.fixture(scope="module")
def inbox_app(database, echo_url, dead_url, pg_url):
    fleet = RawService(json_answer(json.dumps(FLEET_INBOX, ensure_ascii=False).encode()))
    slow = RawService(None)
    settings = gateway_settings(pg_url, echo_url, dead_url, INBOX_TIMEOUT_SECONDS=0.5)
    settings.overrides.update({"FLEET_URL": fleet.url, "ASSETS_URL": slow.url})  # hr: nothing listens
    rules = {"gateway": load_rules()["gateway"], **{s: ECHO_RULES for s in ("hr", "finance", "assets", "fleet")}}
    app = app_for(settings, policy=PolicyTable(rules))
    yield app
    app.extensions["gateway"].audit.close()
    app.extensions["gateway"].inbox.close()
    fleet.close()
    slow.close()


def test_the_inbox_merges_the_services_oldest_first_and_names_those_that_did_not_answer(inbox_app):
    client = inbox_app.test_client()
    response = client.get("/api/v1/inbox", headers=bearer(login(client, "truongban.btc")))
    assert response.status_code == 200, response.get_json()
    body = response.get_json()
    assert [(item["service"], item["kind"], item["id"]) for item in body["items"]] == [
        ("fleet", "booking", 7), ("finance", "expense", 1), ("finance", "budget_change", 2), ("fleet", "booking", 9)]
    assert body["counts"] == {"finance.expense": 1, "finance.budget_change": 1, "fleet.booking": 2}
    assert sorted(body["unavailable"]) == ["assets", "hr"]  # slow, and down
    first = body["items"][1]
    assert first["unit"] == "BTC" and first["amount_vnd"] == 1_500_000 and first["actions"] == ["approve", "reject"]
    assert first["requested_at"].startswith("2026-01-02T08:00:00")
    assert "extra" not in body["items"][0]


def test_a_service_answering_nonsense_is_unavailable_not_a_500(database, echo_url, dead_url, pg_url):
    broken = RawService(json_answer(b'{"items": [{"kind": 5}], "counts": "many"}'))
    settings = gateway_settings(pg_url, echo_url, dead_url, INBOX_TIMEOUT_SECONDS=0.5)
    settings.overrides.update({"FLEET_URL": broken.url})
    app = app_for(settings, policy=PolicyTable({"gateway": load_rules()["gateway"], "finance": ECHO_RULES,
                                                   "fleet": ECHO_RULES}))
    try:
        client = app.test_client()
        body = client.get("/api/v1/inbox", headers=bearer(login(client, "truongban.btc"))).get_json()
        assert body["unavailable"] == ["fleet"] and len(body["items"]) == 2
    finally:
        app.extensions["gateway"].audit.close()
        broken.close()


def test_the_inbox_works_with_the_session_cookie_and_is_refused_to_the_admin(inbox_app):
    client = inbox_app.test_client()
    client.post("/api/v1/auth/session", json={"username": "truongban.btc", "password": "demo-2026"})
    assert client.get("/api/v1/inbox").status_code == 200
    admin = inbox_app.test_client()
    assert admin.get("/api/v1/inbox", headers=bearer(login(admin, "admin"))).status_code == 403
    assert admin.get("/api/v1/inbox").status_code == 401


def _waiting(service: str, hours: range, total: int) -> bytes:
    """A service's answer: its oldest items (one an hour from 2026-01-01) and the count of all."""
    items = [{"service": service, "kind": "booking", "id": hour, "unit": "BTC", "title": f"Việc {hour}",
              "amount_vnd": None, "requested_by": "chuyenvien.btc",
              "requested_at": f"2026-01-{1 + hour // 24:02d}T{hour % 24:02d}:00:00Z", "actions": ["approve"]}
             for hour in hours]
    return json_answer(json.dumps({"items": items, "counts": {f"{service}.booking": total}}).encode())


def test_the_merged_inbox_keeps_the_oldest_of_every_service_and_counts_them_all(database, echo_url, dead_url, pg_url):
    """Issue 16: each service lists its oldest INBOX_LIMIT; the merged answer keeps the oldest
    INBOX_LIMIT of those (here fleet's even hours and assets' odd ones) and adds up the counts."""
    fleet = RawService(_waiting("fleet", range(0, 2 * INBOX_LIMIT, 2), 900))
    assets = RawService(_waiting("assets", range(1, 2 * INBOX_LIMIT, 2), 250))
    settings = gateway_settings(pg_url, echo_url, dead_url, INBOX_TIMEOUT_SECONDS=2.0)
    settings.overrides.update({"FLEET_URL": fleet.url, "ASSETS_URL": assets.url})
    app = app_for(settings, policy=PolicyTable({"gateway": load_rules()["gateway"], "fleet": ECHO_RULES,
                                                   "assets": ECHO_RULES}))
    try:
        client = app.test_client()
        body = client.get("/api/v1/inbox", headers=bearer(login(client, "truongban.btc"))).get_json()
        assert body["unavailable"] == []
        assert [item["id"] for item in body["items"]] == list(range(INBOX_LIMIT))
        assert {item["service"] for item in body["items"][:2]} == {"fleet", "assets"}
        assert body["counts"] == {"fleet.booking": 900, "assets.booking": 250}
    finally:
        app.extensions["gateway"].audit.close()
        app.extensions["gateway"].inbox.close()
        fleet.close()
        assets.close()
