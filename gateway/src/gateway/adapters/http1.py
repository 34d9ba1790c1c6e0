"""Reading one HTTP/1.1 answer of a service, strictly (RFC 9112), for the gateway's client.

The gateway passes a service's answer on to a client, so an answer that two parsers could read
two ways (request smuggling, response splitting) must never get through. Anything outside the
small grammar below is `MalformedAnswer`, which the client turns into a 502 and a dropped
connection:

- a status line `HTTP/1.0|1.1 SP 3DIGIT [SP reason]`, digits ASCII only;
- header names that are RFC 9110 tokens, values without NUL or a bare CR, no obsolete line
  folding, at most `MAX_HEADERS` headers in at most `MAX_HEAD_BYTES`;
- one framing: one Content-Length of ASCII digits, or `Transfer-Encoding: chunked` alone (never
  both, never two lengths), chunk sizes of hex digits, a body of at most the caller's cap;
- hop-by-hop headers, and every header the `Connection` header names, are dropped.
"""

from __future__ import annotations

import re
import socket
from dataclasses import dataclass
from typing import Iterator

MAX_HEAD_BYTES = 64 * 1024
MAX_HEADERS = 100
MAX_INTERIM = 10
_RECV = 65536

_STATUS_LINE = re.compile(rb"HTTP/1\.([01]) ([0-9]{3})(?: [\t\x20-\x7e\x80-\xff]*)?")
_TOKEN = re.compile(rb"[!#$%&'*+.^_`|~0-9A-Za-z-]+")
_BAD_VALUE = re.compile(rb"[\x00\r\n]")
_DIGITS = re.compile(rb"[0-9]{1,15}")
_CHUNK_SIZE = re.compile(rb"([0-9A-Fa-f]{1,15})(?:[ \t]*;[^\r\n]*)?")
# Header names already found to be tokens, with their lower case and text: a service sends the
# same few names in every answer (bounded: names beyond these are checked each time).
_NAMES: dict[bytes, tuple[bytes, str]] = {}
MAX_REMEMBERED_NAMES = 256
HOP_BY_HOP = frozenset({
    b"connection", b"keep-alive", b"proxy-connection", b"proxy-authenticate", b"proxy-authorization",
    b"te", b"trailer", b"transfer-encoding", b"upgrade",
})


class MalformedAnswer(Exception):
    """The service's answer breaks HTTP/1.1's grammar or the gateway's caps."""


class UpstreamClosed(Exception):
    """The connection ended before a complete answer (a stale keep-alive connection, often)."""

    def __init__(self, received_anything: bool):
        super().__init__("connection closed by the service")
        self.received_anything = received_anything


@dataclass(slots=True)
class Head:
    """A parsed response head: the framing headers apart, the end-to-end ones as sent."""

    version: int  # the minor version: 0 or 1
    status: int
    headers: list[tuple[str, str]]
    content_length: int | None
    chunked: bool
    keep_alive: bool


def _recv_into(sock: socket.socket, buffer: bytearray, received_anything: bool) -> None:
    chunk = sock.recv(_RECV)
    if not chunk:
        raise UpstreamClosed(received_anything)
    buffer += chunk


def read_head(sock: socket.socket, buffer: bytearray) -> Head:
    """Read and parse one response head from `sock`; `buffer` keeps what follows it."""
    received_anything = bool(buffer)
    while (end := buffer.find(b"\r\n\r\n")) < 0:
        if len(buffer) > MAX_HEAD_BYTES:
            raise MalformedAnswer("the response head is too large")
        _recv_into(sock, buffer, received_anything)
        received_anything = True
    if end > MAX_HEAD_BYTES:
        raise MalformedAnswer("the response head is too large")
    lines = bytes(buffer[:end]).split(b"\r\n")
    del buffer[: end + 4]
    return parse_head(lines)


def parse_head(lines: list[bytes]) -> Head:
    """The head of the status line and header lines (without their CRLFs)."""
    status_line = _STATUS_LINE.fullmatch(lines[0])
    if status_line is None:
        raise MalformedAnswer("malformed status line")
    version, status = int(status_line.group(1)), int(status_line.group(2))
    if not 100 <= status <= 599:
        raise MalformedAnswer("status out of range")
    if len(lines) - 1 > MAX_HEADERS:
        raise MalformedAnswer("too many headers")
    raw: list[tuple[bytes, str, bytes]] = []
    lengths: list[bytes] = []
    encodings: list[bytes] = []
    connection: set[bytes] = set()
    for line in lines[1:]:
        name, colon, value = line.partition(b":")
        known = _NAMES.get(name)
        if known is None:
            if _TOKEN.fullmatch(name) is None:
                raise MalformedAnswer("malformed header line")  # also obsolete folding: a leading space
            known = (name.lower(), name.decode("latin-1"))
            if len(_NAMES) < MAX_REMEMBERED_NAMES:
                _NAMES[name] = known
        if not colon:
            raise MalformedAnswer("malformed header line")
        value = value.strip(b" \t")
        if _BAD_VALUE.search(value):
            raise MalformedAnswer("forbidden character in a header value")
        lowered = known[0]
        if lowered == b"content-length":
            lengths.append(value)
        elif lowered == b"transfer-encoding":
            encodings.append(value)
        elif lowered == b"connection":
            connection.update(token.strip().lower() for token in value.split(b","))
        raw.append((lowered, known[1], value))
    content_length = None
    if lengths:
        if len(lengths) > 1 or _DIGITS.fullmatch(lengths[0]) is None:
            raise MalformedAnswer("ambiguous or malformed Content-Length")
        content_length = int(lengths[0])
    chunked = False
    if encodings:
        if len(encodings) > 1 or encodings[0].lower() != b"chunked" or lengths:
            raise MalformedAnswer("ambiguous framing (Transfer-Encoding)")
        chunked = True
    dropped = HOP_BY_HOP | connection
    headers = [(name, value.decode("latin-1"))
               for lowered, name, value in raw if lowered not in dropped or lowered == b"content-length"]
    keep_alive = b"close" not in connection if version == 1 else b"keep-alive" in connection
    return Head(version, status, headers, content_length, chunked, keep_alive)


def read_exactly(sock: socket.socket, buffer: bytearray, size: int) -> None:
    """Receive until `buffer` holds at least `size` bytes."""
    while len(buffer) < size:
        chunk = sock.recv(max(_RECV, size - len(buffer)))
        if not chunk:
            raise UpstreamClosed(True)
        buffer += chunk


def _read_line(sock: socket.socket, buffer: bytearray, limit: int = 4096) -> bytes:
    while (line_end := buffer.find(b"\r\n")) < 0:
        if len(buffer) > limit:
            raise MalformedAnswer("a chunk line is too long")
        _recv_into(sock, buffer, True)
    line = bytes(buffer[:line_end])
    del buffer[: line_end + 2]
    return line


def _take(sock: socket.socket, buffer: bytearray, size: int) -> Iterator[bytes]:
    """`size` bytes in pieces as they arrive: what `buffer` holds first, then from `sock`."""
    while size > 0:
        if not buffer:
            _recv_into(sock, buffer, True)
        piece = bytes(buffer[:size])
        del buffer[: len(piece)]
        size -= len(piece)
        yield piece


def iter_length(sock: socket.socket, buffer: bytearray, size: int) -> Iterator[bytes]:
    """A body of `size` bytes (its Content-Length), in pieces."""
    return _take(sock, buffer, size)


def iter_chunked(sock: socket.socket, buffer: bytearray, max_body: int) -> Iterator[bytes]:
    """A chunked body's data in pieces as they arrive (never a whole chunk at once); trailers are
    read and dropped."""
    total = 0
    while True:
        size_line = _CHUNK_SIZE.fullmatch(_read_line(sock, buffer))
        if size_line is None:
            raise MalformedAnswer("malformed chunk size")
        size = int(size_line.group(1), 16)
        if size == 0:
            for _ in range(MAX_HEADERS + 1):
                if not _read_line(sock, buffer):
                    return
            raise MalformedAnswer("too many trailers")
        total += size
        if total > max_body:
            raise MalformedAnswer("the response body is too large")
        yield from _take(sock, buffer, size)
        read_exactly(sock, buffer, 2)
        if buffer[:2] != b"\r\n":
            raise MalformedAnswer("a chunk does not end where its size says")
        del buffer[:2]


def iter_to_close(sock: socket.socket, buffer: bytearray, max_body: int) -> Iterator[bytes]:
    """A body without framing: everything until the service closes the connection, in pieces."""
    total = len(buffer)
    while True:
        if total > max_body:
            raise MalformedAnswer("the response body is too large")
        if buffer:
            piece = bytes(buffer)
            buffer.clear()
            yield piece
        chunk = sock.recv(_RECV)
        if not chunk:
            return
        buffer += chunk
        total += len(chunk)


def read_chunked(sock: socket.socket, buffer: bytearray, max_body: int) -> bytes:
    """A chunked body, joined."""
    return b"".join(iter_chunked(sock, buffer, max_body))


def read_to_close(sock: socket.socket, buffer: bytearray, max_body: int) -> bytes:
    """A body without framing, joined."""
    return b"".join(iter_to_close(sock, buffer, max_body))
