"""Concurrent expense submissions against one hot budget, through the gateway.

    python bench/finance/hot_budget.py --gateway http://127.0.0.1:8080 --token "$TOKEN"
    GATEWAY_URL=... FINANCE_BENCH_TOKEN=... python bench/finance/hot_budget.py
    python bench/finance/hot_budget.py --username ketoan.vp --password demo-2026

The token is of an `office_finance` user (the demo's `ketoan.vp`): it allocates a fresh budget of
its own board in a category made for this run (so runs never disturb each other or the demo),
sized for about half of the submissions, then `--concurrency` threads submit `--requests`
expenses against it as fast as the platform answers. Once the budget runs dry the rest must be
refused with 409, and that path is measured too.

Printed: submissions per second, accepted per second, p50/p90/p99/max latency, answers by status.
Then the invariant, read back through the API:
- the budget's reported figures equal the sums of its ledger entries by kind;
- available is never negative, and reserved equals (accepted submissions) x amount;
- no 5xx and no answer other than 201 or 409.
The exit status is 0 when the invariant holds, 1 when it does not, 2 when the setup failed.
With `--budget-id` an existing budget is used instead (then any token that may submit for its board).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import threading
import time
import uuid
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

import requests

API = "/api/v1/finance"


def parse_args(argv=None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--gateway", default=os.environ.get("GATEWAY_URL", "http://127.0.0.1:8080"))
    parser.add_argument("--token", default=os.environ.get("FINANCE_BENCH_TOKEN"),
                        help="bearer token of an office_finance user (env FINANCE_BENCH_TOKEN)")
    parser.add_argument("--username", default=os.environ.get("FINANCE_BENCH_USER"),
                        help="log in through the gateway instead of passing a token")
    parser.add_argument("--password", default=os.environ.get("FINANCE_BENCH_PASSWORD"))
    parser.add_argument("--requests", type=int, default=int(os.environ.get("FINANCE_BENCH_REQUESTS", 2000)))
    parser.add_argument("--concurrency", type=int, default=int(os.environ.get("FINANCE_BENCH_CONCURRENCY", 16)))
    parser.add_argument("--amount", type=int, default=10_000, help="VND per submission")
    parser.add_argument("--capacity", type=float, default=0.5,
                        help="the budget holds this share of the submissions (the rest get 409)")
    parser.add_argument("--fiscal-year", type=int, default=time.localtime().tm_year)
    parser.add_argument("--beneficiary", type=int, help="staff id of the beneficiary (default: the caller's)")
    parser.add_argument("--budget-id", type=int, help="use this existing budget instead of allocating one")
    parser.add_argument("--timeout", type=float, default=30.0)
    parser.add_argument("--json", action="store_true", help="also print the results as one JSON line")
    return parser.parse_args(argv)


class Gateway:
    """A thin client of the gateway with one HTTP session per thread (keep-alive connections)."""

    def __init__(self, base: str, token: str, timeout: float):
        self.base = base.rstrip("/")
        self.headers = {"Authorization": f"Bearer {token}"}
        self.timeout = timeout
        self._local = threading.local()

    @property
    def session(self) -> requests.Session:
        if not hasattr(self._local, "session"):
            self._local.session = requests.Session()
        return self._local.session

    def get(self, path: str, **params):
        answer = self.session.get(self.base + path, params=params, headers=self.headers, timeout=self.timeout)
        if answer.status_code != 200:
            raise SystemExit(f"setup: GET {path} answered {answer.status_code}: {answer.text[:300]}")
        return answer.json()

    def post(self, path: str, body: dict, **headers):
        return self.session.post(self.base + path, json=body, headers={**self.headers, **headers},
                                 timeout=self.timeout)


def login(base: str, username: str, password: str) -> str:
    answer = requests.post(base.rstrip("/") + "/api/v1/auth/token", json={"username": username, "password": password},
                           timeout=30)
    if answer.status_code != 200:
        raise SystemExit(f"setup: login of {username} answered {answer.status_code}: {answer.text[:300]}")
    return answer.json()["access_token"]


def setup_budget(gw: Gateway, args, me: dict) -> dict:
    """A fresh budget of the caller's board, in a category of its own, for about `capacity` of the requests."""
    if args.budget_id:
        return gw.get(f"{API}/budgets/{args.budget_id}")
    category = f"bench_{uuid.uuid4().hex[:10]}"
    allocated = int(args.requests * args.capacity) * args.amount + args.amount // 2
    answer = gw.post(f"{API}/budgets", {"fiscal_year": args.fiscal_year, "unit": me["unit"], "category": category,
                                        "allocated_vnd": allocated, "reason": "hot budget benchmark"})
    if answer.status_code != 201:
        raise SystemExit(f"setup: allocating the bench budget answered {answer.status_code}: {answer.text[:300]} "
                         "(the token must be of an office_finance user, or pass --budget-id)")
    return answer.json()


def percentile(sorted_values: list[float], share: float) -> float:
    if not sorted_values:
        return float("nan")
    index = min(len(sorted_values) - 1, max(0, round(share * (len(sorted_values) - 1))))
    return sorted_values[index]


def hammer(gw: Gateway, args, budget: dict, beneficiary: int) -> tuple[list[tuple[int, float]], float]:
    """Submit every request from `concurrency` threads; returns [(status, seconds)] and the wall time."""
    date = f"{budget['fiscal_year']}-06-15"

    def submit(i: int) -> tuple[int, float]:
        body = {"unit": budget["unit"], "category": budget["category"], "amount_vnd": args.amount,
                "beneficiary_staff_id": beneficiary, "date": date, "description": f"bench {i}"}
        started = time.perf_counter()
        try:
            status = gw.post(f"{API}/expenses", body).status_code
        except requests.RequestException:
            status = 0  # no answer at all
        return status, time.perf_counter() - started

    # Warm the connections of every thread first, so the timing measures the platform, not TCP set-up.
    with ThreadPoolExecutor(max_workers=args.concurrency) as pool:
        list(pool.map(lambda _: gw.session.get(gw.base + "/health/live", timeout=args.timeout), range(args.concurrency)))
        started = time.perf_counter()
        results = list(pool.map(submit, range(args.requests)))
        wall = time.perf_counter() - started
    return results, wall


def ledger_sums(gw: Gateway, budget_id: int) -> tuple[dict, int]:
    """Sums of the budget's ledger entries by kind, paging through /ledger; and how many entries."""
    sums: Counter = Counter()
    count, cursor = 0, None
    while True:
        params = {"budget_id": budget_id, "limit": 200}
        if cursor:
            params["cursor"] = cursor
        page = gw.get(f"{API}/ledger", **params)
        for entry in page["items"]:
            sums[entry["kind"]] += entry["amount_vnd"]
            count += 1
        cursor = page.get("next_cursor")
        if not cursor:
            return dict(sums), count


def check_invariant(gw: Gateway, budget: dict, accepted: int, refused: int, amount: int, before: dict) -> list[str]:
    """The broken invariants (empty when all hold)."""
    reported = gw.get(f"{API}/budgets/{budget['id']}")
    sums, _ = ledger_sums(gw, budget["id"])
    from_ledger = {
        "allocated_vnd": sums.get("allocated", 0),
        "reserved_vnd": sums.get("reserved", 0) - sums.get("released", 0),
        "spent_vnd": sums.get("spent", 0),
    }
    from_ledger["available_vnd"] = from_ledger["allocated_vnd"] - from_ledger["reserved_vnd"] - from_ledger["spent_vnd"]
    broken = []
    for key, value in from_ledger.items():
        if reported[key] != value:
            broken.append(f"reported {key} {reported[key]} != ledger sum {value}")
    if reported["available_vnd"] < 0:
        broken.append(f"available is negative: {reported['available_vnd']}")
    expected_reserved = before["reserved_vnd"] + accepted * amount
    if reported["reserved_vnd"] != expected_reserved:
        broken.append(f"reserved {reported['reserved_vnd']} != before + accepted x amount = {expected_reserved}")
    # During the run only submissions touch the budget, so available only falls: a refusal is
    # right only if, in the end, not even one more submission would fit.
    if refused and reported["available_vnd"] >= amount:
        broken.append(f"{refused} refused although {reported['available_vnd']} VND is still available")
    return broken


def main(argv=None) -> int:
    args = parse_args(argv)
    token = args.token
    if not token:
        if not (args.username and args.password):
            print("give --token (or FINANCE_BENCH_TOKEN), or --username and --password", file=sys.stderr)
            return 2
        token = login(args.gateway, args.username, args.password)
    gw = Gateway(args.gateway, token, args.timeout)
    me = gw.get("/api/v1/auth/me")
    beneficiary = args.beneficiary or me.get("staff_id")
    if not beneficiary:
        print("the caller has no staff id: pass --beneficiary", file=sys.stderr)
        return 2
    budget = setup_budget(gw, args, me)
    before = gw.get(f"{API}/budgets/{budget['id']}")

    results, wall = hammer(gw, args, budget, beneficiary)
    statuses = Counter(status for status, _ in results)
    latencies = sorted(seconds for _, seconds in results)
    accepted = statuses.get(201, 0)
    broken = check_invariant(gw, budget, accepted, statuses.get(409, 0), args.amount, before)
    unexpected = {s: n for s, n in statuses.items() if s not in (201, 409)}
    if unexpected:
        broken.append(f"answers other than 201/409: {unexpected}")

    summary = {
        "gateway": args.gateway, "budget_id": budget["id"], "unit": budget["unit"], "category": budget["category"],
        "requests": args.requests, "concurrency": args.concurrency, "wall_s": round(wall, 3),
        "submissions_per_s": round(args.requests / wall, 1), "accepted_per_s": round(accepted / wall, 1),
        "p50_ms": round(percentile(latencies, 0.50) * 1000, 1), "p90_ms": round(percentile(latencies, 0.90) * 1000, 1),
        "p99_ms": round(percentile(latencies, 0.99) * 1000, 1), "max_ms": round(latencies[-1] * 1000, 1),
        "mean_ms": round(statistics.fmean(latencies) * 1000, 1),
        "statuses": {str(k): v for k, v in sorted(statuses.items())},
        "invariant": "holds" if not broken else "BROKEN",
    }
    print(f"hot budget {budget['unit']}/{budget['category']} (id {budget['id']}), "
          f"{args.requests} submissions from {args.concurrency} threads through {args.gateway}")
    print(f"  submissions/s  {summary['submissions_per_s']:>9}   (accepted/s {summary['accepted_per_s']})")
    print(f"  latency ms     p50 {summary['p50_ms']}  p90 {summary['p90_ms']}  p99 {summary['p99_ms']}  "
          f"max {summary['max_ms']}  mean {summary['mean_ms']}")
    print(f"  answers        {summary['statuses']}")
    print(f"  invariant      {summary['invariant']}")
    for line in broken:
        print(f"    - {line}")
    if args.json:
        print(json.dumps(summary))
    return 0 if not broken else 1


if __name__ == "__main__":
    sys.exit(main())
