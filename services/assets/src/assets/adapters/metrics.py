"""The assets service's own Prometheus metrics (the shared HTTP and event metrics come from
buildingblocks): procurement requests by status.

Gauges are state read from the database: the worker refreshes them every
ASSETS_GAUGE_REFRESH_SECONDS; "mostrecent" makes the last refresh win in the multiprocess directory.
"""
from __future__ import annotations

from prometheus_client import Gauge
from sqlalchemy import func, select

from buildingblocks.db import Database

from ..domain.procurement import STATUSES
from .orm import Procurement

PROCUREMENTS = Gauge("assets_procurements", "Procurement requests by status", ["status"],
                     multiprocess_mode="mostrecent")


def refresh_gauges(database: Database) -> None:
    """Read procurement requests by status into the gauges."""
    with database.session_factory() as session:
        counts = dict(session.execute(select(Procurement.status, func.count()).group_by(Procurement.status)).all())
        session.rollback()
    for status in STATUSES:
        PROCUREMENTS.labels(status).set(counts.get(status, 0))
