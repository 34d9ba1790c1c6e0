"""Fixtures of finance's tests: one migrated PostgreSQL database per session, emptied before each test."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from buildingblocks import demo
from buildingblocks.db import Database
from buildingblocks.migrations import upgrade
from buildingblocks.testing import (  # noqa: F401  (fixtures)
    TEST_SECRET,
    auth_headers,
    isolated_broker_settings,
    make_principal,
    pg_url,
)
from sqlalchemy import text

os.environ.setdefault("TEST_DB_PREFIX", "finance")

ALEMBIC_INI = str(Path(__file__).resolve().parents[1] / "alembic.ini")
# Tables a test fills; the replica and the seeded regulation stay (they are reference data).
WORK_TABLES = ["year_close_items", "fiscal_year_closes", "expense_decisions", "expenses", "ledger_entries", "reservations", "chargebacks", "budget_changes",
               "budgets", "attachment_blobs", "attachments", "outbox", "inbox", "idempotency_keys"]
USERS = {username: (staff_id, unit, roles) for username, staff_id, unit, roles in demo.USERS}
YEAR = 2026


@pytest.fixture(scope="session")
def config(settings):
    from finance.config import Config

    return Config.from_settings(settings)


@pytest.fixture(scope="session")
def database(pg_url, config):
    from finance.adapters.repository import repositories

    upgrade(ALEMBIC_INI, pg_url)
    db = Database(pg_url, service="finance", config=config, repositories=repositories)
    from buildingblocks.replica import seed_demo

    with db.unit_of_work() as uow:
        seed_demo(uow.session)
        uow.commit()
    yield db
    db.dispose()


@pytest.fixture(scope="session")
def settings(pg_url):
    return isolated_broker_settings("finance", database_url=pg_url)


@pytest.fixture(scope="session")
def app(config, database):
    from finance import create_app

    return create_app(config)


@pytest.fixture(autouse=True)
def clean(request):
    """Empty the work tables (and drop regulation versions a test added) before each database test."""
    if "database" not in request.fixturenames and "app" not in request.fixturenames:
        yield
        return
    db = request.getfixturevalue("database")
    with db.engine.begin() as conn:
        conn.execute(text(f"TRUNCATE {', '.join(WORK_TABLES)} RESTART IDENTITY CASCADE"))
        conn.execute(text("DELETE FROM norms WHERE regulation_id IN "
                          "(SELECT id FROM regulations WHERE created_by <> 'migration 0002')"))
        conn.execute(text("DELETE FROM regulations WHERE created_by <> 'migration 0002'"))
    yield


@pytest.fixture()
def client(app):
    return app.test_client()


def headers_of(username: str, **extra) -> dict:
    """The internal-token headers of a demo user (what the gateway sends for them)."""
    staff_id, unit, roles = USERS[username]
    return auth_headers(make_principal(username, unit, roles, staff_id), TEST_SECRET, **extra, service="finance")


@pytest.fixture()
def as_user():
    """`as_user("chuyenvien.btc")` -> headers of that demo user."""
    return headers_of


@pytest.fixture()
def as_principal():
    """`as_principal(username, unit, roles, staff_id)` -> headers of a made-up caller."""
    return lambda username, unit, roles, staff_id=None: auth_headers(
        make_principal(username, unit, roles, staff_id), TEST_SECRET, service="finance")


@pytest.fixture()
def allocate(client):
    """`allocate(unit, category, amount, year=YEAR)` -> the new budget (as office_finance)."""

    def run(unit, category, amount, year=YEAR):
        answer = client.post("/budgets", json={"fiscal_year": year, "unit": unit, "category": category,
                                               "allocated_vnd": amount}, headers=headers_of("ketoan.vp"))
        assert answer.status_code == 201, answer.json
        return answer.json

    return run
