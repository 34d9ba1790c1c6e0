"""A local run uses SQLite: the same migrations and the same flow work there (writes serialize
with BEGIN IMMEDIATE instead of row locks; there is no exclusion constraint)."""
import threading
from contextlib import ExitStack

from alembic import command
from alembic.config import Config
from sqlalchemy import text

from buildingblocks.migrations import upgrade

from fleet_testkit import (FLEET, HEAD_BTC, SERVICE_DIR, Api, Flow, at, fleet_app, fleet_database, local_day, outbox,
                           seed_replica)


def test_the_whole_flow_on_sqlite(tmp_path):
    url = f"sqlite:///{tmp_path}/fleet.db"
    upgrade(str(SERVICE_DIR / "alembic.ini"), url)
    database = fleet_database(url)
    stack = ExitStack()
    try:
        seed_replica(database)
        api = Api(stack.enter_context(fleet_app(database)).test_client())
        flow = Flow(api)
        car = flow.vehicle()
        booking = flow.dispatched()
        assert booking["vehicle_id"] == car["id"] and booking["dispatch_mode"] == "chosen"
        clash = flow.approved(start=9, end=10)
        refused = api.post(f"/bookings/{clash['id']}/dispatch", FLEET, {"vehicle_id": car["id"], "driver_id": 11})
        assert refused.status_code == 409 and refused.json["rule"] == "vehicle_busy"
        done = api.post(f"/bookings/{booking['id']}/complete", FLEET, {
            "odometer_start_km": 1000, "odometer_end_km": 1050, "fuel_litres": 5, "fuel_cost_vnd": 120_000})
        assert done.status_code == 200 and done.json["km"] == 50
        assert outbox(database, "fleet.trip.completed")[0]["data"]["km"] == 50
        assert api.get("/availability", FLEET, query={"start": at(2, 9), "end": at(2, 10)}).status_code == 200
        report = api.get("/utilization", FLEET, query={"from": local_day(0), "to": local_day(3)})
        assert report.status_code == 200 and report.json["peak"]["concurrent_demand"] == 2
        assert api.get("/bookings", HEAD_BTC).status_code == 200
        found = api.get("/bookings", HEAD_BTC, query={"q": "KIEM TRA co so mai van phuc"}).json["items"]
        assert {b["id"] for b in found} == {booking["id"], clash["id"]}
        assert [v["id"] for v in api.get("/vehicles", FLEET, query={"q": "29a00101 innova"}).json["items"]] == [car["id"]]
        assert [d["staff_id"] for d in api.get("/drivers", FLEET, query={"q": "ĐẶNG van"}).json["items"]] == [11]
        assert [i["id"] for i in api.get("/inbox", FLEET).json["items"]] == [clash["id"]]
    finally:
        stack.close()
        database.dispose()


def test_racing_dispatches_on_sqlite_never_double_book(tmp_path):
    url = f"sqlite:///{tmp_path}/fleet.db"
    upgrade(str(SERVICE_DIR / "alembic.ini"), url)
    database = fleet_database(url)
    stack = ExitStack()
    try:
        seed_replica(database)
        app = stack.enter_context(fleet_app(database))
        flow = Flow(Api(app.test_client()))
        car = flow.vehicle()
        ids = [flow.approved(start=8, end=12)["id"] for _ in range(6)]
        drivers = [10, 11, 25, 34, 45, 54]
        barrier = threading.Barrier(len(ids))
        codes = []

        def go(booking_id, driver_id):
            api = Api(app.test_client())
            barrier.wait()
            codes.append(api.post(f"/bookings/{booking_id}/dispatch", FLEET,
                                  {"vehicle_id": car["id"], "driver_id": driver_id}).status_code)

        threads = [threading.Thread(target=go, args=pair) for pair in zip(ids, drivers)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert sorted(codes) == [200] + [409] * 5
    finally:
        stack.close()
        database.dispose()


def test_the_search_migration_fills_the_rows_already_there(tmp_path):
    url = f"sqlite:///{tmp_path}/fleet.db"
    cfg = Config(str(SERVICE_DIR / "alembic.ini"))
    cfg.set_main_option("sqlalchemy.url", url)
    command.upgrade(cfg, "0001")
    database = fleet_database(url)
    stack = ExitStack()
    try:
        seed_replica(database)
        with database.engine.begin() as conn:
            conn.execute(text("INSERT INTO vehicles (plate, model, seats, fuel_type, fuel_norm_l_per_100km, "
                              "odometer_km, status, created_at, updated_at) VALUES ('36A-002.02', 'Toyota Fortuner', "
                              "7, 'diesel', 9.0, 0, 'available', '2026-01-01', '2026-01-01')"))
            conn.execute(text("INSERT INTO bookings (unit, requested_by, requester_staff_id, purpose, destination, "
                              "start_at, end_at, passengers, status, fuel_flagged, created_at, updated_at) VALUES ('BTC', "
                              "'chuyenvien.btc', 22, 'Đón đoàn công tác', 'Đà Lạt', '2030-01-01 01:00:00', "
                              "'2030-01-01 05:00:00', 2, 'requested', 0, '2026-01-01', '2026-01-01')"))
        command.upgrade(cfg, "head")
        api = Api(stack.enter_context(fleet_app(database)).test_client())
        assert len(api.get("/vehicles", FLEET, query={"q": "36a00202 fortuner"}).json["items"]) == 1
        assert len(api.get("/bookings", FLEET, query={"q": "da lat mai van phuc"}).json["items"]) == 1
    finally:
        stack.close()
        database.dispose()
