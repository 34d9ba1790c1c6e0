"""The fleet's web process as it runs in production (gunicorn with the platform's settings): each
worker runs the fleet's warm-up once before it serves, and starts even when the database is down."""
from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from buildingblocks.testing import TEST_SECRET, free_port

SERVICE_DIR = Path(__file__).resolve().parents[2]
GUNICORN = Path(sys.executable).parent / "gunicorn"


def log_lines(path: Path) -> list[dict]:
    out = []
    for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
        if line.startswith("{"):
            try:
                out.append(json.loads(line))
            except ValueError:
                pass
    return out


@pytest.fixture()
def fleet_process(tmp_path):
    """Start `gunicorn -c gunicorn.conf.py fleet.entrypoints.wsgi:app` on `database_url` with two
    workers; yields (base url, warm-up log lines once both workers logged theirs)."""
    started = []

    def start(database_url: str):
        port = free_port()
        out = tmp_path / "stdout.log"
        env = {**os.environ, "PORT": str(port), "HOST": "127.0.0.1", "WEB_CONCURRENCY": "2",
               "DATABASE_URL": database_url, "INTERNAL_TOKEN_SECRET": TEST_SECRET,
               "BROKER_URL": "amqp://guest:guest@127.0.0.1:1/%2F", "PROMETHEUS_MULTIPROC_DIR": str(tmp_path / "metrics")}
        with open(out, "wb") as sink:
            process = subprocess.Popen([str(GUNICORN), "-c", "gunicorn.conf.py", "fleet.entrypoints.wsgi:app"],
                                       cwd=SERVICE_DIR, env=env, stdout=sink, stderr=subprocess.STDOUT)
        started.append(process)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and process.poll() is None:
            warm = [line for line in log_lines(out) if line.get("logger") == "warm_up"]
            if len(warm) >= 2:
                return f"http://127.0.0.1:{port}", warm
            time.sleep(0.2)
        raise AssertionError(f"no warm-up logged by both workers:\n{out.read_text(errors='replace')[-3000:]}")

    yield start
    for process in started:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def get(url: str) -> tuple[int, dict]:
    with urllib.request.urlopen(url, timeout=10) as resp:
        return resp.status, json.loads(resp.read())


def test_each_worker_warms_up_the_fleet_reads_before_serving(fleet_process, db):
    url, warm = fleet_process(db.url)
    assert [line["msg"] for line in warm] == ["warm-up fleet reads done"] * 2
    assert all(line["service"] == "fleet" and line["warm_up"] == "fleet reads" for line in warm)
    assert get(f"{url}/health/live")[0] == 200


def test_a_worker_starts_and_serves_when_the_warm_up_fails(fleet_process):
    url, warm = fleet_process(f"postgresql+psycopg://postgres@127.0.0.1:{free_port()}/nowhere")
    assert [line["msg"] for line in warm] == ["warm-up fleet reads failed (the worker serves anyway)"] * 2
    assert all(line["level"] == "WARNING" and "exc" in line for line in warm)
    assert get(f"{url}/health/live")[0] == 200
