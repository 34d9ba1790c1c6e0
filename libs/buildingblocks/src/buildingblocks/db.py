"""Database access: engine per process, a unit of work per use case, and the shared tables.

The same code runs on PostgreSQL (docker-compose, Kubernetes, tests) and SQLite (a local run).
On SQLite every transaction starts with BEGIN IMMEDIATE, so writes are serialized and the
read-check-write of a use case cannot interleave with another's.
"""
from __future__ import annotations

import datetime as dt
import json
import os
import uuid
from decimal import Decimal
from typing import Any

from sqlalchemy import (
    BigInteger,
    Column,
    DateTime,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    create_engine,
    event,
)
from sqlalchemy.engine import Engine
from sqlalchemy.orm import DeclarativeBase, Session, sessionmaker
from sqlalchemy.types import TypeDecorator

from . import contracts
from .logs import request_id_var

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

BigId = BigInteger().with_variant(Integer(), "sqlite")


def utcnow() -> dt.datetime:
    """The current time, aware, in UTC."""
    return dt.datetime.now(dt.timezone.utc)


class UTCDateTime(TypeDecorator):
    """Aware datetimes in, aware UTC datetimes out, on PostgreSQL and on SQLite alike."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTCDateTime column")
        value = value.astimezone(dt.timezone.utc)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=dt.timezone.utc)
        return value.astimezone(dt.timezone.utc)


def _shared_tables(metadata: MetaData) -> None:
    Table(
        "outbox",
        metadata,
        Column("id", BigId, primary_key=True, autoincrement=True),
        Column("event_id", String(36), nullable=False, unique=True),
        Column("type", String(120), nullable=False),
        Column("version", Integer, nullable=False, default=1),
        Column("unit", String(40)),
        Column("correlation_id", String(120)),
        Column("occurred_at", UTCDateTime, nullable=False),
        Column("payload", Text, nullable=False),
        Column("published_at", UTCDateTime, index=True),
    )
    Table(
        "inbox",
        metadata,
        Column("event_id", String(36), primary_key=True),
        Column("type", String(120), nullable=False),
        Column("received_at", UTCDateTime, nullable=False),
    )
    Table(
        "idempotency_keys",
        metadata,
        Column("key", String(200), primary_key=True),
        Column("principal", String(120), primary_key=True),
        Column("method", String(10), nullable=False),
        Column("path", String(500), nullable=False),
        Column("status", Integer, nullable=False),
        Column("body", Text, nullable=False),
        Column("created_at", UTCDateTime, nullable=False),
    )


def service_metadata() -> MetaData:
    """A MetaData with our naming conventions that already holds outbox, inbox, idempotency_keys."""
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    _shared_tables(metadata)
    return metadata


def make_base(metadata: MetaData) -> type[DeclarativeBase]:
    """A declarative base bound to a service's metadata."""

    class Base(DeclarativeBase):
        pass

    Base.metadata = metadata
    return Base


def json_default(value: Any) -> Any:
    """JSON encoding of dates, datetimes, decimals and UUIDs as the contract writes them."""
    if isinstance(value, (dt.datetime, dt.date)):
        return value.isoformat()
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, Decimal):
        return float(value)
    raise TypeError(f"not JSON serializable: {type(value).__name__}")


def make_engine(url: str, **kwargs: Any) -> Engine:
    """An engine for `url`; SQLite files get WAL, a busy timeout and serialized writes."""
    if url.startswith("sqlite"):
        path = url.split("///", 1)[-1]
        if path and path != ":memory:":
            os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 30}, **kwargs)

        @event.listens_for(engine, "connect")
        def _sqlite_connect(dbapi_conn, _record):
            dbapi_conn.isolation_level = None  # we emit BEGIN ourselves
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA busy_timeout=30000")
            cur.execute("PRAGMA foreign_keys=ON")
            cur.close()

        @event.listens_for(engine, "begin")
        def _sqlite_begin(conn):
            conn.exec_driver_sql("BEGIN IMMEDIATE")

        return engine
    kwargs.setdefault("pool_pre_ping", True)
    kwargs.setdefault("pool_size", 10)
    kwargs.setdefault("max_overflow", 20)
    return create_engine(url, **kwargs)


class Database:
    """The engine and session factory of one process, made after fork, never at import."""

    def __init__(self, url: str, service: str = "", **engine_kwargs: Any):
        self.url = url
        self.service = service
        self.engine = make_engine(url, **engine_kwargs)
        self.session_factory = sessionmaker(self.engine, expire_on_commit=False)

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    def unit_of_work(self) -> "UnitOfWork":
        """A new unit of work: `with db.unit_of_work() as uow: ...; uow.commit()`."""
        return UnitOfWork(self.session_factory, self.service)

    def dispose(self) -> None:
        self.engine.dispose()


class UnitOfWork:
    """One transaction for one use case. Rolls back unless `commit()` was called."""

    def __init__(self, session_factory: sessionmaker, service: str = ""):
        self._factory = session_factory
        self.service = service
        self.session: Session | None = None
        self.committed = False
        self.published: list[dict[str, Any]] = []

    def __enter__(self) -> "UnitOfWork":
        self.session = self._factory()
        self.committed = False
        self.published = []
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        # close() ends the transaction (a rollback when commit() was not called) and detaches the
        # loaded objects without expiring them, so a view can still serialize what it read
        self.session.close()

    def publish(self, type: str, data: dict[str, Any], unit: str | None = None, version: int | None = None) -> str:
        """Write the event to the outbox in this transaction; returns the event id.

        The data is checked against the event's contract schema: publishing an event that does
        not match its documented shape is a programming error and fails loudly.
        """
        payload = json.loads(json.dumps(data, default=json_default))
        spec = contracts.load_all().get(type)
        if spec is not None:
            errors = spec.schema().validate(payload)
            if errors:
                raise ValueError(f"event {type} does not match its contract: {errors}")
            version = version or spec.version
        event_id = str(uuid.uuid4())
        now = utcnow()
        self.session.execute(
            outbox_table(self.session).insert().values(
                event_id=event_id,
                type=type,
                version=version or 1,
                unit=unit,
                correlation_id=request_id_var.get(),
                occurred_at=now,
                payload=json.dumps(payload, ensure_ascii=False),
            )
        )
        self.published.append({"id": event_id, "type": type, "unit": unit, "data": payload})
        return event_id

    def commit(self) -> None:
        self.session.commit()
        self.committed = True

    def rollback(self) -> None:
        self.session.rollback()


_SHARED = service_metadata()
SHARED_TABLES = _SHARED.tables


def outbox_table(session: Session | None = None) -> Table:
    """The outbox table definition (the same in every service)."""
    return SHARED_TABLES["outbox"]


def inbox_table() -> Table:
    """The inbox table definition (the same in every service)."""
    return SHARED_TABLES["inbox"]


def idempotency_table() -> Table:
    return SHARED_TABLES["idempotency_keys"]


def insert_ignore(session: Session, table: Table, values: dict[str, Any]) -> bool:
    """INSERT ... ON CONFLICT DO NOTHING; True when the row was inserted."""
    dialect = session.get_bind().dialect.name
    if dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    # RETURNING, not rowcount: an ORM session reports rowcount -1 for this statement
    key = list(table.primary_key.columns)[0]
    stmt = insert(table).values(**values).on_conflict_do_nothing().returning(key)
    return session.execute(stmt).first() is not None
