"""Issue 16: the register's running totals (`register_totals` plus the changes not folded yet)
equal the register replayed from the assets and their wear, after registrations, wear runs (the
current year's too), status changes, a repair, a transfer and a disposal, before and after the
worker folds the changes in; a savepoint rolled back takes its changes with it; and the report of
today falls back to the replay when something is dated after today."""
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
    if later.status_code == 200:  # a report dated tomorrow, if the API takes one, counts it
        assert later.get_json()["totals"]["asset_count"] == 2
