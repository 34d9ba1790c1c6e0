"""The gateway as it runs in production: gunicorn with gateway/gunicorn.conf.py, a real echo
service behind it, real sockets (keep-alive, chunked bodies), and the audit flushed at exit."""

import os
import subprocess

import pytest
import urllib3
from buildingblocks.testing import TEST_SECRET
from sqlalchemy import select

from gateway.adapters.orm import AuditEntry
from gateway_testkit import GATEWAY_DIR, JWT_TEST_SECRET, VENV_BIN, free_port, unique


def test_the_real_process_proxies_and_flushes_its_audit_on_exit(gateway_process, database):
    url, process, _ = gateway_process
    http = urllib3.PoolManager(maxsize=1)
    login = http.request("POST", f"{url}/api/v1/auth/token", json={"username": "chuyenvien.bnc", "password": "demo-2026"})
    assert login.status == 200
    token = login.json()["access_token"]
    marker = unique("rid")
    headers = {"Authorization": f"Bearer {token}", "X-Request-ID": marker, "X-User": "admin"}

    listed = http.request("GET", f"{url}/api/v1/finance/things", headers=headers)
    assert listed.status == 200 and listed.json()["args"] == {"unit": ["BNC"]}
    assert "X-User" not in listed.json()["headers"]
    for single in ("Date", "Server", "Content-Length", "X-Request-ID"):
        assert len(listed.headers.getlist(single)) == 1, single
    assert listed.headers["X-Request-ID"] == marker

    def chunks():
        yield b'{"part": 1,'
        yield b' "part2": "hai"}'

    chunked = http.request("POST", f"{url}/api/v1/finance/things", body=chunks(), chunked=True,
                           headers={**headers, "Content-Type": "application/json"})
    assert chunked.status == 200
    import base64

    assert base64.b64decode(chunked.json()["body_b64"]) == b'{"part": 1, "part2": "hai"}'

    down = http.request("GET", f"{url}/api/v1/hr/things", headers=headers)
    assert down.status == 502 and down.headers["Content-Type"] == "application/problem+json"
    assert http.request("GET", f"{url}/api/v1/finance/metrics", headers=headers).status == 404

    process.terminate()
    process.wait(timeout=30)
    with database.session_factory() as session:
        entries = session.scalars(select(AuditEntry).where(AuditEntry.request_id == marker)).all()
    assert sorted(e.status for e in entries) == [200, 200, 404, 502]
    assert {e.username for e in entries} == {"chuyenvien.bnc"}


def test_metrics_are_served_on_the_metrics_port_only(gateway_process):
    url, _, metrics_url = gateway_process
    http = urllib3.PoolManager()
    http.request("POST", f"{url}/api/v1/auth/token", json={"username": "nobody-here", "password": "wrong-pass"})
    public = http.request("GET", f"{url}/metrics", headers={"Host": metrics_url.split("//")[1]})
    assert public.status == 404 and b"# TYPE" not in public.data
    assert http.request("GET", f"{url}/health/ready").json() == {"status": "ok"}
    scraped = http.request("GET", f"{metrics_url}/metrics")
    assert scraped.status == 200 and b"gateway_login_failures_total" in scraped.data
    assert http.request("GET", f"{metrics_url}/health/ready").json()["checks"]["database"] == "ok"
    assert http.request("GET", f"{metrics_url}/api/v1/auth/me").status == 404


@pytest.mark.parametrize("name, value", [
    ("JWT_SECRET", None), ("JWT_SECRET", "dev-gateway-jwt-secret-change-me"), ("JWT_SECRET", "short-secret"),
    ("INTERNAL_TOKEN_SECRET", None), ("INTERNAL_TOKEN_SECRET", "change-me"),
])
def test_the_process_refuses_to_start_with_a_missing_default_or_short_secret(name, value):
    env = {**os.environ, "PORT": str(free_port()), "HOST": "127.0.0.1", "INTERNAL_TOKEN_SECRET": TEST_SECRET,
           "JWT_SECRET": JWT_TEST_SECRET, "DATABASE_URL": "sqlite:///:memory:"}
    env.pop("OFFICE_ENV", None)
    env.pop(name)
    if value is not None:
        env[name] = value
    result = subprocess.run(
        [str(VENV_BIN / "gunicorn"), "-c", str(GATEWAY_DIR / "gunicorn.conf.py"), "gateway.entrypoints.wsgi:app"],
        env=env, cwd=GATEWAY_DIR, capture_output=True, text=True, timeout=60,
    )
    assert result.returncode != 0
    assert f"refusing to start: {name}" in result.stderr


def test_a_local_run_accepts_a_short_secret_but_never_a_missing_one(monkeypatch):
    from buildingblocks.config import InsecureSecret

    from gateway.config import checked_secret

    monkeypatch.setenv("OFFICE_ENV", "local")
    assert checked_secret("JWT_SECRET", "dev-gateway-jwt-secret-change-me")
    with pytest.raises(InsecureSecret):
        checked_secret("JWT_SECRET", "")
    monkeypatch.delenv("OFFICE_ENV")
    with pytest.raises(InsecureSecret):
        checked_secret("JWT_SECRET", "x" * 31)
    assert checked_secret("JWT_SECRET", "x" * 32)
