"""Routing `/api/v1/<service>/...` to a real service process: the role table, unit pinning,
identity headers, bodies and statuses passed through, and 502/504 when a service fails."""

import base64

import pytest

from gateway_testkit import app_for, bearer, login, unique

PROBLEM = "application/problem+json"


def echoed(response):
    assert response.status_code == 200, response.get_data(as_text=True)
    return response.get_json()


def test_a_staff_list_is_narrowed_to_their_unit(client, token_of):
    seen = echoed(client.get("/api/v1/finance/things?limit=5", headers=bearer(token_of("chuyenvien.btc"))))
    assert seen["path"] == "/things"
    assert seen["args"] == {"limit": ["5"], "unit": ["BTC"]}
    assert seen["principal"] == {"username": "chuyenvien.btc", "unit": "BTC", "staff_id": 22, "roles": ["staff"]}


def test_a_staff_list_of_their_own_unit_passes_unchanged(client, token_of):
    seen = echoed(client.get("/api/v1/finance/things?unit=BTC", headers=bearer(token_of("chuyenvien.btc"))))
    assert seen["args"] == {"unit": ["BTC"]}


@pytest.mark.parametrize("query", ["unit=VP", "unit=BTC&unit=VP", "%75nit=VP", "unit="])
def test_a_staff_list_of_another_unit_is_403(client, token_of, query):
    response = client.get(f"/api/v1/finance/things?{query}", headers=bearer(token_of("chuyenvien.btc")))
    assert response.status_code == 403 and response.mimetype == PROBLEM
    assert "own unit" in response.get_json()["detail"]


@pytest.mark.parametrize("username", ["ketoan.vp", "bithu", "kiemtra.ubkt"])
def test_callers_with_scope_list_any_unit_or_all(client, token_of, username):
    token = token_of(username)
    assert echoed(client.get("/api/v1/finance/things", headers=bearer(token)))["args"] == {}
    assert echoed(client.get("/api/v1/finance/things?unit=BNC", headers=bearer(token)))["args"] == {"unit": ["BNC"]}


def test_office_scope_is_per_service(client, token_of):
    # The fleet specialist has no scope in finance: pinned like any staff member of VP.
    assert echoed(client.get("/api/v1/finance/things", headers=bearer(token_of("doixe.vp"))))["args"] == {"unit": ["VP"]}


def test_forged_identity_headers_never_reach_the_service(client, token_of):
    forged = {
        "X-Internal-Token": "eyJhbGciOiJub25lIn0.eyJzdWIiOiJhZG1pbiJ9.",
        "X-Principal": "bithu",
        "X-Principal-Roles": "leadership",
        "X-User": "admin",
        "X-User-Id": "1",
        "X-Unit": "VP",
        "X-Roles": "leadership,admin",
    }
    seen = echoed(client.get("/api/v1/finance/things", headers=bearer(token_of("chuyenvien.btc"), **forged)))
    names = {name.lower() for name in seen["headers"]}
    assert not names & {"x-principal", "x-principal-roles", "x-user", "x-user-id", "x-unit", "x-roles",
                        "authorization"}
    assert seen["headers"]["X-Internal-Token"] != forged["X-Internal-Token"]
    assert seen["principal"]["username"] == "chuyenvien.btc" and seen["args"] == {"unit": ["BTC"]}


def test_forged_headers_without_a_token_are_401(client):
    response = client.get("/api/v1/finance/things", headers={"X-User": "admin", "X-Roles": "leadership"})
    assert response.status_code == 401 and response.mimetype == PROBLEM
    assert response.headers["WWW-Authenticate"].startswith("Bearer")


def test_routes_absent_from_the_table_or_roles_not_allowed_are_403(client, token_of):
    staff = bearer(token_of("chuyenvien.btc"))
    assert client.delete("/api/v1/finance/things/1", headers=staff).status_code == 403
    assert client.get("/api/v1/finance/unlisted", headers=staff).status_code == 403
    assert client.post("/api/v1/finance/things/1/approve", headers=staff).status_code == 403
    name = unique("insp")
    client.post("/api/v1/admin/users", json={"username": name, "password": "inspector-1", "unit": "UBKT",
                                             "roles": ["auditor"]}, headers=bearer(token_of("admin")))
    auditor = bearer(login(client, name, "inspector-1"))
    assert client.get("/api/v1/finance/things", headers=auditor).status_code == 200
    response = client.post("/api/v1/finance/things", json={"x": 1}, headers=auditor)
    assert response.status_code == 403 and response.mimetype == PROBLEM
    admin = bearer(token_of("admin"))
    assert client.get("/api/v1/finance/things/1", headers=admin).status_code == 403


def test_an_allowed_action_passes(client, token_of):
    seen = echoed(client.post("/api/v1/finance/things/9/approve", headers=bearer(token_of("truongban.btc"))))
    assert seen["path"] == "/things/9/approve" and seen["method"] == "POST"


@pytest.mark.parametrize("path", ["/metrics", "/health/live", "/health/ready", "/openapi.json"])
def test_service_operational_endpoints_are_not_public(client, token_of, path):
    response = client.get(f"/api/v1/finance{path}", headers=bearer(token_of("bithu")))
    assert response.status_code == 404 and response.mimetype == PROBLEM


def test_request_bodies_are_passed_through_byte_for_byte(client, token_of):
    raw = '{"purpose": "Họp tỉnh",  "n": 1.50}'.encode() + b"\n"
    seen = echoed(client.post("/api/v1/finance/things", data=raw, content_type="application/json; charset=utf-8",
                              headers=bearer(token_of("chuyenvien.btc"), **{"Idempotency-Key": unique("k")})))
    assert base64.b64decode(seen["body_b64"]) == raw
    assert seen["headers"]["Content-Type"] == "application/json; charset=utf-8"
    assert seen["headers"]["Idempotency-Key"].startswith("k")


def test_responses_are_passed_through_with_status_headers_and_bytes(client, token_of):
    response = client.get("/api/v1/finance/teapot", headers=bearer(token_of("chuyenvien.btc")))
    assert response.status_code == 418
    assert response.data == b"\x00\x01binary"
    assert response.headers["X-Echo"] == "kept"
    assert response.headers["X-Request-ID"]


def test_a_streamed_chunked_answer_arrives_whole(client, token_of):
    response = client.get("/api/v1/finance/stream", headers=bearer(token_of("bithu")))
    assert response.status_code == 200
    assert response.data == b"".join(f"part {i}\n".encode() for i in range(50))
    assert response.headers["Content-Length"] == str(len(response.data))
    assert "Transfer-Encoding" not in response.headers


def test_the_request_id_travels_to_the_service_and_back(client, token_of):
    response = client.get("/api/v1/finance/things/1", headers=bearer(token_of("bithu"), **{"X-Request-ID": "trace-42"}))
    assert echoed(response)["headers"]["X-Request-Id"] == "trace-42"
    assert response.headers["X-Request-ID"] == "trace-42"


def test_paths_and_queries_are_forwarded_as_authorized(client, token_of):
    seen = echoed(client.get("/api/v1/finance/things/a%20b?q=%C4%91%26x&limit=2", headers=bearer(token_of("bithu"))))
    assert seen["path"] == "/things/a b"
    assert seen["args"] == {"q": ["đ&x"], "limit": ["2"]}


def test_dot_segments_are_refused(client, token_of):
    response = client.get("/api/v1/finance/things/../unlisted", headers=bearer(token_of("bithu")))
    assert response.status_code in (403, 404) and response.mimetype == PROBLEM


def test_the_services_own_errors_pass_through(client, token_of):
    # The echo service knows no /things/<id>/approve for GET: its 405 problem comes back as it is.
    response = client.patch("/api/v1/finance/things/3", json={}, headers=bearer(token_of("truongban.btc")))
    assert response.status_code == 200
    response = client.get("/api/v1/finance/slow?seconds=abc", headers=bearer(token_of("bithu")))
    assert response.status_code >= 400


def test_a_service_that_is_down_is_502(client, token_of):
    response = client.get("/api/v1/hr/things", headers=bearer(token_of("bithu")))
    assert response.status_code == 502 and response.mimetype == PROBLEM
    assert response.get_json()["service"] == "hr"


def test_a_service_too_slow_is_504(client, token_of):
    response = client.get("/api/v1/finance/slow?seconds=3", headers=bearer(token_of("bithu")))
    assert response.status_code == 504 and response.mimetype == PROBLEM


def test_an_unknown_service_is_404(client, token_of):
    response = client.get("/api/v1/payroll/things", headers=bearer(token_of("bithu")))
    assert response.status_code == 404 and response.mimetype == PROBLEM


def test_an_unknown_method_is_405(client, token_of):
    response = client.open("/api/v1/finance/things", method="BREW", headers=bearer(token_of("bithu")))
    assert response.status_code == 405 and response.mimetype == PROBLEM


def test_head_is_forwarded_where_get_is_allowed(client, token_of):
    response = client.head("/api/v1/finance/things/1", headers=bearer(token_of("bithu")))
    assert response.status_code == 200 and response.data == b""


def test_a_unit_change_applies_to_the_next_request(client, token_of):
    admin = token_of("admin")
    name = unique("mv")
    client.post("/api/v1/admin/users", json={"username": name, "password": "moving-pass", "unit": "BTC",
                                             "roles": ["staff"]}, headers=bearer(admin))
    token = login(client, name, "moving-pass")
    assert echoed(client.get("/api/v1/finance/things", headers=bearer(token)))["args"] == {"unit": ["BTC"]}
    client.patch(f"/api/v1/admin/users/{name}", json={"unit": "BNC"}, headers=bearer(admin))
    assert echoed(client.get("/api/v1/finance/things", headers=bearer(token)))["args"] == {"unit": ["BNC"]}
    assert client.get("/api/v1/finance/things?unit=BTC", headers=bearer(token)).status_code == 403


def test_an_oversized_body_is_413(app, token_of):
    from gateway_testkit import gateway_settings, make_policy

    context = app.extensions["gateway"]
    small = app_for(gateway_settings(context.database.url, context.config.service_urls["finance"],
                                        context.config.service_urls["hr"], MAX_REQUEST_BYTES=100),
                       policy=make_policy())
    client = small.test_client()
    response = client.post("/api/v1/finance/things", data=b"x" * 101, content_type="application/json",
                           headers=bearer(token_of("chuyenvien.btc")))
    assert response.status_code == 413 and response.mimetype == PROBLEM
    small.extensions["gateway"].audit.close()


def test_a_malformed_answer_from_a_service_is_a_502_problem_through_the_gateway(database, echo_url, dead_url, pg_url):
    import socket
    import threading

    from gateway.policies import load_rules
    from gateway.policy import PolicyTable
    from gateway_testkit import ECHO_RULES, gateway_settings, login

    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(4)

    def answer():
        conn, _ = server.accept()
        with conn:
            conn.recv(65536)
            conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\n{}x")

    threading.Thread(target=answer, daemon=True).start()
    settings = gateway_settings(pg_url, echo_url, dead_url)
    settings.overrides["ASSETS_URL"] = f"http://127.0.0.1:{server.getsockname()[1]}"
    app = app_for(settings, policy=PolicyTable({"gateway": load_rules()["gateway"], "assets": ECHO_RULES}))
    try:
        client = app.test_client()
        response = client.get("/api/v1/assets/things", headers=bearer(login(client, "kiemtra.ubkt")))
        assert response.status_code == 502 and response.mimetype == "application/problem+json"
        assert response.get_json()["status"] == 502 and response.get_json()["service"] == "assets"
    finally:
        server.close()
        app.extensions["gateway"].audit.close()
