"""Logging in, who am I, tokens and throttling (Flask test client on real PostgreSQL)."""

import concurrent.futures
from datetime import timedelta

import pytest

from buildingblocks.errors import Unauthenticated
from gateway_testkit import bearer, login, unique

from gateway.errors import TooManyRequests

PROBLEM = "application/problem+json"


def test_a_demo_user_logs_in_and_sees_themselves(client):
    response = client.post("/api/v1/auth/token", json={"username": "chuyenvien.btc", "password": "demo-2026"})
    assert response.status_code == 200
    body = response.get_json()
    assert body["token_type"] == "Bearer" and body["expires_in"] == 3600
    me = client.get("/api/v1/auth/me", headers=bearer(body["access_token"]))
    assert me.status_code == 200
    assert me.get_json() == {"username": "chuyenvien.btc", "staff_id": 22, "unit": "BTC", "roles": ["staff"]}


@pytest.mark.parametrize(
    "payload",
    [
        None,
        {},
        {"username": "bithu"},
        {"username": "", "password": "x"},
        {"username": "bithu", "password": "x", "extra": 1},
        {"username": 7, "password": "x"},
        {"username": "bithu", "password": "x" * 2000},
    ],
)
def test_malformed_login_requests_are_422_problems(client, payload):
    response = client.post("/api/v1/auth/token", json=payload, environ_base={"REMOTE_ADDR": "10.9.9.9"})
    assert response.status_code in (400, 422)
    assert response.mimetype == PROBLEM


def test_a_body_that_is_not_json_is_a_4xx_problem(client):
    response = client.post("/api/v1/auth/token", data=b"\xff\xfe{", content_type="application/json")
    assert 400 <= response.status_code < 500 and response.mimetype == PROBLEM


def test_wrong_password_and_unknown_user_get_the_same_401(client):
    wrong = client.post("/api/v1/auth/token", json={"username": "bithu", "password": "nope-nope"},
                        environ_base={"REMOTE_ADDR": "10.0.1.1"})
    unknown = client.post("/api/v1/auth/token", json={"username": unique("ghost"), "password": "nope-nope"},
                          environ_base={"REMOTE_ADDR": "10.0.1.1"})
    assert wrong.status_code == unknown.status_code == 401
    assert wrong.get_json()["detail"] == unknown.get_json()["detail"]
    assert wrong.mimetype == PROBLEM


@pytest.mark.parametrize(
    "authorization",
    [None, "", "Bearer", "Bearer not-a-jwt", "Basic YWRtaW46YWRtaW4=", "bearer abc"],
)
def test_me_without_a_valid_token_is_401(client, authorization):
    headers = {"Authorization": authorization} if authorization is not None else {}
    response = client.get("/api/v1/auth/me", headers=headers)
    assert response.status_code == 401
    assert response.mimetype == PROBLEM
    assert response.headers["WWW-Authenticate"].startswith("Bearer")


def _create_user(client, admin_token, **fields):
    body = {"username": unique("u"), "password": "initial-pass-1", "unit": "BTC", "roles": ["staff"], **fields}
    response = client.post("/api/v1/admin/users", json=body, headers=bearer(admin_token))
    assert response.status_code == 201, response.get_json()
    return body


def _wrong(client, username, address):
    return client.post("/api/v1/auth/token", json={"username": username, "password": "wrong-pass"},
                       environ_base={"REMOTE_ADDR": address})


def _throttled_count(scope):
    from prometheus_client import REGISTRY

    return REGISTRY.get_sample_value("gateway_login_throttled_total", {"route": "token", "scope": scope}) or 0


@pytest.fixture
def still_clock(monkeypatch):
    """The throttle's clock stands still: on a loaded machine the password checks can outlast a delay."""
    import gateway.service_layer.auth as auth

    frozen = auth.utcnow()
    monkeypatch.setattr(auth, "utcnow", lambda: frozen)


def test_failures_from_one_address_delay_that_username_from_that_address_only(client, token_of, still_clock):
    user = _create_user(client, token_of("admin"))
    before = _throttled_count("pair")
    for _ in range(3):
        assert _wrong(client, user["username"], "10.2.0.1").status_code == 401
    blocked = client.post("/api/v1/auth/token", json={"username": user["username"], "password": user["password"]},
                          environ_base={"REMOTE_ADDR": "10.2.0.1"})
    assert blocked.status_code == 429
    assert blocked.mimetype == PROBLEM
    assert 1 <= int(blocked.headers["Retry-After"]) <= 8  # a short delay, never a lock-out
    assert blocked.get_json()["retry_after"] == int(blocked.headers["Retry-After"])
    assert blocked.get_json()["status"] == 429 and blocked.get_json()["rule"] == "login_delay"
    assert _throttled_count("pair") == before + 1  # the operator sees it
    # the owner from another address is not delayed by the guesses from this one
    login(client, user["username"], user["password"], address="10.2.0.2")


def test_the_right_password_gets_in_once_the_short_delay_has_passed(gateway_context, client, token_of):
    from buildingblocks.db import utcnow

    from gateway.service_layer.auth import check_credentials

    user = _create_user(client, token_of("admin"))
    limits = gateway_context.login_limits
    start = utcnow()
    for i in range(12):  # an attacker guessing as fast as the delays allow, well past the free failures
        try:
            check_credentials(gateway_context.database.unit_of_work, limits, user["username"], "wrong-pass",
                              "10.6.0.1", now=start + timedelta(seconds=10 * i))
        except Unauthenticated:
            pass
    last_failure = start + timedelta(seconds=110)
    with pytest.raises(TooManyRequests) as refused:
        check_credentials(gateway_context.database.unit_of_work, limits, user["username"], user["password"],
                          "10.6.0.1", now=last_failure + timedelta(seconds=1))
    assert refused.value.retry_after <= limits.per_pair.max_delay
    account = check_credentials(gateway_context.database.unit_of_work, limits, user["username"], user["password"],
                                "10.6.0.1", now=last_failure + timedelta(seconds=limits.per_pair.max_delay))
    assert account.username == user["username"]


def test_a_burst_of_wrong_logins_from_one_address_locks_out_no_other_username(client):
    address = "10.4.0.1"
    for _ in range(40):
        assert _wrong(client, unique("ghost"), address).status_code == 401
    assert client.post("/api/v1/auth/token", json={"username": "bithu", "password": "demo-2026"},
                       environ_base={"REMOTE_ADDR": address}).status_code == 200


def test_a_successful_login_clears_the_failures(client, token_of):
    user = _create_user(client, token_of("admin"))
    for _ in range(2):
        _wrong(client, user["username"], "10.3.0.1")
    login(client, user["username"], user["password"], address="10.3.0.1")
    for _ in range(3):
        assert _wrong(client, user["username"], "10.3.0.1").status_code == 401


def test_concurrent_guesses_from_many_addresses_cannot_exceed_the_usernames_free_failures(app, token_of, still_clock):
    """20 wrong guesses at once from 20 addresses: 5 reach the password check, the rest are 429."""
    client = app.test_client()
    user = _create_user(client, token_of("admin"))

    def guess(i):
        c = app.test_client()
        return c.post("/api/v1/auth/token", json={"username": user["username"], "password": f"guess-{i:04d}"},
                      environ_base={"REMOTE_ADDR": f"10.5.0.{i}"}).status_code

    with concurrent.futures.ThreadPoolExecutor(max_workers=10) as pool:
        statuses = list(pool.map(guess, range(20)))
    assert statuses.count(401) == 5
    assert statuses.count(429) == 15


def test_a_deactivated_user_is_refused_at_once_even_with_a_live_token(client, token_of):
    admin = token_of("admin")
    user = _create_user(client, admin)
    token = login(client, user["username"], user["password"])
    assert client.get("/api/v1/auth/me", headers=bearer(token)).status_code == 200
    assert client.patch(f"/api/v1/admin/users/{user['username']}", json={"active": False},
                        headers=bearer(admin)).status_code == 200
    assert client.get("/api/v1/auth/me", headers=bearer(token)).status_code == 401
    assert client.get("/api/v1/finance/things", headers=bearer(token)).status_code == 401
    refused = client.post("/api/v1/auth/token", json={"username": user["username"], "password": user["password"]})
    assert refused.status_code == 401


def test_a_new_password_ends_older_tokens(client, token_of):
    admin = token_of("admin")
    user = _create_user(client, admin)
    old = login(client, user["username"], user["password"])
    client.patch(f"/api/v1/admin/users/{user['username']}", json={"password": "another-pass-2"}, headers=bearer(admin))
    assert client.get("/api/v1/auth/me", headers=bearer(old)).status_code == 401
    new = login(client, user["username"], "another-pass-2")
    assert client.get("/api/v1/auth/me", headers=bearer(new)).status_code == 200


def test_a_token_signed_with_another_key_is_refused(client):
    import time

    import jwt

    forged = jwt.encode({"sub": "admin", "ver": 0, "iss": "office-gateway", "aud": "office-api",
                         "iat": int(time.time()), "exp": int(time.time()) + 600},
                        "guessed-secret-0123456789abcdef0123", algorithm="HS256")
    assert client.get("/api/v1/admin/users", headers=bearer(forged)).status_code == 401
