"""The outbox relay: committed outbox rows to the broker, in batches, marked sent once confirmed.

It selects unsent rows (FOR UPDATE SKIP LOCKED on PostgreSQL), never "rows after the last id
seen" (ids can commit out of order). A broker outage only delays: rows stay unsent until the
broker is back.
"""
from __future__ import annotations

import json
import logging
import threading
import time
import uuid

import pika
from pika.exceptions import AMQPError
from sqlalchemy import func, select, update

from ..config import Settings
from ..db import Database, outbox_table, utcnow
from ..logs import log_fields, request_id_var
from ..metrics import EVENTS_PUBLISHED, OUTBOX_BACKLOG
from .envelope import Event
from .publisher import ConfirmingPublisher
from .topology import connection_parameters, declare_exchange

log = logging.getLogger("buildingblocks.messaging")


class OutboxRelay:
    """Moves committed outbox rows to the broker, in batches, marking the confirmed ones sent."""

    def __init__(self, settings: Settings, database: Database, batch_size: int = 500):
        self.settings = settings
        self.database = database
        self.batch_size = batch_size
        self.stop_event = threading.Event()
        self.publisher: ConfirmingPublisher | None = None
        self.connected = False
        self.table = outbox_table()

    def _connect(self) -> None:
        if self.publisher is None:
            self.publisher = ConfirmingPublisher(self.settings)
            self.connected = True
            log.info("relay connected to the broker")

    def _drop(self) -> None:
        if self.publisher is not None:
            self.publisher.close()
        self.publisher = None
        self.connected = False

    def run_once(self) -> int:
        """Publish one batch; returns how many rows were marked sent."""
        self._connect()
        t = self.table
        with self.database.session_factory() as session:
            stmt = select(t).where(t.c.published_at.is_(None)).order_by(t.c.id).limit(self.batch_size)
            if self.database.dialect == "postgresql":
                stmt = stmt.with_for_update(skip_locked=True)
            rows = session.execute(stmt).all()
            if not rows:
                session.rollback()
                return 0
            messages = []
            for row in rows:
                envelope = {
                    "id": row.event_id, "type": row.type, "version": row.version,
                    "occurred_at": row.occurred_at.isoformat(), "source": self.settings.service,
                    "correlation_id": row.correlation_id, "unit": row.unit, "data": json.loads(row.payload),
                }
                props = pika.BasicProperties(
                    content_type="application/json", delivery_mode=2, message_id=row.event_id, type=row.type,
                    correlation_id=row.correlation_id, app_id=self.settings.service,
                    timestamp=int(row.occurred_at.timestamp()))
                messages.append((row.type, json.dumps(envelope, ensure_ascii=False).encode(), props))
            confirmed = self.publisher.publish_batch(messages)
            sent_ids = [row.id for row, ok in zip(rows, confirmed) if ok]
            if sent_ids:
                session.execute(update(t).where(t.c.id.in_(sent_ids)).values(published_at=utcnow()))
            session.commit()
        for row, ok in zip(rows, confirmed):
            if ok:
                EVENTS_PUBLISHED.labels(self.settings.service, row.type).inc()
        if len(sent_ids) < len(rows):
            log.warning("broker did not confirm %d of %d events; they stay in the outbox", len(rows) - len(sent_ids), len(rows))
        return len(sent_ids)

    def backlog(self) -> int:
        with self.database.session_factory() as session:
            return session.scalar(select(func.count()).select_from(self.table).where(self.table.c.published_at.is_(None))) or 0

    def run(self, idle_min: float = 0.005, idle_max: float = 0.05) -> None:
        """Poll and publish until stopped; back off while idle or while the broker is away."""
        idle = idle_min
        last_backlog = 0.0
        while not self.stop_event.is_set():
            try:
                sent = self.run_once()
                idle = idle_min if sent else min(idle * 2, idle_max)
                if sent:
                    continue
            except (AMQPError, OSError) as exc:
                log_fields(log, logging.WARNING, "broker unavailable; events wait in the outbox", error=str(exc))
                self._drop()
                idle = 1.0
            except Exception:
                log.exception("relay error")
                self._drop()
                idle = 1.0
            now = time.monotonic()
            if now - last_backlog > 2:
                last_backlog = now
                try:
                    OUTBOX_BACKLOG.labels(self.settings.service).set(self.backlog())
                except Exception:
                    pass
            self.stop_event.wait(idle)
        self._drop()


def publish_raw(settings: Settings, event_type: str, data: dict, unit: str | None = None,
                event_id: str | None = None, source: str = "test") -> Event:
    """Publish one event straight to the exchange (tests and tools; services use the outbox)."""
    event = Event(id=event_id or str(uuid.uuid4()), type=event_type, version=1, occurred_at=utcnow().isoformat(),
                  source=source, correlation_id=request_id_var.get(), unit=unit, data=data)
    conn = pika.BlockingConnection(connection_parameters(settings.broker_url))
    try:
        ch = conn.channel()
        declare_exchange(ch, settings)
        ch.confirm_delivery()
        ch.basic_publish(settings.exchange, event_type, event.to_json(),
                         pika.BasicProperties(content_type="application/json", delivery_mode=2, message_id=event.id,
                                              type=event_type))
    finally:
        conn.close()
    return event
