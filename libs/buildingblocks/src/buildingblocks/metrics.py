"""Prometheus metrics shared by every process.

Web processes run under several gunicorn workers, so when PROMETHEUS_MULTIPROC_DIR is set the
values live in per-process files and /metrics aggregates them (prometheus-client multiprocess
mode); gunicorn's child_exit hook marks dead workers (see buildingblocks.gunicorn_conf).
"""
from __future__ import annotations

import os

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    generate_latest,
    multiprocess,
)

HTTP_REQUESTS = Counter(
    "http_requests_total", "HTTP requests by route template, method and status", ["service", "route", "method", "status"]
)
HTTP_LATENCY = Histogram(
    "http_request_duration_seconds",
    "HTTP request latency by route template",
    ["service", "route", "method"],
    buckets=(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10),
)
EVENTS_PUBLISHED = Counter("events_published_total", "Events published to the broker (confirmed)", ["service", "type"])
EVENTS_CONSUMED = Counter("events_consumed_total", "Events handled and committed", ["service", "type"])
EVENTS_DUPLICATE = Counter("events_duplicate_total", "Redelivered events ignored by the inbox", ["service", "type"])
EVENTS_FAILED = Counter("events_failed_total", "Event handling failures (each try)", ["service", "type"])
EVENTS_PARKED = Counter("events_parked_total", "Events parked in the dead queue", ["service", "type"])
OUTBOX_BACKLOG = Gauge("outbox_backlog", "Outbox rows not yet published", ["service"], multiprocess_mode="max")
EVENT_LAG = Histogram(
    "event_delivery_seconds",
    "From the producer's commit (occurred_at) to the consumer's commit",
    ["service"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30),
)


class _DeclaredFamilies:
    """The metric families this process declares, without samples.

    In multiprocess mode a labelled metric shows only once one of its series has been written (a
    counter of parked events, before the first one is parked, shows nothing), while a single
    process shows every declared family. This gives the multiprocess exposition the same
    `# HELP`/`# TYPE` lines, so that what a process exports can be read from its /metrics
    (tests/deploy checks every dashboard and alert against them); Prometheus ignores families
    without samples.
    """

    def __init__(self, written: set[str]):
        self.written = written

    def collect(self):
        from prometheus_client import REGISTRY
        from prometheus_client.metrics_core import Metric

        for family in REGISTRY.collect():
            if family.name not in self.written and not family.name.startswith(("process_", "python_")):
                yield Metric(family.name, family.documentation, family.type, family.unit)


def render_metrics() -> tuple[bytes, str]:
    """The exposition of this process, or of every worker process in multiprocess mode."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        registry = CollectorRegistry()
        collector = multiprocess.MultiProcessCollector(registry)
        registry.register(_DeclaredFamilies({family.name for family in collector.collect()}))
        return generate_latest(registry), CONTENT_TYPE_LATEST
    from prometheus_client import REGISTRY

    return generate_latest(REGISTRY), CONTENT_TYPE_LATEST
