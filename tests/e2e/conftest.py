"""The platform (every service, worker and the gateway as real processes) for the e2e tests.

`platform` is shared by the whole session: tests on it must not change the demo organisation's
structure. Tests that do (applying the demo restructuring plan) take `own_platform`, a second
platform of their module's own.
"""
import pytest

from harness import Platform


def _start(logdir) -> Platform:
    plat = Platform(logdir)
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
