"""Render time of the documents (PDF) through the gateway, on the whole platform (issue 14).

    flock /tmp/office-platform.lock .venv/bin/python bench/gateway/bench_documents.py [--requests 30]

Starts the platform as the end-to-end tests do (every service, worker and the gateway under
gunicorn on PostgreSQL, demo data), makes a record of each kind that has a document (a
demo user's expense, procurement; a stock-take; a restructuring plan; a booking), then asks
for each document `--requests` times one after another through the gateway and prints p50 and
p99 with the PDF's size. A document whose route a service does not have yet (404) or whose
record is not in the state it needs (409) is named and skipped.
"""
from __future__ import annotations

import argparse
import datetime as dt
import sys
import tempfile
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


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--requests", type=int, default=30)
    args = parser.parse_args()
    platform = Platform(Path(tempfile.mkdtemp(prefix="office-bench-docs-"))).start()
    try:
        print(f"{args.requests} requests per document, one after another, through the gateway")
        print(f"{'document':48s} {'p50 ms':>8s} {'p99 ms':>8s} {'KiB':>6s}")
        for name, (username, path) in records(platform).items():
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
            times.sort()
            p99 = times[min(len(times) - 1, int(len(times) * 0.99))]
            print(f"{name:48s} {times[len(times) // 2]:8.1f} {p99:8.1f} {len(first.content) / 1024:6.0f}", flush=True)
        return 0
    finally:
        platform.stop()


if __name__ == "__main__":
    sys.exit(main())
