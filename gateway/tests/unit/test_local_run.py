"""`make run` (scripts/office_platform.py): the local run's own secrets and its console build."""

from __future__ import annotations

import os
import stat
import sys

from gateway_testkit import GATEWAY_DIR

sys.path.insert(0, str(GATEWAY_DIR.parent / "scripts"))

import office_platform  # noqa: E402


def test_secrets_are_made_once_random_long_and_readable_by_the_owner_only(tmp_path):
    path = tmp_path / "secrets.env"
    first = office_platform.local_secrets(path)
    assert set(first) == {"INTERNAL_TOKEN_SECRET", "JWT_SECRET"}
    assert all(len(value) >= 32 for value in first.values())
    assert first["JWT_SECRET"] != first["INTERNAL_TOKEN_SECRET"]
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert office_platform.local_secrets(path) == first
    assert office_platform.local_secrets(tmp_path / "other.env") != first


def test_every_process_of_a_local_run_gets_the_secrets_and_office_env_local(tmp_path, monkeypatch):
    monkeypatch.setattr(office_platform, "ROOT", tmp_path)
    monkeypatch.delenv("JWT_SECRET", raising=False)
    monkeypatch.delenv("INTERNAL_TOKEN_SECRET", raising=False)
    env = office_platform.local_env()
    assert env["OFFICE_ENV"] == "local"
    written = (tmp_path / "var" / "secrets.env").read_text()
    assert f"JWT_SECRET={env['JWT_SECRET']}" in written
    assert f"INTERNAL_TOKEN_SECRET={env['INTERNAL_TOKEN_SECRET']}" in written
