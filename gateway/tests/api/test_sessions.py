"""Browser sessions (the console's cookie with CSRF) and a user's own password change
(issue 11; contract "Client apps and paperwork"), on the Flask test client and real PostgreSQL."""

from __future__ import annotations

import pytest

from gateway_testkit import app_for, bearer, login, unique

PROBLEM = "application/problem+json"


def _user(client, token_of, password="first-pass-2026", **fields):
    body = {"username": unique("s"), "password": password, "unit": "BTC", "roles": ["staff"], **fields}
    assert client.post("/api/v1/admin/users", json=body, headers=bearer(token_of("admin"))).status_code == 201
    return body


def _open(client, username, password, address="127.0.0.1", **kwargs):
    return client.post("/api/v1/auth/session", json={"username": username, "password": password},
                       environ_base={"REMOTE_ADDR": address}, **kwargs)


def test_a_session_sets_a_strict_http_only_cookie_and_answers_me_and_the_csrf_token(app):
    client = app.test_client()
    response = _open(client, "chuyenvien.btc", "demo-2026")
    assert response.status_code == 200
    body = response.get_json()
    assert body["me"] == {"username": "chuyenvien.btc", "staff_id": 22, "unit": "BTC", "roles": ["staff"]}
    assert len(body["csrf_token"]) >= 32
    cookie = response.headers["Set-Cookie"]
    assert cookie.startswith("office_session=") and "HttpOnly" in cookie and "SameSite=Strict" in cookie
    assert "Path=/" in cookie and "Secure" not in cookie  # plain http here
    assert response.headers["Cache-Control"] == "no-store"
    me = client.get("/api/v1/auth/me")
    assert me.status_code == 200 and me.get_json()["csrf_token"] == body["csrf_token"]


def test_the_cookie_is_secure_over_tls(app):
    client = app.test_client()
    response = _open(client, "chuyenvien.btc", "demo-2026", base_url="https://gateway.office")
    assert "Secure" in response.headers["Set-Cookie"]


def test_x_forwarded_proto_counts_only_behind_a_trusted_proxy(database, echo_url, dead_url, pg_url, app):
    from gateway_testkit import gateway_settings, make_policy

    untrusted = _open(app.test_client(), "chuyenvien.btc", "demo-2026", headers={"X-Forwarded-Proto": "https"})
    assert "Secure" not in untrusted.headers["Set-Cookie"]
    behind_proxy = app_for(gateway_settings(pg_url, echo_url, dead_url, TRUSTED_PROXY_HOPS=1), policy=make_policy())
    try:
        trusted = _open(behind_proxy.test_client(), "chuyenvien.btc", "demo-2026",
                        headers={"X-Forwarded-Proto": "https", "X-Forwarded-For": "10.8.0.1"})
        assert "Secure" in trusted.headers["Set-Cookie"]
    finally:
        behind_proxy.extensions["gateway"].audit.close()


def test_with_the_cookie_reads_work_and_writes_need_the_csrf_token(app):
    client = app.test_client()
    csrf = _open(client, "chuyenvien.bnc", "demo-2026").get_json()["csrf_token"]
    listed = client.get("/api/v1/finance/things")
    assert listed.status_code == 200 and listed.get_json()["args"] == {"unit": ["BNC"]}
    forwarded = {name.lower() for name in listed.get_json()["headers"]}
    assert "cookie" not in forwarded and "x-csrf-token" not in forwarded  # the session stays at the gateway
    for headers in ({}, {"X-CSRF-Token": "forged"}, {"X-CSRF-Token": ""}):
        refused = client.post("/api/v1/finance/things", json={}, headers=headers)
        assert refused.status_code == 403 and refused.mimetype == PROBLEM and refused.get_json()["rule"] == "csrf"
    assert client.post("/api/v1/finance/things", json={}, headers={"X-CSRF-Token": csrf}).status_code == 200
    assert client.post("/api/v1/auth/password", json={"current_password": "demo-2026", "new_password": "x" * 12}
                       ).status_code == 403


def test_bearer_tokens_keep_working_and_need_no_csrf(client):
    token = login(client, "chuyenvien.bnc")
    assert client.post("/api/v1/finance/things", json={}, headers=bearer(token)).status_code == 200


def test_logout_ends_the_session_at_once(app):
    client = app.test_client()
    csrf = _open(client, "chuyenvien.btc", "demo-2026").get_json()["csrf_token"]
    cookie = client.get_cookie("office_session").value
    assert client.delete("/api/v1/auth/session").status_code == 403  # the CSRF token is needed here too
    out = client.delete("/api/v1/auth/session", headers={"X-CSRF-Token": csrf})
    assert out.status_code == 204 and "office_session=;" in out.headers["Set-Cookie"]
    assert client.get_cookie("office_session") is None
    replay = app.test_client()
    replay.set_cookie("office_session", cookie)
    assert replay.get("/api/v1/auth/me").status_code == 401
    assert replay.get("/api/v1/finance/things").status_code == 401
    assert replay.delete("/api/v1/auth/session").status_code == 204  # logging out twice is fine


def test_a_forged_or_unknown_cookie_is_401(app):
    client = app.test_client()
    client.set_cookie("office_session", "made-up-" + unique())
    assert client.get("/api/v1/auth/me").status_code == 401
    client.set_cookie("office_session", "x" * 300)
    assert client.get("/api/v1/finance/things").status_code == 401


def test_sessions_are_throttled_like_tokens(app, token_of, monkeypatch):
    from prometheus_client import REGISTRY

    import gateway.service_layer.auth as auth

    # the clock stands still: on a loaded machine four password checks can outlast the delay itself
    frozen = auth.utcnow()
    monkeypatch.setattr(auth, "utcnow", lambda: frozen)
    client = app.test_client()
    user = _user(client, token_of)
    before = REGISTRY.get_sample_value("gateway_login_throttled_total", {"route": "session", "scope": "pair"}) or 0
    for _ in range(3):
        assert _open(client, user["username"], "wrong-pass", "10.7.0.1").status_code == 401
    refused = _open(client, user["username"], user["password"], "10.7.0.1")
    assert refused.status_code == 429 and 1 <= int(refused.headers["Retry-After"]) <= 8
    assert REGISTRY.get_sample_value("gateway_login_throttled_total", {"route": "session", "scope": "pair"}) == before + 1


def test_a_password_change_ends_every_earlier_token_and_session(app, token_of):
    client = app.test_client()
    user = _user(client, token_of)
    token = login(client, user["username"], user["password"])
    other_browser = app.test_client()
    _open(other_browser, user["username"], user["password"])
    csrf = _open(client, user["username"], user["password"]).get_json()["csrf_token"]

    def change(current, new, headers=None):
        return client.post("/api/v1/auth/password", json={"current_password": current, "new_password": new},
                           headers=headers or {"X-CSRF-Token": csrf})

    assert change("wrong-current", "another-pass-2026").status_code == 401
    for weak in ("short", user["password"], f"x{user['username'].upper()}x", "aaaaaaaaaaaa"):
        refused = change(user["password"], weak)
        assert refused.status_code == 422 and "new_password" in refused.get_json()["errors"], weak
    assert change(user["password"], "another-pass-2026").status_code == 204
    assert client.get("/api/v1/auth/me").status_code == 401
    assert other_browser.get("/api/v1/auth/me").status_code == 401
    assert client.get("/api/v1/auth/me", headers=bearer(token)).status_code == 401
    assert client.get("/api/v1/finance/things", headers=bearer(token)).status_code == 401
    fresh = login(client, user["username"], "another-pass-2026")
    assert client.get("/api/v1/auth/me", headers=bearer(fresh)).status_code == 200
    with pytest.raises(AssertionError):
        login(client, user["username"], user["password"])


def test_a_password_change_with_a_bearer_token(client, token_of):
    user = _user(client, token_of)
    token = login(client, user["username"], user["password"])
    changed = client.post("/api/v1/auth/password", headers=bearer(token),
                          json={"current_password": user["password"], "new_password": "bearer-new-2026"})
    assert changed.status_code == 204
    assert client.get("/api/v1/auth/me", headers=bearer(token)).status_code == 401
