"""The migration step as deployed, on the local PostgreSQL: the init script makes the service's
role and database, `alembic upgrade head` runs as that role (not as a superuser), and the
Kubernetes init container's wait command holds until the schema is at head and not after."""
from __future__ import annotations

import os
import sys
import uuid

import pytest
import yaml
from deploy_helpers import BUILDINGBLOCKS_SRC, KUBERNETES_BASE, PACKAGES, ROOT, Package, require_tool, run

SCRIPT = ROOT / "deploy" / "postgres" / "10-service-databases.sh"
HOST = os.environ.get("DEPLOY_TEST_PGHOST", "127.0.0.1")


def admin(*sql: str):
    env = {**os.environ, "PGHOST": HOST, "PGUSER": "postgres"}
    return run(["psql", "--no-psqlrc", "-At", "-d", "postgres", *[a for s in sql for a in ("-c", s)]], env=env)


def wait_command(package: Package) -> str:
    """The shell line of the wait-for-migrations init container of the package's web Deployment."""
    for document in yaml.safe_load_all((KUBERNETES_BASE / f"{package.name}.yaml").read_text()):
        if document and document["kind"] == "Deployment" and document["metadata"]["name"] == package.name:
            (init,) = document["spec"]["template"]["spec"]["initContainers"]
            assert init["command"][:2] == ["sh", "-c"]
            return init["command"][2]
    raise AssertionError(f"deploy/kubernetes/base/{package.name}.yaml has no Deployment {package.name}")


@pytest.fixture
def own_database():
    require_tool("psql", "postgresql-client")
    if admin("select 1").returncode != 0:
        pytest.skip(f"no PostgreSQL at {HOST}:5432 to migrate")
    name, password = f"deploy_{uuid.uuid4().hex[:8]}", uuid.uuid4().hex
    env = {**os.environ, "PGHOST": HOST, "POSTGRES_USER": "postgres", "POSTGRES_DB": "postgres",
           "SERVICE_DATABASES": name, f"{name.upper()}_DB_PASSWORD": password}
    created = run(["sh", SCRIPT], env=env)
    assert created.returncode == 0, created.stderr
    yield f"postgresql+psycopg://{name}:{password}@{HOST}:5432/{name}"
    admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)', f'DROP ROLE IF EXISTS "{name}"')


@pytest.mark.parametrize("package", PACKAGES, ids=lambda p: p.name)
def test_migrations_run_as_the_service_role_and_release_the_wait(package, own_database, tmp_path):
    bin_dir = os.path.dirname(sys.executable)
    env = {**os.environ, "DATABASE_URL": own_database, "PROMETHEUS_MULTIPROC_DIR": str(tmp_path),
           "PATH": f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}",
           "PYTHONPATH": os.pathsep.join([str(package.folder / "src"), str(BUILDINGBLOCKS_SRC)])}
    wait = wait_command(package)
    # Before the migration the init container keeps waiting (timeout ends it: exit 124).
    waiting = run(["timeout", "4", "sh", "-c", wait], cwd=package.folder, env=env)
    assert waiting.returncode == 124, waiting.stdout + waiting.stderr
    migrated = run(["alembic", "upgrade", "head"], cwd=package.folder, env=env)
    assert migrated.returncode == 0, migrated.stderr
    released = run(["timeout", "60", "sh", "-c", wait], cwd=package.folder, env=env)
    assert released.returncode == 0, released.stdout + released.stderr
    again = run(["alembic", "upgrade", "head"], cwd=package.folder, env=env)
    assert again.returncode == 0, "a second run (the next release's Job) changes nothing and succeeds"
