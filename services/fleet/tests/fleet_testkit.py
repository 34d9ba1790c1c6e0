"""Fixtures and helpers of the fleet's tests: a real PostgreSQL database migrated with alembic, the
demo organisation in the HR replica, the Flask test client with internal tokens per demo user."""
from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from sqlalchemy import text

from buildingblocks import demo
from contextlib import contextmanager

from buildingblocks.config import Settings
from buildingblocks.db import Database
from buildingblocks.migrations import upgrade
from buildingblocks.replica import upsert_staff, upsert_unit
from buildingblocks.testing import TEST_SECRET, auth_headers, create_test_database, drop_test_database, make_principal

from fleet import create_app
from fleet.adapters.repository import repositories
from fleet.config import Config

SERVICE_DIR = Path(__file__).resolve().parents[1]
VN = dt.timezone(dt.timedelta(hours=7))
BUSINESS_TABLES = ("attachment_blobs", "attachments", "bookings", "maintenance_records", "maintenance_plans", "vehicles", "driver_profiles", "car_limit_exceptions",
                   "outbox", "inbox", "idempotency_keys", "replica_staff", "replica_units")


@pytest.fixture(scope="session")
def database():
    """A fresh PostgreSQL database for the session, built by the service's own migrations."""
    url = create_test_database("fleet")
    upgrade(str(SERVICE_DIR / "alembic.ini"), url)
    db = Database(url, service="fleet", config=Config.from_settings(settings_for_url(url)), repositories=repositories,
                  pool_size=20, max_overflow=20)
    yield db
    db.dispose()
    drop_test_database(url)


def seed_replica(database: Database) -> None:
    """The demo organisation as HR's events would have left it in the replica."""
    positions = {p[0]: p for p in demo.POSITIONS}
    with database.unit_of_work() as uow:
        for code, name, kind, parent in demo.UNITS:
            upsert_unit(uow.session, {"code": code, "name": name, "kind": kind, "parent_code": parent})
        for staff_id, name, key, rank, licence, expiry in demo.STAFF:
            _, unit, title, prank, family, _, is_driver = positions[key]
            upsert_staff(uow.session, {"id": staff_id, "full_name": name, "unit": unit, "position_title": title,
                                       "position_rank": prank, "position_family": family, "is_driver": is_driver,
                                       "title_rank": rank, "licence_class": licence, "licence_expiry": expiry})
        uow.commit()


@pytest.fixture()
def db(database):
    """The database emptied and the replica reseeded before each test."""
    with database.engine.begin() as conn:
        conn.execute(text(f"TRUNCATE {', '.join(BUSINESS_TABLES)} RESTART IDENTITY CASCADE"))
    seed_replica(database)
    return database


def settings_for_url(url: str, **overrides) -> Settings:
    return Settings.from_env("fleet", database_url=url, internal_token_secret=TEST_SECRET,
                             broker_url="amqp://guest:guest@127.0.0.1:1/%2F", **overrides)


def settings_for(database: Database, **overrides) -> Settings:
    return settings_for_url(database.url, **overrides)


def fleet_database(url: str, **overrides) -> Database:
    """A database of the fleet with its config and repositories (for handlers and the seed)."""
    return Database(url, service="fleet", config=Config.from_settings(settings_for_url(url, **overrides)),
                    repositories=repositories)


@contextmanager
def fleet_app(database: Database, **overrides):
    """The fleet's app on `database`'s URL with these settings; its own engine is disposed after."""
    app = create_app(Config.from_settings(settings_for(database, **overrides)))
    try:
        yield app
    finally:
        app.extensions["office"].database.dispose()


@pytest.fixture()
def app(db):
    with fleet_app(db) as made:
        yield made


def principal(username: str):
    """The principal of a demo user (demo.USERS), as the gateway would forward it."""
    for name, staff_id, unit, roles in demo.USERS:
        if name == username:
            return make_principal(name, unit, roles, staff_id)
    raise KeyError(username)


class Api:
    """The test client speaking as one demo user or another."""

    def __init__(self, client):
        self.client = client

    def call(self, method: str, path: str, who, body=None, query=None, headers=None):
        who = principal(who) if isinstance(who, str) else who
        hdrs = auth_headers(who, service="fleet") if who is not None else {}
        hdrs.update(headers or {})
        kwargs = {"headers": hdrs, "query_string": query}
        if body is not None:
            kwargs["data"] = body if isinstance(body, (str, bytes)) else json.dumps(body, default=str)
            kwargs["content_type"] = "application/json"
        return self.client.open(path, method=method, **kwargs)

    def get(self, path, who, **kw):
        return self.call("GET", path, who, **kw)

    def post(self, path, who, body=None, **kw):
        return self.call("POST", path, who, body=body if body is not None else {}, **kw)

    def patch(self, path, who, body=None, **kw):
        return self.call("PATCH", path, who, body=body if body is not None else {}, **kw)


@pytest.fixture()
def api(app):
    return Api(app.test_client())


def at(days: int, hour: int, minute: int = 0) -> str:
    """An ISO time `days` from today at hour:minute in Vietnam."""
    day = dt.datetime.now(VN).date() + dt.timedelta(days=days)
    return dt.datetime(day.year, day.month, day.day, hour, minute, tzinfo=VN).isoformat()


def local_day(days: int) -> str:
    return (dt.datetime.now(VN).date() + dt.timedelta(days=days)).isoformat()


# demo users by role
FLEET = "doixe.vp"          # office_fleet (VP)
HEAD_BTC = "truongban.btc"  # unit_head of BTC
STAFF_BTC = "chuyenvien.btc"
HEAD_BTGDV = "truongban.btgdv"
STAFF_BTGDV = "chuyenvien.btgdv"
STAFF_BNC = "chuyenvien.bnc"
LEADER = "bithu"
AUDITOR = "kiemtra.ubkt"
DRIVER_HUNG = "laixe.hung"  # staff 10, licence D
ADMIN = "admin"


def vehicle_body(plate: str = "29A-001.01", seats: int = 7, norm: float = 10.0, **kw) -> dict:
    return {"plate": plate, "model": "Toyota Innova", "seats": seats, "fuel_type": "petrol",
            "fuel_norm_l_per_100km": norm, "odometer_km": 1000, **kw}


def booking_body(days: int = 2, start: int = 8, end: int = 12, passengers: int = 3, **kw) -> dict:
    return {"purpose": "Kiểm tra cơ sở", "destination": "Huyện A", "start_at": at(days, start),
            "end_at": at(days, end), "passengers": passengers, **kw}


class Flow:
    """Short-hands for the usual steps, asserting each one worked."""

    def __init__(self, api: Api):
        self.api = api

    def vehicle(self, plate="29A-001.01", seats=7, **kw) -> dict:
        resp = self.api.post("/vehicles", FLEET, vehicle_body(plate, seats, **kw))
        assert resp.status_code == 201, resp.json
        return resp.json

    def booking(self, who=STAFF_BTC, **kw) -> dict:
        resp = self.api.post("/bookings", who, booking_body(**kw))
        assert resp.status_code == 201, resp.json
        return resp.json

    def approved(self, who=STAFF_BTC, head=HEAD_BTC, **kw) -> dict:
        booking = self.booking(who, **kw)
        resp = self.api.post(f"/bookings/{booking['id']}/approve", head, {})
        assert resp.status_code == 200, resp.json
        return resp.json

    def dispatched(self, vehicle_id=None, driver_id=None, **kw) -> dict:
        booking = self.approved(**kw)
        resp = self.api.post(f"/bookings/{booking['id']}/dispatch", FLEET,
                             {"vehicle_id": vehicle_id, "driver_id": driver_id})
        assert resp.status_code == 200, resp.json
        return resp.json


@pytest.fixture()
def flow(api):
    return Flow(api)


def outbox(database: Database, type_: str | None = None) -> list[dict]:
    """The events written to the outbox, oldest first."""
    with database.engine.connect() as conn:
        rows = conn.execute(text("SELECT type, unit, payload FROM outbox ORDER BY id")).all()
    return [{"type": r.type, "unit": r.unit, "data": json.loads(r.payload)} for r in rows
            if type_ is None or r.type == type_]

