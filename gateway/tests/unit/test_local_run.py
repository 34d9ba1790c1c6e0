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


def _web(tmp_path, built=True, installed=True):
    web = tmp_path / "web"
    (web / "src").mkdir(parents=True)
    (web / "package.json").write_text("{}")
    (web / "package-lock.json").write_text("{}")
    (web / "src" / "main.tsx").write_text("export {}")
    if installed:
        (web / "node_modules").mkdir()
        (web / "node_modules" / ".package-lock.json").write_text("{}")
    if built:
        (web / "dist").mkdir()
        (web / "dist" / "index.html").write_text("<!doctype html>")
    return web


def _age(path, seconds):
    stamp = path.stat().st_mtime - seconds
    os.utime(path, (stamp, stamp))


class Npm:
    def __init__(self, web):
        self.web = web
        self.calls = []

    def __call__(self, command, cwd, check):
        self.calls.append(command[1:])
        if command[1:] == ["run", "build"]:
            (self.web / "dist").mkdir(exist_ok=True)
            (self.web / "dist" / "index.html").write_text("<!doctype html>")


def test_an_up_to_date_console_is_not_rebuilt(tmp_path, monkeypatch):
    web = _web(tmp_path)
    for source in (web / "src" / "main.tsx", web / "package.json", web / "package-lock.json"):
        _age(source, 60)
    npm = Npm(web)
    monkeypatch.setattr(office_platform.shutil, "which", lambda name: "/usr/bin/npm")
    assert office_platform.build_console(web, run=npm) and npm.calls == []


def test_changed_sources_are_built_and_a_new_lock_file_installs_first(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(office_platform.shutil, "which", lambda name: "/usr/bin/npm")
    web = _web(tmp_path)
    _age(web / "dist" / "index.html", 60)
    _age(web / "package-lock.json", 120)
    npm = Npm(web)
    assert office_platform.build_console(web, run=npm)
    assert npm.calls == [["run", "build"]]
    assert "Building the web console" in capsys.readouterr().out

    web = _web(tmp_path / "fresh", built=False, installed=False)
    npm = Npm(web)
    assert office_platform.build_console(web, run=npm)
    assert npm.calls == [["ci", "--no-audit", "--no-fund"], ["run", "build"]]

    web = _web(tmp_path / "newlock", built=False)
    _age(web / "node_modules" / ".package-lock.json", 60)
    npm = Npm(web)
    office_platform.build_console(web, run=npm)
    assert npm.calls[0][0] == "ci"


def test_no_package_json_means_no_build_and_no_npm_is_reported(tmp_path, monkeypatch, capsys):
    assert not office_platform.console_is_stale(tmp_path)
    web = _web(tmp_path, built=False)
    monkeypatch.setattr(office_platform.shutil, "which", lambda name: None)
    assert office_platform.build_console(web, run=Npm(web)) is False
    assert "npm is not installed" in capsys.readouterr().err
