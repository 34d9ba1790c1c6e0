"""The fleet worker: outbox relay, consumer of HR and assets events, gauges refreshed for /metrics."""
from __future__ import annotations

from buildingblocks.config import Settings
from buildingblocks.db import Database
from buildingblocks.messaging import run_worker

from ..adapters.metrics import refresh_gauges
from ..config import SERVICE, FleetConfig
from ..integration.handlers import HANDLERS

GAUGE_REFRESH_S = 15.0


def main() -> None:
    """Run until SIGTERM."""
    settings = Settings.from_env(SERVICE)
    config = FleetConfig.from_settings(settings)
    database = Database(settings.database_url, service=SERVICE)

    def fleet_gauges() -> None:
        refresh_gauges(database, config)

    run_worker(settings, database, HANDLERS, periodic=[(GAUGE_REFRESH_S, fleet_gauges)])


if __name__ == "__main__":
    main()
