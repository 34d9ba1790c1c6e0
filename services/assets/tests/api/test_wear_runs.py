"""/wear-runs: once per asset and year, straight line on cost, never past it."""
import datetime as dt
import threading

from sqlalchemy import func, select

from assets.adapters.orm import WearEntry
from conftest import AUDITOR, BTC_HEAD, BTC_STAFF, LEADER, OFFICE
from helpers import register


def wear_rows(database):
    with database.session_factory() as session:
        return session.execute(select(WearEntry.asset_id, WearEntry.fiscal_year, WearEntry.amount_vnd, WearEntry.unit)
                               .order_by(WearEntry.asset_id, WearEntry.fiscal_year)).all()


def test_a_run_records_each_assets_wear_and_twice_equals_once(client, database):
    pc = register(client, original_cost_vnd=15_000_000, acquired_on="2023-05-10")
    car = register(client, category="car", name="Xe", unit="VP", original_cost_vnd=900_000_000,
                   acquired_on="2020-01-01", attributes={"plate": "30A-000.01", "seats": 5})
    register(client, acquired_on="2026-01-02")  # acquired after the year: not worn in 2025
    resp = client.post("/wear-runs", OFFICE, {"fiscal_year": 2025})
    assert resp.status_code == 201
    first = resp.get_json()
    assert first["recorded_now"] == 2 and first["asset_count"] == 2
    assert first["total_wear_vnd"] == 2_143_500 + 60_030_000
    assert sorted((u["unit"], u["wear_vnd"]) for u in first["by_unit"]) == [("BTC", 2_143_500), ("VP", 60_030_000)]
    before = wear_rows(database)
    resp = client.post("/wear-runs", OFFICE, {"fiscal_year": 2025})
    assert resp.status_code == 200
    second = resp.get_json()
    assert second["recorded_now"] == 0 and second["recorded_now_vnd"] == 0 and second["executions"] == 2
    assert (second["asset_count"], second["total_wear_vnd"]) == (first["asset_count"], first["total_wear_vnd"])
    assert wear_rows(database) == before
    assert client.get(f"/items/{pc['id']}", BTC_STAFF).get_json()["residual_vnd"] == 15_000_000 - 2_143_500
    assert client.get(f"/items/{car['id']}", OFFICE).get_json()["accumulated_wear_vnd"] == 60_030_000


def test_wear_never_passes_the_cost(client, database):
    item = register(client, category="other_machinery", original_cost_vnd=1_000_003, acquired_on="2015-01-01")
    for year in range(2015, 2023):
        client.post("/wear-runs", OFFICE, {"fiscal_year": year})
    amounts = [row.amount_vnd for row in wear_rows(database)]
    assert amounts == [200_001, 200_001, 200_001, 200_001, 199_999]
    got = client.get(f"/items/{item['id']}", OFFICE).get_json()
    assert got["accumulated_wear_vnd"] == 1_000_003 and got["residual_vnd"] == 0


def test_runs_out_of_order_still_stop_at_the_cost(client, database):
    item = register(client, category="other_machinery", original_cost_vnd=1_000, acquired_on="2010-01-01")
    for year in (2020, 2012, 2015, 2011, 2013, 2014, 2016):
        client.post("/wear-runs", OFFICE, {"fiscal_year": year})
    assert sum(row.amount_vnd for row in wear_rows(database)) == 1_000
    assert client.get(f"/items/{item['id']}", OFFICE).get_json()["residual_vnd"] == 0


def test_disposed_assets_are_not_worn_after_their_disposal(client, database):
    item = register(client, acquired_on="2020-01-01")
    disposal = client.post(f"/items/{item['id']}/dispose", OFFICE, {"reason": "hỏng"}).get_json()
    client.post(f"/disposals/{disposal['id']}/approve", LEADER, {"disposed_on": "2024-06-30"})
    client.post("/wear-runs", OFFICE, {"fiscal_year": 2023})
    client.post("/wear-runs", OFFICE, {"fiscal_year": 2024})
    assert [row.fiscal_year for row in wear_rows(database)] == [2023]


def test_concurrent_runs_of_a_year_record_once(client, database):
    for i in range(5):
        register(client, acquired_on="2024-01-01", name=f"PC {i}")
    codes = []
    barrier = threading.Barrier(4)

    def run():
        barrier.wait()
        codes.append(client.post("/wear-runs", OFFICE, {"fiscal_year": 2025}).status_code)

    threads = [threading.Thread(target=run) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(codes) == [200, 200, 200, 201]
    with database.session_factory() as session:
        assert session.scalar(select(func.count()).select_from(WearEntry)) == 5


def test_runs_are_the_offices_and_read_by_everyone(client):
    register(client, acquired_on="2024-01-01")
    register(client, unit="BNC", acquired_on="2024-01-01")
    for who in (BTC_STAFF, BTC_HEAD, LEADER, AUDITOR):
        assert client.post("/wear-runs", who, {"fiscal_year": 2025}).status_code == 403
    client.post("/wear-runs", OFFICE, {"fiscal_year": 2025})
    mine = client.get("/wear-runs", BTC_STAFF).get_json()["items"][0]
    assert mine["fiscal_year"] == 2025 and [u["unit"] for u in mine["by_unit"]] == ["BTC"]
    assert [u["unit"] for u in client.get("/wear-runs/2025", AUDITOR).get_json()["by_unit"]] == ["BNC", "BTC"]
    assert client.get("/wear-runs/2019", OFFICE).status_code == 404


def test_bad_wear_run_input_is_4xx(client):
    next_year = dt.date.today().year + 1
    for body in ({}, {"fiscal_year": "2025"}, {"fiscal_year": 1999}, {"fiscal_year": next_year},
                 {"fiscal_year": 2025.0}, {"fiscal_year": 2025, "force": True}):
        assert client.post("/wear-runs", OFFICE, body).status_code == 422, body
    assert client.get("/wear-runs/abc", OFFICE).status_code == 404
