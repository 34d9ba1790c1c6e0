"""The console in a real browser: Debian's Chromium driven by Playwright against the real platform
(tests/e2e/harness.py's Platform, one for the module; the gateway serves web/dist)."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests" / "e2e"))

from harness import Platform  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
AXE = ROOT / "web" / "node_modules" / "axe-core" / "axe.min.js"
DIST = ROOT / "web" / "dist" / "index.html"
SCREENSHOTS = ROOT / "var" / "screenshots"


def gateway_serves_the_console() -> bool:
    """The gateway's side of issue 11 (browser sessions, serving web/dist) has landed."""
    auth = (ROOT / "gateway" / "src" / "gateway" / "api" / "auth.py").read_text(encoding="utf-8")
    config = (ROOT / "gateway" / "src" / "gateway" / "config.py").read_text(encoding="utf-8")
    return '"/session"' in auth and "WEB_DIST_DIR" in config


@pytest.fixture(scope="module")
def platform(tmp_path_factory):
    if not gateway_serves_the_console():
        pytest.skip("the gateway does not yet open browser sessions nor serve web/dist (issue 11, gateway part)")
    assert DIST.exists(), "web/dist is missing: run `npm run build` in web/ (scripts/test.sh does)"
    plat = Platform(tmp_path_factory.mktemp("browser-platform-logs"))
    try:
        plat.start()
    except Exception:
        for key in list(plat.procs):
            print(plat.log_tail(key, 20))
        plat.stop()
        raise
    yield plat
    plat.stop()


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        # root in CI has no user namespace for Chromium's sandbox
        chromium = pw.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        yield chromium
        chromium.close()


@pytest.fixture(scope="module")
def screenshots() -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS
