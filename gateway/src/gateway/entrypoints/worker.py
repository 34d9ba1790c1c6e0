"""The gateway's worker: consumes HR events (users follow their HR post) and cleans old throttle
rows and expired browser sessions."""

from __future__ import annotations

from datetime import timedelta

from buildingblocks.config import Settings
from buildingblocks.db import Database, utcnow
from buildingblocks.messaging import run_worker

from gateway.adapters.sessions import SessionStore
from gateway.config import Config
from gateway.integration.handlers import HANDLERS
from gateway.service_layer.auth import forget_stale_counters


def main() -> None:
    """Run until SIGTERM: consumer, outbox relay, periodic clean-up, health/metrics on WORKER_PORT."""
    settings = Settings.from_env("gateway")
    config = Config.from_settings(settings)
    database = Database(settings.database_url, service="gateway")
    window = timedelta(seconds=config.login_forget_after_seconds)

    def forget_expired_login_counters_and_sessions() -> None:
        with database.unit_of_work() as uow:
            forget_stale_counters(uow, utcnow() - window)
        with database.unit_of_work() as uow:
            SessionStore.forget_expired(uow.session, utcnow())
            uow.commit()

    run_worker(settings, database, HANDLERS, periodic=[(300.0, forget_expired_login_counters_and_sessions)])


if __name__ == "__main__":
    main()
