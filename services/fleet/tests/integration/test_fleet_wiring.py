"""The pieces around the API: migrations match the models, the seed, the worker's handlers,
the gateway's role table covers every route, the event contracts, the config."""
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import text

from buildingblocks.config import Settings
from buildingblocks.contracts import load_all

from fleet.adapters.orm import metadata
from fleet.config import Config
from buildingblocks.demo import CARS
from fleet.entrypoints.seed import seed
from fleet.integration.handlers import HANDLERS
from fleet_testkit import FLEET


def test_the_migrations_build_what_the_models_declare(database):
    with database.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), metadata)
        assert diff == []
        constraints = conn.execute(text(
            "SELECT conname FROM pg_constraint WHERE contype = 'x' ORDER BY conname")).scalars().all()
    assert constraints == ["ex_bookings_driver_overlap", "ex_bookings_vehicle_overlap"]


def test_the_seed_is_idempotent(db, api):
    assert seed(db) == {"vehicles": len(CARS), "bookings": 0}
    assert seed(db, history=True)["bookings"] > 300
    assert seed(db, history=True) == {"vehicles": 0, "bookings": 0}
    vehicles = api.get("/vehicles", FLEET, query={"limit": 200}).json["items"]
    # the demo's cars, once, with the plates the register (assets) gives them
    assert sorted(v["plate"] for v in vehicles) == sorted(car[1] for car in CARS)
    assert len(api.get("/maintenance/plans", FLEET, query={"limit": 200}).json["items"]) == 2 * len(CARS)
    assert api.get("/maintenance/due", FLEET).status_code == 200


def test_the_worker_listens_to_hr_and_assets():
    assert {"hr.unit.created", "hr.unit.changed", "hr.unit.dissolved", "hr.staff.hired", "hr.staff.changed",
            "hr.staff.transferred", "hr.staff.left", "assets.asset.registered", "assets.asset.disposed"} <= set(HANDLERS)


def test_fleet_events_are_declared_in_the_contracts():
    registry = load_all()
    assert {"fleet.trip.completed", "fleet.maintenance.completed"} <= set(registry)
    trip = registry["fleet.trip.completed"].schema()
    assert {"booking_id", "unit", "vehicle_id", "driver_id", "km", "fuel_litres", "fuel_cost_vnd",
            "completed_at"} <= set(trip.fields)


def test_the_gateway_role_table_covers_every_route(app):
    policies = pytest.importorskip("gateway.policies")
    table = policies.load_policy_table()
    public = {"/health/live", "/health/ready", "/metrics", "/openapi.json", "/static/<path:filename>"}
    for rule in app.url_map.iter_rules():
        if rule.rule in public:
            continue
        path = rule.rule
        for name in rule.arguments:
            path = path.replace(next(p for p in path.split("/") if p.startswith("<") and name in p), "7")
        for method in rule.methods - {"HEAD", "OPTIONS"}:
            assert table.match("fleet", method, path) is not None, (method, rule.rule)


def test_config_defaults_and_overrides():
    defaults = Config.from_settings(Settings.from_env("fleet"))
    assert (defaults.turnaround_minutes, defaults.trailing_window_days, defaults.driver_daily_duty_hours,
            defaults.fuel_tolerance, defaults.small_car_licence) == (30, 30, 10.0, 0.10, "B2")
    custom = Config.from_settings(Settings.from_env("fleet", FLEET_TURNAROUND_MINUTES=45,
                                                         FLEET_SMALL_CAR_LICENCE="b1"))
    assert custom.turnaround_minutes == 45 and custom.small_car_licence == "B1"
    with pytest.raises(ValueError):
        Config.from_settings(Settings.from_env("fleet", FLEET_SMALL_CAR_LICENCE="Z"))


def test_alembic_ini_points_at_the_migrations():
    ini = (Path(__file__).resolve().parents[2] / "alembic.ini").read_text()
    assert "script_location = %(here)s/migrations" in ini
