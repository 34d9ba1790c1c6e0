"""The consumer: claim each event id in the inbox, handle, commit, then ack; retry, then park.

Messages that arrive together are handled in one transaction (one INSERT claims them all);
when a handler fails, the batch is handled again with a savepoint per event, so one bad event
cannot hold back the others. A failing event is retried through delay queues with growing
delays, then parked in `<service>.dead` with the reason.
"""
from __future__ import annotations

import datetime as dt
import logging
import threading
import time
from typing import Any

import pika
from pika.exceptions import AMQPError

from ..config import Settings
from ..db import Database, inbox_table, insert_ignore, insert_ignore_many, utcnow
from ..logs import log_fields, request_id_var
from ..metrics import EVENT_LAG, EVENTS_CONSUMED, EVENTS_DUPLICATE, EVENTS_FAILED, EVENTS_PARKED
from .envelope import Event, Handler, PermanentError
from .topology import connection_parameters, declare_consumer_topology, retry_delays

log = logging.getLogger("buildingblocks.messaging")


class _BatchFailed(Exception):
    """A handler failed in the one-transaction path: handle the batch event by event."""




class Consumer:
    """Consumes the service's inbox: claim, handle, commit, then ack; retry, then park."""

    def __init__(self, settings: Settings, database: Database, handlers: dict[str, Handler],
                 max_batch: int = 100, max_wait: float = 0.01):
        self.settings = settings
        self.database = database
        self.handlers = dict(handlers)
        self.max_batch = max_batch
        self.max_wait = max_wait
        self.stop_event = threading.Event()
        self.connected = False
        self.connection = None
        self.channel = None
        self.delays = retry_delays(settings)

    # -- broker plumbing -------------------------------------------------------------------
    def _connect(self) -> None:
        self.connection = pika.BlockingConnection(connection_parameters(self.settings.broker_url))
        self.channel = self.connection.channel()
        declare_consumer_topology(self.channel, self.settings, sorted(self.handlers))
        self.channel.confirm_delivery()  # retries and parking must not be lost
        self.channel.basic_qos(prefetch_count=self.max_batch * 2)
        self.connected = True
        log.info("consumer connected; queue %s bound to %d event types", self.settings.queue("inbox"), len(self.handlers))

    def _drop(self) -> None:
        self.connected = False
        try:
            if self.connection is not None and self.connection.is_open:
                self.connection.close()
        except Exception:
            pass
        self.connection = self.channel = None

    def _republish(self, queue: str, body: bytes, props, headers: dict) -> None:
        merged = dict(props.headers or {})
        merged.update(headers)
        new_props = pika.BasicProperties(content_type="application/json", delivery_mode=2,
                                         message_id=props.message_id, type=props.type,
                                         correlation_id=props.correlation_id, headers=merged)
        self.channel.basic_publish("", queue, body, new_props)

    def _park(self, body: bytes, props, reason: str, type_: str) -> None:
        self._republish(self.settings.queue("dead"), body, props, {
            "x-death-reason": reason[:1000], "x-parked-at": utcnow().isoformat(), "x-service": self.settings.service})
        EVENTS_PARKED.labels(self.settings.service, type_).inc()
        log_fields(log, logging.ERROR, "event parked", event_type=type_, reason=reason[:300])

    def _fail(self, body: bytes, props, exc: BaseException, type_: str) -> None:
        EVENTS_FAILED.labels(self.settings.service, type_).inc()
        attempt = int((props.headers or {}).get("x-attempt", 0))
        reason = f"{type(exc).__name__}: {exc}"
        if isinstance(exc, PermanentError) or attempt >= len(self.delays):
            self._park(body, props, reason, type_)
        else:
            log_fields(log, logging.WARNING, "event failed; will retry", event_type=type_, attempt=attempt + 1,
                       delay_s=self.delays[attempt], reason=reason[:300])
            self._republish(self.settings.queue(f"retry.{attempt + 1}"), body, props,
                            {"x-attempt": attempt + 1, "x-last-error": reason[:500]})

    # -- handling ----------------------------------------------------------------------------
    def handle_batch(self, batch: list[tuple[Any, Any, bytes]]) -> None:
        """Handle delivered messages in one transaction, commit, then ack.

        The fast path claims every event id with one INSERT and runs the handlers in one
        transaction; if any handler fails, that transaction is rolled back and the batch is
        handled again with a savepoint per event, so one bad event cannot hold back the others.
        """
        outcomes: list[tuple[Any, Any, bytes, str, BaseException | None, str]] = []
        parsed: list[tuple[Any, Any, bytes, Event]] = []
        for method, props, body in batch:
            try:
                parsed.append((method, props, body, Event.parse(body)))
            except Exception as exc:
                outcomes.append((method, props, body, "unparseable", PermanentError(f"unparseable: {exc}"), "?"))
        committed: list[tuple[Event, str]] = []
        if parsed:
            try:
                committed, handled = self._handle_together(parsed)
                outcomes += handled
            except _BatchFailed:
                committed, handled = self._handle_one_by_one(parsed)
                outcomes += handled
        self._record(committed)
        for method, props, body, status, exc, type_ in outcomes:
            if status == "unparseable":
                self._park(body, props, str(exc), type_)
            elif status == "failed":
                log.error("handler failed for %s: %s", type_, exc, exc_info=exc)
                self._fail(body, props, exc, type_)
            self.channel.basic_ack(method.delivery_tag)
        request_id_var.set(None)

    def _claim_all(self, session, events: list[Event]) -> set[str]:
        now = utcnow()
        rows = {e.id: {"event_id": e.id, "type": e.type, "received_at": now} for e in events}
        return set(insert_ignore_many(session, inbox_table(), list(rows.values())))

    def _handle_together(self, parsed):
        committed, outcomes = [], []
        with self.database.unit_of_work() as uow:
            claimed = self._claim_all(uow.session, [e for *_, e in parsed])
            for method, props, body, event in parsed:
                request_id_var.set(event.correlation_id)
                handler = self.handlers.get(event.type)
                fresh = event.id in claimed
                claimed.discard(event.id)
                if fresh and handler is not None:
                    try:
                        handler(uow, event)
                    except Exception as exc:
                        raise _BatchFailed() from exc
                committed.append((event, "handled" if fresh else "duplicate"))
                outcomes.append((method, props, body, "ok", None, event.type))
            uow.commit()
        return committed, outcomes

    def _handle_one_by_one(self, parsed):
        committed, outcomes = [], []
        with self.database.unit_of_work() as uow:
            for method, props, body, event in parsed:
                request_id_var.set(event.correlation_id)
                handler = self.handlers.get(event.type)
                try:
                    with uow.session.begin_nested():
                        claimed = insert_ignore(uow.session, inbox_table(),
                                                {"event_id": event.id, "type": event.type, "received_at": utcnow()})
                        if claimed and handler is not None:
                            handler(uow, event)
                    committed.append((event, "handled" if claimed else "duplicate"))
                    outcomes.append((method, props, body, "ok", None, event.type))
                except Exception as exc:
                    outcomes.append((method, props, body, "failed", exc, event.type))
            uow.commit()
        return committed, outcomes

    def _record(self, committed: list[tuple[Event, str]]) -> None:
        now = utcnow()
        for event, status in committed:
            if status == "duplicate":
                EVENTS_DUPLICATE.labels(self.settings.service, event.type).inc()
                continue
            EVENTS_CONSUMED.labels(self.settings.service, event.type).inc()
            try:
                EVENT_LAG.labels(self.settings.service).observe((now - dt.datetime.fromisoformat(event.occurred_at)).total_seconds())
            except ValueError:
                pass

    def run(self) -> None:
        """Consume until stopped, reconnecting when the broker goes away."""
        while not self.stop_event.is_set():
            try:
                self._connect()
                batch: list = []
                started = 0.0
                for method, props, body in self.channel.consume(self.settings.queue("inbox"), inactivity_timeout=self.max_wait):
                    if method is not None:
                        if not batch:
                            started = time.monotonic()
                        batch.append((method, props, body))
                    if batch and (method is None or len(batch) >= self.max_batch or time.monotonic() - started >= self.max_wait):
                        self.handle_batch(batch)
                        batch = []
                    if self.stop_event.is_set():
                        break
                self.channel.cancel()
            except (AMQPError, OSError) as exc:
                log_fields(log, logging.WARNING, "consumer lost the broker; reconnecting", error=str(exc))
            except Exception:
                log.exception("consumer error")
            finally:
                self._drop()
            self.stop_event.wait(1.0)
