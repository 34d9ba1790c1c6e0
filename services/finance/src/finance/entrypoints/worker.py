"""The finance worker: outbox relay, event consumer (queue finance.inbox), health and metrics on WORKER_PORT."""

from __future__ import annotations

from buildingblocks.config import Settings
from buildingblocks.db import Database
from buildingblocks.messaging import run_worker

from ..config import SERVICE, FinanceConfig
from ..integration.handlers import make_handlers


def main() -> None:
    """Run until SIGTERM."""
    settings = Settings.from_env(SERVICE)
    database = Database(settings.database_url, service=SERVICE)
    run_worker(settings, database, make_handlers(FinanceConfig.from_settings(settings)))


if __name__ == "__main__":
    main()
