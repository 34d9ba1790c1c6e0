"""Health and metrics (issue 10, finding 7): terse health and no metrics on the public port;
metrics and the detailed health on the metrics port only."""

from __future__ import annotations

import pytest

from gateway_testkit import app_for, gateway_settings, make_policy

from gateway.entrypoints.web import METRICS_LISTENER

METRICS_PORT = 19991


@pytest.fixture(scope="module")
def metrics_app(database, echo_url, dead_url, pg_url):
    app = app_for(gateway_settings(pg_url, echo_url, dead_url, METRICS_PORT=METRICS_PORT), policy=make_policy())
    yield app
    app.extensions["gateway"].audit.close()


# The web process's metrics listener marks what it accepted (entrypoints/web.py); only that mark
# counts: not the Host header, not the server's port, not a header a client could name after it.
ON_METRICS_PORT = {METRICS_LISTENER: True}
LOOKALIKES = [
    {},
    {"SERVER_PORT": str(METRICS_PORT)},
    {METRICS_LISTENER: "1"},
    {"HTTP_GATEWAY.METRICS_LISTENER": "1"},
]


@pytest.mark.parametrize("environ", LOOKALIKES)
def test_the_public_port_serves_no_metrics_and_terse_health(metrics_app, environ):
    client = metrics_app.test_client()
    # the Host header names the metrics port: it must not matter
    metrics = client.get("/metrics", environ_base=environ, headers={"Host": f"127.0.0.1:{METRICS_PORT}"})
    assert metrics.status_code == 404 and b"# TYPE" not in metrics.data
    assert client.get("/health/live", environ_base=environ).get_json() == {"status": "ok"}
    ready = client.get("/health/ready", environ_base=environ)
    assert ready.status_code == 200 and ready.get_json() == {"status": "ok"}


def test_the_metrics_port_serves_metrics_and_detailed_health_and_nothing_else(metrics_app, client):
    client.post("/api/v1/auth/token", json={"username": "nobody-here", "password": "wrong-pass"})
    on_metrics = metrics_app.test_client()
    metrics = on_metrics.get("/metrics", environ_base=ON_METRICS_PORT)
    assert metrics.status_code == 200
    assert b"http_requests_total" in metrics.data and b"gateway_login_failures_total" in metrics.data
    ready = on_metrics.get("/health/ready", environ_base=ON_METRICS_PORT).get_json()
    assert ready["checks"]["database"] == "ok"
    for path in ("/api/v1/auth/me", "/api/v1/finance/things", "/api/docs", "/"):
        assert on_metrics.get(path, environ_base=ON_METRICS_PORT).status_code == 404, path


def test_a_gateway_without_its_database_answers_a_terse_503(echo_url, dead_url):
    app = app_for(gateway_settings(f"postgresql+psycopg://postgres@127.0.0.1:{_closed_port()}/none", echo_url,
                                      dead_url), policy=make_policy())
    ready = app.test_client().get("/health/ready")
    assert ready.status_code == 503 and ready.get_json() == {"status": "unavailable"}
    app.extensions["gateway"].audit.close()


def _closed_port() -> int:
    from gateway_testkit import free_port

    return free_port()
