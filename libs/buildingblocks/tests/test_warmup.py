"""Warm-ups: registered by an app factory, run once per web worker, never fatal."""
from __future__ import annotations

import logging
import threading

import pytest
from flask import Flask
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from buildingblocks.warmup import read_only, register_warm_up, run_warm_ups, warm_up


def test_warm_ups_run_in_order_and_a_failure_is_logged_not_raised(caplog):
    app = Flask("demo")
    ran = []
    register_warm_up(app, "first", lambda: ran.append("first"))
    register_warm_up(app, "broken", lambda: 1 / 0)
    register_warm_up(app, "last", lambda: ran.append("last"))
    with caplog.at_level(logging.INFO, logger="warm_up"):
        assert warm_up(app) == {"first": True, "broken": False, "last": True}
    assert ran == ["first", "last"]
    failed = [r for r in caplog.records if r.levelno == logging.WARNING]
    assert [r.getMessage() for r in failed] == ["warm-up broken failed (the worker serves anyway)"]
    assert failed[0].exc_info[0] is ZeroDivisionError


def test_an_app_without_warm_ups_or_not_a_flask_app_has_nothing_to_run():
    assert warm_up(Flask("demo")) == {}
    assert warm_up(lambda environ, start_response: []) == {}
    assert run_warm_ups(object()) == {}


def test_a_warm_up_that_does_not_end_leaves_the_worker_to_serve(caplog):
    app = Flask("demo")
    release = threading.Event()
    register_warm_up(app, "stuck", release.wait)
    with caplog.at_level(logging.INFO, logger="warm_up"):
        assert warm_up(app, deadline_seconds=0.05) is None
    release.set()
    assert any("still running" in r.getMessage() for r in caplog.records)


def test_read_only_refuses_writes_on_postgresql_and_rolls_back(database):
    with database.session_factory() as session:
        with read_only(session):
            assert session.execute(text("SHOW transaction_read_only")).scalar() == "on"
            with pytest.raises(DBAPIError, match="read-only"):
                session.execute(text("INSERT INTO notes (id, unit, text) VALUES (1, 'X', 'no')"))
        assert session.execute(text("SHOW transaction_read_only")).scalar() == "off"
