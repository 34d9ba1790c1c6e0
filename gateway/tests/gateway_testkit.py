"""Helpers shared by the gateway's tests (fixtures are in conftest.py): the test role table,
settings pointing the gateway at the echo service, logging in, free ports."""

from __future__ import annotations

import secrets
import socket
import sys
import time
import uuid
from pathlib import Path

import urllib3
from buildingblocks.config import Settings
from buildingblocks.testing import TEST_SECRET, free_port  # noqa: F401 (the tests take it from here)

from gateway.policies import load_rules
from gateway.policy import READERS, REQUESTERS, PolicyTable, Rule, attachment_rules

# Made per run: a secret written in the repository is refused outside a local run.
JWT_TEST_SECRET = "test-jwt-" + secrets.token_hex(24)
HERE = Path(__file__).resolve().parent
GATEWAY_DIR = HERE.parent
VENV_BIN = Path(sys.executable).parent

# The role table of the made-up service the tests route to (the real services' tables are
# their builders'; these rules exercise every kind of rule).
ECHO_RULES = [
    Rule("GET", "/inbox", READERS),
    Rule("GET", "/things", READERS, list_scoped=True),
    Rule("POST", "/things", REQUESTERS),
    Rule("GET", "/things/<id>", READERS),
    Rule("PATCH", "/things/<id>", {"office_finance", "unit_head"}),
    Rule("POST", "/things/<id>/approve", {"unit_head", "leadership"}),
    Rule("GET", "/slow", READERS),
    Rule("GET", "/teapot", READERS),
    Rule("GET", "/stream", READERS),
    Rule("GET", "/metrics", READERS),  # a careless rule: the gateway must still refuse it
    # files: upload and download streamed (echo_service.upload / download)
    *attachment_rules("/things/<id>", READERS, REQUESTERS),
]


def wait_until_up(url: str, timeout: float = 20.0) -> None:
    http = urllib3.PoolManager()
    deadline = time.monotonic() + timeout
    while True:
        try:
            if http.request("GET", url, timeout=1.0, retries=False).status == 200:
                return
        except urllib3.exceptions.HTTPError:
            pass
        if time.monotonic() > deadline:
            raise RuntimeError(f"{url} did not come up")
        time.sleep(0.1)


def gateway_settings(pg_url: str, echo_url: str, dead_url: str, **overrides) -> Settings:
    values = dict(
        database_url=pg_url,
        internal_token_secret=TEST_SECRET,
        JWT_SECRET=JWT_TEST_SECRET,
        PRINCIPAL_CACHE_SECONDS=0.0,
        UPSTREAM_READ_TIMEOUT=1.0,
        UPSTREAM_CONNECT_TIMEOUT=1.0,
        LOGIN_FREE_FAILURES_PER_USER=5,
        OPENAPI_FETCH_TIMEOUT=1.0,
        AUDIT_FLUSH_SECONDS=3600.0,  # tests flush explicitly
    )
    values.update(overrides)
    settings = Settings.from_env("gateway", **values)
    # "finance" is routed to the echo service; "hr" to an address where nothing listens.
    settings.overrides.update(
        {"FINANCE_URL": echo_url, "HR_URL": dead_url, "ASSETS_URL": dead_url, "FLEET_URL": dead_url}
    )
    return settings


def app_for(settings: Settings, policy: PolicyTable | None = None):
    """The gateway app for these settings (the tests' role table unless another is given)."""
    from gateway import create_app
    from gateway.config import Config

    return create_app(Config.from_settings(settings), policy=policy or make_policy())


def make_policy() -> PolicyTable:
    rules = load_rules()
    return PolicyTable({"gateway": rules["gateway"], "finance": ECHO_RULES, "hr": ECHO_RULES})


def login(client, username: str, password: str | None = None, address: str = "127.0.0.1") -> str:
    from buildingblocks import demo

    response = client.post(
        "/api/v1/auth/token",
        json={"username": username, "password": password or demo.password_for(username)},
        environ_base={"REMOTE_ADDR": address},
    )
    assert response.status_code == 200, response.get_json()
    return response.get_json()["access_token"]


def bearer(token: str, **extra: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}", **extra}


def unique(prefix: str = "u") -> str:
    return f"{prefix}{uuid.uuid4().hex[:10]}"


def read_request_head(conn: socket.socket) -> bytes:
    """Receive up to the end of a request's head (or until the peer closes); what was received."""
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = conn.recv(65536)
        if not chunk:
            break
        data += chunk
    return data


class RawService:
    """A socket server that answers every request with `answer` (bytes), or never answers
    (`answer=None`): a service that speaks HTTP by hand, for what a real one would not send."""

    def __init__(self, answer: bytes | None):
        import threading

        self.answer = answer
        self.server = socket.socket()
        self.server.bind(("127.0.0.1", 0))
        self.server.listen(16)
        self.url = f"http://127.0.0.1:{self.server.getsockname()[1]}"
        self._held: list[socket.socket] = []
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self) -> None:
        while True:
            try:
                conn, _ = self.server.accept()
            except OSError:
                return
            read_request_head(conn)
            if self.answer is None:
                self._held.append(conn)  # keep it open, say nothing
                continue
            with conn:
                conn.sendall(self.answer)

    def close(self) -> None:
        self.server.close()
        for conn in self._held:
            conn.close()


def json_answer(body: bytes, status: str = "200 OK") -> bytes:
    return (f"HTTP/1.1 {status}\r\nContent-Type: application/json\r\nContent-Length: {len(body)}\r\n"
            "Connection: close\r\n\r\n").encode() + body
