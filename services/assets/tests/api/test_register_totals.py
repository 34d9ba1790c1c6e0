"""Issue 16: the register's running totals (`register_totals` plus the changes not folded yet)
equal the register replayed from the assets and their wear, after registrations, wear runs (the
current year's too), status changes, a repair, a transfer and a disposal, before and after the
worker folds the changes in; so does what the next run would record (this year's wear preview);
a savepoint rolled back takes its changes with it; and the report of today falls back to the
replay when something is dated after today."""
import datetime as dt

from buildingblocks.clock import local_today

from assets.adapters.orm import Asset, RegisterChange
from assets.domain import wear
from conftest import LEADER, OFFICE
from helpers import register


def both_ways(database, unit=None, category=None):
    today = local_today()
    last = wear.last_closed_fiscal_year(today)
    with database.unit_of_work() as uow:
        return (uow.assets.register_now(last, unit, category),
                uow.assets.register_groups(today, last, unit, category))


def due_both_ways(database, fiscal_year, unit=None):
    """What the next run records, from the totals and summed over the assets due for `fiscal_year`."""
    with database.unit_of_work() as uow:
        return uow.assets.due_now(unit), uow.wear_runs.unworn_totals(fiscal_year, wear.fiscal_year_end(fiscal_year), unit)


def fold(database) -> int:
    with database.unit_of_work() as uow:
        folded = uow.assets.fold_register_changes()
        uow.commit()
    return folded


def pending(database) -> int:
    with database.session_factory() as session:
        return session.query(RegisterChange).count()


def test_the_running_totals_equal_the_register_replayed(client, database):
    year = local_today().year
    pc = register(client, original_cost_vnd=15_000_000, acquired_on=f"{year - 4}-05-10")
    projector = register(client, unit="BNC", category="other_machinery", name="Máy chiếu", original_cost_vnd=1_000,
                         acquired_on=f"{year - 5}-01-01")
    gone = register(client, acquired_on=f"{year - 3}-01-01", original_cost_vnd=10_000_000)
    printer = register(client, category="printer", name="Máy in", acquired_on=f"{year - 2}-07-01",
                       original_cost_vnd=7_000_000)
    for fiscal_year in (year - 3, year - 5, year - 4):  # out of order
        assert client.post("/wear-runs", OFFICE, {"fiscal_year": fiscal_year}).status_code in (200, 201)
    now, replayed = both_ways(database)
    assert now == replayed and len(now) == 3
    assert fold(database) > 0 and pending(database) == 0
    assert both_ways(database) == (now, replayed)

    assert client.patch(f"/items/{pc['id']}", OFFICE, {"status": "idle", "reason": "chờ điều chuyển"}).status_code == 200
    repair = client.post(f"/items/{printer['id']}/repairs", OFFICE, {"description": "Thay trục",
                                                                     "estimated_cost_vnd": 500_000}).get_json()
    assert client.post(f"/items/{projector['id']}/transfer", OFFICE, {"to_unit": "BTC"}).status_code == 200
    disposal = client.post(f"/items/{gone['id']}/dispose", OFFICE, {"reason": "hỏng"}).get_json()
    assert client.post(f"/disposals/{disposal['id']}/approve", LEADER, {}).status_code == 200
    for fiscal_year in (year - 2, year - 1, year):  # this year's wear is not in today's report
        assert client.post("/wear-runs", OFFICE, {"fiscal_year": fiscal_year}).status_code in (200, 201)
    now, replayed = both_ways(database)
    assert now == replayed
    statuses = {(u, c, st): n for u, c, st, n, _cost, _worn in now}
    assert statuses == {("BTC", "computer", "idle"): 1, ("BTC", "other_machinery", "in_use"): 1,
                        ("BTC", "printer", "in_repair"): 1}
    assert client.post(f"/repairs/{repair['id']}/complete", OFFICE, {"actual_cost_vnd": 450_000}).status_code == 200
    for unit, category in ((None, None), ("BTC", None), ("BNC", None), (None, "printer")):
        assert both_ways(database, unit, category)[0] == both_ways(database, unit, category)[1]
    before = client.get("/reports/register", LEADER).get_json()
    assert fold(database) > 0
    assert both_ways(database)[0] == both_ways(database)[1]
    assert client.get("/reports/register", LEADER).get_json() == before
    assert before["totals"]["asset_count"] == 3
    assert before["totals"]["original_cost_vnd"] == 15_000_000 + 1_000 + 7_000_000


def test_a_savepoint_rolled_back_takes_its_changes_with_it(client, database):
    register(client)
    with database.unit_of_work() as uow:
        counted = uow.session.query(RegisterChange).count()
        with uow.session.begin_nested() as savepoint:
            uow.session.add(Asset(tag="TS-SAVEPOINT", category="computer", name="x", unit="BTC",
                                  acquired_on=dt.date(2024, 1, 1), original_cost_vnd=1, status="in_use"))
            uow.session.flush()
            assert uow.session.query(RegisterChange).count() == counted + 1
            savepoint.rollback()
        assert uow.session.query(RegisterChange).count() == counted
        uow.commit()
    assert both_ways(database)[0] == both_ways(database)[1]


def test_the_report_of_today_replays_the_register_when_something_is_dated_later(client, database):
    register(client, original_cost_vnd=10_000_000, acquired_on="2024-01-10")
    tomorrow = local_today() + dt.timedelta(days=1)
    with database.unit_of_work() as uow:  # as an event from another service might date it
        uow.session.add(Asset(tag="TS-LATER", category="computer", name="Máy tính mới", unit="BTC",
                              acquired_on=tomorrow, original_cost_vnd=5_000_000, status="in_use"))
        uow.commit()
    with database.unit_of_work() as uow:
        assert uow.assets.dated_after(local_today()) and not uow.assets.dated_after(tomorrow)
    report = client.get("/reports/register", LEADER).get_json()
    assert report["totals"]["asset_count"] == 1 and report["totals"]["original_cost_vnd"] == 10_000_000
    later = client.get(f"/reports/register?as_of={tomorrow.isoformat()}", LEADER)
    assert later.status_code == 200 and later.get_json()["totals"]["asset_count"] == 2  # tomorrow counts it


def test_this_years_preview_from_the_totals_is_what_the_run_then_books(client, database):
    """Awkward roundings (half up), an asset capped at what is left of its cost, one fully worn,
    a move, a status change and a disposal: the totals' due equals the sum over the assets due,
    the preview's pages add up to its totals, and the run books exactly those."""
    year = local_today().year
    old = register(client, category="other_machinery", original_cost_vnd=999, acquired_on=f"{year - 4}-01-01")
    worn_out = register(client, category="other_machinery", original_cost_vnd=400, acquired_on=f"{year - 5}-01-01")
    awkward = [("filing_cabinet", 4, "BTC"), ("filing_cabinet", 12, "BNC"), ("filing_cabinet", 3, "BTC"),
               ("building_grade_4", 150, "BNC"), ("building_grade_4", 1_000_000_007, "BTC"),
               ("computer", 15_000_001, "BTC"), ("air_conditioner", 20, "BNC")]
    ids = [register(client, category=c, original_cost_vnd=cost, unit=u, acquired_on=f"{year - 1}-06-01")["id"]
           for c, cost, u in awkward]
    assert due_both_ways(database, year)[0] == due_both_ways(database, year)[1]
    for fiscal_year in range(year - 5, year):  # 20 %: 999 worn 4 x 200, 199 left; 400 worn 5 x 80, none
        assert client.post("/wear-runs", OFFICE, {"fiscal_year": fiscal_year}).status_code == 201
    assert client.post(f"/items/{ids[1]}/transfer", OFFICE, {"to_unit": "BTC"}).status_code == 200
    assert client.patch(f"/items/{ids[5]}", OFFICE, {"status": "idle"}).status_code == 200
    disposal = client.post(f"/items/{ids[4]}/dispose", OFFICE, {"reason": "hỏng"}).get_json()
    assert client.post(f"/disposals/{disposal['id']}/approve", LEADER, {}).status_code == 200
    assert fold(database) > 0
    register(client, category="computer", original_cost_vnd=7_000_003, unit="BNC", acquired_on=f"{year}-01-02")
    now, summed = due_both_ways(database, year)
    assert now == summed and due_both_ways(database, year, "BNC")[0] == due_both_ways(database, year, "BNC")[1]

    items, cursor = [], None
    while True:
        query = {"fiscal_year": year, "limit": 3} | ({"cursor": cursor} if cursor else {})
        page = client.get("/wear-runs/preview", OFFICE, query_string=query).get_json()
        items += page["items"]
        cursor = page["next_cursor"]
        if not cursor:
            break
    due = {i["asset_id"]: i["wear_vnd"] for i in items}
    assert due[old["id"]] == 199 and worn_out["id"] not in due and ids[2] not in due and ids[4] not in due
    assert (page["asset_count"], page["total_wear_vnd"]) == (len(items), sum(due.values()))
    assert page["by_unit"] == [{"unit": u, "asset_count": n, "wear_vnd": v} for u, n, v in now]
    run = client.post("/wear-runs", OFFICE, {"fiscal_year": year}).get_json()
    assert (run["recorded_now"], run["recorded_now_vnd"], run["by_unit"]) == (
        page["asset_count"], page["total_wear_vnd"], page["by_unit"])
    # after this year's run the totals hold next year's due: the sum over next year's assets due
    assert due_both_ways(database, year + 1)[0] == due_both_ways(database, year + 1)[1]
    assert fold(database) > 0
    assert due_both_ways(database, year + 1)[0] == due_both_ways(database, year + 1)[1]
    assert both_ways(database)[0] == both_ways(database)[1]
