"""Faults survived, in figures (issue 15): `make chaos`.

Starts the platform as the one-machine install runs it (ten processes under supervisord, each
service on its own PostgreSQL database, the local RabbitMQ behind a cuttable TCP proxy), runs a steady
mixed load through the gateway (bookings, expenses, procurements that ask finance for a reservation
by event, HR hires that fleet learns of by event) and injects, in turn: kill -9 of each worker, of
each web process, a RabbitMQ restart, a PostgreSQL restart, the broker cut for 30 s. After each it
drains and counts what the clients were told against what every service holds, and prints a table:

    fault | requests | 2xx | refused 4xx | clean 5xx | hung | conn. errors | lost writes |
          events lost | duplicates | ready again after

- lost writes: a 201 whose record the service does not have afterwards (target 0);
- events lost: a hire fleet never learnt of, a submitted procurement finance never answered (0);
- duplicates: a hire applied twice in fleet, a procurement reserved twice in finance (0);
- hung: a request with no answer within 15 s (a clean 502/503/504 is counted apart);
- ready again after: from the end of the fault (the kill, the restart's return, the broker's
  return) until every web process and worker answers /health/ready 200.

The RabbitMQ and PostgreSQL restarts act on the machine's own servers: run it when nothing else
uses them (`--faults` picks some: e.g. `--faults kill-worker,kill-web,broker-cut`).

    .venv/bin/python bench/chaos/chaos.py [--faults all] [--threads 4] [--warmup 5]
"""
from __future__ import annotations

import argparse
import datetime as dt
import itertools
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests" / "e2e"))
from harness import SupervisedPlatform, eventually  # noqa: E402

SERVICES = ("hr", "finance", "assets", "fleet", "gateway")
TIMEOUT = 15.0
_serial = itertools.count(1)


@dataclass
class Outcome:
    kind: str  # hire, booking, expense, procurement
    status: int | str  # HTTP status, "hung" or "conn"
    record_id: int | None = None
    extra: dict = field(default_factory=dict)


class Load:
    """Client threads that each run the mixed cycle until stopped, recording every answer."""

    def __init__(self, platform: SupervisedPlatform, threads: int):
        self.platform = platform
        self.threads = threads
        self.outcomes: list[Outcome] = []
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._workers: list[threading.Thread] = []
        self.tokens = {u: platform.token(u) for u in ("chuyenvien.btc", "tochuc.vp")}
        staff = self.session("chuyenvien.btc")
        self.staff_id = staff.get(f"{platform.gateway}/api/v1/auth/me", timeout=10).json()["staff_id"]
        hr = self.session("tochuc.vp")
        positions = hr.get(f"{platform.gateway}/api/v1/hr/positions", params={"unit": "VP-QT", "limit": 200},
                           timeout=10).json()["items"]
        self.driver_position = next(p for p in positions if p.get("is_driver"))
        # room for every hire of the run: the quota is not what is being tested here
        hr.patch(f"{platform.gateway}/api/v1/hr/positions/{self.driver_position['id']}", json={"quota": 5000},
                 timeout=10).raise_for_status()

    def session(self, username: str) -> requests.Session:
        s = requests.Session()
        s.headers["Authorization"] = f"Bearer {self.tokens[username]}"
        return s

    def _record(self, outcome: Outcome) -> None:
        with self._lock:
            self.outcomes.append(outcome)

    def _call(self, kind: str, session: requests.Session, method: str, path: str, body: dict) -> Outcome:
        try:
            resp = session.request(method, f"{self.platform.gateway}/api/v1{path}", json=body, timeout=TIMEOUT)
        except requests.Timeout:
            return Outcome(kind, "hung")
        except requests.RequestException:
            return Outcome(kind, "conn")
        record_id = None
        if 400 <= resp.status_code < 500:
            try:
                problem = resp.json()
                why = problem.get("rule") or problem.get("code") or problem.get("title")
            except ValueError:
                why = resp.text[:60]
            return Outcome(kind, resp.status_code, None, {"why": why})
        if resp.status_code in (200, 201):
            try:
                record_id = resp.json().get("id")
            except ValueError:
                pass
        return Outcome(kind, resp.status_code, record_id)

    def _cycle(self, staff: requests.Session, hr: requests.Session) -> None:
        n = next(_serial)
        start = (dt.datetime.now(dt.timezone(dt.timedelta(hours=7))).replace(minute=0, second=0, microsecond=0)
                 + dt.timedelta(days=30 + n % 300, hours=n % 9))
        self._record(self._call("booking", staff, "POST", "/fleet/bookings", {
            "purpose": f"Công tác cơ sở {n}", "destination": "Huyện Chư Sê", "start_at": start.isoformat(),
            "end_at": (start + dt.timedelta(hours=3)).isoformat(), "passengers": 2}))
        self._record(self._call("expense", staff, "POST", "/finance/expenses", {
            "category": "stationery", "amount_vnd": 10_000, "beneficiary_staff_id": self.staff_id,
            "date": dt.date.today().isoformat(), "description": f"Văn phòng phẩm {n}"}))
        draft = self._call("procurement", staff, "POST", "/assets/procurements", {"lines": [
            {"category": "other_machinery", "description": f"Máy hủy tài liệu {n}", "quantity": 1,
             "unit_price_vnd": 300_000}]})
        if draft.record_id is not None:
            submitted = self._call("procurement", staff, "POST", f"/assets/procurements/{draft.record_id}/submit", {})
            submitted.record_id = draft.record_id if submitted.status == 200 else None
            self._record(submitted)
        else:
            self._record(draft)
        self._record(self._call("hire", hr, "POST", "/hr/staff", {
            "full_name": f"Lái xe thử tải {n}", "unit": "VP-QT", "position_id": self.driver_position["id"],
            "title_rank": "support", "licence_class": "D", "licence_expiry": "2032-01-01"}))

    def _run(self) -> None:
        staff, hr = self.session("chuyenvien.btc"), self.session("tochuc.vp")
        while not self._stop.is_set():
            self._cycle(staff, hr)

    def start(self) -> None:
        self._stop.clear()
        self._workers = [threading.Thread(target=self._run, daemon=True) for _ in range(self.threads)]
        for t in self._workers:
            t.start()

    def stop(self) -> list[Outcome]:
        self._stop.set()
        for t in self._workers:
            t.join(timeout=TIMEOUT * 3)
        with self._lock:
            taken, self.outcomes = self.outcomes, []
        return taken


def all_ready(platform: SupervisedPlatform) -> bool:
    urls = [f"{platform.service_url(n)}/health/ready" for n in SERVICES if n != "gateway"]
    urls += [f"{platform.gateway}/health/ready"] + [f"{platform.worker_url(n)}/health/ready" for n in SERVICES]
    for url in urls:
        try:
            if requests.get(url, timeout=2).status_code != 200:
                return False
        except requests.RequestException:
            return False
    return True


def ready_after(platform: SupervisedPlatform, since: float, limit: float = 180) -> float:
    while time.monotonic() - since < limit:
        if all_ready(platform):
            return time.monotonic() - since
        time.sleep(0.2)
    return float("inf")


# -- the faults: each returns when the fault has ended (the moment recovery is timed from) ------------
def kill(platform: SupervisedPlatform, program: str):
    def inject() -> None:
        platform.supervisor.kill9(program)
        time.sleep(0.5)  # let the death be seen before asking whether everything is ready again
    return inject


def rabbitmq_restart(platform: SupervisedPlatform) -> None:
    ctl = shutil.which("rabbitmqctl")
    subprocess.run([ctl, "stop_app"], check=True, stdout=subprocess.DEVNULL)
    time.sleep(5)
    subprocess.run([ctl, "start_app"], check=True, stdout=subprocess.DEVNULL)


def postgres_restart(platform: SupervisedPlatform) -> None:
    version = sorted(os.listdir("/etc/postgresql"))[-1]
    subprocess.run(["pg_ctlcluster", "--skip-systemctl-redirect", version, "main", "restart"], check=True)


def broker_cut(platform: SupervisedPlatform, seconds: float = 30) -> None:
    platform.proxy.cut()
    time.sleep(seconds)
    platform.proxy.restore()


def faults(platform: SupervisedPlatform, chosen: set[str]) -> list[tuple[str, object]]:
    out: list[tuple[str, object]] = []
    if chosen & {"all", "kill-worker"}:
        out += [(f"kill -9 {n}-worker", kill(platform, f"{n}-worker")) for n in SERVICES]
    if chosen & {"all", "kill-web"}:
        out += [(f"kill -9 {n}-web", kill(platform, f"{n}-web")) for n in SERVICES]
    if chosen & {"all", "rabbitmq-restart"}:
        out.append(("RabbitMQ restart", lambda: rabbitmq_restart(platform)))
    if chosen & {"all", "postgres-restart"}:
        out.append(("PostgreSQL restart", lambda: postgres_restart(platform)))
    if chosen & {"all", "broker-cut"}:
        out.append(("broker cut 30 s", lambda: broker_cut(platform)))
    return out


# -- what the services hold afterwards ----------------------------------------------------------------
class Audit:
    def __init__(self, platform: SupervisedPlatform):
        self.platform = platform
        self.reader = {u: platform.client(u) for u in ("chuyenvien.btc", "tochuc.vp", "doixe.vp", "ketoan.vp")}

    def get(self, who: str, path: str, **params):
        for _ in range(5):
            try:
                resp = self.reader[who].get(path, params=params or None)
                if resp.status_code < 500:
                    return resp
            except requests.RequestException:
                pass
            time.sleep(1)
        raise RuntimeError(f"{path} does not answer after the fault")

    def lost_write(self, o: Outcome) -> bool:
        path = {"booking": "/fleet/bookings/{}", "expense": "/finance/expenses/{}",
                "procurement": "/assets/procurements/{}", "hire": "/hr/staff/{}"}[o.kind].format(o.record_id)
        who = "tochuc.vp" if o.kind == "hire" else "chuyenvien.btc"
        return self.get(who, path).status_code != 200

    def drivers(self) -> Counter:
        seen: Counter = Counter()
        cursor = None
        while True:
            params = {"limit": 200, **({"cursor": cursor} if cursor else {})}
            page = self.get("doixe.vp", "/fleet/drivers", **params).json()
            seen.update(d["staff_id"] for d in page["items"])
            cursor = page.get("next_cursor")
            if not cursor:
                return seen

    def reservations(self, procurement_id: int) -> int:
        page = self.get("ketoan.vp", "/finance/reservations", source="assets.procurement",
                        source_id=str(procurement_id)).json()
        return len(page["items"])

    def procurement_answered(self, procurement_id: int) -> bool:
        return self.get("chuyenvien.btc", f"/assets/procurements/{procurement_id}").json()["status"] != "awaiting_budget"

    def events(self, outcomes: list[Outcome], drain: float = 90) -> tuple[int, int]:
        """(events lost, duplicates) once the platform had `drain` seconds to deliver what was pending."""
        hires = [o.record_id for o in outcomes if o.kind == "hire" and o.record_id]
        procurements = [o.record_id for o in outcomes if o.kind == "procurement" and o.record_id]
        deadline = time.monotonic() + drain
        while True:
            drivers = self.drivers()
            missing_hires = [h for h in hires if drivers[h] == 0]
            unanswered = [p for p in procurements if not self.procurement_answered(p)]
            if not (missing_hires or unanswered) or time.monotonic() > deadline:
                break
            time.sleep(2)
        duplicates = sum(1 for h in hires if drivers[h] > 1)
        duplicates += sum(1 for p in procurements if self.reservations(p) > 1)
        return len(missing_hires) + len(unanswered), duplicates


def row(name: str, outcomes: list[Outcome], audit: Audit, recovery: float) -> list[str]:
    statuses = Counter(o.status for o in outcomes)
    ok = sum(v for k, v in statuses.items() if isinstance(k, int) and k < 300)
    refused = sum(v for k, v in statuses.items() if isinstance(k, int) and 400 <= k < 500)
    clean5xx = sum(v for k, v in statuses.items() if isinstance(k, int) and k >= 500)
    lost = sum(1 for o in outcomes if o.record_id and audit.lost_write(o))
    events_lost, duplicates = audit.events(outcomes)
    return [name, str(len(outcomes)), str(ok), str(refused), str(clean5xx), str(statuses["hung"]),
            str(statuses["conn"]), str(lost), str(events_lost), str(duplicates),
            "never" if recovery == float("inf") else f"{recovery:.1f} s"]


HEADER = ["fault", "requests", "2xx", "refused 4xx", "clean 5xx", "hung", "conn. errors", "lost writes",
          "events lost", "duplicates", "ready again after"]


def print_table(rows: list[list[str]]) -> None:
    widths = [max(len(r[i]) for r in [HEADER] + rows) for i in range(len(HEADER))]
    line = lambda r: "| " + " | ".join(c.ljust(w) for c, w in zip(r, widths)) + " |"  # noqa: E731
    print(line(HEADER))
    print("|" + "|".join("-" * (w + 2) for w in widths) + "|")
    for r in rows:
        print(line(r))
    sys.stdout.flush()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--faults", default="all",
                        help="all, or a comma list of kill-worker, kill-web, rabbitmq-restart, postgres-restart, broker-cut")
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--warmup", type=float, default=5, help="seconds of load before each fault")
    parser.add_argument("--after", type=float, default=5, help="seconds of load after the platform is ready again")
    args = parser.parse_args()
    logdir = Path(tempfile.mkdtemp(prefix="office-chaos-"))
    print(f"starting the platform under supervisord (logs in {logdir})...", flush=True)
    platform = SupervisedPlatform(logdir).start()
    rows = []
    try:
        load = Load(platform, args.threads)
        audit = Audit(platform)
        for name, inject in faults(platform, set(args.faults.split(","))):
            load.start()
            time.sleep(args.warmup)
            inject()
            ended = time.monotonic()
            recovery = ready_after(platform, ended)
            time.sleep(args.after)
            outcomes = load.stop()
            rows.append(row(name, outcomes, audit, recovery))
            print_table(rows[-1:])
            refusals = Counter(f"{o.kind} {o.status} {o.extra.get('why')}" for o in outcomes if o.extra)
            if refusals:
                print("  refused: " + "; ".join(f"{k} x{v}" for k, v in refusals.most_common()), flush=True)
            eventually(lambda: all_ready(platform), timeout=120, interval=1)
        print("\nall runs:")
        print_table(rows)
    finally:
        platform.stop()
    failed = [r for r in rows if r[7] != "0" or r[8] != "0" or r[9] != "0" or r[10] == "never"]
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
