"""On SQLite (a local run) writes are serialized (BEGIN IMMEDIATE): parallel submissions still never overspend."""

import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from buildingblocks.db import Database
from buildingblocks.migrations import upgrade
from buildingblocks.testing import isolated_broker_settings

from finance import create_app
from finance.config import Config
from buildingblocks.replica import seed_demo


@pytest.fixture()
def sqlite_app(tmp_path):
    url = f"sqlite:///{tmp_path}/finance.db"
    upgrade(str(Path(__file__).resolve().parents[2] / "alembic.ini"), url)
    db = Database(url, service="finance")
    with db.unit_of_work() as uow:
        seed_demo(uow.session)
        uow.commit()
    db.dispose()
    yield create_app(Config.from_settings(isolated_broker_settings("finance", database_url=url)))


def test_parallel_submissions_on_sqlite_never_reserve_more_than_the_budget(sqlite_app, as_user):
    client = sqlite_app.test_client()
    assert client.post("/budgets", json={"fiscal_year": 2026, "unit": "BTC", "category": "stationery",
                                         "allocated_vnd": 5_500_000}, headers=as_user("ketoan.vp")).status_code == 201
    barrier = threading.Barrier(16)

    def submit(i):
        barrier.wait()
        return sqlite_app.test_client().post("/expenses", headers=as_user("chuyenvien.btc"), json={
            "category": "stationery", "amount_vnd": 1_000_000, "beneficiary_staff_id": 22, "date": "2026-05-01",
            "description": f"song song {i}"}).status_code

    with ThreadPoolExecutor(max_workers=16) as pool:
        statuses = sorted(pool.map(submit, range(16)))
    assert statuses == [201] * 5 + [409] * 11
    budget = client.get("/budgets", headers=as_user("ketoan.vp")).json["items"][0]
    assert (budget["reserved_vnd"], budget["available_vnd"]) == (5_000_000, 500_000)


def test_search_ignores_case_and_diacritics_on_sqlite(sqlite_app, as_user):
    client = sqlite_app.test_client()
    assert client.post("/budgets", json={"fiscal_year": 2026, "unit": "BTC", "category": "stationery",
                                         "allocated_vnd": 5_000_000}, headers=as_user("ketoan.vp")).status_code == 201
    made = [client.post("/expenses", headers=as_user("chuyenvien.btc"), json={
        "category": "stationery", "amount_vnd": 100_000, "beneficiary_staff_id": staff, "date": "2026-05-01",
        "description": description}).json["id"] for staff, description in ((22, "Đi Đà Nẵng"), (20, "Giấy 100%"))]
    for q, expected in (("MAI VĂN PHÚC", [made[0]]), ("da nang", [made[0]]), ("dung", [made[1]]),
                        ("100%", [made[1]]), ("%", [made[1]]), ("_", []), ("stationery", made[::-1])):
        answer = client.get("/expenses", query_string={"q": q}, headers=as_user("ketoan.vp"))
        assert [i["id"] for i in answer.json["items"]] == expected, q


def test_an_invoice_scan_and_a_year_close_on_sqlite(sqlite_app, as_user):
    import hashlib
    import io

    from buildingblocks.clock import local_today

    client, last = sqlite_app.test_client(), local_today().year - 1
    assert client.post("/budgets", json={"fiscal_year": last, "unit": "BTC", "category": "stationery",
                                         "allocated_vnd": 5_000_000}, headers=as_user("ketoan.vp")).status_code == 201
    expense = client.post("/expenses", headers=as_user("chuyenvien.btc"), json={
        "category": "stationery", "amount_vnd": 1_000_000, "beneficiary_staff_id": 22, "date": f"{last}-10-01",
        "description": "Giấy in"}).json
    scan = b"\xff\xd8\xff\xe0" + b"\x01" * 5000
    added = client.post(f"/expenses/{expense['id']}/attachments", headers=as_user("chuyenvien.btc"),
                        data={"file": (io.BytesIO(scan), "hoa-don.jpg")}, content_type="multipart/form-data")
    assert added.status_code == 201 and added.json["sha256"] == hashlib.sha256(scan).hexdigest()
    assert client.get(f"/expenses/{expense['id']}/attachments/{added.json['id']}",
                      headers=as_user("ketoan.vp")).data == scan
    assert client.post(f"/fiscal-years/{last}/close", json={"carry_over": [
        {"source": "finance.expense", "source_id": str(expense["id"])}]}, headers=as_user("ketoan.vp")).status_code == 201
    assert client.post(f"/fiscal-years/{last}/close/confirm", json={}, headers=as_user("bithu")).status_code == 200
    this_quarter = (local_today().month - 1) // 3 + 1  # the close was booked today
    totals = client.get("/reports/budgets", query_string={"fiscal_year": last + 1, "quarter": this_quarter},
                        headers=as_user("ketoan.vp")).json["totals"]
    assert (totals["allocated_vnd"], totals["reserved_vnd"]) == (1_000_000, 1_000_000)
