"""Admin CRUD of users and the audit log, with the role table on the gateway's own routes."""

import pytest

from gateway_testkit import bearer, login, unique

PROBLEM = "application/problem+json"


def test_admin_creates_reads_lists_and_updates_a_user(client, token_of):
    admin = token_of("admin")
    name = unique("nv")
    created = client.post("/api/v1/admin/users", json={"username": name, "password": "first-pass-1", "unit": "BNC",
                                                       "roles": ["staff", "unit_head", "staff"], "staff_id": 51},
                          headers=bearer(admin))
    assert created.status_code == 201
    body = created.get_json()
    assert body["roles"] == ["staff", "unit_head"] and body["active"] is True
    assert "password" not in body and "password_hash" not in body
    assert client.get(f"/api/v1/admin/users/{name}", headers=bearer(admin)).get_json()["unit"] == "BNC"
    listed = client.get("/api/v1/admin/users?unit=BNC&role=unit_head", headers=bearer(admin)).get_json()
    assert name in [u["username"] for u in listed["items"]]
    assert all(u["unit"] == "BNC" and "unit_head" in u["roles"] for u in listed["items"])
    updated = client.patch(f"/api/v1/admin/users/{name}", json={"unit": "VP", "roles": ["office_fleet", "staff"]},
                           headers=bearer(admin))
    assert updated.status_code == 200 and updated.get_json()["unit"] == "VP"
    token = login(client, name, "first-pass-1")
    assert client.get("/api/v1/auth/me", headers=bearer(token)).get_json()["roles"] == ["office_fleet", "staff"]


def test_listing_pages_through_every_user(client, token_of):
    admin = token_of("admin")
    seen, cursor = [], None
    while True:
        url = "/api/v1/admin/users?limit=4" + (f"&cursor={cursor}" if cursor else "")
        page = client.get(url, headers=bearer(admin)).get_json()
        seen += [u["username"] for u in page["items"]]
        cursor = page["next_cursor"]
        if not cursor:
            break
    assert seen == sorted(seen) and len(seen) == len(set(seen)) >= 15


def test_a_taken_username_is_409(client, token_of):
    response = client.post("/api/v1/admin/users", json={"username": "bithu", "password": "whatever-1", "unit": "TU",
                                                        "roles": ["leadership"]}, headers=bearer(token_of("admin")))
    assert response.status_code == 409 and response.mimetype == PROBLEM


@pytest.mark.parametrize(
    "payload",
    [
        {},
        {"username": "Bad Name", "password": "long-enough", "unit": "BTC", "roles": ["staff"]},
        {"username": "ok.name", "password": "short", "unit": "BTC", "roles": ["staff"]},
        {"username": "ok.name", "password": "long-enough", "unit": "BTC", "roles": ["root"]},
        {"username": "ok.name", "password": "long-enough", "unit": "BTC", "roles": []},
        {"username": "ok.name", "password": "long-enough", "unit": "B T C", "roles": ["staff"]},
        {"username": "ok.name", "password": "long-enough", "unit": "BTC", "roles": ["staff"], "staff_id": -1},
        {"username": "ok.name", "password": "long-enough", "unit": "BTC", "roles": "staff"},
        {"username": "ok.name", "password": "long-enough", "unit": "BTC", "roles": ["staff"], "is_admin": True},
    ],
)
def test_invalid_users_are_422(client, token_of, payload):
    response = client.post("/api/v1/admin/users", json=payload, headers=bearer(token_of("admin")))
    assert response.status_code == 422 and response.mimetype == PROBLEM
    assert response.get_json()["errors"]


@pytest.mark.parametrize("payload", [{}, {"roles": ["boss"]}, {"active": "maybe"}, {"password": "x"}, {"username": "new"}])
def test_invalid_patches_are_422(client, token_of, payload):
    response = client.patch("/api/v1/admin/users/chuyenvien.bnc", json=payload, headers=bearer(token_of("admin")))
    assert response.status_code == 422 and response.mimetype == PROBLEM


def test_unknown_user_is_404(client, token_of):
    admin = token_of("admin")
    assert client.get("/api/v1/admin/users/nobody.here", headers=bearer(admin)).status_code == 404
    response = client.patch("/api/v1/admin/users/nobody.here", json={"active": False}, headers=bearer(admin))
    assert response.status_code == 404 and response.mimetype == PROBLEM


@pytest.mark.parametrize("query", ["limit=0", "limit=500", "active=perhaps", "role=root", "cursor=%%%"])
def test_bad_list_queries_are_4xx(client, token_of, query):
    response = client.get(f"/api/v1/admin/users?{query}", headers=bearer(token_of("admin")))
    assert 400 <= response.status_code < 500 and response.mimetype == PROBLEM


@pytest.mark.parametrize("username", ["chuyenvien.btc", "truongban.btc", "bithu", "ketoan.vp"])
def test_only_admin_may_change_users(client, token_of, username):
    token = token_of(username)
    response = client.post("/api/v1/admin/users", json={"username": unique(), "password": "long-enough",
                                                        "unit": "BTC", "roles": ["admin"]}, headers=bearer(token))
    assert response.status_code == 403 and response.mimetype == PROBLEM
    assert client.patch("/api/v1/admin/users/chuyenvien.btc", json={"roles": ["admin"]},
                        headers=bearer(token)).status_code == 403


def test_an_auditor_reads_users_and_the_audit_but_changes_nothing(client, token_of):
    auditor = token_of("kiemtra.ubkt")
    assert client.get("/api/v1/admin/users", headers=bearer(auditor)).status_code == 200
    assert client.get("/api/v1/admin/audit", headers=bearer(auditor)).status_code == 200
    assert client.patch("/api/v1/admin/users/bithu", json={"active": False}, headers=bearer(auditor)).status_code == 403


def test_staff_may_not_read_the_audit(client, token_of):
    assert client.get("/api/v1/admin/audit", headers=bearer(token_of("chuyenvien.btgdv"))).status_code == 403


def test_the_last_active_admin_cannot_be_removed(client, token_of):
    admin = token_of("admin")
    for payload in ({"active": False}, {"roles": ["staff"]}):
        response = client.patch("/api/v1/admin/users/admin", json=payload, headers=bearer(admin))
        assert response.status_code == 409 and response.get_json()["rule"] == "last_admin"
    second = unique("admin")
    client.post("/api/v1/admin/users", json={"username": second, "password": "second-admin-1", "unit": "VP",
                                             "roles": ["admin"]}, headers=bearer(admin))
    assert client.patch(f"/api/v1/admin/users/{second}", json={"active": False},
                        headers=bearer(admin)).status_code == 200


def test_the_audit_records_logins_admin_actions_and_proxied_calls(client, token_of, gateway_context):
    admin = token_of("admin")
    name = unique("aud")
    client.post("/api/v1/admin/users", json={"username": name, "password": "audited-pass", "unit": "UBKT",
                                             "roles": ["staff"]}, headers=bearer(admin))
    user_token = login(client, name, "audited-pass")
    client.get("/api/v1/finance/things", headers=bearer(user_token, **{"X-Request-ID": f"rid-{name}"}))
    client.post("/api/v1/auth/token", json={"username": name, "password": "wrong-password"})
    gateway_context.audit.flush()

    mine = client.get(f"/api/v1/admin/audit?username={name}", headers=bearer(admin)).get_json()["items"]
    actions = [(e["action"], e["status"]) for e in mine]
    assert ("proxy", 200) in actions
    assert ("auth.issue_token", 200) in actions and ("auth.issue_token", 401) in actions
    proxied = next(e for e in mine if e["action"] == "proxy")
    assert proxied["unit"] == "UBKT" and proxied["method"] == "GET"
    assert proxied["path"] == "/api/v1/finance/things" and proxied["request_id"] == f"rid-{name}"

    by_admin = client.get("/api/v1/admin/audit?action=user_created&limit=200", headers=bearer(admin)).get_json()
    created = [e for e in by_admin["items"] if name in (e["detail"] or "")]
    assert created and created[0]["username"] == "admin"
    assert "audited-pass" not in str(by_admin)


@pytest.mark.parametrize("query", ["status=99", "since=yesterday", "limit=-1", "until=2026-01-01T00:00:00"])
def test_bad_audit_queries_are_422(client, token_of, query):
    response = client.get(f"/api/v1/admin/audit?{query}", headers=bearer(token_of("admin")))
    assert response.status_code == 422 and response.mimetype == PROBLEM


def test_unknown_gateway_routes_are_404_problems(client, token_of):
    response = client.get("/api/v1/admin/nothing", headers=bearer(token_of("admin")))
    assert response.status_code == 404 and response.mimetype == PROBLEM
    response = client.delete("/api/v1/admin/users/bithu", headers=bearer(token_of("admin")))
    assert response.status_code == 405 and response.mimetype == PROBLEM
