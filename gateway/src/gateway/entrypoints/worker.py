"""The gateway's worker: consumes HR events (users follow transfers) and cleans old throttle rows."""

from __future__ import annotations

from datetime import timedelta

from buildingblocks.config import Settings
from buildingblocks.db import Database, utcnow
from buildingblocks.messaging import run_worker

from gateway.config import GatewayConfig
from gateway.integration.handlers import HANDLERS
from gateway.service_layer.auth import forget_stale_counters


def main() -> None:
    """Run until SIGTERM: consumer, outbox relay, periodic clean-up, health/metrics on WORKER_PORT."""
    settings = Settings.from_env("gateway")
    config = GatewayConfig.from_settings(settings)
    database = Database(settings.database_url, service="gateway")
    window = timedelta(seconds=config.login_forget_after_seconds)

    def forget_expired_login_counters() -> None:
        with database.unit_of_work() as uow:
            forget_stale_counters(uow, utcnow() - window)

    run_worker(settings, database, HANDLERS, periodic=[(300.0, forget_expired_login_counters)])


if __name__ == "__main__":
    main()
