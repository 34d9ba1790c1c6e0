"""The buffered audit writer: entries reach the database (COPY on PostgreSQL, INSERT on SQLite),
and survive a failed write to be written at the next one."""

import datetime as dt

import pytest

from buildingblocks.db import Database
from sqlalchemy import select

from gateway.adapters.audit import AuditLog
from gateway.adapters.orm import AuditEntry, metadata
from gateway_testkit import unique


def entries(database, request_id):
    with database.session_factory() as session:
        return session.scalars(select(AuditEntry).where(AuditEntry.request_id == request_id)).all()


def test_entries_are_written_on_postgresql_with_every_field(database):
    log = AuditLog(database.session_factory, flush_seconds=3600, batch_size=10)
    rid = unique("rid")
    for i in range(25):
        log.record("proxy", "GET", f"/api/v1/hr/staff?n={i}", 200 + i, username="tochuc.vp", unit="VP",
                   request_id=rid, client_addr="10.0.0.1", duration_ms=i, detail="tab\there, \"quoted\"\nline")
    assert log.flush() == 25
    rows = sorted(entries(database, rid), key=lambda e: e.status)
    assert [e.status for e in rows] == list(range(200, 225))
    first = rows[0]
    assert (first.action, first.method, first.path, first.username, first.unit, first.client_addr) == (
        "proxy", "GET", "/api/v1/hr/staff?n=0", "tochuc.vp", "VP", "10.0.0.1")
    assert first.detail == "tab\there, \"quoted\"\nline"
    assert abs(first.at - dt.datetime.now(dt.timezone.utc)) < dt.timedelta(minutes=5)


def test_a_failed_write_keeps_the_entries_for_the_next_one(tmp_path):
    database = Database(f"sqlite:///{tmp_path}/audit.db", service="gateway")
    log = AuditLog(database.session_factory, flush_seconds=3600, batch_size=100)
    log.record("proxy", "GET", "/api/v1/fleet/bookings", 200, username="a", request_id="r-1")
    log.record("proxy", "GET", "/api/v1/fleet/bookings", 403, username="b", request_id="r-1")
    with pytest.raises(Exception, match="audit_entries"):
        log.flush()  # no tables yet: as if the database were down
    metadata.create_all(database.engine)
    assert log.flush() == 2
    assert sorted(e.username for e in entries(database, "r-1")) == ["a", "b"]
    log.close()
    database.dispose()
