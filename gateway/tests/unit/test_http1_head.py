"""parse_head remembers the header names it found to be tokens: what it remembers must never let
a malformed line through, and it stays bounded."""

import pytest

from gateway.adapters import http1
from gateway.adapters.http1 import MalformedAnswer, parse_head

GOOD = [b"HTTP/1.1 200 OK", b"Server: gunicorn", b"Content-Length: 2", b"X-Request-ID: r-1"]


def test_a_remembered_name_without_its_colon_is_still_malformed():
    parse_head(GOOD)  # the names are remembered now
    assert b"Server" in http1._NAMES
    for line in (b"Server", b"Content-Length", b"Server : x", b" Server: x"):
        with pytest.raises(MalformedAnswer):
            parse_head([b"HTTP/1.1 200 OK", line])


def test_remembered_names_read_as_the_first_time():
    first = parse_head(GOOD + [b"Connection: X-Request-ID"])
    again = parse_head(GOOD + [b"Connection: X-Request-ID"])
    assert first == again
    assert again.headers == [("Server", "gunicorn"), ("Content-Length", "2")]  # named in Connection: dropped
    with pytest.raises(MalformedAnswer):  # two lengths, spelled differently, both remembered
        parse_head([b"HTTP/1.1 200 OK", b"content-length: 2", b"CONTENT-LENGTH: 2"])


def test_names_beyond_the_bound_are_checked_but_not_remembered(monkeypatch):
    monkeypatch.setattr(http1, "_NAMES", {})
    monkeypatch.setattr(http1, "MAX_REMEMBERED_NAMES", 3)
    head = parse_head([b"HTTP/1.1 200 OK"] + [b"X-H%d: v" % i for i in range(10)])
    assert len(head.headers) == 10 and len(http1._NAMES) == 3
    with pytest.raises(MalformedAnswer):
        parse_head([b"HTTP/1.1 200 OK", b"X-H9 : v"])
