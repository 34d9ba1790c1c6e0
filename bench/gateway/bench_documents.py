"""Render time of the documents (PDF) through the gateway, on the whole platform (issue 14).

    flock /tmp/office-platform.lock .venv/bin/python bench/gateway/bench_documents.py [--requests 30]

Starts the platform as the end-to-end tests do (every service, worker and the gateway under
gunicorn on PostgreSQL, demo data), makes a record of each kind that has a document (a
demo user's expense, procurement; a stock-take; a restructuring plan; a booking), then asks
for each document `--requests` times one after another through the gateway and prints p50 and
p99 with the PDF's size. A document whose route a service does not have yet (404) or whose
record is not in the state it needs (409) is named and skipped.

Then the hot path: the p50/p99 of a plain read of the same service (`GET /finance/expenses/{id}`)
alone, and again while `--renderers` clients render giấy đề nghị thanh toán back to back (the
service runs 2 gunicorn workers x 8 threads, as in the e2e platform).
"""
from __future__ import annotations

import argparse
import datetime as dt
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests" / "e2e"))

from harness import Platform  # noqa: E402


def created(resp) -> str:
    assert resp.status_code in (200, 201), (resp.request.url, resp.status_code, resp.text[:300])
    return str(resp.json()["id"])


def records(platform: Platform) -> dict[str, tuple[str, str]]:
    """document name -> (username who reads it, path after /api/v1)."""
    staff, me = platform.client("chuyenvien.btc"), None
    me = staff.get("/auth/me").json()
    year = dt.date.today().year
    expense = created(staff.post("/finance/expenses", {
        "category": "stationery", "amount_vnd": 1_500_000, "beneficiary_staff_id": me["staff_id"],
        "date": f"{year}-06-15", "description": "Văn phòng phẩm quý II"}))
    line = {"category": "other_machinery", "description": "Máy hủy tài liệu", "quantity": 2, "unit_price_vnd": 4_500_000}
    procurement = created(staff.post("/assets/procurements", {"lines": [line]}))
    taisan = platform.client("taisan.vp")
    stocktake = created(taisan.post("/assets/stocktakes", {"title": "Kiểm kê cuối năm", "units": ["BTC"],
                                                           "as_of": dt.date.today().isoformat()}))
    taisan.post(f"/assets/stocktakes/{stocktake}/close")
    plans = platform.client("tochuc.vp").get("/hr/restructurings").json()["items"]
    found = {
        "finance request.pdf (giấy đề nghị thanh toán)": ("chuyenvien.btc", f"/finance/expenses/{expense}/request.pdf"),
        "assets request.pdf (tờ trình mua sắm)": ("chuyenvien.btc", f"/assets/procurements/{procurement}/request.pdf"),
        "assets minutes.pdf (biên bản kiểm kê)": ("taisan.vp", f"/assets/stocktakes/{stocktake}/minutes.pdf"),
    }
    if plans:
        found["hr plan.pdf (đề án)"] = ("tochuc.vp", f"/hr/restructurings/{plans[0]['id']}/plan.pdf")
    bookings = platform.client("doixe.vp").get("/fleet/bookings", params={"status": "dispatched"}).json()["items"]
    if bookings:
        found["fleet order.pdf (lệnh điều xe)"] = ("doixe.vp", f"/fleet/bookings/{bookings[0]['id']}/order.pdf")
    return found


def percentiles(times: list[float]) -> tuple[float, float]:
    times = sorted(times)
    return times[len(times) // 2], times[min(len(times) - 1, int(len(times) * 0.99))]


def timed(client, path: str, n: int) -> list[float]:
    times = []
    for _ in range(n):
        began = time.perf_counter()
        resp = client.get(path)
        times.append((time.perf_counter() - began) * 1000)
        assert resp.status_code == 200, (path, resp.status_code)
    return times


def hot_path(platform: Platform, document: str, renderers: int, n: int) -> None:
    """A plain read of the service alone, then while documents render back to back."""
    record = document.rsplit("/", 1)[0]
    reader = platform.client("chuyenvien.btc")
    alone = percentiles(timed(reader, record, n))
    stop, rendered = threading.Event(), [0]

    def render():
        client = platform.client("chuyenvien.btc")
        while not stop.is_set():
            assert client.get(document).status_code == 200
            rendered[0] += 1

    threads = [threading.Thread(target=render) for _ in range(renderers)]
    for t in threads:
        t.start()
    time.sleep(1)
    try:
        began = time.perf_counter()
        busy = percentiles(timed(reader, record, n))
        seconds = time.perf_counter() - began
    finally:
        stop.set()
        for t in threads:
            t.join()
    print(f"GET {record}: alone p50 {alone[0]:.1f} ms, p99 {alone[1]:.1f} ms; while {renderers} clients render "
          f"{document.rsplit('/', 1)[-1]} back to back (~{rendered[0] / (seconds + 1):.1f} PDFs/s): "
          f"p50 {busy[0]:.1f} ms, p99 {busy[1]:.1f} ms")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--requests", type=int, default=30)
    parser.add_argument("--renderers", type=int, default=2)
    args = parser.parse_args()
    platform = Platform(Path(tempfile.mkdtemp(prefix="office-bench-docs-"))).start()
    try:
        print(f"{args.requests} requests per document, one after another, through the gateway")
        print(f"{'document':48s} {'p50 ms':>8s} {'p99 ms':>8s} {'KiB':>6s}")
        found = records(platform)
        for name, (username, path) in found.items():
            client = platform.client(username)
            first = client.get(path)
            if first.status_code != 200:
                print(f"{name:48s} skipped: {first.status_code} {first.text[:120]}")
                continue
            times = []
            for _ in range(args.requests):
                began = time.perf_counter()
                resp = client.get(path)
                times.append((time.perf_counter() - began) * 1000)
                assert resp.status_code == 200 and resp.content.startswith(b"%PDF-")
            p50, p99 = percentiles(times)
            print(f"{name:48s} {p50:8.1f} {p99:8.1f} {len(first.content) / 1024:6.0f}", flush=True)
        hot_path(platform, found["finance request.pdf (giấy đề nghị thanh toán)"][1], args.renderers,
                 max(args.requests * 3, 100))
        return 0
    finally:
        platform.stop()


if __name__ == "__main__":
    sys.exit(main())
