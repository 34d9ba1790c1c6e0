"""Issue 13 on the register's side (FakeUnitOfWork): one register for cars (fleet's cars are
registered once, retired ones disposed of), and the Office's car entitlement refusing the car
after the last unless the leadership recorded an exception."""
import datetime as dt

import pytest
from buildingblocks.cars import CarLimitRules
from buildingblocks.errors import RuleBroken
from buildingblocks.testing import make_principal

from assets.service_layer import cars, register
from fakes import fake_uow

OFFICE = make_principal("taisan.vp", "VP", ["office_assets"], staff_id=90)
# 4,000 km², no boards served: 5 general-use cars
SMALL = CarLimitRules(area_km2=4000, board_headcounts=())


def car(plate: str, seats: int = 7, **kw) -> dict:
    return {"category": "car", "name": "Xe ô tô Toyota", "unit": "VP", "acquired_on": dt.date(2024, 3, 1),
            "original_cost_vnd": 900_000_000, "attributes": {"plate": plate, "seats": seats}, **kw}


def from_fleet(vehicle_id: int, plate: str, **kw) -> dict:
    return {"vehicle_id": vehicle_id, "plate": plate, "model": "Ford Transit", "seats": 16, "fuel_type": "diesel",
            "fuel_norm_l_per_100km": 12.0, "odometer_km": 500, "holder_staff_id": None,
            "acquired_on": "2025-06-01", "original_cost_vnd": 1_100_000_000, "unit": "VP", **kw}


def test_the_car_after_the_last_is_refused_with_the_figures():
    uow = fake_uow(car_limit=SMALL)
    for i in range(1, 6):
        register.register_item(uow, OFFICE, car(f"81A-000.0{i}"))
    with pytest.raises(RuleBroken) as refused:
        register.register_item(uow, OFFICE, car("81A-000.06"))
    extra = refused.value.extra
    assert (extra["rule"], extra["held"], extra["entitled"], extra["limit"]) == ("car_limit", 5, 5, 5)
    # a bus and a title car (with its holder) are no general-use cars
    register.register_item(uow, OFFICE, car("81B-029.01", seats=29))
    # the leadership's exception, heard from fleet (twice: counted once)
    exception = {"exception_id": 3, "decision_no": "15-QĐ/TU", "extra_cars": 1, "decided_on": "2026-12-01",
                 "note": None}
    assert cars.keep_exception(uow, exception) and not cars.keep_exception(uow, exception)
    register.register_item(uow, OFFICE, car("81A-000.06"))
    with pytest.raises(RuleBroken):
        register.register_item(uow, OFFICE, car("81A-000.07"))


def test_a_car_added_in_fleet_is_registered_once_however_its_plate_is_written():
    uow = fake_uow(car_limit=SMALL)
    asset = cars.register_from_fleet(uow, from_fleet(7, "81A-000.11"))
    assert asset.unit == "VP" and asset.source == "fleet:7" and asset.original_cost_vnd == 1_100_000_000
    assert asset.attributes["plate"] == "81A-000.11" and asset.plate == "81A00011"
    [event] = uow._pending
    assert event["type"] == "assets.asset.registered" and event["data"]["attributes"]["seats"] == 16
    # the same car again, written otherwise: nothing new
    assert cars.register_from_fleet(uow, from_fleet(7, "81a 00011")) is None
    assert cars.register_from_fleet(uow, from_fleet(8, "81A00011")) is None
    assert len(uow.assets.active_cars()) == 1
    # and the register refuses it by hand too
    with pytest.raises(RuleBroken) as twice:
        register.register_item(uow, OFFICE, car("81A 000 11"))
    assert twice.value.extra["rule"] == "unique_plate"


def test_fleet_is_not_refused_past_the_limit_it_checked_itself():
    uow = fake_uow(car_limit=CarLimitRules(area_km2=4000, board_headcounts=(), office_base=0))
    assert cars.register_from_fleet(uow, from_fleet(1, "81A-000.21")) is not None


def test_a_car_fleet_retired_is_disposed_of_once():
    uow = fake_uow(car_limit=SMALL)
    asset = cars.register_from_fleet(uow, from_fleet(7, "81A-000.11"))
    uow._pending.clear()
    gone = cars.dispose_from_fleet(uow, {"vehicle_id": 7, "plate": "81A-000.11", "asset_id": None,
                                          "retired_on": "2026-12-04"})
    assert gone is asset and asset.status == "disposed" and asset.disposed_on == dt.date(2026, 12, 4)
    assert [e["type"] for e in uow._pending] == ["assets.asset.disposed"]
    assert [h.kind for h in uow.assets.history(asset.id)][-1] == "disposed"
    assert cars.dispose_from_fleet(uow, {"vehicle_id": 7, "plate": "81A-000.11", "asset_id": asset.id,
                                         "retired_on": "2026-12-04"}) is None
    # its plate is free again, and the car no longer counts
    assert register.general_use_cars(uow) == 0
