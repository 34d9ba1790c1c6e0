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
from typing import Any, Callable

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
from .clock import utcnow  # re-exported: the outbox and the services stamp rows with it
from .logs import request_id_var

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

BigId = BigInteger().with_variant(Integer(), "sqlite")




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
    """The engine and session factory of one process, made after fork, never at import.

    `config` (the service's `Config`) and `repositories` (the service's
    `repositories(session) -> dict` factory) are handed to every unit of work it makes.
    """

    def __init__(self, url: str, service: str = "", *, config: Any = None,
                 repositories: Callable[[Session], dict[str, Any]] | None = None, **engine_kwargs: Any):
        self.url = url
        self.service = service
        self.config = config
        self.repositories = repositories
        self.engine = make_engine(url, **engine_kwargs)
        self.session_factory = sessionmaker(self.engine, expire_on_commit=False)

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    def unit_of_work(self) -> "UnitOfWork":
        """A new unit of work: `with db.unit_of_work() as uow: ...; uow.commit()`."""
        return UnitOfWork(self.session_factory, self.service, config=self.config, repositories=self.repositories)

    def dispose(self) -> None:
        self.engine.dispose()


def checked_event_data(type: str, data: dict[str, Any], version: int | None = None) -> tuple[dict[str, Any], int]:
    """The event's data as JSON would carry it, checked against its contract, and its version.

    Publishing an event that does not match its documented shape is a programming error and
    fails loudly (ValueError), in the real unit of work and in the fake one alike.
    """
    payload = json.loads(json.dumps(data, default=json_default))
    spec = contracts.load_all().get(type)
    if spec is not None:
        errors = spec.schema().validate(payload)
        if errors:
            raise ValueError(f"event {type} does not match its contract: {errors}")
        version = version or spec.version
    return payload, version or 1


class UnitOfWork:
    """One transaction for one use case. Rolls back unless `commit()` was called.

    Besides `session`, it carries the service's `config` and one attribute per repository of
    the service's factory (`uow.bookings`, ...), made on the transaction's session.
    """

    def __init__(self, session_factory: sessionmaker, service: str = "", *, config: Any = None,
                 repositories: Callable[[Session], dict[str, Any]] | None = None):
        self._factory = session_factory
        self._repositories = repositories
        self.service = service
        self.config = config
        self.session: Session | None = None

    def __enter__(self) -> "UnitOfWork":
        self.session = self._factory()
        if self._repositories is not None:
            for name, repository in self._repositories(self.session).items():
                setattr(self, name, repository)
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        # close() ends the transaction (a rollback when commit() was not called) and detaches the
        # loaded objects without expiring them, so a view can still serialize what it read
        self.session.close()

    def publish(self, type: str, data: dict[str, Any], unit: str | None = None, version: int | None = None) -> str:
        """Write the event to the outbox in this transaction; returns the event id."""
        payload, version = checked_event_data(type, data, version)
        event_id = str(uuid.uuid4())
        self.session.execute(
            outbox_table(self.session).insert().values(
                event_id=event_id,
                type=type,
                version=version,
                unit=unit,
                correlation_id=request_id_var.get(),
                occurred_at=utcnow(),
                payload=json.dumps(payload, ensure_ascii=False),
            )
        )
        return event_id

    def commit(self) -> None:
        self.session.commit()

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


def dialect_insert(session: Session, table: Table):
    """The dialect's own INSERT (PostgreSQL's or SQLite's), the one that knows ON CONFLICT."""
    if session.get_bind().dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    return insert(table)


def insert_ignore_many(session: Session, table: Table, rows: list[dict[str, Any]]) -> list[Any]:
    """INSERT ... ON CONFLICT DO NOTHING for several rows; the primary keys actually inserted."""
    if not rows:
        return []
    # RETURNING, not rowcount: an ORM session reports rowcount -1 for this statement
    key = list(table.primary_key.columns)[0]
    stmt = dialect_insert(session, table).values(rows).on_conflict_do_nothing().returning(key)
    return list(session.execute(stmt).scalars().all())


def insert_ignore(session: Session, table: Table, values: dict[str, Any]) -> bool:
    """INSERT ... ON CONFLICT DO NOTHING; True when the row was inserted."""
    return bool(insert_ignore_many(session, table, [values]))


def upsert(session: Session, table: Table, key: str, values: dict[str, Any]) -> None:
    """INSERT ... ON CONFLICT (key) DO UPDATE: safe with several writers, no check-then-insert."""
    stmt = dialect_insert(session, table).values(**values)
    session.execute(stmt.on_conflict_do_update(index_elements=[table.c[key]],
                                               set_={k: stmt.excluded[k] for k in values if k != key}))
