"""Connections and the broker objects a service needs: the topic exchange, its quorum inbox,
the delay queues of its retries and its dead queue."""
from __future__ import annotations

from typing import Any

import pika

from ..config import Settings

RETRY_DELAYS_S = (1, 5, 30)  # growing delays between tries; then the event is parked
DELIVERY_LIMIT = 10  # quorum queue redeliveries (crashes mid-handler) before RabbitMQ drops: set explicitly


def connection_parameters(url: str, **overrides: Any) -> pika.URLParameters:
    params = pika.URLParameters(url)
    params.heartbeat = overrides.get("heartbeat", 30)
    params.blocked_connection_timeout = overrides.get("blocked_connection_timeout", 30)
    params.socket_timeout = overrides.get("socket_timeout", 5)
    params.connection_attempts = 1
    return params


def declare_exchange(channel, settings: Settings) -> None:
    channel.exchange_declare(settings.exchange, exchange_type="topic", durable=True)


def retry_delays(settings: Settings) -> tuple[float, ...]:
    """Seconds between tries (EVENT_RETRY_DELAYS, e.g. "1,5,30"); after the last the event is parked."""
    raw = settings.get("EVENT_RETRY_DELAYS", None, str)
    return tuple(float(x) for x in raw.split(",")) if raw else RETRY_DELAYS_S


def declare_consumer_topology(channel, settings: Settings, routing_keys: list[str]) -> None:
    """The service's inbox (quorum), its delay queues and its dead queue, and the bindings."""
    declare_exchange(channel, settings)
    inbox = settings.queue("inbox")
    channel.queue_declare(inbox, durable=True,
                          arguments={"x-queue-type": "quorum", "x-delivery-limit": DELIVERY_LIMIT})
    for i, delay in enumerate(retry_delays(settings), start=1):
        channel.queue_declare(settings.queue(f"retry.{i}"), durable=True, arguments={
            "x-message-ttl": int(delay * 1000),
            "x-dead-letter-exchange": "",
            "x-dead-letter-routing-key": inbox,
        })
    channel.queue_declare(settings.queue("dead"), durable=True, arguments={"x-queue-type": "quorum"})
    for key in routing_keys:
        channel.queue_bind(inbox, settings.exchange, routing_key=key)
