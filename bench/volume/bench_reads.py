"""Reads through the gateway on a province's history at 1x and 10x (issue 16).

    flock /tmp/office-platform.lock .venv/bin/python bench/volume/bench_reads.py --scales 1 10

For each scale: makes the databases `bench_volume_<scale>_<service>`, starts the platform on them
(tests/e2e/harness.py, PostgreSQL, the demo seeded as `make run` does), fills them
(bench/volume/generate.py), then times every list (first page, a page deep behind a cursor, its
filters and `?q=` search), the reports and summaries, the CSV exports, utilization, and the checks
on the write paths (an expense submitted against its budget, a car's availability for a trip,
staffing), each `--rounds` times after one warm-up, one request at a time. Printed: p50 and p99
per route and scale, the ratio 10x/1x of the p50s, and the routes past the targets (p99 50 ms,
CSV and yearly reports 500 ms; ratio 1.5x). The services' resident memory after each scale is
printed too (a process that grows with the data shows there). `--json FILE` keeps the figures; `--only assets fleet` times only
the routes whose name holds a word; `BENCH_VOLUME_NAME=x` names the databases `x_<scale>_<service>`.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import requests

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path.insert(0, str(ROOT / "tests" / "e2e"))
sys.path.insert(0, str(HERE))

import generate  # noqa: E402
from harness import Platform  # noqa: E402

TODAY = dt.date.today()
YEAR = TODAY.year
MONTH_FROM = dt.date(YEAR, max(1, TODAY.month - 1), 1).isoformat()
MONTH_TO = (dt.date(YEAR, max(1, TODAY.month - 1), 1) + dt.timedelta(days=27)).isoformat()

# (name, user, path, params, heavy): heavy ones (CSV, yearly reports) have the 500 ms target
ROUTES = [
    ("hr units", "tochuc.vp", "/hr/units", {}, False),
    ("hr staff", "tochuc.vp", "/hr/staff", {}, False),
    ("hr staff q", "tochuc.vp", "/hr/staff", {"q": "nguyen hung"}, False),
    ("hr staff unit", "tochuc.vp", "/hr/staff", {"unit": "BTC"}, False),
    ("hr appointments", "tochuc.vp", "/hr/appointments", {}, False),
    ("hr staffing", "tochuc.vp", "/hr/staffing", {}, False),
    ("hr staffing.csv", "tochuc.vp", "/hr/staffing.csv", {}, True),
    ("fin budgets", "ketoan.vp", "/finance/budgets", {}, False),
    ("fin budgets year", "ketoan.vp", "/finance/budgets", {"fiscal_year": YEAR}, False),
    ("fin budgets summary", "ketoan.vp", "/finance/budgets/summary", {"fiscal_year": YEAR}, False),
    ("fin expenses", "ketoan.vp", "/finance/expenses", {}, False),
    ("fin expenses unit+status", "ketoan.vp", "/finance/expenses", {"unit": "BTC", "status": "paid"}, False),
    ("fin expenses month", "ketoan.vp", "/finance/expenses", {"date_from": MONTH_FROM, "date_to": MONTH_TO}, False),
    ("fin expenses q", "ketoan.vp", "/finance/expenses", {"q": "hoi nghi"}, False),
    ("fin expenses q rare", "ketoan.vp", "/finance/expenses", {"q": "khong co dau"}, False),
    ("fin expenses board user", "truongban.btc", "/finance/expenses", {}, False),
    ("fin ledger", "ketoan.vp", "/finance/ledger", {}, False),
    ("fin ledger unit+kind", "ketoan.vp", "/finance/ledger", {"unit": "BNC", "kind": "spent"}, False),
    ("fin ledger month", "ketoan.vp", "/finance/ledger", {"date_from": MONTH_FROM, "date_to": MONTH_TO}, False),
    ("fin chargebacks", "ketoan.vp", "/finance/chargebacks", {}, False),
    ("fin reservations", "ketoan.vp", "/finance/reservations", {}, False),
    ("fin report year", "ketoan.vp", "/finance/reports/budgets", {"fiscal_year": YEAR}, True),
    ("fin report quarter", "ketoan.vp", "/finance/reports/budgets", {"fiscal_year": YEAR, "quarter": 2}, False),
    ("fin report.csv", "ketoan.vp", "/finance/reports/budgets.csv", {"fiscal_year": YEAR}, True),
    ("fin expenses.csv month", "ketoan.vp", "/finance/expenses.csv", {"date_from": MONTH_FROM, "date_to": MONTH_TO}, True),
    ("fin ledger.csv month", "ketoan.vp", "/finance/ledger.csv", {"date_from": MONTH_FROM, "date_to": MONTH_TO}, True),
    ("fleet vehicles", "doixe.vp", "/fleet/vehicles", {}, False),
    ("fleet vehicles q", "doixe.vp", "/fleet/vehicles", {"q": "toyota"}, False),
    ("fleet drivers", "doixe.vp", "/fleet/drivers", {}, False),
    ("fleet bookings", "doixe.vp", "/fleet/bookings", {}, False),
    ("fleet bookings status", "doixe.vp", "/fleet/bookings", {"status": "cancelled"}, False),
    ("fleet bookings q", "doixe.vp", "/fleet/bookings", {"q": "hoi nghi"}, False),
    ("fleet bookings q rare", "doixe.vp", "/fleet/bookings", {"q": "khong co dau"}, False),
    ("fleet bookings board user", "truongban.btc", "/fleet/bookings", {}, False),
    ("fleet schedule week", "doixe.vp", "/fleet/schedule",
     {"from": (TODAY - dt.timedelta(days=7)).isoformat(), "to": TODAY.isoformat()}, False),
    ("fleet utilization month", "doixe.vp", "/fleet/utilization", {"from": MONTH_FROM, "to": MONTH_TO}, False),
    ("fleet utilization year", "doixe.vp", "/fleet/utilization",
     {"from": f"{YEAR}-01-01", "to": TODAY.isoformat()}, True),
    ("fleet car-entitlement", "doixe.vp", "/fleet/car-entitlement", {}, True),
    ("fleet availability", "doixe.vp", "/fleet/availability",
     {"start": (TODAY + dt.timedelta(days=3)).isoformat() + "T08:00:00+07:00",
      "end": (TODAY + dt.timedelta(days=3)).isoformat() + "T12:00:00+07:00", "passengers": 2}, False),
    ("fleet maintenance due", "doixe.vp", "/fleet/maintenance/due", {}, False),
    ("assets items", "taisan.vp", "/assets/items", {}, False),
    ("assets items unit+status", "taisan.vp", "/assets/items", {"unit": "BTC", "status": "disposed"}, False),
    ("assets items q", "taisan.vp", "/assets/items", {"q": "may in"}, False),
    ("assets items q rare", "taisan.vp", "/assets/items", {"q": "khong co dau"}, False),
    ("assets items board user", "truongban.btc", "/assets/items", {}, False),
    ("assets wear-runs", "taisan.vp", "/assets/wear-runs", {}, False),
    ("assets wear-run last year", "taisan.vp", f"/assets/wear-runs/{YEAR - 1}", {}, False),
    ("assets wear preview", "taisan.vp", "/assets/wear-runs/preview", {"fiscal_year": YEAR}, True),
    ("assets repairs", "taisan.vp", "/assets/repairs", {}, False),
    ("assets procurements", "taisan.vp", "/assets/procurements", {}, False),
    ("assets report register", "taisan.vp", "/assets/reports/register", {}, True),
    ("assets register.csv", "taisan.vp", "/assets/reports/register.csv", {}, True),
    ("assets items export.csv board", "truongban.btc", "/assets/items/export.csv", {"unit": "BTC"}, True),
    ("inbox", "ketoan.vp", "/inbox", {}, False),
]
# lists timed again at a page behind a cursor (after DEEP_PAGES pages of 200)
DEEP = {"hr staff", "hr appointments", "fin expenses", "fin ledger", "fleet bookings", "assets items"}
DEEP_PAGES = 10


class Timer:
    def __init__(self, platform: Platform):
        self.base = platform.gateway + "/api/v1"
        self.sessions: dict[str, requests.Session] = {}
        self.platform = platform

    def session(self, user: str) -> requests.Session:
        if user not in self.sessions:
            s = requests.Session()
            s.headers["Authorization"] = f"Bearer {self.platform.token(user)}"
            self.sessions[user] = s
        return self.sessions[user]

    def one(self, user: str, method: str, path: str, params=None, body=None) -> tuple[float, requests.Response]:
        s = self.session(user)
        started = time.perf_counter()
        r = s.request(method, self.base + path, params=params, json=body, timeout=120)
        _ = r.content  # the whole body, streamed or not
        return (time.perf_counter() - started) * 1000, r

    def times(self, rounds: int, user: str, method: str, path: str, params=None, body=None) -> dict:
        _, first = self.one(user, method, path, params, body)
        samples = []
        status = first.status_code
        for _ in range(rounds):
            ms, r = self.one(user, method, path, params, body)
            samples.append(ms)
            status = r.status_code if r.status_code >= 400 else status
        samples.sort()
        return {"status": status, "p50": statistics.median(samples),
                "p99": samples[min(len(samples) - 1, round(0.99 * (len(samples) - 1)))], "bytes": len(first.content)}


def deep_cursor(timer: Timer, user: str, path: str, params: dict) -> str | None:
    cursor = None
    for _ in range(DEEP_PAGES):
        _, r = timer.one(user, "GET", path, dict(params, limit=200, **({"cursor": cursor} if cursor else {})))
        if r.status_code != 200:
            return None
        cursor = r.json().get("next_cursor")
        if not cursor:
            return None
    return cursor


def rss_mb(platform: Platform) -> dict[str, float]:
    """Resident memory per service, its gunicorn master and workers summed (MB)."""
    out = {}
    for key, proc in platform.procs.items():
        pids = [str(proc.pid)] + subprocess.run(["pgrep", "-P", str(proc.pid)], capture_output=True,
                                                text=True).stdout.split()
        kb = 0
        for pid in pids:
            try:
                for line in open(f"/proc/{pid}/status"):
                    if line.startswith("VmRSS:"):
                        kb += int(line.split()[1])
            except OSError:
                pass
        out[key] = round(kb / 1024, 1)
    return out


def write_checks(timer: Timer, rounds: int) -> dict:
    """The checks on the write paths: an expense submitted (the budget check under its lock), a car's
    availability for a trip, staffing as the restructuring preview computes it."""
    out = {}
    s = timer.session("ketoan.vp")
    budgets = s.get(timer.base + "/finance/budgets", params={"fiscal_year": YEAR, "unit": "VP", "limit": 200},
                    timeout=30).json()["items"]
    budget = max(budgets, key=lambda b: b["available_vnd"])
    body = {"unit": "VP", "category": budget["category"], "amount_vnd": 10_000, "beneficiary_staff_id": 5,
            "date": TODAY.isoformat(), "description": "Kiểm tra đo tải"}
    out["fin submit expense (budget check)"] = timer.times(rounds, "ketoan.vp", "POST", "/finance/expenses", body=body)
    plans = timer.session("tochuc.vp").get(timer.base + "/hr/restructurings", timeout=30)
    items = plans.json().get("items", []) if plans.status_code == 200 else []
    if items:
        out["hr restructuring preview"] = timer.times(rounds, "tochuc.vp", "GET",
                                                      f"/hr/restructurings/{items[0]['id']}/preview")
    return out


def run_scale(scale: int, rounds: int, logroot: Path, only: list[str] | None = None) -> dict:
    urls = generate.create_databases(scale)
    logdir = logroot / f"x{scale}"
    logdir.mkdir(parents=True, exist_ok=True)
    platform = Platform(logdir, db_urls=urls)
    try:
        started = time.monotonic()
        platform.start()
        seeded = time.monotonic() - started
        filled = generate.fill(scale, urls)
        print(f"x{scale}: started and seeded in {seeded:.0f} s; filled {filled}", flush=True)
        time.sleep(2)  # the gauges' first refresh
        timer = Timer(platform)
        results = {}
        for name, user, path, params, heavy in ROUTES:
            if only and not any(word in name for word in only):
                continue
            n = max(5, rounds // 4) if heavy else rounds
            results[name] = dict(timer.times(n, user, "GET", path, params), heavy=heavy)
            if name in DEEP:
                cursor = deep_cursor(timer, user, path, params)
                if cursor:
                    results[name + " (deep)"] = dict(timer.times(rounds, user, "GET", path, dict(params, cursor=cursor)),
                                                     heavy=False)
        for name, figures in (write_checks(timer, rounds) if not only or "write" in only else {}).items():
            results[name] = dict(figures, heavy=False)
        return {"filled": filled, "routes": results, "rss_mb": rss_mb(platform)}
    finally:
        platform.stop()


def report(by_scale: dict[int, dict]) -> list[str]:
    scales = sorted(by_scale)
    lines = ["| route | " + " | ".join(f"p50 {s}x | p99 {s}x" for s in scales)
             + (" | ratio p50 | status |" if len(scales) > 1 else " | status |"),
             "|---|" + "---|---|" * len(scales) + ("---|---|" if len(scales) > 1 else "---|")]
    misses = []
    for name in by_scale[scales[0]]["routes"]:
        row = [name]
        figures = [by_scale[s]["routes"].get(name) for s in scales]
        for f in figures:
            row += [f"{f['p50']:.1f}", f"{f['p99']:.1f}"] if f else ["", ""]
        last = figures[-1]
        if len(scales) > 1 and figures[0] and last:
            ratio = last["p50"] / max(figures[0]["p50"], 0.01)
            row.append(f"{ratio:.2f}x")
            if ratio > 1.5:
                misses.append(f"{name}: ratio {ratio:.2f}x")
        row.append(str(last["status"]) if last else "")
        if last and last["p99"] > (500 if last["heavy"] else 50):
            misses.append(f"{name}: p99 {last['p99']:.1f} ms at {scales[-1]}x")
        lines.append("| " + " | ".join(row) + " |")
    lines.append("")
    lines.append("past a target: " + ("; ".join(misses) if misses else "none"))
    for s in scales:
        lines.append(f"resident memory after {s}x (MB): {by_scale[s]['rss_mb']}")
    return lines


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scales", type=int, nargs="+", default=[1, 10])
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--json", type=Path)
    parser.add_argument("--only", nargs="+", metavar="WORD",
                        help="time only the routes whose name holds one of these words ('write': the write checks)")
    args = parser.parse_args(argv)
    logroot = Path(tempfile.mkdtemp(prefix="bench-volume-"))
    by_scale = {}
    for scale in args.scales:
        by_scale[scale] = run_scale(scale, args.rounds, logroot, args.only)
    print("\n".join(report(by_scale)))
    if args.json:
        args.json.write_text(json.dumps({str(k): v for k, v in by_scale.items()}, indent=1, ensure_ascii=False))
    print(f"logs: {logroot}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
