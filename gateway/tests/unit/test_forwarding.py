"""What the proxy forwards: identity headers from outside never reach a service."""

import io
import time

import jwt
import pytest

from buildingblocks.errors import Unauthenticated
from buildingblocks.identity import INTERNAL_AUDIENCE, Principal, verify_internal_token
from gateway.adapters.principals import InternalTokens
from gateway.adapters.tokens import AccessTokens, InvalidToken
from gateway.proxy import client_address, forwarded_headers, is_identity_header, request_id_of

SECRET = "unit-test-secret-0123456789abcdef0123456789"


def environ(**headers):
    env = {"REQUEST_METHOD": "GET", "PATH_INFO": "/api/v1/fleet/bookings", "REMOTE_ADDR": "10.0.0.9",
           "wsgi.input": io.BytesIO(b""), "wsgi.url_scheme": "https"}
    env.update(headers)
    return env


def test_identity_headers_from_outside_are_stripped_and_the_internal_token_replaces_them():
    env = environ(
        HTTP_X_INTERNAL_TOKEN="forged",
        HTTP_X_PRINCIPAL="admin",
        HTTP_X_PRINCIPAL_ROLES="admin",
        HTTP_X_USER="admin",
        HTTP_X_USER_ID="1",
        HTTP_X_USERNAME="admin",
        HTTP_X_UNIT="VP",
        HTTP_X_ROLES="leadership",
        HTTP_AUTHORIZATION="Bearer abc",
        HTTP_HOST="office.example",
        HTTP_CONNECTION="keep-alive",
        HTTP_ACCEPT_LANGUAGE="vi",
        HTTP_IDEMPOTENCY_KEY="k1",
        CONTENT_TYPE="application/json",
    )
    headers = forwarded_headers(env, "rid-1", "the-internal-token", "10.0.0.9")
    assert headers["X-Internal-Token"] == "the-internal-token"
    lowered = {name.lower() for name in headers}
    for dropped in ("x-principal", "x-principal-roles", "x-user", "x-user-id", "x-username", "x-unit",
                    "x-roles", "authorization", "host", "connection"):
        assert dropped not in lowered
    assert headers["Accept-Language"] == "vi"
    assert headers["Idempotency-Key"] == "k1"
    assert headers["Content-Type"] == "application/json"
    assert headers["X-Request-ID"] == "rid-1"
    assert headers["X-Forwarded-For"] == "10.0.0.9"
    assert headers["X-Forwarded-Host"] == "office.example"
    assert headers["X-Forwarded-Proto"] == "https"


@pytest.mark.parametrize("cache_size", [512, 0])
def test_remembered_decisions_forward_the_same_headers_as_the_first_time(monkeypatch, cache_size):
    # granian's environ starts from the process environment: its variables are never headers
    from gateway import proxy

    monkeypatch.setattr(proxy, "_forwarded_as", {})
    monkeypatch.setattr(proxy, "FORWARDED_CACHE_SIZE", cache_size)
    env = environ(PATH="/usr/bin", HOME="/root", PGPASSWORD="pw", HTTP_X_UNIT="VP", HTTP_X_USER_ID="1",
                  HTTP_AUTHORIZATION="Bearer abc", HTTP_ACCEPT="application/json", HTTP_X_CUSTOM_THING="a")
    first = forwarded_headers(env, "rid-1", "tok", "10.0.0.9")
    again = forwarded_headers(env, "rid-1", "tok", "10.0.0.9")
    assert first == again
    assert set(first) == {"Accept", "X-Custom-Thing", "X-Forwarded-For", "X-Forwarded-Proto", "X-Request-ID",
                          "X-Internal-Token"}
    assert len(proxy._forwarded_as) == (len(env) if cache_size else 0)


def test_identity_header_names():
    assert is_identity_header("HTTP_X_USER_NAME")
    assert is_identity_header("HTTP_X_PRINCIPAL_UNIT")
    assert is_identity_header("HTTP_X_INTERNAL_TOKEN")
    assert not is_identity_header("HTTP_X_REQUESTED_WITH")
    assert not is_identity_header("HTTP_ACCEPT")


def test_request_id_is_kept_when_sane_and_made_otherwise():
    assert request_id_of(environ(HTTP_X_REQUEST_ID="abc-123")) == "abc-123"
    made = request_id_of(environ(HTTP_X_REQUEST_ID="bad id\r\nX-Evil: 1"))
    assert made != "bad id\r\nX-Evil: 1" and len(made) == 32
    assert len(request_id_of(environ())) == 32


def test_client_address_trusts_forwarded_for_only_behind_configured_proxies():
    env = environ(HTTP_X_FORWARDED_FOR="1.2.3.4, 192.168.1.1")
    assert client_address(env, 0) == "10.0.0.9"
    assert client_address(env, 1) == "192.168.1.1"
    assert client_address(env, 2) == "1.2.3.4"
    assert client_address(env, 3) == "10.0.0.9"


def test_internal_tokens_carry_the_principal_and_are_reused_per_principal():
    tokens = InternalTokens(SECRET, ttl=60, reuse=10)
    principal = Principal("chuyenvien.btc", 22, "BTC", frozenset({"staff"}))
    first = tokens.for_principal(principal, "fleet")
    assert tokens.for_principal(principal, "fleet") is first
    assert verify_internal_token(SECRET, first, audience="fleet") == principal
    moved = Principal("chuyenvien.btc", 22, "VP", frozenset({"staff"}))
    assert verify_internal_token(SECRET, tokens.for_principal(moved, "fleet"), audience="fleet").unit == "VP"


def test_an_internal_token_for_one_service_is_refused_by_another():
    tokens = InternalTokens(SECRET, ttl=60, reuse=10)
    principal = Principal("chuyenvien.btc", 22, "BTC", frozenset({"staff"}))
    with pytest.raises(Unauthenticated):
        verify_internal_token(SECRET, tokens.for_principal(principal, "fleet"), audience="finance")


def test_access_tokens_round_trip_and_refuse_forgeries():
    tokens = AccessTokens(SECRET, 3600, "office-gateway", "office-api")
    token = tokens.issue("bithu", 2)
    claims = tokens.verify(token)
    assert claims["sub"] == "bithu" and claims["ver"] == 2
    assert tokens.verify(token) is claims  # the second check is a cache hit
    forged = jwt.encode({"sub": "admin", "ver": 0, "iss": "office-gateway", "aud": "office-api",
                         "iat": int(time.time()), "exp": int(time.time()) + 60}, "another-secret-0123456789abcdef-0123",
                        algorithm="HS256")
    with pytest.raises(InvalidToken):
        tokens.verify(forged)
    none_alg = jwt.encode({"sub": "admin"}, None, algorithm="none")
    with pytest.raises(InvalidToken):
        tokens.verify(none_alg)
    internal = jwt.encode({"sub": "admin", "aud": INTERNAL_AUDIENCE, "iat": 1, "exp": int(time.time()) + 60},
                          SECRET, algorithm="HS256")
    with pytest.raises(InvalidToken):
        tokens.verify(internal)


def test_an_expired_token_is_refused_even_after_it_was_cached():
    tokens = AccessTokens(SECRET, 3600, "office-gateway", "office-api")
    token = tokens.issue("bithu", 0)
    tokens.verify(token)["exp"] = time.time() - 1  # as if an hour had passed
    with pytest.raises(InvalidToken, match="expired"):
        tokens.verify(token)
