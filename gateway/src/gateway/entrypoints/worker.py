"""The gateway's worker: consumes HR events (users follow their HR post) and cleans old throttle
rows and expired browser sessions."""

from __future__ import annotations

from datetime import timedelta

from buildingblocks.clock import utcnow
from buildingblocks.db import Database
from buildingblocks.messaging import run_worker

from gateway.adapters.sessions import SessionStore
from gateway.config import SERVICE, Config
from gateway.integration.handlers import HANDLERS
from gateway.service_layer.auth import forget_stale_counters


def main() -> None:
    """Run until SIGTERM: consumer, outbox relay, periodic clean-up, health/metrics on WORKER_PORT."""
    config = Config.from_env()
    database = Database(config.settings.database_url, service=SERVICE, config=config)
    window = timedelta(seconds=config.login_forget_after_seconds)

    def forget_expired_login_counters_and_sessions() -> None:
        with database.unit_of_work() as uow:
            forget_stale_counters(uow, utcnow() - window)
        with database.unit_of_work() as uow:
            SessionStore.forget_expired(uow.session, utcnow())
            uow.commit()

    run_worker(config, HANDLERS, periodic=[(300.0, forget_expired_login_counters_and_sessions)], database=database)


if __name__ == "__main__":
    main()
