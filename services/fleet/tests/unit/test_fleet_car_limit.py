"""Issue 13: the Office's car entitlement (NĐ 72/2023 Art 11 as amended by NĐ 153/2025), one
register for cars (fleet's side of the events) and the replacement flag (Art 3.4), on
in-memory repositories (FakeUnitOfWork)."""
import datetime as dt
import sys
from pathlib import Path

import pytest

from buildingblocks.cars import CarLimitRules, check_room, plate_key
from buildingblocks.config import Settings
from buildingblocks.errors import NotAllowed, NotFound, RuleBroken
from buildingblocks.testing import make_principal

sys.path.insert(0, str(Path(__file__).resolve().parent))

from fakes import fake_uow  # noqa: E402

from fleet.adapters.orm import Vehicle  # noqa: E402
from fleet.domain.vehicles import ReplacementRules, replacement_reasons  # noqa: E402
from fleet.service_layer import entitlement, vehicles  # noqa: E402

FLEET = make_principal("doixe.vp", "VP", ["office_fleet", "staff"], 8)
LEADER = make_principal("bithu", "TU", ["leadership"], 1)
# a small province without boards: 5 cars (153/2025 base under 5,000 km²)
SMALL = {"CAR_LIMIT_PROVINCE_AREA_KM2": 4000, "CAR_LIMIT_BOARD_HEADCOUNTS": ""}


def car(plate: str, seats: int = 7, **kw) -> Vehicle:
    return Vehicle(plate=plate, model="Toyota Innova", seats=seats, fuel_type="diesel", fuel_norm_l_per_100km=9.0,
                   odometer_km=kw.pop("odometer_km", 1000), status=kw.pop("status", "available"), **kw)


def new(plate: str, seats: int = 7, **kw) -> dict:
    return {"plate": plate, "model": "Ford Transit", "seats": seats, "fuel_type": "diesel",
            "fuel_norm_l_per_100km": 12.0, "odometer_km": 0, "status": "available", "holder_staff_id": None, **kw}


def rules(**settings) -> CarLimitRules:
    return CarLimitRules.from_settings(Settings.from_env("fleet", **settings))


@pytest.mark.parametrize("area, hardship, balancing, hanoi, expected", [
    (4_000, 0.0, False, False, 5),      # under 5,000 km²
    (5_000, 0.0, False, False, 6),      # +1 from 5,000
    (9_500, 0.0, False, False, 7),      # +2 from 8,000
    (11_000, 0.0, False, False, 8),     # +3 from 11,000
    (14_000, 0.0, False, False, 9),     # one more per 3,000 km² past 11,000
    (21_576, 0.0, False, False, 11),
    (4_000, 0.6, False, False, 6),      # more than half the communes are hardship ones
    (4_000, 0.5, True, False, 6),       # or the budget balances: one car, not two
    (4_000, 0.6, True, False, 6),
    (3_000, 0.0, False, True, 10),      # Hà Nội, HCM City
])
def test_the_office_own_number_follows_decree_153(area, hardship, balancing, hanoi, expected):
    r = rules(CAR_LIMIT_PROVINCE_AREA_KM2=area, CAR_LIMIT_HARDSHIP_COMMUNE_SHARE=hardship,
              CAR_LIMIT_SELF_BALANCING=balancing, CAR_LIMIT_HANOI_HCMC=hanoi, CAR_LIMIT_BOARD_HEADCOUNTS="")
    assert r.entitled() == expected
    assert all(line.mark in ("[A]", "[B]", "[C]") and line.source for line in r.breakdown())


def test_a_shared_office_adds_the_boards_numbers_of_art_11_2():
    # 4,000 km², no hardship, no balanced budget: no board bonus; 1 car up to 20 staff, 2 above, 3 above 50
    r = rules(CAR_LIMIT_PROVINCE_AREA_KM2=4000, CAR_LIMIT_BOARD_HEADCOUNTS="20,21,50,51")
    assert r.entitled() == 5 + 1 + 2 + 2 + 3
    # from 5,000 km² every board gets one more (and the office one more for its area)
    assert rules(CAR_LIMIT_PROVINCE_AREA_KM2=5000, CAR_LIMIT_BOARD_HEADCOUNTS="20,21,50,51").entitled() == 6 + 12
    # the defaults: the demo province and its four boards
    assert rules().entitled() == 22


def test_only_general_use_cars_count():
    r = rules()
    assert r.counts(7, None) and r.counts(16, None)
    assert not r.counts(29, None)          # a bus is no general-use car (Art 8.1: 4-16 seats)
    assert not r.counts(5, 1)              # a title car has its holder (Art 6-7)


def test_the_refusal_names_the_rule_and_the_figures():
    with pytest.raises(RuleBroken) as refused:
        check_room(rules(**SMALL), held=5, extra=0)
    assert refused.value.extra["rule"] == "car_limit"
    assert {k: refused.value.extra[k] for k in ("held", "entitled", "limit")} == {"held": 5, "entitled": 5, "limit": 5}
    check_room(rules(**SMALL), held=5, extra=1)  # an exception makes room for one


def test_plates_are_one_car_however_written():
    assert plate_key("81A-000.11") == plate_key("81a 00011") == plate_key("81A00011") == "81A00011"


def test_the_car_after_the_last_is_refused_and_an_exception_makes_room():
    uow = fake_uow(vehicles=[car(f"81A-000.{i:02d}") for i in range(1, 5)] + [car("81B-045.01", seats=45)],
                   **SMALL)
    vehicles.create_vehicle(uow, FLEET, new("81A-000.05"))  # the fifth general-use car: the last
    with pytest.raises(RuleBroken) as refused:
        vehicles.create_vehicle(uow, FLEET, new("81A-000.06"))
    assert refused.value.extra["rule"] == "car_limit"
    assert (refused.value.extra["held"], refused.value.extra["entitled"]) == (5, 5)
    # a bus and a title car are no general-use cars: they are not refused
    vehicles.create_vehicle(uow, FLEET, new("81B-029.01", seats=29))
    with pytest.raises(NotAllowed):
        entitlement.record_exception(uow, FLEET, {"decision_no": "15-QĐ/TU", "extra_cars": 1,
                                                  "decided_on": dt.date(2026, 12, 1)})
    entitlement.record_exception(uow, LEADER, {"decision_no": "15-QĐ/TU", "extra_cars": 1,
                                               "decided_on": dt.date(2026, 12, 1), "note": "xe chuyên dùng"})
    assert uow.published[-1]["type"] == "fleet.car_limit.exception_recorded"
    assert uow.published[-1]["data"]["decision_no"] == "15-QĐ/TU"
    with pytest.raises(RuleBroken) as twice:
        entitlement.record_exception(uow, LEADER, {"decision_no": "15-qđ/tu", "extra_cars": 2,
                                                   "decided_on": dt.date(2026, 12, 2)})
    assert twice.value.extra["rule"] == "decision_taken"
    vehicles.create_vehicle(uow, FLEET, new("81A-000.06"))
    with pytest.raises(RuleBroken):
        vehicles.create_vehicle(uow, FLEET, new("81A-000.07"))


def test_a_withdrawn_exception_stops_counting_and_is_withdrawn_once():
    uow = fake_uow(vehicles=[car(f"81A-000.{i:02d}") for i in range(1, 6)], **SMALL)
    decision = {"decision_no": "16-QĐ/TU", "extra_cars": 2, "decided_on": dt.date(2026, 12, 1)}
    recorded = entitlement.record_exception(uow, LEADER, decision)
    assert uow.car_limits.extra() == 2
    with pytest.raises(NotAllowed):
        entitlement.withdraw_exception(uow, FLEET, recorded.id, "nhầm số quyết định")
    with pytest.raises(NotFound):
        entitlement.withdraw_exception(uow, LEADER, recorded.id + 1, "nhầm số quyết định")
    withdrawn = entitlement.withdraw_exception(uow, LEADER, recorded.id, "nhầm số quyết định")
    assert (withdrawn.withdrawn_by, withdrawn.withdraw_reason) == ("bithu", "nhầm số quyết định")
    assert uow.published[-1]["type"] == "fleet.car_limit.exception_withdrawn"
    assert uow.published[-1]["data"] == {"exception_id": recorded.id, "decision_no": "16-QĐ/TU", "extra_cars": 2,
                                         "reason": "nhầm số quyết định"}
    assert (uow.car_limits.extra(), uow.car_limits.in_force()) == (0, [])
    with pytest.raises(RuleBroken) as again:
        entitlement.withdraw_exception(uow, LEADER, recorded.id, "lần nữa")
    assert again.value.extra["rule"] == "exception_withdrawn" and again.value.extra["decision_no"] == "16-QĐ/TU"
    assert len(uow.published) == 2
    # the room it gave is gone: the sixth car is refused
    with pytest.raises(RuleBroken) as refused:
        vehicles.create_vehicle(uow, FLEET, new("81A-000.06"))
    assert refused.value.extra["rule"] == "car_limit"
    [listed], _ = entitlement.list_exceptions(uow, LEADER, {"limit": 50})
    assert listed.withdrawn_at is not None


def test_a_car_added_in_fleet_is_announced_to_the_register_once():
    uow = fake_uow(**SMALL)
    added = vehicles.create_vehicle(uow, FLEET, new("81a-000.11", acquired_on=dt.date(2020, 1, 1),
                                                    original_cost_vnd=900_000_000))
    [event] = uow.published
    assert event["type"] == "fleet.vehicle.registered"
    assert event["data"]["plate"] == "81A-000.11" and event["data"]["original_cost_vnd"] == 900_000_000
    assert event["data"]["unit"] == "VP"
    with pytest.raises(RuleBroken) as again:
        vehicles.create_vehicle(uow, FLEET, new("81A00011"))
    assert again.value.extra["rule"] == "plate_taken"
    # the register answers with the asset: the same car is linked, not added
    linked = vehicles.register_from_asset(uow, {
        "asset_id": 77, "tag": "TS2026-00077", "is_vehicle": True, "name": "Xe 7 chỗ", "acquired_on": "2020-01-01",
        "original_cost_vnd": 900_000_000, "useful_life_years": 15,
        "attributes": {"plate": "81A 00011", "seats": 7}})
    assert linked is added and added.asset_id == 77 and added.useful_life_years == 15
    assert len(uow.vehicles.rows) == 1


def test_replacement_reasons_of_art_3_4():
    r = ReplacementRules()
    today = dt.date(2026, 12, 4)
    young = dict(acquired_on=dt.date(2020, 1, 1), useful_life_years=15, original_cost_vnd=900_000_000,
                 repair_estimate_vnd=None)
    assert replacement_reasons(r, today, odometer_km=250_000, **young) == []
    [km] = replacement_reasons(r, today, odometer_km=250_001, **young)
    assert km == {"code": "km_over", "odometer_km": 250_001, "limit_km": 250_000}
    hardship = ReplacementRules(hardship=True)
    assert [x["code"] for x in replacement_reasons(hardship, today, odometer_km=200_001, **young)] == ["km_over"]
    old = {**young, "acquired_on": dt.date(2011, 12, 4)}
    assert [x["code"] for x in replacement_reasons(r, today, odometer_km=10, **old)] == ["useful_life_passed"]
    costly = {**young, "repair_estimate_vnd": 270_000_001}
    assert [x["code"] for x in replacement_reasons(r, today, odometer_km=10, **costly)] == ["repair_over_share"]
    assert replacement_reasons(r, today, odometer_km=10, **{**young, "repair_estimate_vnd": 270_000_000}) == []


def test_the_hardship_province_lowers_the_km_of_replacement():
    uow = fake_uow(CAR_LIMIT_HARDSHIP_COMMUNE_SHARE=0.7)
    assert uow.config.replacement.km_limit == 200_000
    flagged = vehicles.replacement_of(uow.config, car("81A-001.01", odometer_km=210_000))
    assert flagged["due"] and flagged["reasons"][0]["code"] == "km_over"
    assert not vehicles.replacement_of(fake_uow().config, car("81A-001.02", odometer_km=210_000))["due"]


def test_the_entitlement_view_shows_held_entitled_and_the_exceptions(monkeypatch):
    uow = fake_uow(vehicles=[car("81A-000.01"), car("81A-000.02", holder_staff_id=1),
                             car("81A-000.03", status="retired"), car("81A-000.04", odometer_km=300_000)], **SMALL)
    monkeypatch.setattr(entitlement, "peak_demand", lambda uow, first, last: {"concurrent_demand": 1, "at": None})
    view = entitlement.car_entitlement(uow, LEADER)
    assert (view["held"], view["entitled"], view["limit"], view["needed"]) == (2, 5, 5, 1)
    assert view["replacement_due"] == [4]
    assert (view["to"] - view["from"]).days == 364
    with pytest.raises(NotAllowed):
        entitlement.car_entitlement(uow, make_principal("chuyenvien.btc", "BTC", ["staff"], 22))


def test_a_repair_estimate_from_the_register_flags_the_car():
    uow = fake_uow(vehicles=[car("81A-000.41", asset_id=41, original_cost_vnd=900_000_000)])
    assert vehicles.estimate_from_asset(uow, {"asset_id": 99, "estimated_cost_vnd": 1}) is None
    flagged = vehicles.estimate_from_asset(uow, {"asset_id": 41, "estimated_cost_vnd": 300_000_000,
                                                 "original_cost_vnd": 900_000_000})
    assert flagged.repair_estimate_vnd == 300_000_000
    assert [r["code"] for r in vehicles.replacement_of(uow.config, flagged)["reasons"]] == ["repair_over_share"]
