"""The whole platform as real processes for the end-to-end tests.

Each package gets its own PostgreSQL database (or, with `Platform(logdir, database="sqlite")`, its
own SQLite file in the log folder, as `make run` keeps them), the web process (gunicorn; the gateway's
granian) and its worker; all of them reach RabbitMQ through a TcpProxy the tests can cut, on an exchange and queue prefix of
this run's own. The demo data is seeded as `make run` does.
"""
from __future__ import annotations

import os
import subprocess
import sys
import time
import uuid
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "scripts"))

from office_platform import PACKAGES, SEED_ORDER, Package, migrate, wait_ready  # noqa: E402
from supervision import Program, Supervisor  # noqa: E402

from buildingblocks import demo  # noqa: E402
from buildingblocks.config import Settings  # noqa: E402
from buildingblocks.testing import create_test_database, delete_broker_objects, drop_test_database, free_port  # noqa: E402

from tcpproxy import TcpProxy  # noqa: E402


class Platform:
    """Start, stop and talk to the platform's processes."""

    def __init__(self, logdir: Path, database: str = "postgresql", db_urls: dict[str, str] | None = None):
        """`db_urls` (service -> PostgreSQL URL of an existing empty database, e.g. bench/volume's)
        are used instead of fresh test databases, and kept at stop."""
        if database not in ("postgresql", "sqlite"):
            raise ValueError(f"no such database kind: {database}")
        self.logdir = logdir
        self.database = database
        self.tag = uuid.uuid4().hex[:8]
        self.proxy = TcpProxy(("127.0.0.1", 5672))
        self.secret = "e2e-internal-" + uuid.uuid4().hex
        self.base_env = dict(os.environ)
        self.base_env.update({
            "BROKER_URL": f"amqp://guest:guest@127.0.0.1:{self.proxy.port}/%2F",
            "EVENTS_EXCHANGE": f"e2e.{self.tag}.events",
            "QUEUE_PREFIX": f"e2e.{self.tag}.",
            "INTERNAL_TOKEN_SECRET": self.secret,
            "JWT_SECRET": "e2e-jwt-" + uuid.uuid4().hex,
            "EVENT_RETRY_DELAYS": "0.5,1,2",
            "LOG_LEVEL": "INFO",
            "WEB_CONCURRENCY": "2",
            "WEB_THREADS": "8",
            "FLEET_GAUGE_REFRESH_SECONDS": "1",
            # the modules sharing this platform add dozens of cars: room for them all (the Office's
            # real car entitlement is tested on a platform of its own, tests/e2e/test_cars_register.py)
            "CAR_LIMIT_OFFICE_BASE": "500",
        })
        self.packages = {p.name: Package(p.name, p.folder, free_port(), free_port()) for p in PACKAGES}
        # the gateway's web metrics are not on its public port (issue 10): Prometheus scrapes this one
        self.gateway_metrics_port = free_port()
        self.given_db_urls = dict(db_urls or {})
        self.db_urls: dict[str, str] = {}
        self.procs: dict[str, subprocess.Popen] = {}
        self._tokens: dict[str, str] = {}

    # -- lifecycle --------------------------------------------------------------------------
    def env_for(self, name: str) -> dict[str, str]:
        p = self.packages[name]
        env = dict(self.base_env)
        env.update({"DATABASE_URL": self.db_urls[name], "PORT": str(p.port), "WORKER_PORT": str(p.worker_port)})
        env["PROMETHEUS_MULTIPROC_DIR"] = str(self.logdir / f"metrics-{name}")
        os.makedirs(env["PROMETHEUS_MULTIPROC_DIR"], exist_ok=True)
        if name == "gateway":
            env["METRICS_PORT"] = str(self.gateway_metrics_port)
            for other in self.packages.values():
                if other.name != "gateway":
                    env[f"{other.name.upper()}_URL"] = f"http://127.0.0.1:{other.port}"
        return env

    def start(self) -> "Platform":
        for name, p in self.packages.items():
            self.db_urls[name] = self.given_db_urls.get(name) or (
                f"sqlite:///{self.logdir / f'{name}.db'}" if self.database == "sqlite"
                else create_test_database(f"e2e_{name}"))
            migrate(p, self.env_for(name))
        self.start_processes()
        for name, p in self.packages.items():
            self._wait(f"http://127.0.0.1:{p.port}/health/ready", f"{name}-web")
            self._wait(f"http://127.0.0.1:{p.worker_port}/health/ready", f"{name}-worker")
        for name in SEED_ORDER:
            p = self.packages[name]
            subprocess.run(p.seed_command(), cwd=p.path, env=self.env_for(name), check=True,
                           stdout=open(self.logdir / f"{name}-seed.log", "w"), stderr=subprocess.STDOUT)
        return self

    def start_processes(self) -> None:
        for name in self.packages:
            self.start_process(name, "web")
            self.start_process(name, "worker")

    def _wait(self, url: str, proc: str, timeout: float = 60) -> None:
        try:
            wait_ready(url, timeout)
        except RuntimeError:
            print(self.log_tail(proc))
            raise

    def start_process(self, name: str, kind: str) -> None:
        p = self.packages[name]
        cmd = p.web_command() if kind == "web" else p.worker_command()
        log = open(self.logdir / f"{name}-{kind}.log", "a")
        self.procs[f"{name}-{kind}"] = subprocess.Popen(cmd, cwd=p.path, env=self.env_for(name), stdout=log,
                                                        stderr=subprocess.STDOUT, start_new_session=True)

    def stop_process(self, key: str) -> None:
        proc = self.procs.pop(key, None)
        if proc and proc.poll() is None:
            proc.terminate()
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()

    def stop(self) -> None:
        self.stop_processes()
        self.proxy.close()
        settings = Settings.from_env("e2e", broker_url="amqp://guest:guest@127.0.0.1:5672/%2F",
                                     exchange=self.base_env["EVENTS_EXCHANGE"], queue_prefix=self.base_env["QUEUE_PREFIX"])
        delete_broker_objects(settings, list(self.packages))
        for url in self.db_urls.values():
            if url.startswith("sqlite") or url in self.given_db_urls.values():
                continue  # a file in the log folder, or a database the caller gave
            try:
                drop_test_database(url)
            except Exception:
                pass

    def stop_processes(self) -> None:
        for key in list(self.procs):
            self.stop_process(key)

    def log_tail(self, key: str, lines: int = 40) -> str:
        path = self.logdir / f"{key}.log"
        if not path.exists():
            return f"(no log for {key})"
        return f"--- {key} ---\n" + "\n".join(path.read_text(errors="replace").splitlines()[-lines:])

    # -- talking to it ----------------------------------------------------------------------
    @property
    def gateway(self) -> str:
        return f"http://127.0.0.1:{self.packages['gateway'].port}"

    def service_url(self, name: str) -> str:
        return f"http://127.0.0.1:{self.packages[name].port}"

    def worker_url(self, name: str) -> str:
        return f"http://127.0.0.1:{self.packages[name].worker_port}"

    def token(self, username: str, password: str | None = None) -> str:
        if username not in self._tokens or password:
            resp = requests.post(f"{self.gateway}/api/v1/auth/token", timeout=10,
                                 json={"username": username, "password": password or demo.password_for(username)})
            assert resp.status_code == 200, resp.text
            self._tokens[username] = resp.json()["access_token"]
        return self._tokens[username]

    def client(self, username: str) -> "Client":
        return Client(self.gateway, self.token(username))


class SupervisedPlatform(Platform):
    """The platform as the one-machine install runs it: the ten processes under supervisord
    (scripts/supervision.py), which restarts one that dies. Programs are named `<service>-web` and
    `<service>-worker`, like the logs."""

    supervisor: Supervisor

    def start_processes(self) -> None:
        programs = []
        for name, p in self.packages.items():
            env = self.env_for(name)
            extra = {k: v for k, v in env.items() if self.base_env.get(k) != v}
            programs.append(Program(f"{name}-web", p.web_command(), p.path, extra, self.logdir / f"{name}-web.log"))
            programs.append(Program(f"{name}-worker", p.worker_command(), p.path, extra, self.logdir / f"{name}-worker.log"))
        self.supervisor = Supervisor(programs, self.logdir / "sv", env=self.base_env,
                                     stdout=open(self.logdir / "supervisord.out", "a")).start()

    def stop_processes(self) -> None:
        self.supervisor.stop()


class Client:
    """requests against the gateway as one user: `c.get("/hr/units")` means /api/v1/hr/units."""

    def __init__(self, base: str, token: str):
        self.base = base
        self.session = requests.Session()
        self.session.headers["Authorization"] = f"Bearer {token}"

    def _url(self, path: str) -> str:
        return path if path.startswith("http") else f"{self.base}/api/v1{path}"

    def get(self, path: str, **kw):
        return self.session.get(self._url(path), timeout=30, **kw)

    def post(self, path: str, json=None, **kw):
        return self.session.post(self._url(path), json=json, timeout=30, **kw)

    def patch(self, path: str, json=None, **kw):
        return self.session.patch(self._url(path), json=json, timeout=30, **kw)


def eventually(fn, timeout: float = 10.0, interval: float = 0.1):
    """Call `fn` until it returns a truthy value; the value, or AssertionError after `timeout`."""
    deadline = time.monotonic() + timeout
    while True:
        value = fn()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"not true within {timeout}s (last: {value!r})")
        time.sleep(interval)
