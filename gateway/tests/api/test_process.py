"""The gateway as it runs in production: granian through `office-gateway-web`, a real echo
service behind it, real sockets (keep-alive, chunked bodies), and the audit flushed at exit."""

import json
import os
import subprocess
from pathlib import Path

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
        [str(VENV_BIN / "office-gateway-web")],
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


def test_two_workers_reload_and_stop_without_losing_an_audit_entry(database, echo_url, dead_url, tmp_path):
    """Two workers as `make run` has them: the metrics port answers whichever worker the kernel
    picks, SIGHUP replaces both workers while the process keeps serving, SIGTERM stops it, and
    every request's audit entry is written (the replaced workers' at their exit), its access
    line carries its request id, and a variable named like a request header in the process's
    environment never reaches a service as one."""
    import signal
    import time

    from gateway_testkit import HERE, wait_until_up

    port, metrics_port = free_port(), free_port()
    env = {**os.environ, "PYTHONPATH": str(HERE), "PORT": str(port), "METRICS_PORT": str(metrics_port),
           "HOST": "127.0.0.1", "WEB_CONCURRENCY": "2", "WEB_THREADS": "2", "DATABASE_URL": database.url,
           "INTERNAL_TOKEN_SECRET": TEST_SECRET, "JWT_SECRET": JWT_TEST_SECRET, "FINANCE_URL": echo_url,
           "HR_URL": dead_url, "AUDIT_FLUSH_SECONDS": "3600", "LOG_LEVEL": "WARNING",
           "HTTP_PROXY": "http://attacker.example:1", "HTTP_X_UNIT": "TU"}
    env.pop("PROMETHEUS_MULTIPROC_DIR", None)
    out = tmp_path / "stdout.log"
    with out.open("wb") as sink:
        process = subprocess.Popen([str(VENV_BIN / "office-gateway-web"), "--factory", "gateway_process:create"],
                                   env=env, cwd=HERE, stdout=sink, stderr=subprocess.DEVNULL)
    url, metrics_url = f"http://127.0.0.1:{port}", f"http://127.0.0.1:{metrics_port}"
    marker = unique("rid")
    try:
        wait_until_up(f"{url}/health/live")
        http = urllib3.PoolManager(maxsize=4)
        token = http.request("POST", f"{url}/api/v1/auth/token",
                             json={"username": "chuyenvien.bnc", "password": "demo-2026"}).json()["access_token"]
        headers = {"Authorization": f"Bearer {token}", "X-Request-ID": marker}

        def proxied() -> int:
            # a new connection each time, so that both workers take some
            fresh = urllib3.PoolManager(maxsize=1)
            answer = fresh.request("GET", f"{url}/api/v1/finance/things", headers=headers, retries=False)
            assert answer.status == 200
            assert {"Proxy", "X-Unit"}.isdisjoint(answer.json()["headers"]), answer.json()["headers"]
            assert answer.json()["args"] == {"unit": ["BNC"]}
            return answer.status

        sent = sum(1 for _ in range(10) if proxied() == 200)
        for _ in range(6):
            assert http.request("GET", f"{metrics_url}/metrics", retries=False).status == 200
        workers = _children(process.pid)
        assert len(workers) == 2
        process.send_signal(signal.SIGHUP)  # granian replaces the workers one after the other
        deadline = time.monotonic() + 40
        while time.monotonic() < deadline:
            sent += proxied() == 200
            now = _children(process.pid)
            if len(now) == 2 and not (now & workers):
                break
            time.sleep(0.2)
        else:
            raise AssertionError("the workers were not replaced")
        sent += sum(1 for _ in range(5) if proxied() == 200)
        assert http.request("GET", f"{metrics_url}/health/ready").json()["checks"]["database"] == "ok"
    finally:
        process.terminate()
        process.wait(timeout=60)
    assert process.returncode == 0
    with database.session_factory() as session:
        entries = session.scalars(select(AuditEntry).where(AuditEntry.request_id == marker)).all()
    assert len(entries) == sent
    access = [json.loads(line) for line in out.read_text().splitlines() if marker in line]
    assert len(access) == sent and {line["status"] for line in access} == {200}


def _children(pid: int) -> set[str]:
    return set(Path(f"/proc/{pid}/task/{pid}/children").read_text().split())


def test_a_sigkilled_master_takes_its_workers_with_it_and_they_write_their_audit(gateway_process, database):
    """Without their master a worker would serve on as an orphan beside the restarted process's
    own: it stops (gracefully, so its buffered audit entries are written) when the master dies."""
    import signal
    import time

    url, process, _ = gateway_process
    http = urllib3.PoolManager(maxsize=1)
    token = http.request("POST", f"{url}/api/v1/auth/token",
                         json={"username": "chuyenvien.bnc", "password": "demo-2026"}).json()["access_token"]
    marker = unique("rid")
    answer = http.request("GET", f"{url}/api/v1/finance/things",
                          headers={"Authorization": f"Bearer {token}", "X-Request-ID": marker})
    assert answer.status == 200
    (worker,) = _children(process.pid)
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=10)
    deadline = time.monotonic() + 30
    while _running(worker) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not _running(worker), "the worker outlived its master"
    with database.session_factory() as session:
        entries = session.scalars(select(AuditEntry).where(AuditEntry.request_id == marker)).all()
    assert [e.status for e in entries] == [200]


def _running(pid: str) -> bool:
    """Alive and not a zombie waiting for whoever adopted it to reap it."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def test_idle_keep_alive_connections_do_not_keep_out_a_new_client(gateway_process):
    """Browsers keep their connections open between clicks. granian holds a worker's connections
    against its backpressure budget, idle ones included: far more idle clients than the worker
    has threads must not keep a new request waiting."""
    import socket

    url, _, _ = gateway_process
    host, port = url.split("//")[1].split(":")
    idle = []
    try:
        for _ in range(60):  # the fixture's worker has 4 threads
            sock = socket.create_connection((host, int(port)), timeout=10)
            sock.sendall(f"GET /health/live HTTP/1.1\r\nHost: {host}\r\n\r\n".encode())
            assert sock.recv(65536).startswith(b"HTTP/1.1 200 ")
            idle.append(sock)  # answered and left open, as a browser leaves it
        fresh = urllib3.PoolManager(retries=False).request("GET", f"{url}/health/live", timeout=5.0)
        assert fresh.status == 200
    finally:
        for sock in idle:
            sock.close()


def test_a_request_line_beyond_gunicorns_limit_is_a_414_problem(gateway_process):
    """granian reads request lines up to ~64 KiB; the gateway keeps gunicorn's 4094 bytes (the
    services behind it still have that limit) and says so in a problem document."""
    url, _, _ = gateway_process
    http = urllib3.PoolManager(retries=False)
    long = http.request("GET", f"{url}/api/v1/finance/things?q={'a' * 4100}")
    assert long.status == 414 and long.headers["Content-Type"] == "application/problem+json"
    assert long.json()["status"] == 414
    assert http.request("GET", f"{url}/api/v1/finance/{'b' * 4100}").status == 414
    within = http.request("GET", f"{url}/api/v1/finance/things?q={'a' * 3900}")
    assert within.status == 401  # past the line check: no token


def test_no_secret_of_the_process_reaches_a_requests_environ(database, echo_url, dead_url):
    """granian starts every request's environ from the worker's environment (and wsgiref, the
    metrics port's server, from the one it saw at import): the secrets are gone from it once
    the app has read them, on both ports, and the gateway still signs in and proxies."""
    import secrets

    from gateway_process import ENVIRON_PATH
    from gateway_testkit import HERE, wait_until_up

    port, metrics_port = free_port(), free_port()
    plain = unique("plain")
    secret_values = {
        "JWT_SECRET": JWT_TEST_SECRET, "INTERNAL_TOKEN_SECRET": TEST_SECRET, "DATABASE_URL": database.url,
        "BROKER_URL": f"amqp://guest:{secrets.token_hex(8)}@127.0.0.1:1/%2F",
        "SMTP_PASSWORD": secrets.token_hex(8), "REPORTER_API_TOKEN": secrets.token_hex(8),
        "S3_ACCESS_KEY": secrets.token_hex(8), "OLD_JWT_SECRETS": secrets.token_hex(8),
        "ARCHIVE_URL": f"https://office:{secrets.token_hex(8)}@archive.example/",
    }
    env = {**os.environ, **secret_values, "PYTHONPATH": str(HERE), "PORT": str(port),
           "METRICS_PORT": str(metrics_port), "HOST": "127.0.0.1", "WEB_CONCURRENCY": "1", "WEB_THREADS": "2",
           "FINANCE_URL": echo_url, "HR_URL": dead_url, "LOG_LEVEL": "WARNING", "OFFICE_TEST_PLAIN": plain}
    env.pop("PROMETHEUS_MULTIPROC_DIR", None)
    process = subprocess.Popen([str(VENV_BIN / "office-gateway-web"), "--factory", "gateway_process:create_showing_environ"],
                               env=env, cwd=HERE, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url, metrics_url = f"http://127.0.0.1:{port}", f"http://127.0.0.1:{metrics_port}"
    try:
        wait_until_up(f"{url}/health/live")
        http = urllib3.PoolManager(maxsize=2)
        public = http.request("GET", f"{url}{ENVIRON_PATH}").json()
        assert public["OFFICE_TEST_PLAIN"] == plain  # the worker's environment is there...
        scrape = http.request("GET", f"{metrics_url}{ENVIRON_PATH}").json()
        for environ in (public, scrape):
            assert not set(secret_values) & set(environ)  # ...but none of its secrets
            leaked = [name for name, value in secret_values.items() if any(value in v for v in environ.values())]
            assert leaked == []

        login = http.request("POST", f"{url}/api/v1/auth/token", json={"username": "chuyenvien.bnc", "password": "demo-2026"})
        assert login.status == 200
        answer = http.request("GET", f"{url}/api/v1/finance/things",
                              headers={"Authorization": f"Bearer {login.json()['access_token']}"})
        assert answer.status == 200 and answer.json()["args"] == {"unit": ["BNC"]}
        assert http.request("GET", f"{metrics_url}/health/ready").json()["checks"]["database"] == "ok"
    finally:
        process.terminate()
        process.wait(timeout=30)
