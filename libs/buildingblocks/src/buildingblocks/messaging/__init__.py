"""Events between services, one module per concern:

- `envelope`: the `Event` every message carries, `Handler`, `PermanentError`;
- `topology`: connections, the exchange, a service's inbox, retry and dead queues;
- `publisher`: confirmed batch publishing; `relay`: the outbox relay (and `publish_raw` for tools);
- `consumer`: claim, handle, commit, ack, retry, park; `worker`: the worker process.
"""
from .consumer import Consumer
from .envelope import Event, Handler, PermanentError
from .publisher import ConfirmingPublisher
from .relay import OutboxRelay, publish_raw
from .topology import (DELIVERY_LIMIT, RETRY_DELAYS_S, connection_parameters, declare_consumer_topology,
                       declare_exchange, retry_delays)
from .worker import run_worker

__all__ = ["Consumer", "ConfirmingPublisher", "DELIVERY_LIMIT", "Event", "Handler", "OutboxRelay", "PermanentError",
           "RETRY_DELAYS_S", "connection_parameters", "declare_consumer_topology", "declare_exchange",
           "publish_raw", "retry_delays", "run_worker"]
