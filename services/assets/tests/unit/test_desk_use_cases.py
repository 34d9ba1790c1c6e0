"""The asset specialists' desk (issue 12) on FakeUnitOfWork: a procurement's check line by line,
the wear run's preview (the same figures the run then books), a stock-take's results while counting."""
import datetime as dt

import pytest
from buildingblocks.errors import Invalid, NotFound

from assets.domain.standards import Standard
from assets.service_layer import procurements, stocktakes, wear_runs
from fakes import fake_uow
from test_operations_use_cases import OFFICE, OTHER_BOARD, STAFF
from test_use_cases import HEAD, PC, PRINTER, reserved

BASIS = "QĐ 50/2017/QĐ-TTg, Điều 4"


def test_the_check_tells_each_line_its_standard_what_is_held_and_within_or_over():
    uow = fake_uow()
    uow.standards.rules[0] = Standard("computer", "person", "specialist", 1, 15_000_000, BASIS)
    uow.assets.hold("computer", "BTC", holder_staff_id=22)
    reserved(uow, who=HEAD, lines=[PRINTER])  # the board's one printer is on its way
    p = procurements.create_procurement(uow, STAFF, {"lines": [
        PC, {**PC, "unit_price_vnd": 16_000_000}, {**PRINTER, "unit_price_vnd": 9_500_000}]})
    check = procurements.check_procurement(uow, STAFF, p["id"])
    assert check["within"] is False and [line["within"] for line in check["lines"]] == [False, False, False]
    pc, dear, printer = check["lines"]
    assert pc["standard"] == {"scope": "person", "title_rank": "specialist", "max_quantity": 1,
                              "max_unit_price_vnd": 15_000_000, "legal_basis": BASIS}
    assert (pc["held"], pc["pending"], pc["asked"], pc["title_rank"]) == (1, 0, 2, "specialist")
    assert [b["rule"] for b in pc["breaches"]] == ["quantity_above_standard"]
    assert [b["rule"] for b in dear["breaches"]] == ["quantity_above_standard", "price_above_standard"]
    assert (printer["standard"]["scope"], printer["pending"], printer["amount_vnd"]) == ("unit", 1, 9_500_000)
    assert printer["breaches"][0]["max_quantity"] == 1
    assert uow.procurements.get(p["id"]).status == "draft"
    with pytest.raises(NotFound):
        procurements.check_procurement(uow, OTHER_BOARD, p["id"])


def test_a_request_within_its_standards_checks_within_as_its_submit_accepts():
    uow = fake_uow()
    p = procurements.create_procurement(uow, STAFF, {"lines": [PC, PRINTER]})
    check = procurements.check_procurement(uow, STAFF, p["id"])
    assert check["within"] is True and all(not line["breaches"] for line in check["lines"])
    assert procurements.submit_procurement(uow, STAFF, p["id"])["status"] == "awaiting_budget"
    assert procurements.check_procurement(uow, STAFF, p["id"])["within"] is True  # itself is not "on its way"


def test_the_wear_preview_is_what_the_run_then_books_and_books_nothing_itself():
    uow = fake_uow()
    pc = uow.assets.hold("computer", "BTC", original_cost_vnd=10_000_000, acquired_on=dt.date(2023, 5, 1))
    uow.assets.hold("printer", "BNC", original_cost_vnd=7_000_000, acquired_on=dt.date(2024, 2, 1))
    uow.assets.hold("computer", "BNC", original_cost_vnd=5_000_000, acquired_on=dt.date(2025, 2, 1))  # after 2024
    uow.assets.wear.append((pc.id, 2023, 9_000_000))
    preview = wear_runs.preview_wear(uow, OFFICE, 2024)
    assert uow.assets.wear == [(pc.id, 2023, 9_000_000)] and not uow.committed
    assert [(i["unit"], i["wear_vnd"], i["accumulated_wear_vnd"], i["residual_after_vnd"]) for i in preview["items"]] == [
        ("BTC", 1_000_000, 9_000_000, 0), ("BNC", 1_000_300, 0, 5_999_700)]
    run, _ = wear_runs.run_wear(uow, OFFICE, 2024)
    assert (preview["asset_count"], preview["total_wear_vnd"]) == (run["recorded_now"], run["recorded_now_vnd"])
    assert preview["by_unit"] == run["by_unit"] and preview["already_run"] is False
    again = wear_runs.preview_wear(uow, OFFICE, 2024)
    assert (again["already_run"], again["asset_count"], again["items"]) == (True, 0, [])
    assert {i["unit"] for i in wear_runs.preview_wear(uow, OFFICE, 2025)["items"]} == {"BNC"}
    own = wear_runs.preview_wear(uow, STAFF, 2025)  # the BTC computer is fully worn: nothing of BTC's
    assert (own["unit"], own["items"], own["total_wear_vnd"]) == ("BTC", [], 0)
    with pytest.raises(Invalid):
        wear_runs.preview_wear(uow, OFFICE, dt.date.today().year + 1)


def test_an_open_stocktake_tells_missing_surplus_and_misplaced_as_they_are_counted():
    uow = fake_uow()
    here = uow.assets.hold("computer", "BTC", location="P.201")
    lost = uow.assets.hold("printer", "BTC")
    elsewhere = uow.assets.hold("computer", "BNC")
    st = stocktakes.open_stocktake(uow, OFFICE, {"units": ["BTC"], "as_of": dt.date(2025, 6, 30)})
    assert [r["tag"] for r in st["results_so_far"]["missing"]] == [here.tag, lost.tag] and st["results"] is None
    stocktakes.record_counts(uow, STAFF, st["id"], {"unit": "BTC", "tags": [here.tag, elsewhere.tag, "X-9"]})
    so_far = stocktakes.get_stocktake(uow, STAFF, st["id"])["results_so_far"]
    assert {kind: [r["tag"] for r in rows] for kind, rows in so_far.items()} == {
        "missing": [lost.tag], "surplus": ["X-9"], "misplaced": [elsewhere.tag]}
    assert so_far["misplaced"][0]["register_unit"] == "BNC" and so_far["surplus"][0]["id"] is None
    closed = stocktakes.close_stocktake(uow, OFFICE, st["id"])
    assert closed["results_so_far"] is None
    assert {kind: [r["tag"] for r in rows] for kind, rows in closed["results"].items()} == {
        kind: [r["tag"] for r in rows] for kind, rows in so_far.items()}
