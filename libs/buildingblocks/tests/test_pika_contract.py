"""What the confirming publisher relies on in pika beyond its public API (see messaging/publisher.py).

If a pika upgrade changes any of this, this test fails instead of the relay.
"""
import inspect

import pika
from pika.channel import Channel

from buildingblocks.testing import TEST_BROKER_URL


def test_pika_is_the_version_the_publisher_was_written_for():
    assert pika.__version__.split(".")[:2] in (["1", "3"], ["1", "4"])


def test_blocking_channel_exposes_the_async_channel_with_batch_confirms():
    params = inspect.signature(Channel.confirm_delivery).parameters
    assert "ack_nack_callback" in params and "callback" in params
    conn = pika.BlockingConnection(pika.URLParameters(TEST_BROKER_URL))
    try:
        channel = conn.channel()
        assert isinstance(channel._impl, Channel)
        assert callable(channel._impl.basic_publish)
    finally:
        conn.close()
