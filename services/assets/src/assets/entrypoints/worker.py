"""The assets worker: outbox relay and the consumer of finance's and HR's events."""
from __future__ import annotations

from buildingblocks.config import Settings
from buildingblocks.db import Database
from buildingblocks.messaging import run_worker

from ..config import SERVICE, AssetsConfig
from ..integration.handlers import build_handlers


def main() -> None:
    settings = Settings.from_env(SERVICE)
    database = Database(settings.database_url, service=SERVICE)
    run_worker(settings, database, build_handlers(AssetsConfig.from_settings(settings)))


if __name__ == "__main__":
    main()
