"""The register's use cases on in-memory repositories (FakeUnitOfWork): registering, correcting,
handing over, transferring, the moves HR's events cause, history and residual value."""
import datetime as dt

import pytest
from buildingblocks.errors import Invalid, NotAllowed, NotFound, RuleBroken
from buildingblocks.testing import make_principal

from assets.service_layer import register
from fakes import fake_uow

OFFICE = make_principal("taisan.vp", "VP", ["office_assets"], staff_id=90)
STAFF = make_principal("chuyenvien.btc", "BTC", ["staff"], staff_id=22)
OTHER_BOARD = make_principal("chuyenvien.bnc", "BNC", ["staff"], staff_id=51)
PC = {"category": "computer", "name": "Máy tính Đông Á", "unit": "BTC", "acquired_on": dt.date(2024, 3, 1),
      "original_cost_vnd": 14_000_000}


def test_the_office_registers_an_asset_with_a_tag_history_and_event():
    uow = fake_uow()
    item = register.register_item(uow, OFFICE, {**PC, "holder_staff_id": 22})
    assert uow.committed and item["tag"].endswith("0001") and item["residual_vnd"] == 14_000_000
    assert [h.kind for h in uow.assets.history(item["id"])] == ["registered"]
    assert [e["type"] for e in uow.published] == ["assets.asset.registered"]
    with pytest.raises(NotAllowed):
        register.register_item(fake_uow(), STAFF, PC)


def test_a_tag_or_plate_already_on_the_register_is_refused():
    uow = fake_uow()
    register.register_item(uow, OFFICE, {**PC, "tag": "ts-1"})
    with pytest.raises(RuleBroken) as tag:
        register.register_item(uow, OFFICE, {**PC, "tag": "TS-1"})
    assert tag.value.extra["rule"] == "unique_tag"
    car = {**PC, "category": "car", "name": "Toyota", "attributes": {"plate": "29A-123.45", "seats": 7}}
    register.register_item(uow, OFFICE, car)
    with pytest.raises(RuleBroken) as plate:
        register.register_item(uow, OFFICE, {**car, "attributes": {"plate": "29a-123 45", "seats": 5}})
    assert plate.value.extra["rule"] == "unique_plate"
    with pytest.raises(Invalid) as seats:
        register.register_item(uow, OFFICE, {**car, "attributes": {"plate": "30A-999.99"}})
    assert "attributes.seats" in seats.value.extra["errors"]


def test_an_update_hands_over_relocates_and_keeps_each_change_in_the_history():
    uow = fake_uow()
    asset = uow.assets.hold("computer", "BTC")
    view = register.update_item(uow, OFFICE, asset.id, {"holder_staff_id": 22, "location": "P.201",
                                                        "status": "idle", "reason": "bàn giao"})
    assert (view["holder_staff_id"], view["location"], view["status"]) == (22, "P.201", "idle")
    assert [h.kind for h in uow.assets.history(asset.id)] == ["holder_changed", "status_changed", "relocated"]
    with pytest.raises(Invalid):
        register.update_item(uow, OFFICE, asset.id, {"holder_staff_id": 51})  # BNC's specialist


def test_a_disposed_asset_or_one_in_repair_keeps_its_status():
    uow = fake_uow()
    gone = uow.assets.hold("computer", "BTC", status="disposed")
    with pytest.raises(RuleBroken) as disposed:
        register.update_item(uow, OFFICE, gone.id, {"name": "x"})
    assert disposed.value.extra["rule"] == "disposed_is_final"
    fixing = uow.assets.hold("computer", "BTC", status="in_repair")
    with pytest.raises(RuleBroken) as repair:
        register.update_item(uow, OFFICE, fixing.id, {"status": "in_use"})
    assert repair.value.extra["rule"] == "repair_decides_status"


def test_a_transfer_moves_the_asset_and_publishes_it():
    uow = fake_uow()
    asset = uow.assets.get(register.register_item(uow, OFFICE, {**PC, "holder_staff_id": 22})["id"])
    view = register.transfer_item(uow, OFFICE, asset.id, {"to_unit": "BNC", "holder_staff_id": 51,
                                                          "effective_on": dt.date(2025, 1, 2)})
    assert (view["unit"], view["holder_staff_id"]) == ("BNC", 51)
    assert uow.published[-1]["type"] == "assets.asset.transferred" and uow.published[-1]["unit"] == "BNC"
    assert register.item_residual(uow, OFFICE, asset.id, dt.date(2024, 6, 1))["unit"] == "BTC"
    assert register.item_residual(uow, OFFICE, asset.id, dt.date(2025, 6, 1))["unit"] == "BNC"
    with pytest.raises(Invalid):
        register.transfer_item(uow, OFFICE, asset.id, {"to_unit": "BNC"})
    with pytest.raises(Invalid):
        register.transfer_item(uow, OFFICE, asset.id, {"to_unit": "BTC", "effective_on": dt.date(2024, 1, 1)})


def test_another_boards_asset_is_not_found():
    uow = fake_uow()
    asset = uow.assets.hold("computer", "BTC")
    with pytest.raises(NotFound):
        register.get_item(uow, OTHER_BOARD, asset.id)
    with pytest.raises(NotFound):
        register.item_history(uow, OTHER_BOARD, asset.id)
    assert register.get_item(uow, STAFF, asset.id)["tag"] == asset.tag


def test_a_dissolved_board_hands_its_assets_on_and_leavers_release_theirs():
    uow = fake_uow()
    kept = uow.assets.hold("computer", "BTC", holder_staff_id=22)
    uow.assets.hold("printer", "BTC")
    uow.assets.hold("computer", "BTC", status="disposed")
    moved = register.transfer_board_assets(uow, "BTC", "BNC", effective_on=dt.date(2025, 2, 1),
                                           reason="BTC dissolved into BNC", reference="hr:1")
    assert moved == 2 and {a.unit for a in uow.assets.of_board("BNC")} == {"BNC"}
    assert register.release_holder(uow, 22, "BNC", "holder moved", "hr:2") == 0  # moved with the board
    assert register.release_holder(uow, 22, None, "holder left", "hr:3") == 1
    assert kept.holder_staff_id is None and not uow.committed  # handlers never commit


def test_residual_value_counts_the_fiscal_years_ended():
    uow = fake_uow()
    asset = uow.assets.hold("computer", "BTC", original_cost_vnd=10_000_000)
    uow.assets.wear += [(asset.id, 2024, 1_429_000), (asset.id, 2025, 1_429_000)]
    residual = register.item_residual(uow, STAFF, asset.id, dt.date(2025, 6, 30))
    assert (residual["accumulated_wear_vnd"], residual["residual_vnd"]) == (1_429_000, 8_571_000)
    assert residual["last_worn_fiscal_year"] == 2024
    with pytest.raises(Invalid):
        register.item_residual(uow, STAFF, asset.id, dt.date(2023, 1, 1))
