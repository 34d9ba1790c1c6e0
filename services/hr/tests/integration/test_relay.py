"""HR's events leave through the outbox relay to the real RabbitMQ, in the contract's envelope."""
import json

import pika
import pytest

from buildingblocks.messaging import OutboxRelay, connection_parameters, declare_exchange
from buildingblocks.testing import delete_broker_objects, isolated_broker_settings



@pytest.fixture()
def broker(pg_url):
    settings = isolated_broker_settings("hr", database_url=pg_url)
    conn = pika.BlockingConnection(connection_parameters(settings.broker_url))
    channel = conn.channel()
    declare_exchange(channel, settings)
    queue = channel.queue_declare(queue="", exclusive=True).method.queue
    channel.queue_bind(queue, settings.exchange, routing_key="hr.#")
    yield settings, channel, queue
    conn.close()
    delete_broker_objects(settings, [])


def test_a_transfer_reaches_the_exchange_with_its_routing_key_and_envelope(demo, hr, broker, database):
    settings, channel, queue = broker
    resp = hr.patch("/staff/25", json={"position_id": 10}, headers={"X-Request-ID": "req-transfer-25"})
    assert resp.status_code == 200
    relay = OutboxRelay(settings, database)
    try:
        while relay.run_once():
            pass
    finally:
        relay._drop()
    received = []
    while True:
        method, props, body = channel.basic_get(queue, auto_ack=True)
        if method is None:
            break
        received.append((method.routing_key, json.loads(body)))
    transfers = [e for key, e in received if key == "hr.staff.transferred"]
    assert len(transfers) == 1
    envelope = transfers[0]
    assert (envelope["type"], envelope["source"], envelope["unit"], envelope["version"]) == (
        "hr.staff.transferred", "hr", "VP", 1)
    assert envelope["correlation_id"] == "req-transfer-25"
    assert (envelope["data"]["id"], envelope["data"]["previous_unit"], envelope["data"]["unit"]) == (25, "BTC", "VP")
    # the seed's events went out too: every unit, position and staff member
    keys = [key for key, _ in received]
    assert keys.count("hr.unit.created") == 14 and keys.count("hr.staff.hired") == 33
