"""The demo history `make run` seeds (issue 13): a year of the old way, the same every time.

Each service's seed runs as `make run` runs it (its own process, DEMO_HISTORY=1) into fresh
SQLite databases, twice over; the figures the demo's first look tells the reform by (cars held
against the pool's lower bound, idle days per car, fuel flags, overruns, headcount and deputies
against their limits, the cars each board holds) come out the same both times, tell the story,
and a second seed into the same databases adds nothing. How long the seed takes is measured in
bench/, not asserted here.
"""
from __future__ import annotations

import datetime as dt
import importlib
import os
import subprocess
import sys
from pathlib import Path

import pytest

from buildingblocks import demo_history
from buildingblocks.clock import local_today
from buildingblocks.db import Database

ROOT = Path(__file__).resolve().parents[2]
SERVICES = ["hr", "finance", "assets", "fleet"]  # make run's order (the gateway seeds only its users)
BIN = Path(sys.executable).parent


def _env(url: str) -> dict[str, str]:
    return dict(os.environ, DATABASE_URL=url, DEMO_HISTORY="1")


def seed_all(folder: Path, migrate: bool = True) -> None:
    """Migrate (the first time) and seed the four services' SQLite databases under `folder`."""
    for service in SERVICES:
        env, cwd = _env(f"sqlite:///{folder / service}.db"), ROOT / "services" / service
        if migrate:
            subprocess.run([str(BIN / "alembic"), "-c", "alembic.ini", "upgrade", "head"], cwd=cwd, env=env,
                           check=True, capture_output=True)
        done = subprocess.run([str(BIN / "python"), "-m", f"{service}.entrypoints.seed"], cwd=cwd, env=env,
                              capture_output=True, text=True)
        assert done.returncode == 0, f"{service} seed failed:\n{done.stderr[-3000:]}"


def database(service: str, folder: Path) -> Database:
    config = importlib.import_module(f"{service}.config").Config.from_env(
        database_url=f"sqlite:///{folder / service}.db")
    repositories = importlib.import_module(f"{service}.adapters.repository").repositories
    return Database(config.settings.database_url, service=service, config=config, repositories=repositories)


def story(folder: Path) -> dict:
    """The figures of the demo's first look, each read by its service's seed module."""
    year = demo_history.history_year(local_today())
    seeds = {service: importlib.import_module(f"{service}.entrypoints.seed") for service in SERVICES}
    figures = {}
    for service in SERVICES:
        db = database(service, folder)
        try:
            if service == "fleet":
                figures[service] = seeds[service].story(db, year, dt.timedelta(minutes=db.config.turnaround_minutes))
            elif service == "finance":
                figures[service] = seeds[service].story(db, year)
            else:
                figures[service] = seeds[service].story(db)
            figures[f"{service}_rows"] = row_counts(db)
        finally:
            db.dispose()
    return figures


def row_counts(db: Database) -> dict[str, int]:
    """How many rows each of the service's tables holds (a second seed must add none)."""
    from sqlalchemy import inspect, text
    with db.engine.connect() as connection:
        return {table: connection.execute(text(f'SELECT count(*) FROM "{table}"')).scalar_one()
                for table in inspect(connection).get_table_names()
                if not table.startswith(("alembic", "outbox", "inbox", "processed"))}


@pytest.fixture(scope="module")
def runs(tmp_path_factory) -> tuple[dict, dict, dict]:
    first, second = tmp_path_factory.mktemp("demo-a"), tmp_path_factory.mktemp("demo-b")
    seed_all(first)
    seed_all(second)
    a, b = story(first), story(second)
    seed_all(first, migrate=False)
    return a, b, story(first)


def test_the_history_is_the_same_on_every_run(runs):
    first, second, _again = runs
    assert first == second


def test_a_second_seed_adds_nothing(runs):
    first, _second, again = runs
    assert again == first


def test_the_figures_tell_the_reform(runs):
    figures = runs[0]
    fleet, finance, hr, assets = figures["fleet"], figures["finance"], figures["hr"], figures["assets"]
    # one register: every car the boards hold is one pool vehicle, none twice
    held = assets["cars_held_by_board"]
    assert sum(held.values()) == fleet["cars_held"] == figures["fleet_rows"]["vehicles"]
    assert all(held[board] >= 1 for board in ("VP", "BTC", "UBKT", "BTGDV", "BNC")), held
    # the boards held far more cars than their demand ever had out at once (the pool's lower bound)
    assert 0 < fleet["peak_cars_out_at_once"] < fleet["general_use_cars"] <= fleet["cars_held"]
    idle = fleet["idle_working_days"]
    assert len(idle) == fleet["cars_held"] and max(idle.values()) > 200 and min(idle.values()) < 200, idle
    assert 0 < fleet["fuel_flagged_trips"] < fleet["trips_completed"]
    # hundreds of records: bookings, chargebacks, expenses, ledger entries
    assert figures["fleet_rows"]["bookings"] >= 300 and figures["finance_rows"]["chargebacks"] >= 300
    assert sum(finance["expenses"].values()) >= 100 and finance["expenses"]["paid"] > 0
    # budgets planned board by board were overrun by what each board's cars cost
    assert any(key.endswith("/transport") for key in finance["overruns"]), finance["overruns"]
    assert all(o["chargebacks"] > 0 and o["amount_vnd"] > 0 for o in finance["overruns"].values())
    # headcount and deputies against their limits, board by board
    assert set(hr) == {"VP", "BTC", "UBKT", "BTGDV", "BNC"}
    assert all(row["filled"] <= row["quota"] and row["deputies"] <= row["deputy_limit"] for row in hr.values()), hr
