"""Fixtures of the security tests: the users and records every security test works on, on the
session's one platform (`platform` in tests/conftest.py)."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from security_world import World  # noqa: E402


@pytest.fixture(scope="session")
def world(platform) -> World:
    w = World(platform)
    w.make_users()
    w.make_records()
    return w
