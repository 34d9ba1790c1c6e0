"""One platform (every service, worker and the gateway as real processes) for all e2e tests."""
import pytest

from harness import Platform


@pytest.fixture(scope="session")
def platform(tmp_path_factory):
    logdir = tmp_path_factory.mktemp("platform-logs")
    plat = Platform(logdir)
    try:
        plat.start()
    except Exception:
        for key in list(plat.procs):
            print(plat.log_tail(key, 20))
        plat.stop()
        raise
    yield plat
    plat.stop()
