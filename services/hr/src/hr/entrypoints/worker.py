"""The HR worker: the outbox relay, and the periodic job that applies the restructuring plans
whose effective date has come (every HR_PLAN_CHECK_SECONDS, default 60; see
`hr.service_layer.restructurings.apply_due_plans`). HR consumes no events: it is the source of
truth, so its handler table is empty and the worker runs no consumer."""
from __future__ import annotations

from typing import Callable

from buildingblocks.db import Database
from buildingblocks.messaging import run_worker

from ..adapters.repository import repositories
from ..config import Config
from ..integration.handlers import HANDLERS
from ..service_layer.restructurings import apply_due_plans


def periodic_jobs(database: Database, config: Config) -> list[tuple[float, Callable[[], None]]]:
    """(interval in seconds, job) pairs the worker runs besides the relay."""

    def apply_due_restructurings() -> None:
        apply_due_plans(database)

    return [(config.plan_check_seconds, apply_due_restructurings)]


def main() -> None:
    config = Config.from_env()
    database = Database(config.settings.database_url, service=config.service, config=config,
                        repositories=repositories)
    run_worker(config, HANDLERS, repositories=repositories, database=database,
               periodic=periodic_jobs(database, config))


if __name__ == "__main__":
    main()
