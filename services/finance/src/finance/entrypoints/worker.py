"""The finance worker: outbox relay, event consumer (queue finance.inbox), health and metrics on WORKER_PORT."""

from __future__ import annotations

from buildingblocks.messaging import run_worker

from ..adapters.repository import repositories
from ..config import Config
from ..integration.handlers import HANDLERS


def main() -> None:
    """Run until SIGTERM."""
    run_worker(Config.from_env(), HANDLERS, repositories=repositories)


if __name__ == "__main__":
    main()
