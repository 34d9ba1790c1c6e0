"""Test helpers on the real PostgreSQL and RabbitMQ (no mocks): import what you need in conftest.py.

    from buildingblocks.testing import *  # fixtures: pg_url, broker_settings; helpers below

Each test session gets its own database and its own exchange and queue prefix, so several test
runs (and several teams) can share one machine.
"""
from __future__ import annotations

import os
import socket
import threading
import time
import uuid
from typing import Callable, Iterable

import pika
import psycopg
import pytest

from .config import Settings
from .db import checked_event_data
from .identity import INTERNAL_HEADER, Principal, issue_internal_token
from .messaging import Consumer, connection_parameters

TEST_DATABASE_BASE = os.environ.get("TEST_DATABASE_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/")
TEST_BROKER_URL = os.environ.get("TEST_BROKER_URL", "amqp://guest:guest@127.0.0.1:5672/%2F")
# made anew for every test process: no secret constant in the repository signs anything
TEST_SECRET = "test-internal-" + uuid.uuid4().hex + uuid.uuid4().hex[:8]


def _admin_dsn() -> str:
    base = TEST_DATABASE_BASE.replace("postgresql+psycopg://", "postgresql://").rstrip("/")
    return f"{base}/postgres"


def create_test_database(prefix: str) -> str:
    """Create an empty, uniquely named database; returns its SQLAlchemy URL."""
    name = f"t_{prefix}_{uuid.uuid4().hex[:10]}".lower()
    with psycopg.connect(_admin_dsn(), autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    return TEST_DATABASE_BASE.rstrip("/") + f"/{name}"


def drop_test_database(url: str) -> None:
    """Drop a database made by create_test_database (ends its connections first)."""
    name = url.rsplit("/", 1)[-1]
    with psycopg.connect(_admin_dsn(), autocommit=True) as conn:
        conn.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s", (name,))
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')


def isolated_broker_settings(service: str, database_url: str = "sqlite://", **overrides) -> Settings:
    """Settings with a unique exchange and queue prefix on the real broker."""
    tag = uuid.uuid4().hex[:8]
    return Settings.from_env(service, database_url=database_url, broker_url=TEST_BROKER_URL,
                             exchange=f"test.{tag}.events", queue_prefix=f"test.{tag}.",
                             internal_token_secret=TEST_SECRET, **overrides)


def delete_broker_objects(settings: Settings, services: Iterable[str]) -> None:
    """Remove the queues and the exchange a test made."""
    try:
        conn = pika.BlockingConnection(connection_parameters(settings.broker_url))
    except Exception:
        return
    try:
        ch = conn.channel()
        for service in services:
            for suffix in ("inbox", "dead", "retry.1", "retry.2", "retry.3"):
                ch.queue_delete(f"{settings.queue_prefix}{service}.{suffix}")
        ch.exchange_delete(settings.exchange)
    except Exception:
        pass
    finally:
        try:
            conn.close()
        except Exception:
            pass


def make_principal(username: str = "tester", unit: str | None = "BTC", roles: Iterable[str] = ("staff",),
                   staff_id: int | None = None) -> Principal:
    return Principal(username=username, staff_id=staff_id, unit=unit, roles=frozenset(roles))


def auth_headers(principal: Principal, secret: str = TEST_SECRET, *, service: str, **extra: str) -> dict[str, str]:
    """Headers a request from the gateway to `service` carries for `principal`."""
    return {INTERNAL_HEADER: issue_internal_token(secret, principal, audience=service), **extra}


class FakeUnitOfWork:
    """The unit of work's interface on in-memory repositories, for use-case tests in milliseconds.

        uow = FakeUnitOfWork(config, bookings=FakeBookings(), vehicles=FakeVehicles())
        approve_booking(uow, principal, 7)
        assert uow.committed and uow.published[0]["type"] == "fleet.booking.approved"

    Published events are checked against their contracts exactly as the real unit of work does.
    There is no `session`: a use case that still needs SQL is tested on the real database.
    """

    def __init__(self, config=None, **repositories):
        self.config = config
        self.session = None
        self.committed = False
        self.rolled_back = False
        self.published: list[dict] = []
        self._pending: list[dict] = []
        for name, repository in repositories.items():
            setattr(self, name, repository)

    def __enter__(self) -> "FakeUnitOfWork":
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        if self._pending:  # not committed: the events go with the transaction
            self._pending = []

    def publish(self, type: str, data: dict, unit: str | None = None, version: int | None = None) -> str:
        payload, version = checked_event_data(type, data, version)
        event_id = str(uuid.uuid4())
        self._pending.append({"id": event_id, "type": type, "unit": unit, "version": version, "data": payload})
        return event_id

    def commit(self) -> None:
        self.committed = True
        self.published.extend(self._pending)
        self._pending = []

    def rollback(self) -> None:
        self.rolled_back = True
        self._pending = []


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on now (for a process a test starts)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(predicate: Callable[[], object], timeout: float = 10.0, interval: float = 0.05):
    """Poll `predicate` until it returns a truthy value (returned) or `timeout` passes (AssertionError)."""
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"condition not met within {timeout}s")
        time.sleep(interval)


class ConsumerThread:
    """Run a service's real consumer in a thread for the duration of a `with` block."""

    def __init__(self, settings: Settings, database, handlers: dict):
        self.consumer = Consumer(settings, database, handlers)
        self.thread = threading.Thread(target=self.consumer.run, daemon=True)

    def __enter__(self) -> Consumer:
        self.thread.start()
        wait_for(lambda: self.consumer.connected, timeout=15)
        return self.consumer

    def __exit__(self, *exc) -> None:
        self.consumer.stop_event.set()
        self.thread.join(timeout=10)


@pytest.fixture(scope="session")
def pg_url(request):
    """A fresh PostgreSQL database for the test session (dropped at the end)."""
    prefix = os.environ.get("TEST_DB_PREFIX", "svc")
    url = create_test_database(prefix)
    yield url
    drop_test_database(url)


@pytest.fixture()
def broker_settings():
    """Settings on the real RabbitMQ with an exchange and queue prefix of this test's own."""
    settings = isolated_broker_settings("test")
    yield settings
    delete_broker_objects(settings, ["test"])
