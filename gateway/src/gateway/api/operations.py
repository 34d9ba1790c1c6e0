"""Health and metrics of the gateway's web process: terse on the public port, detailed on the
metrics port only (issue 10, finding 7).

The public port is the platform's front door: `/health/live` and `/health/ready` answer
`{"status": "ok"}` (or 503 `{"status": "unavailable"}`) without naming a dependency, and
`/metrics` is not there. Prometheus scrapes `METRICS_PORT`, a second address each web worker
listens on (entrypoints/web.py) and that answers nothing but `/metrics` and the detailed health.
Which port a request came in on is known from the listener that accepted it, never from the Host
header or anything else a client sends.
"""

from __future__ import annotations

from typing import Callable, Iterable

from buildingblocks.health import readiness
from buildingblocks.metrics import render_metrics
from flask import Flask, Response, request

from gateway.entrypoints.web import METRICS_LISTENER

OPERATIONAL_PATHS = frozenset({"/metrics", "/health/live", "/health/ready"})
_NOT_FOUND = b'{"type": "about:blank", "title": "Not Found", "status": 404, "detail": "unknown path"}'


def on_metrics_port(environ: dict, metrics_port: int | None) -> bool:
    """Whether the request came in on the metrics port: the web process's metrics listener
    (entrypoints/web.py) marks what it accepted; no client can set that key (theirs are HTTP_*)."""
    return bool(metrics_port) and environ.get(METRICS_LISTENER) is True


def install_operational_routes(app: Flask, metrics_port: int | None) -> None:
    """Replace the building blocks' health and metrics views with the port-aware ones."""
    checks = app.extensions["office"].checks
    endpoints = {rule.rule: rule.endpoint for rule in app.url_map.iter_rules()}

    def live():
        return {"status": "ok"}

    def ready():
        body, status = readiness(checks, shown_only=frozenset({"broker"}))
        if on_metrics_port(request.environ, metrics_port):
            return {**body, "service": "gateway"}, status
        return ({"status": "ok"}, 200) if status == 200 else ({"status": "unavailable"}, 503)

    def metrics():
        if not on_metrics_port(request.environ, metrics_port):
            return Response(_NOT_FOUND, status=404, mimetype="application/problem+json")
        payload, content_type = render_metrics()
        return Response(payload, headers={"Content-Type": content_type})

    for path, view in (("/health/live", live), ("/health/ready", ready), ("/metrics", metrics)):
        app.view_functions[endpoints[path]] = view


def metrics_port_only(wsgi_app: Callable, metrics_port: int | None) -> Callable:
    """WSGI wrapper: on the metrics port, anything but the operational paths is 404."""
    if not metrics_port:
        return wsgi_app

    def app(environ: dict, start_response: Callable) -> Iterable[bytes]:
        if environ.get("PATH_INFO") not in OPERATIONAL_PATHS and on_metrics_port(environ, metrics_port):
            start_response("404 Not Found", [("Content-Type", "application/problem+json"),
                                             ("Content-Length", str(len(_NOT_FOUND)))])
            return [_NOT_FOUND]
        return wsgi_app(environ, start_response)

    return app
