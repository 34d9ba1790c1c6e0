"""The platform (every service, worker and the gateway as real processes) for every test of
`tests/` that needs it: the end-to-end, security and browser tests.

`platform` is ONE for the whole session (starting ten processes takes tens of seconds on two
cores): tests on it must not change the demo organisation's structure. Tests that do (applying a
restructuring plan) take `own_platform`, a second platform of their module's own.
`sqlite_platform` is one of a module's own on SQLite files (the default of `make run`).
"""
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent / "e2e"))

from harness import Platform  # noqa: E402


def _start(logdir, database: str = "postgresql") -> Platform:
    plat = Platform(logdir, database)
    try:
        plat.start()
    except Exception:
        for key in list(plat.procs):
            print(plat.log_tail(key, 20))
        plat.stop()
        raise
    return plat


@pytest.fixture(scope="session")
def platform(tmp_path_factory):
    plat = _start(tmp_path_factory.mktemp("platform-logs"))
    yield plat
    plat.stop()


@pytest.fixture(scope="module")
def own_platform(tmp_path_factory):
    plat = _start(tmp_path_factory.mktemp("own-platform-logs"))
    yield plat
    plat.stop()


@pytest.fixture(scope="module")
def sqlite_platform(tmp_path_factory):
    plat = _start(tmp_path_factory.mktemp("sqlite-platform-logs"), database="sqlite")
    yield plat
    plat.stop()
