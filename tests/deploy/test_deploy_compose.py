"""docker-compose.yml: valid, complete, and in agreement with the code it runs."""
from __future__ import annotations

import os
import re
import sys
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from deploy_helpers import (
    BUILDINGBLOCKS_SRC, COMPOSE_ENV_EXAMPLE, COMPOSE_FILE, PACKAGES, ROOT, assert_command_runs_package_code,
    read_env_file, require_tool, run,
)

INIT_SCRIPT = ROOT / "deploy" / "postgres" / "10-service-databases.sh"


def healthcheck_url(service: dict) -> str:
    """The URL a container's healthcheck requests (the test is a python -c one-liner)."""
    test = " ".join(service["healthcheck"]["test"])
    match = re.search(r"https?://[^'\"\s]+", test)
    assert match, f"no URL in healthcheck {test}"
    return match.group(0)


def test_compose_config_is_valid():
    docker_compose = require_tool("docker-compose", "docker-compose")
    result = run([docker_compose, "--project-directory", ROOT, "--env-file", COMPOSE_ENV_EXAMPLE,
                  "-f", COMPOSE_FILE, "config", "--quiet"], cwd=ROOT)
    assert result.returncode == 0, result.stderr


def test_compose_refuses_to_start_without_the_secrets(tmp_path):
    docker_compose = require_tool("docker-compose", "docker-compose")
    empty = tmp_path / "empty.env"
    empty.write_text("")
    result = run([docker_compose, "--project-directory", tmp_path, "--env-file", empty,
                  "-f", COMPOSE_FILE, "config", "--quiet"], cwd=tmp_path)
    assert result.returncode != 0
    assert "copy deploy/compose/env.example to .env" in result.stderr


@pytest.mark.parametrize("package", PACKAGES, ids=lambda p: p.name)
def test_every_package_has_migrate_web_and_worker(compose, package):
    services = compose["services"]
    for name in (f"{package.name}-migrate", package.name, f"{package.name}-worker"):
        assert name in services, f"docker-compose.yml has no service {name}"
        service = services[name]
        assert Path(service["build"]["context"]).resolve() == ROOT, f"{name}: build context is not the repository root"
        assert service["build"]["dockerfile"] == f"{package.relative_folder}/Dockerfile"
        assert package.dockerfile.is_file(), f"{package.relative_folder}/Dockerfile is missing"
        assert service["image"] == services[package.name]["image"], f"{name} runs another image than {package.name}"


@pytest.mark.parametrize("package", PACKAGES, ids=lambda p: p.name)
def test_commands_run_the_packages_entrypoints(compose, package):
    services = compose["services"]
    assert services[package.name]["command"] == package.web_command
    assert services[f"{package.name}-worker"]["command"] == package.worker_command
    assert services[f"{package.name}-migrate"]["command"] == ["alembic", "upgrade", "head"]
    for name in (package.name, f"{package.name}-worker", f"{package.name}-migrate"):
        assert_command_runs_package_code(package, services[name]["command"])
    seed = services.get(f"{package.name}-seed")
    if seed is not None:
        assert seed["command"] == package.seed_command
        assert seed.get("profiles") == ["demo"], "demo data loads only with --profile demo"
        assert_command_runs_package_code(package, seed["command"])


@pytest.mark.parametrize("package", PACKAGES, ids=lambda p: p.name)
def test_ports_agree_with_the_code(compose, code_ports, package):
    port, worker_port = code_ports[package.name]
    for name in (package.name, f"{package.name}-worker", f"{package.name}-migrate"):
        env = compose["services"][name]["environment"]
        assert env["PORT"] == str(port), f"{name}: PORT {env['PORT']}, the code says {port}"
        assert env["WORKER_PORT"] == str(worker_port), f"{name}: WORKER_PORT {env['WORKER_PORT']}, the code says {worker_port}"
    web = urlsplit(healthcheck_url(compose["services"][package.name]))
    worker = urlsplit(healthcheck_url(compose["services"][f"{package.name}-worker"]))
    assert (web.port, web.path) == (port, "/health/ready")
    assert (worker.port, worker.path) == (worker_port, "/health/ready")


@pytest.mark.parametrize("package", PACKAGES, ids=lambda p: p.name)
def test_environment_is_complete_and_points_at_the_own_database(compose, package):
    env = compose["services"][package.name]["environment"]
    missing = package.env_required - set(env)
    assert not missing, f"{package.name}: environment lacks {sorted(missing)}"
    database = urlsplit(env["DATABASE_URL"])
    assert database.scheme == "postgresql+psycopg"
    assert (database.username, database.hostname, database.port) == (package.name, "postgres", 5432)
    assert database.path == f"/{package.name}", "one database per service, named after it"
    assert database.password, "DATABASE_URL carries the service's own password"
    broker = urlsplit(env["BROKER_URL"])
    assert (broker.scheme, broker.hostname, broker.port, broker.path) == ("amqp", "rabbitmq", 5672, "/%2F")
    assert env["EVENTS_EXCHANGE"] == "office.events"
    assert env["PROMETHEUS_MULTIPROC_DIR"] in {entry.split(":")[0] for entry in compose["services"][package.name]["tmpfs"]}


def test_gateway_forwards_to_each_service_at_its_port(compose, code_ports):
    env = compose["services"]["gateway"]["environment"]
    for package in PACKAGES:
        if package.name == "gateway":
            continue
        assert env[f"{package.name.upper()}_URL"] == f"http://{package.name}:{code_ports[package.name][0]}"


def test_every_secret_comes_from_the_env_file(compose_raw):
    """No secret is written into docker-compose.yml: each is a ${VARIABLE:?...} from .env."""
    secret = re.compile(r"SECRET|PASSWORD|_PASS$")
    for name, service in compose_raw["services"].items():
        for key, value in (service.get("environment") or {}).items():
            value = str(value)
            if secret.search(key):
                assert re.fullmatch(r"\$\{[A-Z_]+:\?[^}]+\}", value), f"{name}.{key} is not taken from .env"
            if key in {"DATABASE_URL", "BROKER_URL"}:
                password = urlsplit(re.sub(r"\$\{([A-Z_]+):\?[^}]+\}", r"<\1>", value)).password
                assert password and password.startswith("<"), f"{name}.{key} has a literal password"


def test_env_example_defines_every_variable_the_file_requires():
    required = set(re.findall(r"\$\{([A-Z_]+):\?", COMPOSE_FILE.read_text()))
    assert required <= set(read_env_file(COMPOSE_ENV_EXAMPLE)), "deploy/compose/env.example lacks a variable"


def test_processes_wait_for_their_migration_and_the_infrastructure(compose):
    services = compose["services"]
    for package in PACKAGES:
        assert services[f"{package.name}-migrate"]["depends_on"]["postgres"]["condition"] == "service_healthy"
        for name in (package.name, f"{package.name}-worker"):
            depends = services[name]["depends_on"]
            assert depends[f"{package.name}-migrate"]["condition"] == "service_completed_successfully"
            assert depends["postgres"]["condition"] == "service_healthy"
            assert depends["rabbitmq"]["condition"] == "service_healthy"
    for package in PACKAGES:
        if package.name != "gateway":
            assert services["gateway"]["depends_on"][package.name]["condition"] == "service_healthy"


def test_web_and_worker_run_locked_down(compose):
    for package in PACKAGES:
        for name in (package.name, f"{package.name}-worker"):
            service = compose["services"][name]
            assert service["read_only"] is True, name
            assert any(entry.startswith("/tmp:") for entry in service["tmpfs"]), f"{name}: /tmp is not writable"
            assert service["init"] is True, f"{name}: no init to forward SIGTERM"
            assert service["restart"] == "unless-stopped"


def test_postgres_creates_one_database_per_package(compose):
    postgres = compose["services"]["postgres"]
    assert postgres["image"] == "postgres:15"
    assert any(volume.endswith(":/docker-entrypoint-initdb.d/10-service-databases.sh:ro") for volume in postgres["volumes"])
    listed = re.search(r'SERVICE_DATABASES="\$\{SERVICE_DATABASES:-([a-z ]+)\}"', INIT_SCRIPT.read_text()).group(1).split()
    assert sorted(listed) == sorted(p.name for p in PACKAGES), "the init script creates other databases than the packages"
    for package in PACKAGES:
        assert f"{package.name.upper()}_DB_PASSWORD" in postgres["environment"]
    healthcheck = " ".join(postgres["healthcheck"]["test"])
    assert "127.0.0.1" in healthcheck, "over TCP, so that it passes only after the init script"


def test_rabbitmq_and_prometheus(compose):
    services = compose["services"]
    assert services["rabbitmq"]["image"] == "rabbitmq:3.13-management"
    assert services["rabbitmq"]["healthcheck"]["test"]
    assert services["prometheus"]["healthcheck"]["test"]
    assert any(volume.endswith(":/etc/prometheus:ro") for volume in services["prometheus"]["volumes"])


def test_bind_mounts_exist(compose_raw):
    for name, service in compose_raw["services"].items():
        for volume in service.get("volumes", []):
            source = volume.split(":")[0]
            if source.startswith("."):
                assert (ROOT / source).exists(), f"{name} mounts {source}, which does not exist"


def test_only_gateway_and_tools_are_published(compose):
    published = {name for name, service in compose["services"].items() if service.get("ports")}
    assert published == {"gateway", "rabbitmq", "prometheus", "grafana"}
    for name in ("rabbitmq", "prometheus", "grafana"):
        for port in compose["services"][name]["ports"]:
            host_ip = port["host_ip"] if isinstance(port, dict) else str(port).split(":")[0]
            assert host_ip == "127.0.0.1", f"{name} is published beyond this machine"


_BIND_SCRIPT = """
import runpy, sys
print(runpy.run_path("gunicorn.conf.py")["bind"])
"""
# The gateway's web process is granian through its launcher (gateway/entrypoints/web.py).
_GATEWAY_BIND_SCRIPT = """
from gateway.entrypoints.web import build_server
server = build_server()
print(f"{server.bind_addr}:{server.bind_port}")
"""


@pytest.mark.parametrize("package", PACKAGES, ids=lambda p: p.name)
def test_gunicorn_listens_on_port_on_every_interface(package, code_ports, tmp_path):
    """The web process binds 0.0.0.0:$PORT, so that the container's port is reachable."""
    port = code_ports[package.name][0]
    env = {k: v for k, v in os.environ.items() if k not in {"HOST", "PORT"}}
    env.update(PORT=str(port), PROMETHEUS_MULTIPROC_DIR=str(tmp_path), PYTHONPATH=str(BUILDINGBLOCKS_SRC))
    for needed in package.web_server_files:
        assert (package.folder / needed).is_file(), f"{package.relative_folder}/{needed} is missing"
    script = _GATEWAY_BIND_SCRIPT if package.name == "gateway" else _BIND_SCRIPT
    result = run([sys.executable, "-c", script], cwd=package.folder, env=env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() in {f"0.0.0.0:{port}", f"[::]:{port}"}
