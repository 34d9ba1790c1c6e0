"""Repairs, the wear run and stock-takes on in-memory repositories (FakeUnitOfWork): the story of
each use case, its refusals and what it publishes, in milliseconds."""
import datetime as dt

import pytest
from buildingblocks.errors import Invalid, NotAllowed, NotFound, RuleBroken
from buildingblocks.testing import make_principal

from assets.service_layer import repairs, stocktakes, wear_runs
from assets.service_layer.inbox import stocktake_items
from fakes import fake_uow

OFFICE = make_principal("taisan.vp", "VP", ["office_assets"], staff_id=90)
STAFF = make_principal("chuyenvien.btc", "BTC", ["staff"], staff_id=22)
OTHER_BOARD = make_principal("chuyenvien.bnc", "BNC", ["staff"], staff_id=51)
LEADER = make_principal("bithu", "TU", ["leadership"], staff_id=1)
PAGE = {"limit": 50}


def test_a_repair_puts_the_asset_in_repair_and_its_completion_is_charged():
    uow = fake_uow()
    asset = uow.assets.hold("computer", "BTC", status="idle")
    repair = repairs.open_repair(uow, STAFF, asset.id, {"description": "Thay ổ cứng", "estimated_cost_vnd": 1_500_000})
    assert asset.status == "in_repair" and repair["status"] == "open"
    with pytest.raises(RuleBroken) as twice:
        repairs.open_repair(uow, STAFF, asset.id, {"description": "x", "estimated_cost_vnd": 1})
    assert twice.value.extra["rule"] == "repairable_status"
    with pytest.raises(NotAllowed):
        repairs.complete_repair(uow, STAFF, repair["id"], {"actual_cost_vnd": 1_400_000})
    done = repairs.complete_repair(uow, OFFICE, repair["id"], {"actual_cost_vnd": 1_400_000})
    assert done["status"] == "completed" and asset.status == "idle"  # back to what it was
    event = uow.published[-1]
    assert (event["type"], event["data"]["cost_vnd"], event["unit"]) == ("assets.repair.completed", 1_400_000, "BTC")
    with pytest.raises(RuleBroken):
        repairs.cancel_repair(uow, OFFICE, repair["id"], None)


def test_one_open_repair_per_asset_and_another_boards_repairs_are_hidden():
    uow = fake_uow()
    asset = uow.assets.hold("computer", "BTC")
    first = repairs.open_repair(uow, STAFF, asset.id, {"description": "a", "estimated_cost_vnd": 1})
    asset.status = "in_use"  # as if someone forced it back: the repository still refuses a twin
    with pytest.raises(RuleBroken) as twin:
        repairs.open_repair(uow, STAFF, asset.id, {"description": "b", "estimated_cost_vnd": 1})
    assert twin.value.extra["rule"] == "one_open_repair"
    with pytest.raises(NotFound):
        repairs.get_repair(uow, OTHER_BOARD, first["id"])
    assert [r["id"] for r in repairs.list_repairs(uow, STAFF, PAGE)["items"]] == [first["id"]]
    assert repairs.list_repairs(uow, OTHER_BOARD, PAGE)["items"] == []


def test_the_wear_run_records_each_asset_once_and_never_past_its_cost():
    uow = fake_uow()
    pc = uow.assets.hold("computer", "BTC", original_cost_vnd=10_000_000, acquired_on=dt.date(2023, 5, 1))
    uow.assets.hold("computer", "BNC", original_cost_vnd=10_000_000, acquired_on=dt.date(2025, 5, 1))
    uow.assets.wear.append((pc.id, 2023, 9_000_000))
    run, created = wear_runs.run_wear(uow, OFFICE, 2024)
    assert created and uow.committed
    assert (run["recorded_now"], run["recorded_now_vnd"]) == (1, 1_000_000)  # only what was left of the cost
    again, created_again = wear_runs.run_wear(uow, OFFICE, 2024)
    assert not created_again and again["recorded_now"] == 0 and again["executions"] == 2
    assert [r["unit"] for r in wear_runs.get_wear_run(uow, STAFF, 2024)["by_unit"]] == ["BTC"]
    with pytest.raises(Invalid):
        wear_runs.run_wear(uow, OFFICE, dt.date.today().year + 1)
    with pytest.raises(NotFound):
        wear_runs.get_wear_run(uow, STAFF, 2020)


def _closed_stocktake(uow):
    here = uow.assets.hold("computer", "BTC", location="P.201")
    lost = uow.assets.hold("printer", "BTC")
    elsewhere = uow.assets.hold("computer", "BNC")
    st = stocktakes.open_stocktake(uow, OFFICE, {"units": ["BTC"], "as_of": dt.date(2025, 6, 30)})
    sheet = stocktakes.record_counts(uow, STAFF, st["id"], {"unit": "BTC", "tags": [here.tag, elsewhere.tag, "X-9"]})
    assert sheet["recorded"] == 3 and sheet["unknown_tags"] == ["X-9"]
    stocktakes.close_stocktake(uow, OFFICE, st["id"])
    return st["id"], here, lost, elsewhere


def test_a_stocktake_counts_then_closes_into_missing_surplus_and_misplaced():
    uow = fake_uow()
    st_id, _, lost, elsewhere = _closed_stocktake(uow)
    results = stocktakes.get_stocktake(uow, OFFICE, st_id)["results"]
    assert [r["tag"] for r in results["missing"]] == [lost.tag]
    assert [r["tag"] for r in results["surplus"]] == ["X-9"]
    assert [r["tag"] for r in results["misplaced"]] == [elsewhere.tag]
    with pytest.raises(RuleBroken) as closed:
        stocktakes.record_counts(uow, STAFF, st_id, {"unit": "BTC", "tags": ["A"]})
    assert closed.value.extra["current_status"] == "closed"
    with pytest.raises(NotFound):
        stocktakes.get_stocktake(uow, OTHER_BOARD, st_id)


def test_counting_a_tag_again_updates_its_line_and_blank_counts_are_refused():
    uow = fake_uow()
    asset = uow.assets.hold("computer", "BTC")
    st = stocktakes.open_stocktake(uow, OFFICE, {"units": ["BTC"], "as_of": dt.date(2025, 6, 30)})
    stocktakes.record_counts(uow, STAFF, st["id"], {"unit": "BTC", "tags": [asset.tag]})
    sheet = stocktakes.record_counts(uow, STAFF, st["id"], {"unit": "BTC", "entries": [
        {"tag": asset.tag.lower(), "condition": "needs_repair"}]})
    assert sheet["count"] == 1 and sheet["lines"][0]["condition"] == "needs_repair"
    with pytest.raises(Invalid):
        stocktakes.record_counts(uow, STAFF, st["id"], {"unit": "BTC", "tags": []})
    with pytest.raises(Invalid):
        stocktakes.record_counts(uow, STAFF, st["id"], {"unit": "BNC", "tags": ["A"]})


def test_an_approved_reconciliation_settles_the_register():
    uow = fake_uow()
    st_id, _, lost, elsewhere = _closed_stocktake(uow)
    stocktakes.propose_reconciliation(uow, OFFICE, st_id, {"transfer_misplaced": True, "register_surplus": [
        {"tag": "x-9", "category": "printer", "name": "Máy in Canon", "original_cost_vnd": 4_000_000}]})
    assert [i.id for i in stocktake_items(uow, LEADER)] == [st_id]
    with pytest.raises(NotAllowed):
        stocktakes.decide_reconciliation(uow, OFFICE, st_id, True, None)
    view = stocktakes.decide_reconciliation(uow, LEADER, st_id, True, "đồng ý")
    assert view["status"] == "reconciled"
    resolutions = {r.tag: r.resolution for r in uow.stocktakes.results(st_id)}
    assert resolutions == {lost.tag: "marked_missing", elsewhere.tag: "transferred", "X-9": "registered"}
    assert lost.status == "missing" and elsewhere.unit == "BTC"
    assert {e["type"] for e in uow.published} == {"assets.asset.transferred", "assets.asset.registered"}


def test_a_rejected_reconciliation_goes_back_to_closed():
    uow = fake_uow()
    st_id, *_ = _closed_stocktake(uow)
    with pytest.raises(Invalid):
        stocktakes.propose_reconciliation(uow, OFFICE, st_id, {"register_surplus": [
            {"tag": "NOT-SEEN", "category": "printer", "name": "x", "original_cost_vnd": 1}]})
    stocktakes.propose_reconciliation(uow, OFFICE, st_id, {})
    view = stocktakes.decide_reconciliation(uow, LEADER, st_id, False, "đếm lại")
    assert view["status"] == "closed" and view["proposal"]["rejected_by"] == "bithu"
