"""Fixtures of the gateway's tests: a real PostgreSQL database, a real echo service process
behind the gateway (routed as `finance`), and the gateway app with a test role table."""

from __future__ import annotations

import os
import subprocess

import pytest

os.environ.setdefault("TEST_DB_PREFIX", "gateway")

from buildingblocks.db import Database  # noqa: E402
from buildingblocks.migrations import upgrade  # noqa: E402
from buildingblocks.testing import TEST_SECRET, pg_url  # noqa: E402,F401
from gateway_testkit import (
    app_for,
    GATEWAY_DIR,
    HERE,
    JWT_TEST_SECRET,
    VENV_BIN,
    free_port,
    gateway_settings,
    login,
    make_policy,
    wait_until_up,
)

from gateway.entrypoints.seed import seed_demo_users  # noqa: E402


@pytest.fixture(scope="session")
def database(pg_url):  # noqa: F811
    upgrade(str(GATEWAY_DIR / "alembic.ini"), pg_url)
    db = Database(pg_url, service="gateway")
    seed_demo_users(db)
    yield db
    db.dispose()


@pytest.fixture(scope="session")
def echo_url():
    """A real echo service (gunicorn, gthread) on a free port, for the session."""
    port = free_port()
    env = {**os.environ, "INTERNAL_TOKEN_SECRET": TEST_SECRET}
    env.pop("PROMETHEUS_MULTIPROC_DIR", None)
    process = subprocess.Popen(
        [str(VENV_BIN / "gunicorn"), "--chdir", str(HERE), "-b", f"127.0.0.1:{port}", "-w", "1",
         "-k", "gthread", "--threads", "4", "--log-level", "warning", "echo_service:create()"],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(f"{url}/health/live")
        yield url
    finally:
        process.terminate()
        process.wait(timeout=20)


@pytest.fixture(scope="session")
def dead_url():
    """An address where nothing listens."""
    return f"http://127.0.0.1:{free_port()}"


@pytest.fixture(scope="session")
def app(database, echo_url, dead_url, pg_url):  # noqa: F811
    application = app_for(gateway_settings(pg_url, echo_url, dead_url), policy=make_policy())
    yield application
    application.extensions["gateway"].audit.close()


@pytest.fixture()
def client(app):
    return app.test_client()


@pytest.fixture()
def gateway_context(app):
    return app.extensions["gateway"]


@pytest.fixture()
def token_of(client):
    """Log a demo user in (tokens cached per test)."""
    cache: dict[str, str] = {}

    def get(username: str) -> str:
        if username not in cache:
            cache[username] = login(client, username)
        return cache[username]

    return get


@pytest.fixture()
def gateway_process(database, echo_url, dead_url):
    """The gateway as it runs in production: granian through `office-gateway-web`
    (entrypoints/web.py; one worker, four threads) in front of the echo service; (url, process,
    metrics url)."""
    port, metrics_port = free_port(), free_port()
    env = {
        **os.environ,
        "PYTHONPATH": str(HERE),
        "PORT": str(port),
        "METRICS_PORT": str(metrics_port),
        "HOST": "127.0.0.1",
        "WEB_CONCURRENCY": "1",
        "WEB_THREADS": "4",
        "DATABASE_URL": database.url,
        "INTERNAL_TOKEN_SECRET": TEST_SECRET,
        "JWT_SECRET": JWT_TEST_SECRET,
        "FINANCE_URL": echo_url,
        "HR_URL": dead_url,
        "AUDIT_FLUSH_SECONDS": "3600",  # nothing is written before the worker exits
        "LOG_LEVEL": "WARNING",
    }
    env.pop("PROMETHEUS_MULTIPROC_DIR", None)
    process = subprocess.Popen(
        [str(VENV_BIN / "office-gateway-web"), "--factory", "gateway_process:create"],
        env=env, cwd=HERE, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(f"{url}/health/live")
        yield url, process, f"http://127.0.0.1:{metrics_port}"
    finally:
        if process.poll() is None:
            process.terminate()
            process.wait(timeout=30)
