"""Every incoming event, through the real consumer on RabbitMQ (an isolated exchange) and PostgreSQL."""

import json
import uuid

import pytest
from buildingblocks.deadletters import list_parked
from buildingblocks.messaging import publish_raw
from buildingblocks.testing import ConsumerThread, delete_broker_objects, isolated_broker_settings, wait_for
from prometheus_client import REGISTRY
from sqlalchemy import text

from finance.integration.handlers import HANDLERS

YEAR = 2026


@pytest.fixture()
def broker(database):
    settings = isolated_broker_settings("finance", database_url=database.url)
    with ConsumerThread(settings, database, HANDLERS):
        yield settings
    delete_broker_objects(settings, ["finance"])


def handled(database, event_id):
    with database.engine.connect() as conn:
        return conn.execute(text("SELECT 1 FROM inbox WHERE event_id = :e"), {"e": event_id}).first() is not None


def deliver(broker, database, type_, data, unit=None, event_id=None):
    """Publish one event and wait until the consumer committed it; returns the event id."""
    event = publish_raw(broker, type_, data, unit=unit, event_id=event_id)
    wait_for(lambda: handled(database, event.id), timeout=20)
    return event.id


def deliver_again(broker, database, type_, data, event_id):
    """Redeliver an event already handled, then a marker behind it; once the marker is in, so is the copy."""
    publish_raw(broker, type_, data, event_id=event_id)
    marker = publish_raw(broker, "hr.unit.changed", {"code": "VP", "name": "Văn phòng Tỉnh ủy", "kind": "office"})
    wait_for(lambda: handled(database, marker.id), timeout=20)


def rows(database, sql, **params):
    with database.engine.connect() as conn:
        return [dict(r._mapping) for r in conn.execute(text(sql), params)]


def outbox(database, type_):
    return [json.loads(r["payload"]) | {"_unit": r["unit"]}
            for r in rows(database, "SELECT payload, unit FROM outbox WHERE type = :t ORDER BY id", t=type_)]


def figures(client, as_user, unit, category, year=YEAR):
    items = client.get("/budgets", query_string={"unit": unit, "category": category, "fiscal_year": year},
                       headers=as_user("ketoan.vp")).json["items"]
    return {k: items[0][k] for k in ("allocated_vnd", "reserved_vnd", "spent_vnd", "available_vnd")} if items else None


def trip(booking_id=7, unit="BTGDV", cost=850_000, completed_at=f"{YEAR}-06-15T10:30:00+07:00"):
    return {"booking_id": booking_id, "unit": unit, "vehicle_id": 3, "driver_id": 10, "km": 120, "fuel_litres": 42.5,
            "fuel_cost_vnd": cost, "completed_at": completed_at}


# -- chargebacks ---------------------------------------------------------------------------


def test_a_completed_trip_is_charged_once_to_the_booking_boards_transport_budget(client, as_user, allocate, broker, database):
    allocate("BTGDV", "transport", 10_000_000)
    event_id = deliver(broker, database, "fleet.trip.completed", trip(), unit="BTGDV")
    assert figures(client, as_user, "BTGDV", "transport")["spent_vnd"] == 850_000
    entry = client.get("/ledger", query_string={"source": "fleet.trip", "source_id": "7"},
                       headers=as_user("chuyenvien.btgdv")).json["items"]
    assert [(e["kind"], e["amount_vnd"], e["event_id"], e["overrun"]) for e in entry] == [
        ("spent", 850_000, event_id, False)]
    # The same event redelivered, and another event about the same trip: nothing more is booked.
    deliver_again(broker, database, "fleet.trip.completed", trip(), event_id)
    deliver(broker, database, "fleet.trip.completed", trip(), unit="BTGDV")
    assert figures(client, as_user, "BTGDV", "transport")["spent_vnd"] == 850_000
    assert outbox(database, "finance.budget.overrun") == []
    chargebacks = client.get("/chargebacks", headers=as_user("chuyenvien.btgdv")).json["items"]
    assert [(c["source"], c["source_id"], c["unit"], c["category"], c["amount_vnd"], c["occurred_on"], c["overrun"])
            for c in chargebacks] == [("fleet.trip", "7", "BTGDV", "transport", 850_000, f"{YEAR}-06-15", False)]
    assert client.get("/chargebacks", headers=as_user("chuyenvien.btc")).json["items"] == []
    assert client.get(f"/chargebacks/{chargebacks[0]['id']}", headers=as_user("chuyenvien.btc")).status_code == 404
    assert client.get(f"/chargebacks/{chargebacks[0]['id']}", headers=as_user("bithu")).status_code == 200


def test_a_trip_past_the_budget_is_booked_flagged_counted_and_published(client, as_user, allocate, broker, database):
    allocate("BTC", "transport", 1_000_000)
    before = REGISTRY.get_sample_value("finance_budget_overruns_total",
                                       {"unit": "BTC", "category": "transport", "source": "fleet.trip"}) or 0
    deliver(broker, database, "fleet.trip.completed", trip(booking_id=8, unit="BTC", cost=600_000))
    deliver(broker, database, "fleet.trip.completed", trip(booking_id=9, unit="BTC", cost=700_000))
    assert figures(client, as_user, "BTC", "transport") == {
        "allocated_vnd": 1_000_000, "reserved_vnd": 0, "spent_vnd": 1_300_000, "available_vnd": -300_000}
    flagged = client.get("/ledger", query_string={"source": "fleet.trip"}, headers=as_user("ketoan.vp")).json["items"]
    assert [(e["source_id"], e["overrun"]) for e in flagged] == [("9", True), ("8", False)]
    after = REGISTRY.get_sample_value("finance_budget_overruns_total",
                                      {"unit": "BTC", "category": "transport", "source": "fleet.trip"})
    assert after == before + 1
    assert outbox(database, "finance.budget.overrun") == [{
        "unit": "BTC", "fiscal_year": YEAR, "category": "transport", "allocated_vnd": 1_000_000,
        "spent_vnd": 1_300_000, "reserved_vnd": 0, "overrun_vnd": 300_000, "source": "fleet.trip", "source_id": 9,
        "_unit": "BTC"}]
    report = client.get("/reports/budgets", query_string={"fiscal_year": YEAR}, headers=as_user("bithu")).json
    row = [r for r in report["rows"] if r["category"] == "transport"][0]
    assert (row["overrun_vnd"], row["overrun_count"]) == (300_000, 1)


def test_a_trip_for_a_board_without_a_transport_budget_is_booked_as_an_overrun(client, as_user, broker, database):
    deliver(broker, database, "fleet.trip.completed", trip(booking_id=11, unit="BNC", cost=400_000))
    assert figures(client, as_user, "BNC", "transport") == {
        "allocated_vnd": 0, "reserved_vnd": 0, "spent_vnd": 400_000, "available_vnd": -400_000}
    assert outbox(database, "finance.budget.overrun")[0]["overrun_vnd"] == 400_000


def test_the_fiscal_year_of_a_trip_is_the_local_one(client, as_user, broker, database):
    # 31 Dec 2026, 18:00 UTC is 1 Jan 2027, 01:00 in Hanoi.
    deliver(broker, database, "fleet.trip.completed", trip(booking_id=12, completed_at="2026-12-31T18:00:00Z"))
    assert figures(client, as_user, "BTGDV", "transport", year=2027)["spent_vnd"] == 850_000
    assert figures(client, as_user, "BTGDV", "transport", year=2026) is None


def test_maintenance_is_charged_to_the_office(client, as_user, allocate, broker, database):
    allocate("VP", "maintenance", 50_000_000)
    deliver(broker, database, "fleet.maintenance.completed",
            {"record_id": 4, "vehicle_id": 3, "plate": "20A-123.45", "cost_vnd": 3_200_000, "done_on": f"{YEAR}-04-02"})
    assert figures(client, as_user, "VP", "maintenance")["spent_vnd"] == 3_200_000


def test_a_repair_is_charged_to_the_board_holding_the_asset(client, as_user, allocate, broker, database):
    allocate("UBKT", "repair", 20_000_000)
    data = {"repair_id": 5, "asset_id": 17, "tag": "UBKT-PC-003", "unit": "UBKT", "cost_vnd": 2_400_000,
            "completed_on": f"{YEAR}-07-09"}
    event_id = deliver(broker, database, "assets.repair.completed", data, unit="UBKT")
    deliver_again(broker, database, "assets.repair.completed", data, event_id)
    assert figures(client, as_user, "UBKT", "repair")["spent_vnd"] == 2_400_000


# -- reservations --------------------------------------------------------------------------


def procurement(pid=21, unit="BTC", amount=30_000_000):
    return {"procurement_id": pid, "unit": unit, "fiscal_year": YEAR, "category": "procurement", "amount_vnd": amount}


def test_a_procurement_is_reserved_accepted_then_spent_at_its_actual_cost(client, as_user, allocate, broker, database):
    allocate("BTC", "procurement", 100_000_000)
    event_id = deliver(broker, database, "assets.procurement.submitted", procurement(), unit="BTC")
    assert figures(client, as_user, "BTC", "procurement")["reserved_vnd"] == 30_000_000
    assert outbox(database, "finance.reservation.accepted") == [{
        "source": "assets.procurement", "source_id": 21, "unit": "BTC", "fiscal_year": YEAR,
        "category": "procurement", "amount_vnd": 30_000_000, "_unit": "BTC"}]
    # A replay books nothing more (and answers nothing more).
    deliver_again(broker, database, "assets.procurement.submitted", procurement(), event_id)
    assert figures(client, as_user, "BTC", "procurement")["reserved_vnd"] == 30_000_000
    assert len(outbox(database, "finance.reservation.accepted")) == 1

    received = deliver(broker, database, "assets.procurement.received", procurement(amount=27_500_000), unit="BTC")
    assert figures(client, as_user, "BTC", "procurement") == {
        "allocated_vnd": 100_000_000, "reserved_vnd": 0, "spent_vnd": 27_500_000, "available_vnd": 72_500_000}
    deliver_again(broker, database, "assets.procurement.received", procurement(amount=27_500_000), received)
    # A late cancellation of a received procurement changes nothing.
    deliver(broker, database, "assets.procurement.cancelled", {**procurement(), "reason": "cancelled"})
    assert figures(client, as_user, "BTC", "procurement")["spent_vnd"] == 27_500_000
    assert figures(client, as_user, "BTC", "procurement")["reserved_vnd"] == 0
    reservations = client.get("/reservations", query_string={"source_id": "21"}, headers=as_user("truongban.btc")).json
    assert [(r["status"], r["amount_vnd"], r["actual_vnd"]) for r in reservations["items"]] == [
        ("spent", 30_000_000, 27_500_000)]
    assert client.get(f"/reservations/{reservations['items'][0]['id']}", headers=as_user("chuyenvien.bnc")).status_code == 404


def test_a_procurement_beyond_the_budget_is_rejected_with_the_figures(client, as_user, allocate, broker, database):
    allocate("BTC", "procurement", 20_000_000)
    deliver(broker, database, "assets.procurement.submitted", procurement(amount=20_000_001))
    rejected = outbox(database, "finance.reservation.rejected")
    assert len(rejected) == 1
    assert (rejected[0]["source_id"], rejected[0]["amount_vnd"], rejected[0]["available_vnd"]) == (21, 20_000_001, 20_000_000)
    assert "20000001" in rejected[0]["reason"] and "20000000" in rejected[0]["reason"]
    assert figures(client, as_user, "BTC", "procurement")["reserved_vnd"] == 0
    assert outbox(database, "finance.reservation.accepted") == []
    refused = client.get("/reservations", headers=as_user("chuyenvien.btc")).json["items"]
    assert [(r["status"], r["amount_vnd"]) for r in refused] == [("rejected", 20_000_001)] and refused[0]["reason"]
    # After a supplement the same procurement, submitted again, is accepted.
    change = client.post("/budgets/supplements", json={"fiscal_year": YEAR, "unit": "BTC", "category": "procurement",
                                                       "amount_vnd": 5_000_000, "reason": "mua sắm"},
                         headers=as_user("ketoan.vp")).json
    client.post(f"/budgets/supplements/{change['id']}/approve", headers=as_user("bithu"))
    deliver(broker, database, "assets.procurement.submitted", procurement(amount=20_000_001))
    assert len(outbox(database, "finance.reservation.accepted")) == 1
    assert figures(client, as_user, "BTC", "procurement")["reserved_vnd"] == 20_000_001


def test_a_procurement_of_a_board_without_budget_is_rejected(client, as_user, broker, database):
    deliver(broker, database, "assets.procurement.submitted", procurement(unit="BNC", amount=1))
    rejected = outbox(database, "finance.reservation.rejected")
    assert rejected[0]["available_vnd"] == 0 and "no procurement budget" in rejected[0]["reason"]


def test_a_cancelled_procurement_releases_its_reservation_once(client, as_user, allocate, broker, database):
    allocate("BTC", "procurement", 100_000_000)
    deliver(broker, database, "assets.procurement.submitted", procurement())
    cancelled = {**procurement(), "reason": "rejected"}
    del cancelled["amount_vnd"]
    event_id = deliver(broker, database, "assets.procurement.cancelled", cancelled)
    deliver_again(broker, database, "assets.procurement.cancelled", cancelled, event_id)
    deliver(broker, database, "assets.procurement.cancelled", cancelled)
    assert figures(client, as_user, "BTC", "procurement") == {
        "allocated_vnd": 100_000_000, "reserved_vnd": 0, "spent_vnd": 0, "available_vnd": 100_000_000}
    released = client.get("/ledger", query_string={"kind": "released"}, headers=as_user("ketoan.vp")).json["items"]
    assert len(released) == 1


def test_a_receipt_above_the_reservation_past_the_budget_is_booked_and_flagged(client, as_user, allocate, broker, database):
    allocate("BTC", "procurement", 30_000_000)
    deliver(broker, database, "assets.procurement.submitted", procurement(amount=30_000_000))
    deliver(broker, database, "assets.procurement.received", procurement(amount=31_000_000))
    assert figures(client, as_user, "BTC", "procurement")["available_vnd"] == -1_000_000
    assert outbox(database, "finance.budget.overrun")[0]["overrun_vnd"] == 1_000_000


# -- HR replica and restructuring ------------------------------------------------------------


def test_a_hired_staff_member_can_benefit_from_requests_with_the_rank_hr_gave(client, as_user, allocate, broker, database):
    allocate("BTC", "lodging", 10_000_000)
    body = {"category": "lodging", "amount_vnd": 600_000, "beneficiary_staff_id": 777, "date": f"{YEAR}-03-01",
            "description": "phòng nghỉ"}
    assert client.post("/expenses", json=body, headers=as_user("chuyenvien.btc")).status_code == 422
    deliver(broker, database, "hr.staff.hired", {
        "id": 777, "full_name": "Nguyễn Thị Mới", "unit": "BTC", "previous_unit": None, "position_id": 9,
        "position_title": "Phó Trưởng ban", "position_rank": "deputy", "position_family": "leadership",
        "is_driver": False, "title_rank": "board_deputy", "licence_class": None, "licence_expiry": None,
        "status": "active"})
    answer = client.post("/expenses", json=body, headers=as_user("chuyenvien.btc"))
    assert answer.status_code == 201 and answer.json["beneficiary_title_rank"] == "board_deputy"


def test_a_dissolved_board_hands_its_available_budgets_to_its_successor(client, as_user, allocate, broker, database):
    deliver(broker, database, "hr.unit.created", {"code": "BTG", "name": "Ban Tuyên giáo Tỉnh ủy", "kind": "board",
                                                  "parent_code": None, "valid_from": "2020-01-01", "valid_to": None})
    allocate("BTG", "stationery", 8_000_000)
    allocate("BTG", "lodging", 5_000_000)
    allocate("BTGDV", "stationery", 1_000_000)
    deliver(broker, database, "hr.staff.hired", {"id": 801, "full_name": "Trần Văn Cũ", "unit": "BTG",
                                                 "title_rank": "specialist", "status": "active"})
    headers = as_user("ketoan.vp")
    client.post("/expenses", json={"unit": "BTG", "category": "stationery", "amount_vnd": 3_000_000,
                                   "beneficiary_staff_id": 801, "date": f"{YEAR}-02-01", "description": "x"},
                headers=headers)
    event_id = deliver(broker, database, "hr.unit.dissolved",
                       {"code": "BTG", "successor_code": "BTGDV", "effective_date": f"{YEAR}-03-01"})
    # What was available moved; what was reserved stayed with its request.
    assert figures(client, as_user, "BTG", "stationery") == {
        "allocated_vnd": 3_000_000, "reserved_vnd": 3_000_000, "spent_vnd": 0, "available_vnd": 0}
    assert figures(client, as_user, "BTGDV", "stationery")["allocated_vnd"] == 6_000_000
    assert figures(client, as_user, "BTGDV", "lodging")["allocated_vnd"] == 5_000_000
    transfers = client.get("/budgets/transfers", headers=headers).json["items"]
    assert {(t["category"], t["from_unit"], t["to_unit"], t["amount_vnd"], t["status"]) for t in transfers} == {
        ("stationery", "BTG", "BTGDV", 5_000_000, "approved"), ("lodging", "BTG", "BTGDV", 5_000_000, "approved")}
    entries = client.get("/ledger", query_string={"event_id": event_id}, headers=headers).json["items"]
    assert sorted(e["amount_vnd"] for e in entries) == [-5_000_000, -5_000_000, 5_000_000, 5_000_000]
    deliver_again(broker, database, "hr.unit.dissolved",
                  {"code": "BTG", "successor_code": "BTGDV", "effective_date": f"{YEAR}-03-01"}, event_id)
    assert figures(client, as_user, "BTGDV", "stationery")["allocated_vnd"] == 6_000_000
    # The dissolved board takes no new requests.
    answer = client.post("/budgets", json={"fiscal_year": 2027, "unit": "BTG", "category": "stationery",
                                           "allocated_vnd": 1}, headers=headers)
    assert answer.status_code == 422


def test_an_event_with_bad_data_is_parked_at_once(broker, database):
    publish_raw(broker, "fleet.trip.completed", {"booking_id": 1, "unit": "BTC"})
    parked = wait_for(lambda: list_parked(broker), timeout=20)
    assert "lacks" in parked[0]["reason"]
    bad_amount = publish_raw(broker, "assets.procurement.submitted", {**procurement(), "amount_vnd": "lots"})
    wait_for(lambda: any(p["id"] == bad_amount.id for p in list_parked(broker)), timeout=20)
    assert rows(database, "SELECT * FROM ledger_entries") == []
    assert uuid.UUID(parked[0]["id"])
