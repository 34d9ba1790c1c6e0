"""Files through the gateway (issue 14): uploads and downloads of 1 MiB and 10 MiB, straight to
a service and through the gateway, with the gateway's peak memory during each size.

    .venv/bin/python bench/gateway/bench_files.py [--rounds 10]

It starts, on free ports, a PostgreSQL database for the gateway's users, the backend
(bench_backend.py: an upload read in pieces and hashed, a download sent in pieces) and the
gateway as shipped (`office-gateway-web`, granian; one worker, so its peak RSS is one
process's) with the attachment routes of bench_gateway_app.py; with `--gunicorn` also the same
gateway app under gunicorn gthread (as before issue 16), measured in the same run. Each size is sent `--rounds` times on one keep-alive connection, with a
Content-Length and chunked; downloads are read in 64 KiB pieces. Peak RSS is the worker's
VmHWM, reset (/proc/<pid>/clear_refs) before each size: it must not grow with the file size.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import urllib3

from bench_gateway import HERE, JWT_SECRET, ROOT, SECRET, USER, VENV_BIN, free_port, start, stop, wait_until_up

MIB = 1024 * 1024
PIECE = 64 * 1024


def worker_of(master: int) -> int:
    children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
    if len(children) != 1:
        raise RuntimeError(f"expected one worker, found {children}")
    return int(children[0])


def reset_peak(pid: int) -> None:
    Path(f"/proc/{pid}/clear_refs").write_text("5")


def peak_mib(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError("no VmHWM")


def pieces(data: bytes):
    for begin in range(0, len(data), PIECE):
        yield data[begin:begin + PIECE]


def upload(pool: urllib3.HTTPConnectionPool, path: str, data: bytes, headers: dict, chunked: bool) -> None:
    body = pieces(data) if chunked else data
    resp = pool.request("POST", path, body=body, chunked=chunked, headers=headers)
    assert resp.status == 201, (resp.status, resp.data[:300])
    assert resp.json()["sha256"] == hashlib.sha256(data).hexdigest()


def download(pool: urllib3.HTTPConnectionPool, path: str, size: int, headers: dict) -> None:
    resp = pool.request("GET", path, headers=headers, preload_content=False)
    got = sum(len(piece) for piece in resp.stream(PIECE))
    resp.release_conn()
    assert resp.status == 200 and got == size, (resp.status, got)


def measure(fn, rounds: int) -> float:
    """Seconds per call, the median of `rounds` calls."""
    times = []
    for _ in range(rounds):
        began = time.perf_counter()
        fn()
        times.append(time.perf_counter() - began)
    return sorted(times)[len(times) // 2]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=10)
    parser.add_argument("--gateway-threads", type=int, default=8)
    parser.add_argument("--gunicorn", action="store_true", help="also the gateway app under gunicorn gthread")
    args = parser.parse_args()

    sys.path[:0] = [str(ROOT / "gateway" / "src"), str(ROOT / "libs" / "buildingblocks" / "src")]
    from buildingblocks.db import Database
    from buildingblocks.identity import Principal, issue_internal_token
    from buildingblocks.migrations import upgrade
    from buildingblocks.testing import create_test_database, drop_test_database
    from gateway.entrypoints.seed import seed_demo_users

    workdir = Path(tempfile.mkdtemp(prefix="bench-files-"))
    db_url = create_test_database("gateway_bench_files")
    processes: list[subprocess.Popen] = []
    try:
        upgrade(str(ROOT / "gateway" / "alembic.ini"), db_url)
        database = Database(db_url, service="gateway")
        seed_demo_users(database)
        database.dispose()
        backend_port, gateway_port = free_port(), free_port()
        env = {k: v for k, v in os.environ.items() if k not in ("PROMETHEUS_MULTIPROC_DIR", "METRICS_PORT")}
        env.update({"INTERNAL_TOKEN_SECRET": SECRET, "JWT_SECRET": JWT_SECRET, "LOG_LEVEL": "WARNING",
                    "HOST": "127.0.0.1", "GATEWAY_ACCESS_LOG": "0"})
        gunicorn = [str(VENV_BIN / "gunicorn"), "-c", "python:buildingblocks.gunicorn_conf", "--chdir", str(HERE)]
        processes.append(start(gunicorn + ["bench_backend:create()"],
                               {**env, "PORT": str(backend_port), "WEB_CONCURRENCY": "2", "WEB_THREADS": "4"},
                               workdir / "backend.log"))
        gateway_env = {**env, "DATABASE_URL": db_url, "FINANCE_URL": f"http://127.0.0.1:{backend_port}",
                       "WEB_CONCURRENCY": "1", "WEB_THREADS": str(args.gateway_threads),
                       "PYTHONPATH": os.pathsep.join([str(HERE)] + sys.path[:2])}
        gateways = {"gateway": gateway_port}
        processes.append(start([str(VENV_BIN / "office-gateway-web"), "--factory", "bench_gateway_app:create"],
                               {**gateway_env, "PORT": str(gateway_port)}, workdir / "gateway.log"))
        if args.gunicorn:
            gateways["gunicorn"] = free_port()
            processes.append(start(gunicorn + ["bench_gateway_app:create()"],
                                   {**gateway_env, "PORT": str(gateways["gunicorn"])}, workdir / "gunicorn.log"))
        wait_until_up(f"http://127.0.0.1:{backend_port}/health/live")
        for port in gateways.values():
            wait_until_up(f"http://127.0.0.1:{port}/health/live")
        workers = {name: worker_of(process.pid) for name, process in zip(gateways, processes[1:])}

        login = urllib3.request("POST", f"http://127.0.0.1:{gateway_port}/api/v1/auth/token",
                                json={"username": USER[0], "password": "demo-2026"})
        assert login.status == 200, login.data
        bearer = {"Authorization": f"Bearer {login.json()['access_token']}", "Content-Type": "application/pdf"}
        internal = {"X-Internal-Token": issue_internal_token(
            SECRET, Principal(USER[0], USER[1], USER[2], frozenset(USER[3])), audience="finance", ttl=24 * 3600),
            "Content-Type": "application/pdf"}
        targets = {
            "direct": (urllib3.HTTPConnectionPool("127.0.0.1", backend_port, maxsize=1), "/records/1", internal),
            **{name: (urllib3.HTTPConnectionPool("127.0.0.1", port, maxsize=1), "/api/v1/finance/records/1", bearer)
               for name, port in gateways.items()},
        }
        for pool, base, headers in targets.values():  # warm-up
            for _ in range(3):
                upload(pool, f"{base}/attachments", b"%PDF-" * 1000, headers, False)
                download(pool, f"{base}/attachments/{MIB}", MIB, headers)

        print(f"{args.rounds} rounds per figure, one keep-alive connection, median; gateway 1 worker x "
              f"{args.gateway_threads} threads (gateway: granian as shipped"
              f"{', gunicorn: gthread as before issue 16' if args.gunicorn else ''}); {os.cpu_count()} cores")
        print(f"{'size':>6s} {'target':8s} {'up MiB/s':>9s} {'up chunked':>11s} {'down MiB/s':>11s} "
              f"{'gateway peak RSS':>17s}")
        for size in (1 * MIB, 10 * MIB):
            data = (b"%PDF-" + bytes(range(256)) * (size // 256 + 1))[:size]
            for name, (pool, base, headers) in targets.items():
                if name in workers:
                    reset_peak(workers[name])
                up = measure(lambda: upload(pool, f"{base}/attachments", data, headers, False), args.rounds)
                up_chunked = measure(lambda: upload(pool, f"{base}/attachments", data, headers, True), args.rounds)
                down = measure(lambda: download(pool, f"{base}/attachments/{size}", size, headers), args.rounds)
                rss = f"{peak_mib(workers[name]):14.1f} MiB" if name in workers else ""
                print(f"{size // MIB:4d}Mi {name:8s} {size / MIB / up:9.0f} {size / MIB / up_chunked:11.0f} "
                      f"{size / MIB / down:11.0f} {rss:>17s}", flush=True)
        return 0
    finally:
        for process in reversed(processes):
            stop(process)
        drop_test_database(db_url)
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
