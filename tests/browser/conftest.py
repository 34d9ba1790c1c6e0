"""The console in a real browser: Debian's Chromium driven by Playwright against the real platform
(the session's `platform` of tests/conftest.py; the gateway serves web/dist)."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests" / "e2e"))


CHROMIUM = "/usr/bin/chromium"
AXE = ROOT / "web" / "node_modules" / "axe-core" / "axe.min.js"
DIST = ROOT / "web" / "dist" / "index.html"
SCREENSHOTS = ROOT / "var" / "screenshots"


@pytest.fixture(scope="session", autouse=True)
def built_console():
    assert DIST.exists(), "web/dist is missing: run `npm run build` in web/ (scripts/test.sh does)"


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
