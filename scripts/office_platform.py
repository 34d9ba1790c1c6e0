"""Start the whole platform on one machine: `make run` (SQLite per service) and the end-to-end tests
(PostgreSQL per service) both use the process table below.

    python scripts/office_platform.py run        # migrate, start everything under supervisord, seed, print logins
    python scripts/office_platform.py serve      # the one-machine install: no demo data, your own settings
"""
from __future__ import annotations

import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from supervision import Program, Supervisor  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = ROOT / ".venv" / "bin"


@dataclass(frozen=True)
class Package:
    """One deployable: a web process (gunicorn; the gateway's is granian, issue 16) and a worker (relay + consumer)."""

    name: str
    folder: str
    port: int
    worker_port: int

    @property
    def path(self) -> Path:
        return ROOT / self.folder

    def web_command(self) -> list[str]:
        if self.name == "gateway":  # granian's WSGI mode: half the CPU per proxied request (issue 16)
            return [str(VENV_BIN / "office-gateway-web")]
        return [str(VENV_BIN / "gunicorn"), "-c", "gunicorn.conf.py", f"{self.name}.entrypoints.wsgi:app"]

    def worker_command(self) -> list[str]:
        return [str(VENV_BIN / "python"), "-m", f"{self.name}.entrypoints.worker"]

    def seed_command(self) -> list[str]:
        return [str(VENV_BIN / "python"), "-m", f"{self.name}.entrypoints.seed"]


PACKAGES = [
    Package("hr", "services/hr", 8001, 9001),
    Package("finance", "services/finance", 8002, 9002),
    Package("assets", "services/assets", 8003, 9003),
    Package("fleet", "services/fleet", 8004, 9004),
    Package("gateway", "gateway", 8080, 9080),
]
GATEWAY_METRICS_PORT = 9180
SEED_ORDER = ["gateway", "hr", "finance", "assets", "fleet"]


def service_urls(packages: dict[str, Package], host: str = "127.0.0.1") -> dict[str, str]:
    """The gateway's upstream settings for the given ports."""
    return {f"{p.name.upper()}_URL": f"http://{host}:{p.port}" for p in packages.values() if p.name != "gateway"}


def migrate(package: Package, env: dict[str, str]) -> None:
    """alembic upgrade head for one package with its DATABASE_URL from `env`."""
    subprocess.run([str(VENV_BIN / "alembic"), "-c", "alembic.ini", "upgrade", "head"], cwd=package.path,
                   env=env, check=True, stdout=subprocess.DEVNULL)


def wait_ready(url: str, timeout: float = 60.0) -> None:
    """Poll a /health/ready URL until it answers 200."""
    deadline = time.monotonic() + timeout
    last = ""
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2) as resp:
                if resp.status == 200:
                    return
        except urllib.error.HTTPError as exc:
            last = exc.read().decode(errors="replace")[:300]
        except OSError as exc:
            last = str(exc)
        time.sleep(0.25)
    raise RuntimeError(f"{url} not ready after {timeout}s: {last}")


def broker_reachable(host: str = "127.0.0.1", port: int = 5672) -> bool:
    try:
        with socket.create_connection((host, port), timeout=2):
            return True
    except OSError:
        return False


def ensure_local_broker(timeout: float = 60.0) -> bool:
    """The local RabbitMQ, started (`rabbitmq-server -detached`) when it is installed but stopped."""
    if broker_reachable():
        return True
    server = shutil.which("rabbitmq-server")
    if server is None:
        return False
    print("Starting RabbitMQ (rabbitmq-server -detached)...", flush=True)
    subprocess.run([server, "-detached"], check=False)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if broker_reachable():
            return True
        time.sleep(1)
    return False


SECRET_NAMES = ("INTERNAL_TOKEN_SECRET", "JWT_SECRET")


def local_secrets(path: Path) -> dict[str, str]:
    """The local run's secrets: random ones made once into `path` (mode 0600), then read back.

    Outside a local run the processes refuse a missing, default or short secret (issue 10); a
    local run makes its own, so nothing secret is ever written in the repository.
    """
    values: dict[str, str] = {}
    if path.exists():
        for line in path.read_text().splitlines():
            name, sep, value = line.partition("=")
            if sep and name.strip() in SECRET_NAMES and value.strip():
                values[name.strip()] = value.strip()
    missing = [name for name in SECRET_NAMES if name not in values]
    if missing:
        values.update({name: secrets.token_urlsafe(48) for name in missing})
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w") as out:
            out.write("# made by scripts/office_platform.py for the local run; delete to make new ones\n")
            out.writelines(f"{name}={values[name]}\n" for name in SECRET_NAMES)
    os.chmod(path, 0o600)
    return values


def local_env() -> dict[str, str]:
    """The environment of a local run: SQLite files under var/, the local RabbitMQ, own secrets."""
    var = ROOT / "var"
    var.mkdir(exist_ok=True)
    env = dict(os.environ)
    env.setdefault("BROKER_URL", "amqp://guest:guest@127.0.0.1:5672/%2F")
    for name, value in local_secrets(var / "secrets.env").items():
        env.setdefault(name, value)
    env["OFFICE_ENV"] = "local"
    env.setdefault("OFFICE_VAR_DIR", str(var))
    env["PATH"] = f"{VENV_BIN}:{env.get('PATH', '')}"
    return env


def package_env(env: dict[str, str], package: Package) -> dict[str, str]:
    out = dict(env)
    key = f"{package.name.upper()}_DATABASE_URL"
    out["DATABASE_URL"] = env.get(key) or f"sqlite:///{ROOT / 'var' / (package.name + '.db')}"
    out["PORT"] = str(package.port)
    out["WORKER_PORT"] = str(package.worker_port)
    out["PROMETHEUS_MULTIPROC_DIR"] = str(ROOT / "var" / "metrics" / package.name)
    os.makedirs(out["PROMETHEUS_MULTIPROC_DIR"], exist_ok=True)
    return out


def programs(env: dict[str, str], log_dir: Path | None = None) -> list[Program]:
    """The ten supervised processes; each gets its own database, ports and metrics folder on top of `env`."""
    out = []
    for p in PACKAGES:
        penv = package_env(env, p)
        extra = {key: penv[key] for key in ("DATABASE_URL", "PORT", "WORKER_PORT", "PROMETHEUS_MULTIPROC_DIR")}
        # the gateway's web metrics are not on its public port (issue 10): Prometheus scrapes METRICS_PORT
        web = dict(extra, WEB_CONCURRENCY="2", WEB_THREADS="8", METRICS_PORT=str(GATEWAY_METRICS_PORT)) \
            if p.name == "gateway" else dict(extra, WEB_CONCURRENCY="1", WEB_THREADS="8")
        for name, command, environment in ((f"{p.name}-web", p.web_command(), web), (f"{p.name}-worker", p.worker_command(), extra)):
            out.append(Program(name, command, p.path, environment, log_dir / f"{name}.log" if log_dir else None))
    return out


WEB = ROOT / "web"
# What the console's build reads: newer than web/dist/index.html means the build is stale.
WEB_SOURCES = ("src", "public", "index.html", "package.json", "package-lock.json", "vite.config.ts",
               "tsconfig.json", "tsconfig.app.json", "tsconfig.node.json")


def _newest_mtime(path: Path) -> float:
    if path.is_file():
        return path.stat().st_mtime
    newest = 0.0
    for folder, _dirs, files in os.walk(path):
        for name in files:
            newest = max(newest, os.stat(os.path.join(folder, name)).st_mtime)
    return newest


def console_is_stale(web: Path = WEB) -> bool:
    """True when web/package.json exists and its sources are newer than web/dist (or there is none)."""
    if not (web / "package.json").is_file():
        return False
    built = web / "dist" / "index.html"
    if not built.is_file():
        return True
    sources = [web / name for name in WEB_SOURCES if (web / name).exists()]
    return max((_newest_mtime(path) for path in sources), default=0.0) > built.stat().st_mtime


def dependencies_are_stale(web: Path = WEB) -> bool:
    """True when node_modules is missing or older than package-lock.json (npm ci is due)."""
    installed = web / "node_modules" / ".package-lock.json"  # written by every npm ci / install
    if not installed.is_file():
        installed = web / "node_modules"
    lock = web / "package-lock.json"
    return not installed.exists() or (lock.is_file() and installed.stat().st_mtime < lock.stat().st_mtime)


def build_console(web: Path = WEB, run=subprocess.run) -> bool:
    """Build the web console when its sources changed (npm ci first when its dependencies did).

    Returns whether web/dist is usable. A failed or impossible build is reported, not fatal: the
    gateway then answers a page saying the console is not built, and the API works as before.
    """
    if not console_is_stale(web):
        return (web / "dist" / "index.html").is_file()
    npm = shutil.which("npm")
    if npm is None:
        print("The web console's sources changed but npm is not installed: skipping its build "
              "(apt-get install nodejs npm).", file=sys.stderr, flush=True)
        return (web / "dist" / "index.html").is_file()
    try:
        if dependencies_are_stale(web):
            print("Installing the web console's dependencies (npm ci)...", flush=True)
            run([npm, "ci", "--no-audit", "--no-fund"], cwd=web, check=True)
        print("Building the web console (npm run build)...", flush=True)
        run([npm, "run", "build"], cwd=web, check=True)
    except (subprocess.CalledProcessError, OSError) as exc:
        print(f"The web console's build failed ({exc}); the gateway serves the API only.", file=sys.stderr, flush=True)
    return (web / "dist" / "index.html").is_file()


def print_logins(gateway_url: str) -> None:
    sys.path.insert(0, str(ROOT / "libs" / "buildingblocks" / "src"))
    from buildingblocks import demo

    print("\n" + "=" * 78)
    print(f"  The platform is up.  Web console: {gateway_url}/   API docs: {gateway_url}/api/docs")
    print("  Log in to the console with a login below (API: POST /api/v1/auth/token {\"username\", \"password\"})")
    print("-" * 78)
    print(f"  {'username':<18} {'password':<12} {'unit':<6} roles")
    for username, _staff, unit, roles in demo.USERS:
        print(f"  {username:<18} {demo.password_for(username):<12} {unit:<6} {', '.join(roles)}")
    print("=" * 78)
    print("  Ctrl-C stops everything. Data stays in var/ (make clean to start over).\n", flush=True)


def start_platform(env: dict[str, str], seed: bool) -> int:
    """Migrate, start the ten processes under supervisord, wait until ready, seed; run until stopped."""
    print("Migrating the databases...", flush=True)
    for p in PACKAGES:
        migrate(p, package_env(env, p))
    supervisor = Supervisor(programs(env), ROOT / "var", env=env)

    # SIGTERM only asks supervisord to stop its programs: the main thread, in supervisor.wait(), then
    # returns and `finally` waits for the end (waiting inside the handler would deadlock on Popen's lock)
    signal.signal(signal.SIGTERM, lambda *_: supervisor.terminate())
    try:
        supervisor.start()
        for p in PACKAGES:
            wait_ready(f"http://127.0.0.1:{p.port}/health/ready")
            wait_ready(f"http://127.0.0.1:{p.worker_port}/health/ready")
        if seed:
            print("Seeding demo data...", flush=True)
            for name in SEED_ORDER:
                p = next(x for x in PACKAGES if x.name == name)
                # the demo history (a year of the old way, buildingblocks.demo_history) unless DEMO_HISTORY=0
                seed_env = package_env(env, p)
                seed_env.setdefault("DEMO_HISTORY", "1")
                subprocess.run(p.seed_command(), cwd=p.path, env=seed_env, check=True)
            print_logins("http://127.0.0.1:8080")
        else:
            print("The platform is up at http://127.0.0.1:8080/ (supervisorctl -c var/supervisord.conf status)", flush=True)
        return supervisor.wait()
    except KeyboardInterrupt:
        return 0
    except Exception as exc:
        print(f"start-up failed: {exc}", file=sys.stderr)
        return 1
    finally:
        supervisor.stop()


def run() -> int:
    """`make run`: SQLite files under var/, the local RabbitMQ (started if stopped), demo data."""
    env = local_env()
    if not ensure_local_broker():
        print("RabbitMQ is not reachable at 127.0.0.1:5672.\n"
              "  Install it:  apt-get install rabbitmq-server   (then make run starts it)\n"
              "  or with Docker: docker run -d -p 5672:5672 rabbitmq:3.13-management", file=sys.stderr)
        return 1
    build_console()
    return start_platform(env, seed=True)


def serve() -> int:
    """The one-machine install (docs/operations.md): settings from the environment, no demo data.

    Each service's database is `<SERVICE>_DATABASE_URL` (PostgreSQL), the broker BROKER_URL, the
    secrets JWT_SECRET and INTERNAL_TOKEN_SECRET: the processes refuse to start without them.
    """
    env = dict(os.environ)
    missing = [f"{p.name.upper()}_DATABASE_URL" for p in PACKAGES if not env.get(f"{p.name.upper()}_DATABASE_URL")]
    missing += [name for name in ("BROKER_URL",) + SECRET_NAMES if not env.get(name)]
    if missing:
        print("serve needs these settings: " + ", ".join(missing), file=sys.stderr)
        return 2
    (ROOT / "var").mkdir(exist_ok=True)
    env["PATH"] = f"{VENV_BIN}:{env.get('PATH', '')}"
    return start_platform(env, seed=False)


COMMANDS = {"run": run, "serve": serve}


if __name__ == "__main__":
    command = sys.argv[1] if len(sys.argv) > 1 else "run"
    if command not in COMMANDS:
        print(__doc__)
        sys.exit(2)
    sys.exit(COMMANDS[command]())
