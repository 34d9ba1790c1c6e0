"""Issue 16: the wear summaries (each asset's accumulated wear, each run's per-board totals) equal
the sums of the wear entries after runs, disposals and transfers; the register report grouped in
SQL from them gives the hand-computed figures; the export reads its rows in batches."""
from sqlalchemy import func, select

from assets.adapters.orm import AssetWear, WearEntry, WearRun, WearRunUnit
from conftest import LEADER, OFFICE
from helpers import register


def summaries_and_sums(database):
    with database.session_factory() as session:
        summary = session.execute(select(AssetWear.asset_id, AssetWear.accumulated_wear_vnd,
                                         AssetWear.last_fiscal_year).order_by(AssetWear.asset_id)).all()
        sums = session.execute(select(WearEntry.asset_id, func.sum(WearEntry.amount_vnd), func.max(WearEntry.fiscal_year))
                               .group_by(WearEntry.asset_id).order_by(WearEntry.asset_id)).all()
        runs = session.execute(select(WearRun.fiscal_year, WearRunUnit.unit, WearRunUnit.asset_count,
                                      WearRunUnit.wear_vnd).join(WearRun, WearRun.id == WearRunUnit.run_id)
                               .order_by(WearRun.fiscal_year, WearRunUnit.unit)).all()
        run_sums = session.execute(select(WearEntry.fiscal_year, WearEntry.unit, func.count(), func.sum(WearEntry.amount_vnd))
                                   .group_by(WearEntry.fiscal_year, WearEntry.unit)
                                   .order_by(WearEntry.fiscal_year, WearEntry.unit)).all()
    return ([tuple(r) for r in summary], [tuple(r) for r in sums]), ([tuple(r) for r in runs], [tuple(r) for r in run_sums])


def test_the_summaries_equal_the_entries_after_runs_disposals_and_transfers(client, database):
    pc = register(client, original_cost_vnd=15_000_000, acquired_on="2021-05-10")
    moved = register(client, unit="BNC", category="other_machinery", name="Máy chiếu", original_cost_vnd=1_000,
                     acquired_on="2019-01-01")
    gone = register(client, acquired_on="2020-01-01", original_cost_vnd=10_000_000)
    for year in (2022, 2020, 2021):  # out of order: the last year worn is still the latest
        client.post("/wear-runs", OFFICE, {"fiscal_year": year})
    disposal = client.post(f"/items/{gone['id']}/dispose", OFFICE, {"reason": "hỏng"}).get_json()
    assert client.post(f"/disposals/{disposal['id']}/approve", LEADER, {"disposed_on": "2023-06-30"}).status_code == 200
    assert client.post(f"/items/{moved['id']}/transfer", OFFICE,
                       {"to_unit": "BTC", "effective_on": "2023-02-01"}).status_code == 200
    for year in (2023, 2024, 2019, 2024):  # a year run again adds nothing twice
        client.post("/wear-runs", OFFICE, {"fiscal_year": year})
    (summary, sums), (runs, run_sums) = summaries_and_sums(database)
    assert summary == sums and runs == run_sums
    by_asset = {a: (worn, last) for a, worn, last in summary}
    assert by_asset[pc["id"]] == (4 * 2_143_500, 2024)
    # 200 a year: worn out by 2024 (2020-2024), so the 2019 run, made last, finds nothing left to add
    assert by_asset[moved["id"]] == (1_000, 2024)
    assert by_asset[gone["id"]] == (3 * 1_429_000, 2022)  # disposed in 2023: not worn that year
    # the runs' list and one run read the stored per-board totals: the projector moved to BTC in 2023
    listed = {r["fiscal_year"]: r for r in client.get("/wear-runs", OFFICE).get_json()["items"]}
    assert [(u["unit"], u["asset_count"]) for u in listed[2023]["by_unit"]] == [("BTC", 2)]
    assert [(u["unit"], u["wear_vnd"]) for u in listed[2020]["by_unit"]] == [("BNC", 200), ("BTC", 1_429_000)]
    assert listed[2019]["by_unit"] == [] and listed[2019]["asset_count"] == 0
    one = client.get("/wear-runs/2021", OFFICE).get_json()
    assert (one["asset_count"], one["total_wear_vnd"]) == (3, 2_143_500 + 200 + 1_429_000)


def test_the_register_report_as_of_a_past_year_takes_the_summary_less_the_later_years(client):
    register(client, acquired_on="2022-01-10", original_cost_vnd=14_000_000)
    register(client, acquired_on="2022-03-01", original_cost_vnd=10_000_000)
    register(client, category="printer", name="Máy in", acquired_on="2022-07-01", original_cost_vnd=7_000_000)
    for year in (2022, 2023, 2024):
        client.post("/wear-runs", OFFICE, {"fiscal_year": year})
    # computers 14.29 %/year: 14,000,000 -> 2,000,600, 10,000,000 -> 1,429,000; printers 14.29 %: 1,000,300
    past = client.get("/reports/register?as_of=2023-12-31", LEADER).get_json()
    rows = {(r["unit"], r["category"]): r for r in past["rows"]}
    assert rows[("BTC", "computer")]["accumulated_wear_vnd"] == 2 * (2_000_600 + 1_429_000)
    assert rows[("BTC", "printer")]["residual_vnd"] == 7_000_000 - 2 * 1_000_300
    assert past["totals"] == {"asset_count": 3, "original_cost_vnd": 31_000_000,
                              "accumulated_wear_vnd": 2 * (2_000_600 + 1_429_000 + 1_000_300),
                              "residual_vnd": 31_000_000 - 2 * (2_000_600 + 1_429_000 + 1_000_300)}
    now = client.get("/reports/register?as_of=2024-12-31", LEADER).get_json()
    assert now["totals"]["accumulated_wear_vnd"] == 3 * (2_000_600 + 1_429_000 + 1_000_300)


def test_the_export_reads_its_rows_in_batches(client, database):
    ids = [register(client, acquired_on="2022-01-10", original_cost_vnd=10_000_000, name=f"PC {i}")["id"]
           for i in range(5)]
    client.post("/wear-runs", OFFICE, {"fiscal_year": 2022})
    with database.unit_of_work() as uow:
        rows = list(uow.assets.export_rows(None, {}, 2022, batch=2))
        assert [(a.id, worn) for a, worn in rows] == [(i, 1_429_000) for i in ids]
        assert [worn for _, worn in uow.assets.export_rows(None, {}, 2021, batch=2)] == [0] * 5
