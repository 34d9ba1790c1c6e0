"""Events on the real RabbitMQ: what fleet publishes reaches the exchange; what HR and assets
publish changes the fleet through the real consumer (inbox, retries, parking)."""
import json

import pika
import pytest
from sqlalchemy import text

from buildingblocks.deadletters import list_parked
from buildingblocks.messaging import OutboxRelay, connection_parameters, declare_exchange, publish_raw
from buildingblocks.testing import ConsumerThread, delete_broker_objects, isolated_broker_settings, wait_for

from fleet.integration.handlers import HANDLERS
from fleet_testkit import FLEET, STAFF_BTC, STAFF_BTGDV

VEHICLE_ATTRS = {"plate": "29A-777.77", "seats": 7, "model": "Toyota Fortuner", "fuel_type": "diesel",
                 "fuel_norm_l_per_100km": 9.5, "odometer_km": 12000}


@pytest.fixture()
def settings(db):
    s = isolated_broker_settings("fleet", database_url=db.url, EVENT_RETRY_DELAYS="0.2,0.4")
    yield s
    delete_broker_objects(s, ["fleet"])


@pytest.fixture()
def consumer(settings, db):
    with ConsumerThread(settings, db, HANDLERS) as running:
        yield running


def scalar(db, sql, **params):
    with db.engine.connect() as conn:
        return conn.execute(text(sql), params).scalar()


def registered(asset_id=501, **attrs):
    return {"asset_id": asset_id, "tag": f"XE-{asset_id}", "category": "vehicle", "is_vehicle": True,
            "name": "Xe 7 chỗ", "unit": "VP", "acquired_on": "2026-01-15", "original_cost_vnd": 950_000_000,
            "attributes": VEHICLE_ATTRS | attrs, "holder_staff_id": None}


def test_a_completed_trip_reaches_the_exchange(api, flow, db, settings):
    conn = pika.BlockingConnection(connection_parameters(settings.broker_url))
    channel = conn.channel()
    declare_exchange(channel, settings)
    probe = channel.queue_declare("", exclusive=True).method.queue
    channel.queue_bind(probe, settings.exchange, routing_key="fleet.trip.completed")
    try:
        car = flow.vehicle()
        booking = flow.dispatched()
        done = api.post(f"/bookings/{booking['id']}/complete", FLEET, {
            "odometer_start_km": 1000, "odometer_end_km": 1080, "fuel_litres": 8.0, "fuel_cost_vnd": 190_000})
        assert done.status_code == 200
        relay = OutboxRelay(settings, db)
        assert relay.run_once() == 2  # the car's fleet.vehicle.registered, then the trip
        relay._drop()

        def fetched():
            method, props, body = channel.basic_get(probe, auto_ack=True)
            return (props, body) if method else None

        props, body = wait_for(fetched)
        envelope = json.loads(body)
        assert envelope["type"] == "fleet.trip.completed" and envelope["source"] == "fleet"
        assert envelope["unit"] == "BTC" and envelope["version"] == 1
        assert envelope["data"]["booking_id"] == booking["id"] and envelope["data"]["vehicle_id"] == car["id"]
        assert envelope["data"]["km"] == 80 and envelope["data"]["fuel_cost_vnd"] == 190_000
        assert props.message_id == envelope["id"]
    finally:
        conn.close()


def test_a_vehicle_asset_joins_the_pool_once(db, settings, consumer, api):
    first = publish_raw(settings, "assets.asset.registered", registered(), unit="VP", source="assets")
    wait_for(lambda: scalar(db, "SELECT count(*) FROM vehicles WHERE asset_id = 501") == 1)
    publish_raw(settings, "assets.asset.registered", registered(), unit="VP", source="assets")  # again, new id
    publish_raw(settings, "assets.asset.registered", registered(), unit="VP", event_id=first.id)  # redelivery
    publish_raw(settings, "assets.asset.registered", registered(502) | {"is_vehicle": False, "attributes": {}})
    publish_raw(settings, "assets.asset.registered", registered(503, seats=None, plate=None))
    marker = publish_raw(settings, "assets.asset.registered", registered(504, plate="29A-888.88"))
    wait_for(lambda: scalar(db, "SELECT count(*) FROM inbox WHERE event_id = :i", i=marker.id) == 1)
    assert scalar(db, "SELECT count(*) FROM vehicles") == 2
    [vehicle] = [v for v in api.get("/vehicles", STAFF_BTC).json["items"] if v["asset_id"] == 501]
    assert vehicle["plate"] == "29A-777.77" and vehicle["seats"] == 7 and vehicle["fuel_type"] == "diesel"
    assert vehicle["fuel_norm_l_per_100km"] == 9.5 and vehicle["odometer_km"] == 12000 and vehicle["asset_tag"] == "XE-501"
    assert list_parked(settings) == []


def test_a_registered_asset_links_to_the_vehicle_of_the_same_plate(db, settings, consumer, flow):
    car = flow.vehicle("29A-777.77")
    publish_raw(settings, "assets.asset.registered", registered(), unit="VP")
    wait_for(lambda: scalar(db, "SELECT asset_id FROM vehicles WHERE id = :v", v=car["id"]) == 501)
    assert scalar(db, "SELECT count(*) FROM vehicles") == 1


def test_a_disposed_vehicle_is_retired_and_its_trips_go_back_to_the_dispatcher(db, settings, consumer, api, flow):
    publish_raw(settings, "assets.asset.registered", registered(), unit="VP")
    vehicle_id = wait_for(lambda: scalar(db, "SELECT id FROM vehicles WHERE asset_id = 501"))
    booking = flow.dispatched(vehicle_id=vehicle_id, driver_id=10)
    publish_raw(settings, "assets.asset.disposed",
                {"asset_id": 501, "tag": "XE-501", "unit": "VP", "is_vehicle": True, "disposed_on": "2026-11-01",
                 "plate": "29A-777.77"}, unit="VP")
    wait_for(lambda: scalar(db, "SELECT status FROM vehicles WHERE id = :v", v=vehicle_id) == "retired")
    back = api.get(f"/bookings/{booking['id']}", FLEET).json
    assert back["status"] == "approved" and back["vehicle_id"] is None and back["driver_id"] is None
    assert "disposed" in back["dispatch_note"]


def test_a_dissolved_board_hands_its_open_bookings_to_its_successor(db, settings, consumer, api, flow):
    open_ids = [flow.booking(who=STAFF_BTGDV)["id"], flow.approved(who=STAFF_BTGDV, head="truongban.btgdv")["id"]]
    done = flow.booking(who=STAFF_BTGDV)
    api.post(f"/bookings/{done['id']}/cancel", STAFF_BTGDV, {})
    mine = flow.booking(who=STAFF_BTC)
    publish_raw(settings, "hr.unit.dissolved",
                {"code": "BTGDV", "successor_code": "VP", "effective_date": "2026-01-01"}, unit="BTGDV", source="hr")
    wait_for(lambda: scalar(db, "SELECT count(*) FROM bookings WHERE unit = 'VP'") == 2)
    for booking_id in open_ids:
        moved = api.get(f"/bookings/{booking_id}", FLEET).json
        assert moved["unit"] == "VP" and moved["moved_from_unit"] == "BTGDV"
    assert api.get(f"/bookings/{done['id']}", FLEET).json["unit"] == "BTGDV"
    assert api.get(f"/bookings/{mine['id']}", FLEET).json["unit"] == "BTC"
    assert scalar(db, "SELECT successor_code FROM replica_units WHERE code = 'BTGDV'") == "VP"
    # the dissolved board can no longer book
    assert api.post("/bookings", FLEET, {"unit": "BTGDV", "purpose": "x", "destination": "y",
                                         "start_at": "2030-01-02T08:00:00+07:00", "end_at": "2030-01-02T09:00:00+07:00",
                                         "passengers": 1}).status_code == 422


def test_a_dissolution_without_successor_moves_nothing(db, settings, consumer, flow):
    booking = flow.booking(who="chuyenvien.bnc")
    marker = publish_raw(settings, "hr.unit.dissolved", {"code": "BNC", "successor_code": None,
                                                         "effective_date": "2026-01-01"})
    wait_for(lambda: scalar(db, "SELECT count(*) FROM inbox WHERE event_id = :i", i=marker.id) == 1)
    assert scalar(db, "SELECT unit FROM bookings WHERE id = :b", b=booking["id"]) == "BNC"


def hr_staff(staff_id, **kw):
    return {"id": staff_id, "full_name": "Trương Văn Mới", "unit": "VP-QT", "previous_unit": None, "position_id": 9,
            "position_title": "Lái xe", "position_rank": "support", "position_family": "support", "is_driver": True,
            "title_rank": "support", "licence_class": "D", "licence_expiry": "2031-12-31", "status": "active"} | kw


def test_a_hired_driver_appears_and_a_leaving_one_gives_back_their_trips(db, settings, consumer, api, flow):
    publish_raw(settings, "hr.staff.hired", hr_staff(70), source="hr")
    wait_for(lambda: any(d["staff_id"] == 70 for d in api.get("/drivers", FLEET).json["items"]))
    car = flow.vehicle()
    booking = flow.dispatched(vehicle_id=car["id"], driver_id=70)
    publish_raw(settings, "hr.staff.left", hr_staff(70, status="left"), source="hr")
    wait_for(lambda: api.get(f"/bookings/{booking['id']}", FLEET).json["status"] == "approved")
    assert all(d["staff_id"] != 70 for d in api.get("/drivers", FLEET).json["items"])
    resp = api.post(f"/bookings/{booking['id']}/dispatch", FLEET, {"vehicle_id": car["id"], "driver_id": 70})
    assert resp.status_code == 422  # left: unknown as a driver now


def test_a_driver_moved_off_a_driver_position_is_released(db, settings, consumer, api, flow):
    car = flow.vehicle()
    booking = flow.dispatched(vehicle_id=car["id"], driver_id=11)
    publish_raw(settings, "hr.staff.changed", hr_staff(11, full_name="Đặng Văn Sơn", is_driver=False,
                                                        position_title="Văn thư"), source="hr")
    wait_for(lambda: api.get(f"/bookings/{booking['id']}", FLEET).json["status"] == "approved")
    # a transfer that keeps the driver position changes nothing
    other = flow.dispatched(vehicle_id=car["id"], driver_id=10, start=14, end=16)
    marker = publish_raw(settings, "hr.staff.transferred",
                         hr_staff(10, full_name="Phan Văn Hùng", unit="VP", previous_unit="VP-QT"), source="hr")
    wait_for(lambda: scalar(db, "SELECT count(*) FROM inbox WHERE event_id = :i", i=marker.id) == 1)
    assert api.get(f"/bookings/{other['id']}", FLEET).json["status"] == "dispatched"


def test_plate_written_without_the_dot_is_the_same_car():
    from fleet.domain.vehicles import normalize_plate, plate_key

    assert plate_key("99E-090.05") == plate_key("99e-09005") == plate_key("99E09005") == "99E09005"
    assert normalize_plate(" 99e-090.05 ") == "99E-090.05"
