"""Events assets consumes, through the real consumer on the real broker (isolated exchange), and
the events it publishes, through the real relay."""
import datetime as dt
import json

import pika
import pytest
from buildingblocks.messaging import OutboxRelay, connection_parameters, publish_raw
from buildingblocks.replica import get_unit
from buildingblocks.testing import ConsumerThread, delete_broker_objects, isolated_broker_settings, wait_for
from sqlalchemy import func, select

from assets.adapters.orm import Asset, AssetHistory, CarLimitException, Procurement, ProcurementStep
from assets.adapters.repository import CarLimits
from assets.integration.handlers import HANDLERS
from conftest import BTC_STAFF, OFFICE
from helpers import draft, events, register


@pytest.fixture()
def broker(database):
    settings = isolated_broker_settings("assets", database_url=database.url, EVENT_RETRY_DELAYS="0.2,0.4")
    yield settings
    delete_broker_objects(settings, ["assets"])


@pytest.fixture()
def consumer(broker, database):
    with ConsumerThread(broker, database, HANDLERS) as running:
        yield running


def procurement(database, procurement_id):
    with database.session_factory() as session:
        p = session.get(Procurement, procurement_id)
        steps = session.scalars(select(ProcurementStep.status).where(ProcurementStep.procurement_id == procurement_id)
                                .order_by(ProcurementStep.id)).all()
        return p.status, p.reservation_status, p.reservation_reason, p.available_vnd, list(steps)


def reservation(p, **extra):
    return {"source": "assets.procurement", "source_id": p["id"], "unit": "BTC", "fiscal_year": p["fiscal_year"],
            "category": "procurement", "amount_vnd": p["total_vnd"], **extra}


def submit(client):
    p = draft(client, BTC_STAFF)
    return client.post(f"/procurements/{p['id']}/submit", BTC_STAFF).get_json()


def test_finance_accepting_puts_the_request_before_its_approver_once(client, database, broker, consumer):
    p = submit(client)
    event = publish_raw(broker, "finance.reservation.accepted", reservation(p), unit="BTC", source="finance")
    publish_raw(broker, "finance.reservation.accepted", reservation(p), unit="BTC", source="finance",
                event_id=event.id)  # redelivered: the inbox makes it change nothing twice
    wait_for(lambda: procurement(database, p["id"])[0] == "pending_approval")
    # a later event shows the consumer went past both deliveries
    publish_raw(broker, "hr.staff.left", {"id": 24, "full_name": "Tạ Văn Hải", "unit": "BTC-VP"}, source="hr")
    wait_for(lambda: _replica_status(database, 24) == "left")
    status, reservation_status, _, _, steps = procurement(database, p["id"])
    assert (status, reservation_status) == ("pending_approval", "accepted")
    assert steps == ["draft", "awaiting_budget", "pending_approval"]


def _replica_status(database, staff_id):
    from buildingblocks.replica import get_staff

    with database.session_factory() as session:
        row = get_staff(session, staff_id)
        return row.status if row else None


def test_finance_refusing_stops_the_request_with_its_reason(client, database, broker, consumer):
    p = submit(client)
    publish_raw(broker, "finance.reservation.rejected",
                reservation(p, reason="budget BTC/procurement/2026: 5,000,000 available", available_vnd=5_000_000),
                unit="BTC", source="finance")
    wait_for(lambda: procurement(database, p["id"])[0] == "budget_rejected")
    _, reservation_status, reason, available, _ = procurement(database, p["id"])
    assert (reservation_status, available) == ("rejected", 5_000_000) and "5,000,000" in reason


def test_another_services_reservation_is_ignored(client, database, broker, consumer):
    p = submit(client)
    publish_raw(broker, "finance.reservation.accepted", reservation(p, source="fleet.something"), source="finance")
    publish_raw(broker, "hr.staff.left", {"id": 24, "full_name": "x", "unit": "BTC-VP"}, source="hr")
    wait_for(lambda: _replica_status(database, 24) == "left")
    assert procurement(database, p["id"])[0] == "awaiting_budget"


def test_hr_events_keep_the_replica_that_requests_are_checked_against(client, database, broker, consumer):
    staff = {"id": 77, "full_name": "Nguyễn Mới", "unit": "BTC", "previous_unit": None, "position_id": 5,
             "position_title": "Chuyên viên", "position_rank": "specialist", "position_family": "professional",
             "is_driver": False, "title_rank": "specialist", "licence_class": None, "licence_expiry": None,
             "status": "active"}
    line = {"category": "computer", "description": "PC", "quantity": 1, "unit_price_vnd": 10_000_000,
            "beneficiary_staff_id": 77}
    assert client.post("/procurements", BTC_STAFF, {"lines": [line]}).status_code == 422
    publish_raw(broker, "hr.staff.hired", staff, unit="BTC", source="hr")
    wait_for(lambda: _replica_status(database, 77) == "active")
    assert client.post("/procurements", BTC_STAFF, {"lines": [line]}).status_code == 201
    publish_raw(broker, "hr.unit.created", {"code": "BKT", "name": "Ban Kinh tế", "kind": "board",
                                            "parent_code": None, "valid_from": "2026-01-01", "valid_to": None},
                source="hr")
    wait_for(lambda: _unit(database, "BKT") is not None)
    assert client.post("/items", OFFICE, {"category": "computer", "name": "PC", "unit": "BKT",
                                          "acquired_on": "2026-01-05", "original_cost_vnd": 1}).status_code == 201


def _unit(database, code):
    with database.session_factory() as session:
        return get_unit(session, code)


def test_a_board_dissolved_into_a_successor_hands_over_its_assets(client, database, broker, consumer):
    pc = register(client, unit="BNC", holder_staff_id=51)
    printer = register(client, unit="BNC", category="printer", name="Máy in")
    register(client, unit="BTC")
    effective = (dt.date.today() - dt.timedelta(days=3)).isoformat()
    publish_raw(broker, "hr.unit.dissolved", {"code": "BNC", "successor_code": "VP", "effective_date": effective},
                unit="BNC", source="hr")
    wait_for(lambda: _units(database, [pc["id"], printer["id"]]) == ["VP", "VP"])
    with database.session_factory() as session:
        moves = session.execute(select(AssetHistory.asset_id, AssetHistory.from_unit, AssetHistory.to_unit,
                                       AssetHistory.effective_on, AssetHistory.actor)
                                .where(AssetHistory.kind == "transferred").order_by(AssetHistory.asset_id)).all()
    assert [(m.asset_id, m.from_unit, m.to_unit, m.effective_on.isoformat(), m.actor) for m in moves] == [
        (pc["id"], "BNC", "VP", effective, "hr-event"), (printer["id"], "BNC", "VP", effective, "hr-event")]
    transferred = events(database, "assets.asset.transferred")
    assert sorted(e["data"]["asset_id"] for e in transferred) == [pc["id"], printer["id"]]
    assert all(e["unit"] == "VP" and e["data"]["from_unit"] == "BNC" for e in transferred)
    assert _unit(database, "BNC").valid_to.isoformat() == effective
    # the dissolved board is no longer one a request may name
    resp = client.post("/items", OFFICE, {"category": "computer", "name": "PC", "unit": "BNC",
                                          "acquired_on": "2020-01-05", "original_cost_vnd": 1})
    assert resp.status_code == 422 and "dissolved" in resp.get_json()["errors"]["unit"][0]


def _units(database, ids):
    with database.session_factory() as session:
        return [session.get(Asset, i).unit for i in ids]


def test_a_dissolution_without_successor_moves_nothing(client, database, broker, consumer):
    pc = register(client, unit="BNC")
    publish_raw(broker, "hr.unit.dissolved", {"code": "BNC", "successor_code": None, "effective_date": "2026-07-01"},
                source="hr")
    wait_for(lambda: _unit(database, "BNC").valid_to is not None)
    assert _units(database, [pc["id"]]) == ["BNC"] and events(database, "assets.asset.transferred") == []


def test_what_a_person_held_stays_with_the_board_when_they_leave_it(client, database, broker, consumer):
    kept = register(client, holder_staff_id=22)
    moved = {"id": 22, "full_name": "Mai Văn Phúc", "unit": "BNC", "previous_unit": "BTC", "position_id": None,
             "position_title": None, "position_rank": None, "position_family": None, "is_driver": False,
             "title_rank": "specialist", "licence_class": None, "licence_expiry": None, "status": "active"}
    publish_raw(broker, "hr.staff.transferred", moved, unit="BNC", source="hr")
    wait_for(lambda: _holder(database, kept["id"]) is None)
    assert _units(database, [kept["id"]]) == ["BTC"]
    with database.session_factory() as session:
        last = session.scalars(select(AssetHistory).where(AssetHistory.asset_id == kept["id"])
                               .order_by(AssetHistory.id.desc())).first()
    assert (last.kind, last.from_holder, last.to_holder) == ("holder_changed", 22, None)


def _holder(database, asset_id):
    with database.session_factory() as session:
        return session.get(Asset, asset_id).holder_staff_id


def test_the_relay_publishes_assets_events_on_the_exchange(client, database, broker):
    conn = pika.BlockingConnection(connection_parameters(broker.broker_url))
    channel = conn.channel()
    channel.exchange_declare(broker.exchange, exchange_type="topic", durable=True)
    queue = channel.queue_declare("", exclusive=True).method.queue
    channel.queue_bind(queue, broker.exchange, routing_key="assets.#")
    try:
        submit(client)
        relay = OutboxRelay(broker, database)
        while relay.run_once():
            pass
        relay._drop()
        received = wait_for(lambda: channel.basic_get(queue, auto_ack=True)[2], timeout=10)
        envelope = json.loads(received)
        assert envelope["type"] == "assets.procurement.submitted" and envelope["source"] == "assets"
        assert envelope["unit"] == "BTC" and envelope["data"]["category"] == "procurement"
        with database.session_factory() as session:
            from buildingblocks.db import outbox_table

            t = outbox_table()
            assert session.scalar(select(func.count()).select_from(t).where(t.c.published_at.is_(None))) == 0
    finally:
        conn.close()


def _cars(database):
    with database.session_factory() as session:
        return [(a.plate, a.status, a.source) for a in session.scalars(
            select(Asset).where(Asset.plate.is_not(None)).order_by(Asset.id))]


def _withdrawn(database) -> list[int]:
    with database.session_factory() as session:
        return list(session.scalars(select(CarLimitException.id).where(CarLimitException.withdrawn_at.is_not(None))
                                    .order_by(CarLimitException.id)))


def _extra(database) -> int:
    with database.session_factory() as session:
        return CarLimits(session).extra()


def test_fleets_cars_join_the_register_once_and_leave_it(client, database, broker, consumer):
    """One register (issue 13): fleet's car is registered once however its plate is written and
    however often the event comes; its exception to the car entitlement counts; retired, it is
    disposed of."""
    car = {"vehicle_id": 41, "plate": "81A-000.41", "model": "Ford Transit", "seats": 16, "fuel_type": "diesel",
           "fuel_norm_l_per_100km": 12.0, "odometer_km": 500, "holder_staff_id": None, "acquired_on": "2025-06-01",
           "original_cost_vnd": 1_100_000_000, "unit": "VP"}
    first = publish_raw(broker, "fleet.vehicle.registered", car, source="fleet")
    publish_raw(broker, "fleet.vehicle.registered", car, source="fleet", event_id=first.id)
    publish_raw(broker, "fleet.vehicle.registered", {**car, "plate": "81a 00041"}, source="fleet")
    exception = {"exception_id": 5, "decision_no": "9-QĐ/TU", "extra_cars": 2, "decided_on": "2026-12-01",
                 "note": None}
    publish_raw(broker, "fleet.car_limit.exception_recorded", exception, source="fleet")
    publish_raw(broker, "fleet.car_limit.exception_recorded", exception, source="fleet")  # another delivery
    publish_raw(broker, "hr.staff.left", {"id": 24, "full_name": "x", "unit": "BTC-VP"}, source="hr")
    wait_for(lambda: _replica_status(database, 24) == "left")
    assert _cars(database) == [("81A00041", "in_use", "fleet:41")]
    assert _extra(database) == 2
    # the leadership withdraws it: it no longer counts, however often the event comes
    withdrawn = {"exception_id": 5, "decision_no": "9-QĐ/TU", "extra_cars": 2, "reason": "hết hiệu lực"}
    publish_raw(broker, "fleet.car_limit.exception_withdrawn", withdrawn, source="fleet")
    publish_raw(broker, "fleet.car_limit.exception_withdrawn", withdrawn, source="fleet")
    wait_for(lambda: _extra(database) == 0)
    # the exception's own event again, after its withdrawal (a retry): still withdrawn
    publish_raw(broker, "fleet.car_limit.exception_recorded", exception, source="fleet")
    # a withdrawal that overtakes its exception: the exception never counts
    overtaken = {"exception_id": 6, "decision_no": "10-QĐ/TU", "extra_cars": 1, "reason": "nhầm"}
    publish_raw(broker, "fleet.car_limit.exception_withdrawn", overtaken, source="fleet")
    wait_for(lambda: _withdrawn(database) == [5, 6])
    publish_raw(broker, "fleet.car_limit.exception_recorded", {**exception, "exception_id": 6, "extra_cars": 1},
                source="fleet")
    publish_raw(broker, "hr.staff.left", {"id": 22, "full_name": "x", "unit": "BTC"}, source="hr")
    wait_for(lambda: _replica_status(database, 22) == "left")  # the events before it are handled
    assert _extra(database) == 0
    published = events(database, "assets.asset.registered")
    assert [e["data"]["attributes"]["plate"] for e in published] == ["81A-000.41"]
    # the register refuses the same car by hand, however written
    taken = client.post("/items", OFFICE, {"category": "car", "name": "Xe", "unit": "VP", "acquired_on": "2025-06-01",
                                           "original_cost_vnd": 1, "attributes": {"plate": "81A00041", "seats": 7}})
    assert taken.status_code == 409 and taken.get_json()["rule"] == "unique_plate"
    publish_raw(broker, "fleet.vehicle.retired", {"vehicle_id": 41, "plate": "81A-000.41", "asset_id": None,
                                                  "retired_on": "2026-12-04"}, source="fleet")
    wait_for(lambda: _cars(database)[0][1] == "disposed")
    assert [e["data"]["plate"] for e in events(database, "assets.asset.disposed")] == ["81A-000.41"]
