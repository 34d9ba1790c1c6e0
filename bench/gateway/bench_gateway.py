"""Gateway benchmark: the same read straight to the service, through the gateway (token check,
policy, unit pinning, proxy) and through an nginx keep-alive proxy in front of the same backend.

    .venv/bin/python bench/gateway/bench_gateway.py [--duration 10] [--connections 16] [--rounds 3]

It starts everything itself on free ports: a PostgreSQL database for the gateway's users
(migrated and seeded with the demo users), the backend (bench_backend.py, a minimal service
from the building blocks with the internal token check) under gunicorn, the gateway as shipped
(`office-gateway-web`: granian's WSGI mode, gateway/entrypoints/web.py), and nginx
(/usr/sbin/nginx) with an upstream
keep-alive pool. Load comes from wrk (/usr/bin/wrk) when installed, else from a Python
generator with threads and keep-alive connections.

Two measurements per target, in alternating rounds so that noise from other work on the
machine spreads evenly: throughput with `--connections` concurrent keep-alive connections,
and latency with one connection (the added p50 is a per-request cost, not a queueing effect).
Targets: gateway/nginx >= 0.7 in requests/s, at most 300 us of the gateway's CPU per request,
and at most 2 ms added at p50.

`--variant NAME:KEY=VALUE,KEY=VALUE` (repeatable) serves the gateway once more under granian with
those environment variables changed (WEB_THREADS, WEB_CONCURRENCY, PYTHONPATH of another copy of
the code, ...), as one more target in the same alternating rounds: a change compared with the
shipped gateway in one run, on a machine whose load varies from run to run.

With `--gunicorn` the same gateway app is also served by gunicorn gthread (how the gateway was
served until issue 16; the shared buildingblocks/gunicorn_conf.py, 2 workers x 8 threads), as a
fourth target measured in the same rounds: the server's share of the gateway's CPU, side by
side.
"""

from __future__ import annotations

import argparse
import http.client
import os
import re
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import urllib3

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
VENV_BIN = Path(sys.executable).parent
NGINX = "/usr/sbin/nginx"
WRK = "/usr/bin/wrk"
# Made per run: secrets written in the repository are refused outside a local run (issue 10).
SECRET = "bench-internal-" + secrets.token_hex(24)
JWT_SECRET = "bench-jwt-" + secrets.token_hex(24)
USER = ("chuyenvien.btc", 22, "BTC", ("staff",))


@dataclass
class Result:
    rps: float
    p50_ms: float
    p99_ms: float
    errors: int


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until_up(url: str, timeout: float = 30.0) -> None:
    http = urllib3.PoolManager()
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if http.request("GET", url, timeout=1.0, retries=False).status < 500:
                return
        except urllib3.exceptions.HTTPError:
            pass
        time.sleep(0.1)
    raise RuntimeError(f"{url} did not come up")


def start(cmd: list[str], env: dict[str, str], log: Path) -> subprocess.Popen:
    return subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=open(log, "wb"), start_new_session=True)


def stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)


def nginx_conf(workdir: Path, port: int, backend_port: int) -> Path:
    conf = workdir / "nginx.conf"
    conf.write_text(
        f"""
worker_processes 1;
daemon off;
pid {workdir}/nginx.pid;
error_log {workdir}/nginx-error.log warn;
events {{ worker_connections 1024; }}
http {{
    access_log off;
    client_body_temp_path {workdir}/body;
    proxy_temp_path {workdir}/proxy;
    fastcgi_temp_path {workdir}/fastcgi;
    uwsgi_temp_path {workdir}/uwsgi;
    scgi_temp_path {workdir}/scgi;
    upstream backend {{
        server 127.0.0.1:{backend_port};
        keepalive 32;
    }}
    server {{
        listen 127.0.0.1:{port};
        location / {{
            proxy_pass http://backend;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
        }}
    }}
}}
"""
    )
    return conf


def _descendants(root: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                ppid = int(Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(ppid, []).append(int(entry))
    found, stack = [], [root]
    while stack:
        pid = stack.pop()
        found.append(pid)
        stack.extend(children.get(pid, []))
    return found


def cpu_seconds(root: int) -> float:
    """User + system CPU time of a process and its descendants (live ones), in seconds."""
    total = 0
    for pid in _descendants(root):
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])
    return total / os.sysconf("SC_CLK_TCK")


# -- load ---------------------------------------------------------------------------------------

_UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}


def _ms(text: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text).groups()
    return float(number) * _UNITS[unit]


def run_wrk(url: str, headers: dict[str, str], connections: int, duration: float, threads: int) -> Result:
    cmd = [WRK, f"-t{min(threads, connections)}", f"-c{connections}", f"-d{int(duration)}s", "--latency"]
    for name, value in headers.items():
        cmd += ["-H", f"{name}: {value}"]
    out = subprocess.run(cmd + [url], capture_output=True, text=True, check=True).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    p50 = _ms(re.search(r"\s50%\s+(\S+)", out).group(1))
    p99 = _ms(re.search(r"\s99%\s+(\S+)", out).group(1))
    bad = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
    socket_errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    errors = int(bad.group(1)) if bad else 0
    if socket_errors:
        errors += sum(int(x) for x in socket_errors.groups())
    return Result(rps, p50, p99, errors)


def run_python_load(url: str, headers: dict[str, str], connections: int, duration: float, threads: int) -> Result:
    """Closed-loop load: `connections` threads, each with one keep-alive connection."""
    parts = urllib3.util.parse_url(url)
    target = parts.request_uri
    latencies: list[list[float]] = [[] for _ in range(connections)]
    errors = [0] * connections
    deadline = time.perf_counter() + duration

    def worker(i: int) -> None:
        conn = http.client.HTTPConnection(parts.host, parts.port, timeout=10)
        while True:
            started = time.perf_counter()
            if started >= deadline:
                break
            try:
                conn.request("GET", target, headers=headers)
                response = conn.getresponse()
                response.read()
                if response.status >= 400:
                    errors[i] += 1
            except (OSError, http.client.HTTPException):
                errors[i] += 1
                conn.close()
                conn = http.client.HTTPConnection(parts.host, parts.port, timeout=10)
                continue
            latencies[i].append((time.perf_counter() - started) * 1000)
        conn.close()

    workers = [threading.Thread(target=worker, args=(i,)) for i in range(connections)]
    began = time.perf_counter()
    for t in workers:
        t.start()
    for t in workers:
        t.join()
    elapsed = time.perf_counter() - began
    samples = sorted(x for per in latencies for x in per)
    if not samples:
        return Result(0.0, float("nan"), float("nan"), sum(errors))
    return Result(len(samples) / elapsed, samples[len(samples) // 2], samples[int(len(samples) * 0.99) - 1], sum(errors))


def parse_variant(text: str) -> tuple[str, dict[str, str]]:
    """`NAME:KEY=VALUE,KEY=VALUE` as (NAME, {KEY: VALUE})."""
    name, _, assignments = text.partition(":")
    if not name or name in ("direct", "gateway", "nginx", "gunicorn"):
        raise SystemExit(f"--variant {text!r}: give it a name of its own, as NAME:KEY=VALUE,...")
    return name, dict(item.split("=", 1) for item in assignments.split(",") if item)


# -- main ---------------------------------------------------------------------------------------


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--duration", type=float, default=10.0, help="seconds per throughput run")
    parser.add_argument("--latency-duration", type=float, default=5.0, help="seconds per one-connection run")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--load-threads", type=int, default=1, help="wrk threads (the load shares the 2 cores)")
    parser.add_argument("--backend-workers", type=int, default=2)
    parser.add_argument("--backend-threads", type=int, default=4)
    parser.add_argument("--gateway-workers", type=int, default=2)
    parser.add_argument("--gateway-threads", type=int, default=8)
    parser.add_argument("--gateway-worker-class", default="gthread", help="gunicorn's worker class (--gunicorn)")
    parser.add_argument("--gunicorn", action="store_true",
                        help="also serve the gateway app with gunicorn gthread (as before issue 16)")
    parser.add_argument("--variant", action="append", default=[], metavar="NAME:KEY=VALUE,...",
                        help="one more granian gateway with these environment variables changed")
    parser.add_argument("--python-load", action="store_true", help="use the Python load generator even if wrk is there")
    args = parser.parse_args()

    sys.path[:0] = [str(ROOT / "gateway" / "src"), str(ROOT / "libs" / "buildingblocks" / "src")]
    from buildingblocks.identity import Principal, issue_internal_token
    from buildingblocks.migrations import upgrade
    from buildingblocks.testing import create_test_database, drop_test_database
    from buildingblocks.db import Database
    from gateway.entrypoints.seed import seed_demo_users

    if not Path(NGINX).exists():
        print(f"{NGINX} is not installed (apt-get install nginx-light)", file=sys.stderr)
        return 2
    load = run_python_load if args.python_load or not Path(WRK).exists() else run_wrk
    workdir = Path(tempfile.mkdtemp(prefix="bench-gateway-"))
    db_url = create_test_database("gateway_bench")
    processes: list[subprocess.Popen] = []
    try:
        upgrade(str(ROOT / "gateway" / "alembic.ini"), db_url)
        database = Database(db_url, service="gateway")
        seed_demo_users(database)
        database.dispose()

        backend_port, gateway_port, nginx_port = free_port(), free_port(), free_port()
        base_env = {k: v for k, v in os.environ.items() if k != "PROMETHEUS_MULTIPROC_DIR"}
        base_env.update({"INTERNAL_TOKEN_SECRET": SECRET, "JWT_SECRET": JWT_SECRET, "LOG_LEVEL": "WARNING",
                         "HOST": "127.0.0.1"})
        base_env.pop("METRICS_PORT", None)
        gunicorn = [str(VENV_BIN / "gunicorn"), "-c", "python:buildingblocks.gunicorn_conf", "--chdir", str(HERE)]
        gateway_env = {**base_env, "DATABASE_URL": db_url, "FINANCE_URL": f"http://127.0.0.1:{backend_port}",
                       "WEB_CONCURRENCY": str(args.gateway_workers), "WEB_THREADS": str(args.gateway_threads),
                       "PYTHONPATH": os.pathsep.join([str(HERE)] + sys.path[:2])}
        processes.append(start(
            gunicorn + ["bench_backend:create()"],
            {**base_env, "PORT": str(backend_port), "WEB_CONCURRENCY": str(args.backend_workers),
             "WEB_THREADS": str(args.backend_threads)},
            workdir / "backend.log",
        ))
        processes.append(start(
            [str(VENV_BIN / "office-gateway-web"), "--factory", "bench_gateway_app:create"],
            {**gateway_env, "PORT": str(gateway_port)},
            workdir / "gateway.log",
        ))
        variants = dict(parse_variant(text) for text in args.variant)
        variant_ports = {name: free_port() for name in variants}
        for name, overrides in variants.items():
            processes.append(start(
                [str(VENV_BIN / "office-gateway-web"), "--factory", "bench_gateway_app:create"],
                {**gateway_env, "PORT": str(variant_ports[name]), **overrides},
                workdir / f"variant-{name}.log",
            ))
        gunicorn_port = free_port()
        if args.gunicorn:
            processes.append(start(
                gunicorn + ["bench_gateway_app:create()"],
                {**gateway_env, "PORT": str(gunicorn_port), "WEB_WORKER_CLASS": args.gateway_worker_class},
                workdir / "gunicorn.log",
            ))
        processes.append(start([NGINX, "-c", str(nginx_conf(workdir, nginx_port, backend_port)), "-p", str(workdir)],
                               base_env, workdir / "nginx.log"))
        wait_until_up(f"http://127.0.0.1:{backend_port}/health/live")
        wait_until_up(f"http://127.0.0.1:{gateway_port}/health/live")
        wait_until_up(f"http://127.0.0.1:{nginx_port}/health/live")
        if args.gunicorn:
            wait_until_up(f"http://127.0.0.1:{gunicorn_port}/health/live")
        for port in variant_ports.values():
            wait_until_up(f"http://127.0.0.1:{port}/health/live")

        http = urllib3.PoolManager()
        login = http.request("POST", f"http://127.0.0.1:{gateway_port}/api/v1/auth/token",
                             json={"username": USER[0], "password": "demo-2026"})
        assert login.status == 200, login.data
        bearer = {"Authorization": f"Bearer {login.json()['access_token']}"}
        internal = {"X-Internal-Token": issue_internal_token(
            SECRET, Principal(USER[0], USER[1], USER[2], frozenset(USER[3])), audience="finance", ttl=24 * 3600)}
        # The gateway pins the staff member's list to BTC; the others are asked for it directly.
        targets = {
            "direct": (f"http://127.0.0.1:{backend_port}/items?unit=BTC", internal),
            "gateway": (f"http://127.0.0.1:{gateway_port}/api/v1/finance/items", bearer),
            "nginx": (f"http://127.0.0.1:{nginx_port}/items?unit=BTC", internal),
        }
        for name, port in variant_ports.items():
            targets[name] = (f"http://127.0.0.1:{port}/api/v1/finance/items", bearer)
        if args.gunicorn:
            targets["gunicorn"] = (f"http://127.0.0.1:{gunicorn_port}/api/v1/finance/items", bearer)
        bodies = {}
        for name, (url, headers) in targets.items():
            response = http.request("GET", url, headers=headers)
            assert response.status == 200, (name, response.status, response.data[:300])
            bodies[name] = response.data
        assert len(set(bodies.values())) == 1, "the answers differ"

        print(f"load: {'wrk' if load is run_wrk else 'python'}; {args.connections} connections x "
              f"{args.duration:g}s throughput runs, 1 connection x {args.latency_duration:g}s latency runs, "
              f"{args.rounds} rounds; backend {args.backend_workers}x{args.backend_threads} gthread, "
              f"gateway {args.gateway_workers}x{args.gateway_threads} granian"
              f"{f' (and gunicorn {args.gateway_worker_class})' if args.gunicorn else ''}; "
              f"{os.cpu_count()} cores", flush=True)
        for name, (url, headers) in targets.items():  # warm-up: connections, caches, imports
            load(url, headers, args.connections, 2, args.load_threads)
        throughput: dict[str, list[Result]] = {name: [] for name in targets}
        latency: dict[str, list[Result]] = {name: [] for name in targets}
        cpu_per_request: dict[str, list[tuple[float, float]]] = {name: [] for name in targets}
        backend, gateway_process, *others, nginx = processes
        variant_processes, gunicorn_gateway = others[:len(variants)], others[len(variants):]
        proxy_of = {"direct": None, "gateway": gateway_process, "nginx": nginx,
                    "gunicorn": gunicorn_gateway[0] if gunicorn_gateway else None,
                    **dict(zip(variants, variant_processes))}
        for round_number in range(1, args.rounds + 1):
            for name, (url, headers) in targets.items():
                proxy = proxy_of[name]
                before = (cpu_seconds(backend.pid), cpu_seconds(proxy.pid) if proxy else 0.0)
                throughput[name].append(load(url, headers, args.connections, args.duration, args.load_threads))
                after = (cpu_seconds(backend.pid), cpu_seconds(proxy.pid) if proxy else 0.0)
                served = throughput[name][-1].rps * args.duration
                cpu_per_request[name].append(
                    tuple((a - b) / served * 1e6 for a, b in zip(after, before)) if served else (0.0, 0.0)
                )
                latency[name].append(load(url, headers, 1, args.latency_duration, 1))
                t, l1 = throughput[name][-1], latency[name][-1]
                cpu_backend, cpu_proxy = cpu_per_request[name][-1]
                print(f"round {round_number} {name:8s} {t.rps:8.0f} req/s  p50 {t.p50_ms:6.2f} ms  "
                      f"p99 {t.p99_ms:6.2f} ms  | 1 conn: p50 {l1.p50_ms:5.2f} ms  p99 {l1.p99_ms:5.2f} ms"
                      f"  | CPU/req: backend {cpu_backend:4.0f} us, proxy {cpu_proxy:4.0f} us"
                      f"{'  ERRORS ' + str(t.errors + l1.errors) if t.errors or l1.errors else ''}", flush=True)

        def median(results: list[Result], field: str) -> float:
            return statistics.median(getattr(r, field) for r in results)

        print()
        print(f"{'target':8s} {'req/s':>8s} {'p50 ms':>8s} {'p99 ms':>8s} {'1-conn p50':>11s} {'1-conn p99':>11s}"
              f" {'proxy CPU/req':>14s}")
        for name in targets:
            cpu = statistics.median(proxy for _, proxy in cpu_per_request[name])
            print(f"{name:8s} {median(throughput[name], 'rps'):8.0f} {median(throughput[name], 'p50_ms'):8.2f} "
                  f"{median(throughput[name], 'p99_ms'):8.2f} {median(latency[name], 'p50_ms'):11.2f} "
                  f"{median(latency[name], 'p99_ms'):11.2f} {cpu:11.0f} us")
        ratio = median(throughput["gateway"], "rps") / median(throughput["nginx"], "rps")
        added = median(latency["gateway"], "p50_ms") - median(latency["direct"], "p50_ms")
        added_loaded = median(throughput["gateway"], "p50_ms") - median(throughput["direct"], "p50_ms")
        print()
        print(f"gateway / nginx requests/s: {ratio:.2f}x (target >= 0.7x)")
        for name in variants:
            print(f"{name} / nginx requests/s: "
                  f"{median(throughput[name], 'rps') / median(throughput['nginx'], 'rps'):.2f}x "
                  f"({','.join(f'{key}={value}' for key, value in variants[name].items())})")
        if args.gunicorn:
            print(f"gunicorn / nginx requests/s: "
                  f"{median(throughput['gunicorn'], 'rps') / median(throughput['nginx'], 'rps'):.2f}x")
        print(f"p50 added by the gateway (1 connection): {added:.2f} ms (target <= 2 ms); "
              f"under {args.connections} connections: {added_loaded:.2f} ms")
        errors = sum(r.errors for results in (*throughput.values(), *latency.values()) for r in results)
        if errors:
            print(f"WARNING: {errors} failed requests during the runs")
        return 0
    finally:
        for process in reversed(processes):
            stop(process)
        drop_test_database(db_url)
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
