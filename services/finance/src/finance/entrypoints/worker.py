"""The finance worker: outbox relay, event consumer (queue finance.inbox), gauges refreshed for
/metrics, health and metrics on WORKER_PORT."""

from __future__ import annotations

from buildingblocks.db import Database
from buildingblocks.messaging import run_worker

from ..adapters.metrics import refresh_gauges
from ..adapters.repository import repositories
from ..config import SERVICE, Config
from ..integration.handlers import HANDLERS

GAUGE_REFRESH_S = 15.0  # FINANCE_GAUGE_REFRESH_SECONDS: how stale /metrics' expense and budget gauges may be


def main() -> None:
    """Run until SIGTERM."""
    config = Config.from_env()
    database = Database(config.settings.database_url, service=SERVICE, config=config, repositories=repositories)

    def finance_gauges() -> None:
        refresh_gauges(database)

    refresh = config.settings.get("FINANCE_GAUGE_REFRESH_SECONDS", GAUGE_REFRESH_S, float)
    run_worker(config, HANDLERS, repositories=repositories, periodic=[(refresh, finance_gauges)],
               database=database)


if __name__ == "__main__":
    main()
