"""The assets worker: outbox relay and the consumer of finance's and HR's events."""
from __future__ import annotations

from buildingblocks.messaging import run_worker

from ..adapters.repository import repositories
from ..config import Config
from ..integration.handlers import HANDLERS


def main() -> None:
    run_worker(Config.from_env(), HANDLERS, repositories=repositories)


if __name__ == "__main__":
    main()
