"""Readiness checks shared by web processes and workers: is the database there, is the broker."""
from __future__ import annotations

import time

import pika
from sqlalchemy import text

from .db import Database


def check_database(database: Database) -> str | None:
    """None when the database answers, else the reason."""
    try:
        with database.engine.connect() as conn:
            conn.execute(text("SELECT 1"))
        return None
    except Exception as exc:  # any driver error means not ready
        return f"{type(exc).__name__}: {str(exc).splitlines()[0][:200]}"


class BrokerCheck:
    """Opens a short AMQP connection, at most once every `ttl` seconds (probes are frequent)."""

    def __init__(self, url: str, ttl: float = 5.0):
        self.url = url
        self.ttl = ttl
        self._at = 0.0
        self._last: str | None = None

    def __call__(self) -> str | None:
        now = time.monotonic()
        if now - self._at < self.ttl:
            return self._last
        try:
            params = pika.URLParameters(self.url)
            params.socket_timeout = 2
            params.blocked_connection_timeout = 2
            params.connection_attempts = 1
            conn = pika.BlockingConnection(params)
            conn.close()
            self._last = None
        except Exception as exc:
            self._last = f"{type(exc).__name__}: {exc}"[:200] or "unreachable"
        self._at = now
        return self._last


def readiness(checks: dict, shown_only: frozenset[str] = frozenset()) -> tuple[dict, int]:
    """Run each named check; 200 when all pass, 503 naming the failing ones.

    A check in `shown_only` is reported but never makes the process unready: a web process
    writes events to its outbox, so a broker outage must not take it out of service.
    """
    results = {name: check() for name, check in checks.items()}
    failing = {name: reason for name, reason in results.items() if reason and name not in shown_only}
    body = {"status": "ready" if not failing else "not ready",
            "checks": {name: ("ok" if not reason else "failing") for name, reason in results.items()}}
    if failing:
        body["failing"] = failing
    degraded = {name: reason for name, reason in results.items() if reason and name in shown_only}
    if degraded:
        body["degraded"] = degraded
    return body, 200 if not failing else 503
