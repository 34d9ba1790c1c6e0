"""A service's worker process: the relay, the consumer, periodic jobs and a health/metrics port."""
from __future__ import annotations

import logging
import signal
import threading
from typing import Callable

from ..db import Database
from .consumer import Consumer
from .envelope import Handler
from .relay import OutboxRelay

log = logging.getLogger("buildingblocks.messaging")


def run_worker(config, handlers: dict[str, Handler], periodic: list[tuple[float, Callable[[], None]]] | tuple = (),
               *, repositories: Callable | None = None, database: Database | None = None,
               install_signals: bool = True) -> None:
    """The worker process of a service: relay + consumer + periodic jobs + health/metrics server.

    `run_worker(Config.from_env(), HANDLERS, repositories=repositories, periodic=[...])`; the
    database is made from `config.settings` (with the config and repositories every unit of work
    hands to the handlers).
    """
    from ..logs import configure_logging
    from ..worker_http import serve_worker_http

    settings = config.settings
    database = database or Database(settings.database_url, service=settings.service, config=config,
                                    repositories=repositories)
    configure_logging(f"{settings.service}-worker", settings.log_level)
    relay = OutboxRelay(settings, database)
    consumer = Consumer(settings, database, handlers) if handlers else None
    stop = threading.Event()
    threads = [threading.Thread(target=relay.run, name="relay", daemon=True)]
    if consumer:
        threads.append(threading.Thread(target=consumer.run, name="consumer", daemon=True))
    for interval, job in periodic or []:
        def loop(interval=interval, job=job):
            while not stop.wait(interval):
                try:
                    job()
                except Exception:
                    log.exception("periodic job %s failed", getattr(job, "__name__", job))
        threads.append(threading.Thread(target=loop, name=f"periodic-{getattr(job, '__name__', 'job')}", daemon=True))
    server = serve_worker_http(settings, database, relay, consumer)

    def shutdown(*_):
        stop.set()
        relay.stop_event.set()
        if consumer:
            consumer.stop_event.set()

    if install_signals:
        signal.signal(signal.SIGTERM, shutdown)
        signal.signal(signal.SIGINT, shutdown)
    for t in threads:
        t.start()
    log.info("worker started: relay%s", " + consumer" if consumer else "")
    while not stop.wait(0.5):
        pass
    for t in threads:
        t.join(timeout=5)
    server.shutdown()
    log.info("worker stopped")
