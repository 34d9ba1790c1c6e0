"""Fixtures of the assets tests: a migrated PostgreSQL database of this session, the app with its
test client, the demo organisation in the HR replica, and callers of every kind."""
from __future__ import annotations

import os
from pathlib import Path

import pytest
from buildingblocks.config import Settings
from buildingblocks.db import Database
from buildingblocks.demo import POSITIONS, STAFF, UNITS
from buildingblocks.migrations import upgrade
from buildingblocks.replica import upsert_staff, upsert_unit
from buildingblocks.testing import TEST_BROKER_URL, TEST_SECRET, auth_headers, make_principal, pg_url  # noqa: F401
from sqlalchemy import text

from assets.adapters.repository import repositories
from assets.config import Config

os.environ.setdefault("TEST_DB_PREFIX", "assets")

ALEMBIC_INI = str(Path(__file__).resolve().parents[1] / "alembic.ini")
# everything but the catalogue (seeded by the migration) is emptied before each test
BUSINESS_TABLES = [
    "count_lines", "count_sheets", "stocktake_results", "stocktake_expected", "stocktake_units", "stocktakes",
    "register_changes", "register_totals", "asset_wear", "wear_run_units", "wear_entries", "wear_runs", "repairs", "disposals", "asset_history", "procurement_steps",
    "procurement_lines", "procurements", "assets", "tag_counters", "outbox", "inbox", "idempotency_keys",
    "replica_staff", "replica_units", "attachment_blobs", "attachments", "car_limit_exceptions",
]

OFFICE = make_principal("taisan.vp", "VP", ["office_assets", "staff"], staff_id=7)
OFFICE_FINANCE = make_principal("ketoan.vp", "VP", ["office_finance", "staff"], staff_id=5)
BTC_STAFF = make_principal("chuyenvien.btc", "BTC", ["staff"], staff_id=22)
BTC_HEAD = make_principal("truongban.btc", "BTC", ["unit_head", "staff"], staff_id=20)
BTGDV_HEAD = make_principal("truongban.btgdv", "BTGDV", ["unit_head", "staff"], staff_id=40)
BNC_STAFF = make_principal("chuyenvien.bnc", "BNC", ["staff"], staff_id=51)
LEADER = make_principal("bithu", "TU", ["leadership"], staff_id=1)
LEADER2 = make_principal("phobithu", "TU", ["leadership"], staff_id=2)
AUDITOR = make_principal("kiemtra.ubkt", "UBKT", ["auditor", "staff"], staff_id=31)
ADMIN = make_principal("admin", "VP", ["admin"])


def demo_replica(session) -> None:
    """The demo organisation of buildingblocks.demo, as HR's events would have made it."""
    for code, name, kind, parent in UNITS:
        upsert_unit(session, {"code": code, "name": name, "kind": kind, "parent_code": parent,
                              "valid_from": "2020-01-01", "valid_to": None})
    units = {key: (unit, title, rank, family, is_driver) for key, unit, title, rank, family, _q, is_driver in POSITIONS}
    for staff_id, full_name, key, title_rank, licence, expiry in STAFF:
        unit, title, rank, family, is_driver = units[key]
        upsert_staff(session, {"id": staff_id, "full_name": full_name, "unit": unit, "position_title": title,
                               "position_rank": rank, "position_family": family, "is_driver": is_driver,
                               "title_rank": title_rank, "licence_class": licence, "licence_expiry": expiry,
                               "status": "active"})


@pytest.fixture(scope="session")
def settings(pg_url):  # noqa: F811
    return Settings.from_env("assets", database_url=pg_url, internal_token_secret=TEST_SECRET,
                             broker_url=TEST_BROKER_URL)


@pytest.fixture(scope="session")
def config(settings):
    return Config.from_settings(settings)


@pytest.fixture(scope="session")
def database(pg_url, config):  # noqa: F811
    upgrade(ALEMBIC_INI, pg_url)
    db = Database(pg_url, service="assets", config=config, repositories=repositories)
    yield db
    db.dispose()


@pytest.fixture(scope="session")
def app(config, database):
    from assets import create_app

    return create_app(config)


@pytest.fixture(autouse=True)
def clean(request):
    """Each test that uses the database starts from the catalogue and the demo organisation."""
    if "database" not in request.fixturenames and "client" not in request.fixturenames:
        yield
        return
    database = request.getfixturevalue("database")
    with database.engine.begin() as conn:
        conn.execute(text(f"TRUNCATE {', '.join(BUSINESS_TABLES)} RESTART IDENTITY CASCADE"))
    with database.session_factory() as session:
        demo_replica(session)
        session.commit()
    yield


class Client:
    """The Flask test client, calling as a principal the gateway vouched for."""

    def __init__(self, flask_client):
        self.flask = flask_client

    def _call(self, method, path, who, json=None, headers=None, **kwargs):
        all_headers = auth_headers(who, service="assets") if who is not None else {}
        all_headers.update(headers or {})
        return self.flask.open(path, method=method, json=json, headers=all_headers, **kwargs)

    def get(self, path, who, **kw):
        return self._call("GET", path, who, **kw)

    def post(self, path, who, json=None, **kw):
        return self._call("POST", path, who, json=json if json is not None or "data" in kw else {}, **kw)

    def patch(self, path, who, json=None, **kw):
        return self._call("PATCH", path, who, json=json if json is not None or "data" in kw else {}, **kw)


@pytest.fixture()
def client(app, database):
    return Client(app.test_client())
