"""Dispatch under contention through the gateway: many concurrent dispatches on a small pool.

    python bench/fleet/dispatch_contention.py --gateway http://127.0.0.1:8080 --token "$FLEET_TOKEN"
    GATEWAY_URL=... FLEET_BENCH_TOKEN=... FLEET_BENCH_LEADER_TOKEN=... python bench/fleet/dispatch_contention.py
    python bench/fleet/dispatch_contention.py --database-url postgresql://fleet@127.0.0.1:5432/fleet

Two callers: the dispatcher (an `office_fleet` user, `--token`, default: log in as the demo's
`doixe.vp`) and a requester whose bookings are approved on creation (a `leadership` user,
`--leader-token`, default: log in as the demo's `bithu`). Demo logins use the demo password.

Setup: `--vehicles` new cars (plates of this run), and `--bookings` approved bookings on
`--days` far-away days, four time slots a day, so that every slot is wanted by many bookings.
Then `--concurrency` threads send one dispatch per booking, all at once: `named` mode names a
random car of this run and a random driver; `chosen` mode lets the service choose from the
whole pool. Most must be refused with 409; the winners must never share a car or a driver.

Printed: dispatch requests per second, p50/p90/p99/max latency, answers by status and by rule.
Then the check, read back through the API (and with `--database-url`, in the fleet database:
every pair of dispatched or running bookings on one vehicle or driver, whole database):
no two bookings of one car or one driver closer than their turnaround; no 5xx.
Exit status 0 when it holds, 1 when it does not, 2 when the setup failed. The bookings are
cancelled and the cars retired at the end unless `--keep`.
"""
from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import statistics
import sys
import threading
import time
import uuid
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

import requests

API = "/api/v1/fleet"
VN = dt.timezone(dt.timedelta(hours=7))
SLOTS = ((7, 9), (10, 12), (13, 15), (16, 18))  # 2 h trips, gaps above the 30 min turnaround
DEMO_PASSWORD = "demo-2026"


def parse_args(argv=None) -> argparse.Namespace:
    env = os.environ.get
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--gateway", default=env("GATEWAY_URL", "http://127.0.0.1:8080"))
    parser.add_argument("--token", default=env("FLEET_BENCH_TOKEN"), help="bearer token of an office_fleet user")
    parser.add_argument("--username", default=env("FLEET_BENCH_USER", "doixe.vp"))
    parser.add_argument("--password", default=env("FLEET_BENCH_PASSWORD", DEMO_PASSWORD))
    parser.add_argument("--leader-token", default=env("FLEET_BENCH_LEADER_TOKEN"),
                        help="bearer token of a leadership user (bookings approved on creation)")
    parser.add_argument("--leader-username", default=env("FLEET_BENCH_LEADER_USER", "bithu"))
    parser.add_argument("--leader-password", default=env("FLEET_BENCH_LEADER_PASSWORD", DEMO_PASSWORD))
    parser.add_argument("--bookings", type=int, default=int(env("FLEET_BENCH_BOOKINGS", 400)))
    parser.add_argument("--vehicles", type=int, default=int(env("FLEET_BENCH_VEHICLES", 3)))
    parser.add_argument("--days", type=int, default=int(env("FLEET_BENCH_DAYS", 5)))
    parser.add_argument("--first-day", type=int, default=int(env("FLEET_BENCH_FIRST_DAY", 0)),
                        help="days from today of the first bench day (default: random 120..300)")
    parser.add_argument("--concurrency", type=int, default=int(env("FLEET_BENCH_CONCURRENCY", 32)))
    parser.add_argument("--mode", choices=("named", "chosen"), default=env("FLEET_BENCH_MODE", "named"))
    parser.add_argument("--database-url", default=env("FLEET_BENCH_DATABASE_URL"),
                        help="fleet database to check directly (postgresql://...)")
    parser.add_argument("--keep", action="store_true", help="leave the bookings and cars in place")
    parser.add_argument("--seed", type=int, default=None)
    return parser.parse_args(argv)


class Client:
    """One caller of the gateway, with its own pooled connections per thread."""

    def __init__(self, gateway: str, token: str):
        self.gateway = gateway.rstrip("/")
        self.headers = {"Authorization": f"Bearer {token}"}
        self.local = threading.local()

    def session(self) -> requests.Session:
        if not hasattr(self.local, "session"):
            self.local.session = requests.Session()
        return self.local.session

    def call(self, method: str, path: str, **kw) -> requests.Response:
        return self.session().request(method, f"{self.gateway}{API}{path}", headers=self.headers, timeout=60, **kw)

    def pages(self, path: str, params: dict) -> list[dict]:
        items, cursor = [], None
        while True:
            resp = self.call("GET", path, params={**params, "limit": 200, **({"cursor": cursor} if cursor else {})})
            resp.raise_for_status()
            body = resp.json()
            items += body["items"]
            cursor = body.get("next_cursor")
            if not cursor:
                return items


def login(gateway: str, username: str, password: str) -> str:
    resp = requests.post(f"{gateway.rstrip('/')}/api/v1/auth/token", json={"username": username, "password": password},
                         timeout=30)
    resp.raise_for_status()
    return resp.json()["access_token"]


def iso(day: dt.date, hour: int) -> str:
    return dt.datetime(day.year, day.month, day.day, hour, tzinfo=VN).isoformat()


def setup(args, fleet: Client, leader: Client, rng: random.Random):
    run = uuid.uuid4().hex[:4].upper()
    cars = []
    for i in range(args.vehicles):
        resp = fleet.call("POST", "/vehicles", json={
            "plate": f"BX-{run}-{i}", "model": "bench car", "seats": 7, "fuel_type": "petrol",
            "fuel_norm_l_per_100km": 9.0, "odometer_km": 1000})
        if resp.status_code != 201:
            raise RuntimeError(f"could not create a vehicle: {resp.status_code} {resp.text[:300]}")
        cars.append(resp.json()["id"])
    first = dt.datetime.now(VN).date() + dt.timedelta(days=args.first_day or rng.randint(120, 300))
    days = [first + dt.timedelta(days=i) for i in range(args.days)]
    drivers = [d for d in fleet.pages("/drivers", {})
               if d["status"] == "active" and d["licence_class"] in ("B2", "C", "D", "E")
               and d["licence_expiry"] and d["licence_expiry"] > (days[-1]).isoformat()]
    if not drivers:
        raise RuntimeError("no driver with a valid licence on the bench days")
    slots = [(day, s, e) for day in days for s, e in SLOTS]

    def book(i: int) -> int:
        day, start, end = slots[i % len(slots)]
        resp = leader.call("POST", "/bookings", json={
            "purpose": f"bench {run}", "destination": "bench", "start_at": iso(day, start), "end_at": iso(day, end),
            "passengers": 2})
        if resp.status_code != 201 or resp.json()["status"] != "approved":
            raise RuntimeError(f"could not book: {resp.status_code} {resp.text[:300]}")
        return resp.json()["id"]

    with ThreadPoolExecutor(max_workers=8) as pool:
        bookings = list(pool.map(book, range(args.bookings)))
    return run, cars, [d["staff_id"] for d in drivers], bookings, days


def dispatch_all(args, fleet: Client, cars: list[int], drivers: list[int], bookings: list[int], rng: random.Random):
    bodies = {b: ({"vehicle_id": rng.choice(cars), "driver_id": rng.choice(drivers)} if args.mode == "named" else {})
              for b in bookings}
    order = list(bookings)
    rng.shuffle(order)
    barrier = threading.Barrier(min(args.concurrency, len(order)))
    results: list[tuple[int, float, int, str | None]] = []
    lock = threading.Lock()
    queue = iter(order)

    def worker():
        fleet.session()  # connect before the start line
        try:
            barrier.wait(timeout=60)
        except threading.BrokenBarrierError:
            pass
        while True:
            with lock:
                booking = next(queue, None)
            if booking is None:
                return
            began = time.perf_counter()
            resp = fleet.call("POST", f"/bookings/{booking}/dispatch", json=bodies[booking])
            elapsed = time.perf_counter() - began
            rule = None
            if resp.status_code == 409:
                rule = (resp.json() or {}).get("rule")
            with lock:
                results.append((booking, elapsed, resp.status_code, rule))

    threads = [threading.Thread(target=worker) for _ in range(min(args.concurrency, len(order)))]
    began = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results, time.perf_counter() - began


def overlaps(rows: list[dict], turnaround: dt.timedelta) -> list[tuple[int, int, str]]:
    """Pairs of dispatched bookings that share a car or a driver and come too close."""
    found = []
    for key in ("vehicle_id", "driver_id"):
        by = {}
        for row in rows:
            by.setdefault(row[key], []).append(row)
        for group in by.values():
            group.sort(key=lambda r: r["start"])
            for a, b in zip(group, group[1:]):
                if b["start"] < a["blocked"]:
                    found.append((a["id"], b["id"], key))
    return found


def check_api(fleet: Client, days: list[dt.date]) -> tuple[int, list]:
    params = {"start_from": iso(days[0], 0), "start_to": iso(days[-1] + dt.timedelta(days=1), 0)}
    rows = []
    for status in ("dispatched", "in_progress"):
        for b in fleet.pages("/bookings", {**params, "status": status}):
            rows.append({"id": b["id"], "vehicle_id": b["vehicle_id"], "driver_id": b["driver_id"],
                         "start": dt.datetime.fromisoformat(b["start_at"]),
                         "blocked": dt.datetime.fromisoformat(b["blocked_until"])})
    return len(rows), overlaps(rows, dt.timedelta(0))


def check_database(url: str) -> list:
    import psycopg

    url = url.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(url) as conn:
        return conn.execute(
            "SELECT a.id, b.id FROM bookings a JOIN bookings b ON a.id < b.id "
            "AND (a.vehicle_id = b.vehicle_id OR a.driver_id = b.driver_id) "
            "AND tstzrange(a.start_at, a.blocked_until) && tstzrange(b.start_at, b.blocked_until) "
            "WHERE a.status IN ('dispatched', 'in_progress') AND b.status IN ('dispatched', 'in_progress')").fetchall()


def cleanup(fleet: Client, leader: Client, cars: list[int], bookings: list[int]) -> None:
    with ThreadPoolExecutor(max_workers=8) as pool:
        list(pool.map(lambda b: leader.call("POST", f"/bookings/{b}/cancel", json={"reason": "bench"}), bookings))
    for car in cars:
        fleet.call("PATCH", f"/vehicles/{car}", json={"status": "retired"})


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def main(argv=None) -> int:
    args = parse_args(argv)
    rng = random.Random(args.seed)
    try:
        token = args.token or login(args.gateway, args.username, args.password)
        leader_token = args.leader_token or login(args.gateway, args.leader_username, args.leader_password)
        fleet, leader = Client(args.gateway, token), Client(args.gateway, leader_token)
        run, cars, drivers, bookings, days = setup(args, fleet, leader, rng)
    except Exception as exc:  # the bench cannot start: say why
        print(f"setup failed: {exc}", file=sys.stderr)
        return 2
    print(f"run {run}: {len(bookings)} approved bookings in {len(days) * len(SLOTS)} slots on {days[0]}..{days[-1]}, "
          f"{len(cars)} new cars, {len(drivers)} drivers, mode {args.mode}, concurrency {args.concurrency}")
    try:
        results, wall = dispatch_all(args, fleet, cars, drivers, bookings, rng)
        latencies = [r[1] * 1000 for r in results]
        statuses = Counter(r[2] for r in results)
        rules = Counter(r[3] for r in results if r[3])
        print(f"dispatch requests: {len(results)} in {wall:.2f} s = {len(results) / wall:.0f} req/s; "
              f"latency ms p50 {statistics.median(latencies):.1f} p90 {percentile(latencies, 0.9):.1f} "
              f"p99 {percentile(latencies, 0.99):.1f} max {max(latencies):.1f}")
        print(f"answers: {dict(sorted(statuses.items()))}; refusals by rule: {dict(rules.most_common())}")
        dispatched, api_overlaps = check_api(fleet, days)
        print(f"check through the API: {dispatched} dispatched bookings on the bench days, "
              f"{len(api_overlaps)} double bookings")
        db_overlaps = []
        if args.database_url:
            db_overlaps = check_database(args.database_url)
            print(f"check in the database: {len(db_overlaps)} overlapping pairs of holding bookings (whole database)")
        ok = not api_overlaps and not db_overlaps and all(s < 500 for s in statuses) \
            and set(statuses) <= {200, 409} and statuses.get(200, 0) > 0
        print("OK: zero double bookings" if ok else "FAILED")
        return 0 if ok else 1
    finally:
        if not args.keep:
            cleanup(fleet, leader, cars, bookings)


if __name__ == "__main__":
    sys.exit(main())
