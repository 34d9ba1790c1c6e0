"""Fixtures of the security tests: the end-to-end platform (tests/e2e's own fixtures, reused)
and the users and records every security test works on.

The platform is tests/e2e/conftest.py's `platform` fixture, loaded from that file (not copied):
one platform for every module of tests/security.
"""
from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

E2E = Path(__file__).resolve().parents[1] / "e2e"
HERE = Path(__file__).resolve().parent
for folder in (str(E2E), str(HERE)):
    if folder not in sys.path:
        sys.path.insert(0, folder)

_spec = importlib.util.spec_from_file_location("e2e_fixtures", E2E / "conftest.py")
_e2e = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_e2e)

from security_world import World  # noqa: E402


platform = _e2e.platform  # noqa: F811 - the e2e session fixture, registered for this folder too


@pytest.fixture(scope="session")
def world(platform) -> World:
    w = World(platform)
    w.make_users()
    w.make_records()
    return w
