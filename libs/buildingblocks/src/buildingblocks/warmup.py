"""Warm-up: reads a service runs once in each web worker before it serves its first request.

SQLAlchemy compiles a statement the first time a process runs it (its cache is per process), so
the first request of a route in each gunicorn worker pays for it (the fleet's week schedule:
29-38 ms against 6-10 ms warm). An app factory opts in with `register_warm_up(app, name, fn)`;
gunicorn's `post_worker_init` hook (gunicorn_conf) calls `warm_up(worker.wsgi)`. A warm-up
never stops a worker from starting: its errors are logged, and one that does not end within
`WARM_UP_SECONDS` (default 10, at most half the worker timeout) is left running in the background.
"""
from __future__ import annotations

import logging
import threading
import time
from contextlib import contextmanager
from typing import Any, Callable, Iterator

from sqlalchemy import text

from .logs import log_fields

WARM_UPS = "office_warm_ups"  # app.extensions[WARM_UPS]: [(name, fn), ...]
log = logging.getLogger("warm_up")


def register_warm_up(app: Any, name: str, fn: Callable[[], None]) -> None:
    """Have `fn()` run once in each web worker before it serves (in the order registered)."""
    app.extensions.setdefault(WARM_UPS, []).append((name, fn))


def warm_ups(app: Any) -> list[tuple[str, Callable[[], None]]]:
    """The warm-ups an app registered (none for an app that is not a Flask app)."""
    extensions = getattr(app, "extensions", None)
    return list(extensions.get(WARM_UPS, ())) if isinstance(extensions, dict) else []


def run_warm_ups(app: Any) -> dict[str, bool]:
    """Run every registered warm-up; returns name -> succeeded. Logs, never raises."""
    results: dict[str, bool] = {}
    for name, fn in warm_ups(app):
        started = time.perf_counter()
        try:
            fn()
        except Exception:
            log.warning("warm-up %s failed (the worker serves anyway)", name, exc_info=True)
            results[name] = False
            continue
        log_fields(log, logging.INFO, f"warm-up {name} done", warm_up=name,
                   ms=round((time.perf_counter() - started) * 1000, 1))
        results[name] = True
    return results


def warm_up(app: Any, deadline_seconds: float = 10.0) -> dict[str, bool] | None:
    """Run the app's warm-ups, waiting at most `deadline_seconds` for them (a database that does
    not answer must not keep the worker from serving). None when they were still running."""
    if not warm_ups(app):
        return {}
    done: dict[str, bool] = {}
    thread = threading.Thread(target=lambda: done.update(run_warm_ups(app)), name="warm-up", daemon=True)
    thread.start()
    thread.join(deadline_seconds)
    if thread.is_alive():
        log.warning("warm-up still running after %.0f s: the worker serves meanwhile", deadline_seconds)
        return None
    return done


@contextmanager
def read_only(session: Any, statement_timeout_ms: int = 5000) -> Iterator[Any]:
    """The session's transaction made read-only (and bounded in time) on PostgreSQL, rolled back after."""
    try:
        if session.get_bind().dialect.name == "postgresql":
            session.execute(text("SET TRANSACTION READ ONLY"))
            session.execute(text(f"SET LOCAL statement_timeout = {int(statement_timeout_ms)}"))
        yield session
    finally:
        session.rollback()
