"""The assets worker: outbox relay, the consumer of finance's and HR's events, gauges refreshed for
/metrics, the register's running totals folded (issue 16)."""
from __future__ import annotations

from buildingblocks.db import Database
from buildingblocks.messaging import run_worker

from ..adapters.metrics import refresh_gauges
from ..adapters.repository import repositories
from ..config import SERVICE, Config
from ..integration.handlers import HANDLERS

GAUGE_REFRESH_S = 15.0  # ASSETS_GAUGE_REFRESH_SECONDS: how stale /metrics' procurement gauges may be
# ASSETS_FOLD_SECONDS: how often the register's changes are folded into its running totals (the
# report reads both, so this bounds how many changes it sums, not how fresh it is)
FOLD_S = 30.0


def main() -> None:
    """Run until SIGTERM."""
    config = Config.from_env()
    database = Database(config.settings.database_url, service=SERVICE, config=config, repositories=repositories)

    def assets_gauges() -> None:
        refresh_gauges(database)

    def fold_register_changes() -> None:
        with database.unit_of_work() as uow:
            uow.assets.fold_register_changes()
            uow.commit()

    refresh = config.settings.get("ASSETS_GAUGE_REFRESH_SECONDS", GAUGE_REFRESH_S, float)
    fold = config.settings.get("ASSETS_FOLD_SECONDS", FOLD_S, float)
    run_worker(config, HANDLERS, repositories=repositories,
               periodic=[(refresh, assets_gauges), (fold, fold_register_changes)], database=database)


if __name__ == "__main__":
    main()
