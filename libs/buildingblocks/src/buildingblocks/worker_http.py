"""The worker's small HTTP server: /health/live, /health/ready, /metrics on WORKER_PORT."""
from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from .health import check_database, readiness
from .metrics import render_metrics


def serve_worker_http(settings, database, relay, consumer) -> ThreadingHTTPServer:
    """Start the server in a daemon thread and return it."""

    def broker_state() -> str | None:
        if not relay.connected:
            return "relay not connected to the broker"
        if consumer is not None and not consumer.connected:
            return "consumer not connected to the broker"
        return None

    checks = {"database": lambda: check_database(database), "broker": broker_state}

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            if self.path == "/health/live":
                self._send(200, "application/json", json.dumps({"status": "live", "service": f"{settings.service}-worker"}).encode())
            elif self.path == "/health/ready":
                body, status = readiness(checks)
                self._send(status, "application/json", json.dumps(body).encode())
            elif self.path == "/metrics":
                payload, ctype = render_metrics()
                self._send(200, ctype, payload)
            else:
                self._send(404, "application/problem+json",
                           json.dumps({"type": "about:blank", "title": "Not Found", "status": 404, "detail": "unknown path"}).encode())

        def _send(self, status, ctype, body):
            self.send_response(status)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):  # probes are frequent; access logs come from the web processes
            pass

    server = ThreadingHTTPServer(("0.0.0.0", settings.worker_port), Handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, name="worker-http", daemon=True).start()
    return server
