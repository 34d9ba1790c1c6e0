"""deploy/postgres/10-service-databases.sh, run against the local PostgreSQL under throwaway names:
each service gets a role and a database that only it may open."""
from __future__ import annotations

import os
import shutil
import uuid

import pytest
from deploy_helpers import ROOT, require_tool, run

SCRIPT = ROOT / "deploy" / "postgres" / "10-service-databases.sh"
ADMIN = {"PGHOST": os.environ.get("DEPLOY_TEST_PGHOST", "127.0.0.1"), "PGUSER": "postgres"}


def psql(*args, user="postgres", database="postgres", password=None):
    env = {**os.environ, **ADMIN, "PGUSER": user}
    if password is not None:
        env["PGPASSWORD"] = password
    return run(["psql", "--no-psqlrc", "-v", "ON_ERROR_STOP=1", "-At", "-d", database, *args], env=env)


@pytest.fixture
def service_names():
    require_tool("psql", "postgresql-client")
    if psql("-c", "select 1").returncode != 0:
        pytest.skip(f"no PostgreSQL to run the init script against at {ADMIN['PGHOST']}:5432")
    names = [f"deploy_{uuid.uuid4().hex[:8]}_{suffix}" for suffix in ("a", "b")]
    yield names
    for name in names:
        psql("-c", f'DROP DATABASE IF EXISTS "{name}"')
        psql("-c", f'DROP ROLE IF EXISTS "{name}"')


def run_script(names: list[str], passwords: dict[str, str]):
    env = {**os.environ, **ADMIN, "POSTGRES_USER": "postgres", "POSTGRES_DB": "postgres",
           "SERVICE_DATABASES": " ".join(names), **passwords}
    return run(["sh", SCRIPT], env=env)


def test_each_service_owns_its_database_and_cannot_open_another(service_names):
    a, b = service_names
    # A quote in a password must not break out of the statement.
    result = run_script(service_names, {f"{a.upper()}_DB_PASSWORD": "it's-a-secret", f"{b.upper()}_DB_PASSWORD": "other"})
    assert result.returncode == 0, result.stderr
    owned = psql("-c", f"select pg_get_userbyid(datdba) from pg_database where datname = '{a}'").stdout.strip()
    assert owned == a
    can_login = psql("-c", f"select rolcanlogin, rolsuper, rolcreatedb from pg_roles where rolname = '{a}'").stdout.strip()
    assert can_login == "t|f|f"
    created = psql("-c", "create table probe (id int); select current_user", user=a, database=a)
    assert created.returncode == 0 and created.stdout.strip().endswith(a), created.stderr
    refused = psql("-c", "select 1", user=a, database=b)
    assert refused.returncode != 0 and "permission denied" in refused.stderr


def test_a_missing_password_stops_the_initialisation(service_names):
    a, b = service_names
    result = run_script(service_names, {f"{a.upper()}_DB_PASSWORD": "set"})
    assert result.returncode != 0
    assert f"{b.upper()}_DB_PASSWORD is not set" in result.stderr


def test_script_is_executable_for_the_postgres_entrypoint():
    # The image's entrypoint runs executable *.sh files and sources the others (where set -eu
    # would apply to the entrypoint itself).
    assert os.access(SCRIPT, os.X_OK)
    assert shutil.which("sh")
