"""Issue 13 end to end, through the gateway, RabbitMQ and every service as real processes: one
register for cars, and the Office's car entitlement (NĐ 72/2023 Art 11 as amended by NĐ
153/2025) refusing the car after the last through registration (in assets and in fleet) and
through a procurement's receipt, until the leadership records an exception.

The module fills the entitlement, so it runs on a platform of its own with the entitlement's
defaults (the session's shared platform gives the other modules' cars room to spare).
"""
from __future__ import annotations

import datetime as dt
import uuid

import pytest

from harness import Platform, eventually

OFFICE_TZ = dt.timezone(dt.timedelta(hours=7))
TODAY = dt.datetime.now(OFFICE_TZ).date()
WAIT = 45  # seconds for an event to travel (the machine is shared and slow)


def ok(resp, status: int = 200) -> dict:
    assert resp.status_code == status, f"expected {status}, got {resp.status_code}: {resp.text[:800]}"
    return resp.json()


def problem(resp, status: int) -> dict:
    assert resp.status_code == status, f"expected {status}, got {resp.status_code}: {resp.text[:800]}"
    assert resp.headers.get("Content-Type", "").startswith("application/problem+json"), resp.headers
    return resp.json()


def every(client, path: str, **params) -> list[dict]:
    """Every item of a paged list."""
    items, cursor = [], None
    while True:
        page = ok(client.get(path, params={"limit": 200, **params, **({"cursor": cursor} if cursor else {})}))
        items += page["items"]
        cursor = page.get("next_cursor")
        if not cursor:
            return items


def fleet_cars(platform) -> dict[str, dict]:
    """Fleet's vehicles in service, by plate."""
    return {v["plate"]: v for v in every(platform.client("doixe.vp"), "/fleet/vehicles") if v["status"] != "retired"}


def register_cars(platform) -> dict[str, dict]:
    """The register's vehicles not disposed, by plate as written."""
    return {a["attributes"]["plate"]: a for a in every(platform.client("taisan.vp"), "/assets/items", is_vehicle=True)
            if a["status"] != "disposed"}


def key(plate: str) -> str:
    return "".join(ch for ch in plate.upper() if ch.isalnum())


def one_register(platform) -> bool:
    """Every car in fleet's pool is an item of the register and the other way round, each linked."""
    fleet, register = fleet_cars(platform), register_cars(platform)
    by_key = {key(p): a for p, a in register.items()}
    return (len(fleet) == len(register) and {key(p) for p in fleet} == set(by_key)
            and all(v["asset_id"] == by_key[key(p)]["id"] for p, v in fleet.items()))


def new_plate() -> str:
    n = uuid.uuid4().int
    return f"81C-{n % 1000:03d}.{(n // 1000) % 100:02d}"


def asset_car(plate: str, **attributes) -> dict:
    return {"category": "car", "name": "Xe ô tô Toyota Innova", "unit": "VP", "acquired_on": "2024-01-10",
            "original_cost_vnd": 800_000_000, "attributes": {"plate": plate, "seats": 7, "model": "Toyota Innova",
                                                             "fuel_norm_l_per_100km": 9.0, **attributes}}


def fleet_car(plate: str) -> dict:
    return {"plate": plate, "model": "Ford Transit", "seats": 16, "fuel_type": "diesel",
            "fuel_norm_l_per_100km": 12.0, "acquired_on": "2025-03-01", "original_cost_vnd": 1_100_000_000}


@pytest.fixture(scope="module")
def plat(tmp_path_factory):
    """A platform of this module's own, with the car entitlement's defaults (buildingblocks.cars)."""
    made = Platform(tmp_path_factory.mktemp("cars-platform-logs"))
    for name in [k for k in made.base_env if k.startswith("CAR_LIMIT_")]:
        del made.base_env[name]
    try:
        made.start()
    except Exception:
        for key in list(made.procs):
            print(made.log_tail(key, 20))
        made.stop()
        raise
    try:
        # the demo's cars, seeded in the register, have joined the pool once each
        eventually(lambda: one_register(made), timeout=WAIT, interval=0.5)
        yield made
    finally:
        made.stop()


def test_one_register_after_seeding_and_plates_however_written(plat):
    fleet, register = fleet_cars(plat), register_cars(plat)
    assert fleet and len(fleet) == len(register)
    assert all(v["asset_id"] is not None for v in fleet.values())
    # a car in the pool is the register's car whatever way its plate is written
    some = next(iter(fleet))
    compact = key(some)
    taken = problem(plat.client("taisan.vp").post("/assets/items", asset_car(compact.lower())), 409)
    assert taken["rule"] == "unique_plate"
    spaced = f"{compact[:3]} {compact[3:]}".lower()
    assert problem(plat.client("doixe.vp").post("/fleet/vehicles", fleet_car(spaced)), 409)["rule"] == "plate_taken"


def test_the_car_after_the_last_is_refused_through_registration_and_procurement(plat):
    fleet_office, register, leader = plat.client("doixe.vp"), plat.client("taisan.vp"), plat.client("bithu")
    figures = ok(fleet_office.get("/fleet/car-entitlement"))
    held, entitled, limit = figures["held"], figures["entitled"], figures["limit"]
    assert entitled == 22 and limit == entitled and 0 < held < limit  # the defaults: the demo province
    assert sum(line["cars"] for line in figures["breakdown"]) == entitled
    assert all(line["source"] and line["mark"] for line in figures["breakdown"])
    assert figures["needed"] >= 0

    # a procurement of one car for the Office, approved by the leadership before the pool is full
    draft = ok(register.post("/assets/procurements", {"unit": "VP", "note": "Thay xe 7 chỗ", "lines": [
        {"category": "car", "description": "Xe ô tô 7 chỗ phục vụ công tác chung", "quantity": 1,
         "unit_price_vnd": 500_000_000}]}), 201)
    pid = draft["id"]
    ok(register.post(f"/assets/procurements/{pid}/submit"))
    eventually(lambda: ok(register.get(f"/assets/procurements/{pid}"))["status"] == "pending_approval",
               timeout=WAIT, interval=0.3)
    assert ok(leader.post(f"/assets/procurements/{pid}/approve", {"note": "Đồng ý"}))["status"] == "approved"

    # fill the entitlement: cars registered in assets, the last one added in fleet
    room = limit - held
    worn = new_plate()
    for i in range(room - 1):
        body = asset_car(worn, odometer_km=260_000) if i == 0 else asset_car(new_plate())
        ok(register.post("/assets/items", body), 201)
    last = new_plate()
    ok(fleet_office.post("/fleet/vehicles", fleet_car(last.replace("-", " ").replace(".", "").lower())), 201)
    eventually(lambda: one_register(plat) and len(fleet_cars(plat)) == len(register_cars(plat)) >= held + room,
               timeout=WAIT, interval=0.5)
    assert ok(fleet_office.get("/fleet/car-entitlement"))["held"] == limit

    # the car after the last: refused in assets, in fleet and at the procurement's receipt, with the figures
    refused = [
        problem(register.post("/assets/items", asset_car(new_plate())), 409),
        problem(fleet_office.post("/fleet/vehicles", fleet_car(new_plate())), 409),
        problem(register.post(f"/assets/procurements/{pid}/receive", {"lines": [
            {"unit_price_vnd": 495_000_000, "items": [{"attributes": {"plate": new_plate(), "seats": 7}}]}]}), 409),
    ]
    for p in refused:
        assert p["rule"] == "car_limit", p
        assert (p["held"], p["entitled"], p["limit"]) == (limit, entitled, limit), p
    # a bus is no general-use car: it is not refused
    ok(register.post("/assets/items", {**asset_car(new_plate(), seats=45), "name": "Xe khách 45 chỗ"}), 201)

    # only the leadership records an exception, by its decision number
    exception = {"decision_no": f"{uuid.uuid4().int % 1000}-QĐ/TU", "extra_cars": 1, "decided_on": TODAY.isoformat(),
                 "note": "Bổ sung xe cho đoàn công tác miền núi"}
    problem(fleet_office.post("/fleet/car-entitlement/exceptions", exception), 403)
    recorded = ok(leader.post("/fleet/car-entitlement/exceptions", exception), 201)
    assert recorded["decision_no"] == exception["decision_no"] and recorded["recorded_by"] == "bithu"
    assert problem(leader.post("/fleet/car-entitlement/exceptions", exception), 409)["rule"] == "decision_taken"

    # the register hears of it: the procurement's car is received, and joins the pool once
    bought = new_plate()

    def received():
        resp = register.post(f"/assets/procurements/{pid}/receive", {"lines": [
            {"unit_price_vnd": 495_000_000, "items": [{"attributes": {"plate": bought, "seats": 7}}]}]})
        if resp.status_code == 409 and resp.json().get("rule") == "car_limit":
            return None
        return ok(resp)
    assert eventually(received, timeout=WAIT, interval=0.5)["status"] == "received"
    eventually(lambda: one_register(plat) and bought in fleet_cars(plat), timeout=WAIT, interval=0.5)
    after = ok(fleet_office.get("/fleet/car-entitlement"))
    assert (after["held"], after["entitled"], after["exception_cars"], after["limit"]) == (
        limit + 1, entitled, 1, limit + 1)
    # full again
    assert problem(register.post("/assets/items", asset_car(new_plate())), 409)["rule"] == "car_limit"

    # the worn car is flagged for replacement (Art 3.4.b: more than 250,000 km)
    car = fleet_cars(plat)[worn]
    assert car["replacement"]["due"] and [r["code"] for r in car["replacement"]["reasons"]] == ["km_over"]
    assert car["id"] in after["replacement_due"]

    # a repair estimate above 30 % of a car's cost, opened in the register, flags it in fleet (Art 3.4.c)
    procured = fleet_cars(plat)[bought]
    ok(register.post(f"/assets/items/{procured['asset_id']}/repairs",
                     {"description": "Đại tu động cơ", "estimated_cost_vnd": 200_000_000}), 201)
    costly = eventually(lambda: (v := fleet_cars(plat)[bought])["replacement"]["due"] and v, timeout=WAIT,
                        interval=0.5)
    assert [r["code"] for r in costly["replacement"]["reasons"]] == ["repair_over_share"]
    assert costly["repair_estimate_vnd"] == 200_000_000 and costly["original_cost_vnd"] == 495_000_000

    # retiring a car in fleet retires it in the register, and makes room for one
    ok(fleet_office.patch(f"/fleet/vehicles/{car['id']}", {"status": "retired"}))
    eventually(lambda: ok(register.get(f"/assets/items/{car['asset_id']}"))["status"] == "disposed",
               timeout=WAIT, interval=0.5)
    eventually(lambda: one_register(plat), timeout=WAIT, interval=0.5)
    ok(register.post("/assets/items", asset_car(new_plate())), 201)
    eventually(lambda: one_register(plat), timeout=WAIT, interval=0.5)
