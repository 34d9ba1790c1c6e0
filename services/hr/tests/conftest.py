"""Fixtures of the HR tests: a migrated PostgreSQL database of this session, the app, the demo
organisation restored before each test that asks for it, and callers with each role."""
from __future__ import annotations

import json
import os
from pathlib import Path

os.environ.setdefault("TEST_DB_PREFIX", "hr")

import pytest  # noqa: E402
from sqlalchemy import select, text  # noqa: E402

from buildingblocks import contracts  # noqa: E402
from buildingblocks.config import Settings  # noqa: E402
from buildingblocks.db import Database, outbox_table  # noqa: E402
from buildingblocks.migrations import upgrade  # noqa: E402
from buildingblocks.testing import TEST_SECRET, auth_headers, make_principal, pg_url  # noqa: E402,F401

from hr import create_app  # noqa: E402
from hr.adapters.orm import metadata  # noqa: E402
from hr.adapters.repository import repositories  # noqa: E402
from hr.config import Config  # noqa: E402
from hr.entrypoints.seed import seed  # noqa: E402

ALEMBIC_INI = str(Path(__file__).resolve().parents[1] / "alembic.ini")

OFFICE_HR = make_principal("tochuc.vp", "VP", ["office_hr", "staff"], staff_id=6)
LEADER = make_principal("bithu", "TU", ["leadership"], staff_id=1)
AUDITOR = make_principal("kiemtra.ubkt", "UBKT", ["auditor", "staff"], staff_id=31)
BTC_STAFF = make_principal("chuyenvien.btc", "BTC", ["staff"], staff_id=22)
BTC_HEAD = make_principal("truongban.btc", "BTC", ["unit_head", "staff"], staff_id=20)
BNC_STAFF = make_principal("chuyenvien.bnc", "BNC", ["staff"], staff_id=51)
FLEET_OFFICER = make_principal("doixe.vp", "VP", ["office_fleet", "staff"], staff_id=8)
ADMIN = make_principal("admin", "VP", ["admin"])

TABLES = [t.name for t in reversed(metadata.sorted_tables)]


@pytest.fixture(scope="session")
def settings(pg_url):  # noqa: F811
    # No broker is needed by the web process; readiness reports it, nothing else touches it.
    return Settings.from_env("hr", database_url=pg_url, internal_token_secret=TEST_SECRET,
                             broker_url="amqp://guest:guest@127.0.0.1:1/%2F")


@pytest.fixture(scope="session")
def config(settings):
    return Config.from_settings(settings)


@pytest.fixture(scope="session")
def database(pg_url, config):  # noqa: F811
    """The session's database, migrated with the service's own alembic scripts."""
    upgrade(ALEMBIC_INI, pg_url)
    db = Database(pg_url, service="hr", config=config, repositories=repositories)
    yield db
    db.dispose()


@pytest.fixture(scope="session")
def app(config, database):
    return create_app(config)


def wipe(database: Database) -> None:
    with database.engine.begin() as conn:
        conn.execute(text(f"TRUNCATE {', '.join(TABLES)} RESTART IDENTITY CASCADE"))


@pytest.fixture(scope="session")
def demo_snapshot(database):
    """The seeded demo, taken once per session so each test can restore it quickly."""
    wipe(database)
    seed(database)
    snapshot = {}
    with database.engine.connect() as conn:
        for table in metadata.sorted_tables:
            snapshot[table.name] = [dict(row._mapping) for row in conn.execute(select(table))]
    return snapshot


def restore(database: Database, snapshot: dict) -> None:
    wipe(database)
    with database.engine.begin() as conn:
        for table in metadata.sorted_tables:
            rows = snapshot[table.name]
            if rows:
                conn.execute(table.insert(), rows)
            if "id" in table.c and table.c.id.autoincrement is True:
                conn.execute(text(f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "
                                  f"COALESCE((SELECT MAX(id) FROM {table.name}), 0) + 1, false)"))


@pytest.fixture()
def demo(database, demo_snapshot):
    """The demo organisation as the seed leaves it (old structure + draft plan 1)."""
    restore(database, demo_snapshot)
    return database


@pytest.fixture()
def empty(database):
    wipe(database)
    return database


@pytest.fixture()
def client(app):
    return app.test_client()


class Caller:
    """Requests as one principal: `hr.get("/units")`, `hr.post("/staff", json={...})`."""

    def __init__(self, client, principal):
        self.client, self.principal = client, principal

    def _call(self, method, path, **kwargs):
        headers = {**auth_headers(self.principal, service="hr"), **kwargs.pop("headers", {})}
        return getattr(self.client, method)(path, headers=headers, **kwargs)

    def get(self, path, **kw):
        return self._call("get", path, **kw)

    def post(self, path, **kw):
        return self._call("post", path, **kw)

    def patch(self, path, **kw):
        return self._call("patch", path, **kw)


@pytest.fixture()
def as_(client):
    return lambda principal: Caller(client, principal)


@pytest.fixture()
def hr(as_):
    return as_(OFFICE_HR)


class Outbox:
    """The events written since the mark, each checked against its contract schema."""

    def __init__(self, database):
        self.database = database
        self.mark()

    def mark(self):
        with self.database.engine.connect() as conn:
            self.last = conn.execute(text("SELECT COALESCE(MAX(id), 0) FROM outbox")).scalar()

    def events(self):
        t = outbox_table()
        with self.database.engine.connect() as conn:
            rows = conn.execute(select(t).where(t.c.id > self.last).order_by(t.c.id)).all()
        contracts.load_all()
        out = []
        for row in rows:
            data = json.loads(row.payload)
            spec = contracts.REGISTRY[row.type]
            assert spec.schema().validate(data) == {}, (row.type, data)
            assert row.version == spec.version
            out.append({"type": row.type, "unit": row.unit, "data": data})
        return out

    def types(self):
        return [e["type"] for e in self.events()]


@pytest.fixture()
def outbox(database):
    return Outbox(database)
