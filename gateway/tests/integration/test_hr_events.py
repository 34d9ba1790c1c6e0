"""HR events through the gateway's real consumer on the real broker: a user's board follows
a transfer (and the old board's access goes at once), a leaver is locked out, a merged
board's users move to its successor."""

import pytest
from buildingblocks.messaging import publish_raw
from buildingblocks.testing import ConsumerThread, delete_broker_objects, isolated_broker_settings, wait_for
from sqlalchemy import select

from gateway.adapters.orm import AuditEntry, User
from gateway.integration.handlers import HANDLERS
from gateway_testkit import bearer, login, unique


@pytest.fixture()
def consumer_settings(database):
    settings = isolated_broker_settings("gateway", database_url=database.url, EVENT_RETRY_DELAYS="0.2,0.4")
    yield settings
    delete_broker_objects(settings, ["gateway"])


def staff_event(staff_id, unit, previous_unit=None, rank="specialist", status="active"):
    return {
        "id": staff_id, "full_name": "Người Thử", "unit": unit, "previous_unit": previous_unit,
        "position_id": 900 + staff_id, "position_title": "Chuyên viên", "position_rank": rank,
        "position_family": "professional", "is_driver": False, "title_rank": "specialist",
        "licence_class": None, "licence_expiry": None, "status": status,
    }


def unit_event(code, kind, parent=None):
    return {"code": code, "name": code, "kind": kind, "parent_code": parent, "valid_from": "2020-01-01",
            "valid_to": None}


def user_row(database, username):
    with database.session_factory() as session:
        return session.scalar(select(User).where(User.username == username))


def make_user(client, token_of, staff_id, unit, roles):
    name = unique("hr")
    response = client.post("/api/v1/admin/users", json={"username": name, "password": "hr-event-pass", "unit": unit,
                                                         "roles": roles, "staff_id": staff_id},
                           headers=bearer(token_of("admin")))
    assert response.status_code == 201
    return name


def test_a_transfer_moves_the_user_to_the_new_board_and_the_old_boards_access_goes(
    consumer_settings, database, client, token_of
):
    staff_id = 7001
    name = make_user(client, token_of, staff_id, "BTC", ["office_finance", "staff", "unit_head"])
    token = login(client, name, "hr-event-pass")
    with ConsumerThread(consumer_settings, database, HANDLERS):
        publish_raw(consumer_settings, "hr.unit.created", unit_event("BNC", "board"), unit="BNC", source="hr")
        publish_raw(consumer_settings, "hr.unit.created", unit_event("BNC-VP", "department", "BNC"), unit="BNC",
                    source="hr")
        publish_raw(consumer_settings, "hr.staff.transferred", staff_event(staff_id, "BNC-VP", "BTC"), unit="BNC",
                    source="hr")
        wait_for(lambda: user_row(database, name).unit == "BNC")
    user = user_row(database, name)
    assert user.roles == ["staff"]  # office scope and head role were the old post's
    me = client.get("/api/v1/auth/me", headers=bearer(token)).get_json()
    assert me["unit"] == "BNC"
    seen = client.get("/api/v1/finance/things", headers=bearer(token)).get_json()
    assert seen["args"] == {"unit": ["BNC"]}
    assert client.get("/api/v1/finance/things?unit=BTC", headers=bearer(token)).status_code == 403
    with database.session_factory() as session:
        trail = session.scalars(select(AuditEntry).where(AuditEntry.username == name,
                                                         AuditEntry.action == "hr.staff.transferred")).all()
    assert len(trail) == 1 and '"to": "BNC"' in trail[0].detail


def test_a_redelivered_transfer_changes_nothing_twice(consumer_settings, database, client, token_of):
    staff_id = 7002
    name = make_user(client, token_of, staff_id, "BTC", ["staff"])
    with ConsumerThread(consumer_settings, database, HANDLERS):
        event = publish_raw(consumer_settings, "hr.staff.transferred", staff_event(staff_id, "UBKT", "BTC"),
                            source="hr")
        publish_raw(consumer_settings, "hr.staff.transferred", staff_event(staff_id, "UBKT", "BTC"),
                    event_id=event.id, source="hr")
        wait_for(lambda: user_row(database, name).unit == "UBKT")
        # A later, distinct event proves the duplicate was consumed before it.
        publish_raw(consumer_settings, "hr.staff.changed", staff_event(staff_id, "UBKT", rank="deputy"), source="hr")
        wait_for(lambda: _replica_rank(database, staff_id))
    with database.session_factory() as session:
        moves = session.scalars(select(AuditEntry).where(AuditEntry.username == name,
                                                         AuditEntry.action == "hr.staff.transferred")).all()
    assert len(moves) == 1


def _replica_rank(database, staff_id):
    from buildingblocks.replica import STAFF

    with database.session_factory() as session:
        row = session.execute(select(STAFF.c.position_rank).where(STAFF.c.id == staff_id)).first()
    return row is not None and row.position_rank == "deputy"


def test_a_head_demoted_in_the_same_board_or_left_without_a_position_is_no_unit_head(
    consumer_settings, database, client, token_of
):
    staff_id = 7004
    name = make_user(client, token_of, staff_id, "BTC", ["staff", "unit_head"])
    token = login(client, name, "hr-event-pass")
    with ConsumerThread(consumer_settings, database, HANDLERS):
        publish_raw(consumer_settings, "hr.staff.changed", staff_event(staff_id, "BTC", rank="specialist"),
                    unit="BTC", source="hr")
        wait_for(lambda: "unit_head" not in user_row(database, name).roles)
        assert user_row(database, name).unit == "BTC"
        # promoted again, then moved inside the board without a position
        publish_raw(consumer_settings, "hr.staff.changed", staff_event(staff_id, "BTC", rank="deputy"), source="hr")
        wait_for(lambda: "unit_head" in user_row(database, name).roles)
        publish_raw(consumer_settings, "hr.staff.transferred", staff_event(staff_id, "BTC", "BTC", rank=None),
                    source="hr")
        wait_for(lambda: "unit_head" not in user_row(database, name).roles)
    me = client.get("/api/v1/auth/me", headers=bearer(token)).get_json()
    assert me["roles"] == ["staff"] and me["unit"] == "BTC"
    assert client.post("/api/v1/finance/things/1/approve", headers=bearer(token)).status_code == 403


def test_a_hired_head_becomes_unit_head(consumer_settings, database, client, token_of):
    staff_id = 7005
    name = make_user(client, token_of, staff_id, "BTC", ["staff"])
    with ConsumerThread(consumer_settings, database, HANDLERS):
        publish_raw(consumer_settings, "hr.staff.hired", staff_event(staff_id, "BTC", rank="head"), source="hr")
        wait_for(lambda: "unit_head" in user_row(database, name).roles)


@pytest.mark.parametrize("event_type", ["hr.staff.left", "hr.staff.changed"])
def test_a_leaver_is_deactivated_and_their_token_refused(consumer_settings, database, client, token_of, event_type):
    staff_id = 7003 if event_type == "hr.staff.left" else 7006
    name = make_user(client, token_of, staff_id, "BTGDV", ["staff"])
    token = login(client, name, "hr-event-pass")
    with ConsumerThread(consumer_settings, database, HANDLERS):
        publish_raw(consumer_settings, event_type, staff_event(staff_id, "BTGDV", status="left"), source="hr")
        wait_for(lambda: not user_row(database, name).active)
    assert client.get("/api/v1/auth/me", headers=bearer(token)).status_code == 401
    assert client.get("/api/v1/finance/things", headers=bearer(token)).status_code == 401


def test_a_merged_boards_users_move_to_the_successor(consumer_settings, database, client, token_of):
    old = unique("B").upper()[:10]
    name = make_user(client, token_of, None, old, ["staff", "unit_head"])
    with ConsumerThread(consumer_settings, database, HANDLERS):
        publish_raw(consumer_settings, "hr.unit.created", unit_event("BTGDV", "board"), source="hr")
        publish_raw(consumer_settings, "hr.unit.dissolved",
                    {"code": old, "successor_code": "BTGDV", "effective_date": "2026-01-01"}, source="hr")
        wait_for(lambda: user_row(database, name).unit == "BTGDV")
    assert user_row(database, name).roles == ["staff", "unit_head"]


def test_a_dissolution_without_successor_leaves_users_where_they_are(consumer_settings, database, client, token_of):
    old = unique("D").upper()[:10]
    name = make_user(client, token_of, None, old, ["staff"])
    other = unique("D").upper()[:10]
    other_user = make_user(client, token_of, None, other, ["staff"])
    with ConsumerThread(consumer_settings, database, HANDLERS):
        publish_raw(consumer_settings, "hr.unit.dissolved",
                    {"code": old, "successor_code": None, "effective_date": "2026-01-01"}, source="hr")
        publish_raw(consumer_settings, "hr.unit.dissolved",
                    {"code": other, "successor_code": "VP", "effective_date": "2026-01-01"}, source="hr")
        wait_for(lambda: user_row(database, other_user).unit == "VP")
    assert user_row(database, name).unit == old
