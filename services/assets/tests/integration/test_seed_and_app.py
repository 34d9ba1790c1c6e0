"""The demo seed, the app's own endpoints, idempotent retries and racing registrations."""
import threading

from sqlalchemy import func, select

from buildingblocks import demo

from assets.adapters.orm import Asset
from assets.entrypoints.seed import seed_register
from conftest import BTC_STAFF, OFFICE
from helpers import events


def test_the_demo_seed_is_idempotent_and_publishes_the_cars(database):
    with database.unit_of_work() as uow:
        added = seed_register(uow)
        uow.commit()
    with database.unit_of_work() as uow:
        assert seed_register(uow) == 0
        uow.commit()
    with database.session_factory() as session:
        assert session.scalar(select(func.count()).select_from(Asset)) == added > 0
    cars = [e for e in events(database, "assets.asset.registered") if e["data"]["is_vehicle"]]
    # the demo's cars, each once: fleet's pool takes them from these events
    assert sorted(e["data"]["attributes"]["plate"] for e in cars) == sorted(car[1] for car in demo.CARS)


def test_health_metrics_and_openapi(client):
    assert client.get("/health/live", None).get_json()["status"] == "live"
    ready = client.get("/health/ready", None)
    assert ready.status_code == 200 and ready.get_json()["checks"]["database"] == "ok"
    assert client.get("/metrics", None).status_code == 200
    paths = client.get("/openapi.json", None).get_json()["paths"]
    for path in ("/items", "/procurements/{procurement_id}/submit", "/wear-runs", "/stocktakes/{stocktake_id}/close",
                 "/reports/register.csv"):
        assert path in paths, path


def test_a_retried_request_with_its_idempotency_key_gets_the_first_answer(client, database):
    body = {"category": "computer", "name": "PC", "unit": "BTC", "acquired_on": "2024-01-01",
            "original_cost_vnd": 1}
    first = client.post("/items", OFFICE, body, headers={"Idempotency-Key": "reg-1"})
    again = client.post("/items", OFFICE, body, headers={"Idempotency-Key": "reg-1"})
    assert first.status_code == again.status_code == 201
    assert again.get_json()["id"] == first.get_json()["id"] and again.headers.get("Idempotent-Replayed") == "true"
    assert len(events(database, "assets.asset.registered")) == 1


def test_racing_registrations_of_one_tag_give_one_asset_and_conflicts(client, database):
    body = {"tag": "RACE-1", "category": "computer", "name": "PC", "unit": "BTC", "acquired_on": "2024-01-01",
            "original_cost_vnd": 1}
    codes = []
    barrier = threading.Barrier(6)

    def post():
        barrier.wait()
        codes.append(client.post("/items", OFFICE, body).status_code)

    threads = [threading.Thread(target=post) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(codes) == [201, 409, 409, 409, 409, 409]


def test_racing_registrations_never_hand_out_a_new_tag_twice(client, database):
    codes = []
    barrier = threading.Barrier(5)

    def post(i):
        barrier.wait()
        codes.append(client.post("/items", OFFICE, {"category": "computer", "name": f"PC {i}", "unit": "BTC",
                                                    "acquired_on": "2024-01-01", "original_cost_vnd": 1}).status_code)

    threads = [threading.Thread(target=post, args=(i,)) for i in range(5)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert codes == [201] * 5
    tags = [i["tag"] for i in client.get("/items", BTC_STAFF).get_json()["items"]]
    assert len(set(tags)) == 5
