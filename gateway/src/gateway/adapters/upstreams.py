"""Keep-alive HTTP/1.1 connections to the services: pooled, with timeouts, bodies as bytes.

Why not urllib3 here: on this path the gateway's whole job is one small request and one small
answer, and urllib3 (over http.client and the email header parser) costs about 200 µs of CPU
per exchange where writing the request in one `sendall` and splitting the answer's head by
hand costs about 25 µs (bench/gateway, README). At the platform's target (at least half of
nginx's throughput on two cores shared with the services) that difference decides the result.
The protocol subset is small and fixed because the peers are our own services: HTTP/1.1,
Content-Length or chunked bodies, keep-alive, `Connection: close`, interim 1xx answers and the
no-body answers (HEAD, 204, 304). It is covered by tests against a real gunicorn service.
"""

from __future__ import annotations

import collections
import select
import socket
from dataclasses import dataclass
from urllib.parse import urlsplit

from gateway.errors import BadGateway, GatewayTimeout

IDEMPOTENT = frozenset({"GET", "HEAD", "OPTIONS", "PUT", "DELETE"})
MAX_HEAD_BYTES = 64 * 1024
_RECV = 65536


class UpstreamClosed(Exception):
    """The connection ended before a complete answer (a stale keep-alive connection, often)."""

    def __init__(self, received_anything: bool):
        super().__init__("connection closed by the service")
        self.received_anything = received_anything


@dataclass(slots=True)
class UpstreamResponse:
    """A service's answer: status, headers as sent (minus framing), and the body bytes."""

    status: int
    headers: list[tuple[str, str]]
    data: bytes

    def header(self, name: str) -> str | None:
        name = name.lower()
        for key, value in self.headers:
            if key.lower() == name:
                return value
        return None


class ConnectionPool:
    """Idle keep-alive connections to one service (last used first, so warm ones are reused).

    `deque.append` / `deque.pop` are atomic, so threads share the pool without a lock; beyond
    `maxsize` idle connections the extra ones are closed instead of kept.
    """

    def __init__(self, host: str, port: int, connect_timeout: float, read_timeout: float, maxsize: int):
        self.host = host
        self.port = port
        self.connect_timeout = connect_timeout
        self.read_timeout = read_timeout
        self.maxsize = maxsize
        self._idle: collections.deque[socket.socket] = collections.deque()

    def acquire(self) -> tuple[socket.socket, bool]:
        """A connection and whether it was reused from the pool."""
        while True:
            try:
                sock = self._idle.pop()
            except IndexError:
                return self._connect(), False
            # An idle connection that is readable has been closed by the service (or holds
            # garbage): either way it cannot carry a new request.
            try:
                readable, _, _ = select.select([sock], [], [], 0)
            except (OSError, ValueError):
                readable = [sock]
            if not readable:
                return sock, True
            sock.close()

    def _connect(self) -> socket.socket:
        sock = socket.create_connection((self.host, self.port), timeout=self.connect_timeout)
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        return sock

    def release(self, sock: socket.socket) -> None:
        if len(self._idle) < self.maxsize:
            self._idle.append(sock)
        else:
            sock.close()

    def close(self) -> None:
        while self._idle:
            self._idle.pop().close()


@dataclass(frozen=True)
class Upstream:
    """One service: its connection pool, `Host` header and the path prefix of its base URL."""

    service: str
    pool: ConnectionPool
    host_header: str
    prefix: str


def _read_head(sock: socket.socket, buffer: bytearray) -> tuple[str, int, list[tuple[str, str]], bytearray]:
    """Read up to the end of a response head; returns (version, status, headers, the rest)."""
    received_anything = bool(buffer)
    while True:
        end = buffer.find(b"\r\n\r\n")
        if end >= 0:
            break
        if len(buffer) > MAX_HEAD_BYTES:
            raise BadGateway("the service sent an oversized response head")
        chunk = sock.recv(_RECV)
        if not chunk:
            raise UpstreamClosed(received_anything)
        received_anything = True
        buffer += chunk
    lines = buffer[:end].decode("latin-1").split("\r\n")
    rest = buffer[end + 4:]
    status_line = lines[0].split(" ", 2)
    if len(status_line) < 2 or not status_line[0].startswith("HTTP/1.") or not status_line[1].isdigit():
        raise BadGateway("the service sent a malformed status line")
    headers: list[tuple[str, str]] = []
    for line in lines[1:]:
        if line[:1] in (" ", "\t") and headers:  # obsolete line folding
            name, value = headers[-1]
            headers[-1] = (name, f"{value} {line.strip()}")
            continue
        name, colon, value = line.partition(":")
        if not colon or not name or name != name.strip():
            raise BadGateway("the service sent a malformed header")
        headers.append((name, value.strip()))
    return status_line[0], int(status_line[1]), headers, rest


def _read_exactly(sock: socket.socket, buffer: bytearray, size: int) -> bytearray:
    while len(buffer) < size:
        chunk = sock.recv(max(_RECV, size - len(buffer)))
        if not chunk:
            raise UpstreamClosed(True)
        buffer += chunk
    return buffer


def _read_chunked(sock: socket.socket, buffer: bytearray) -> tuple[bytes, bytearray]:
    body = bytearray()
    while True:
        while (line_end := buffer.find(b"\r\n")) < 0:
            chunk = sock.recv(_RECV)
            if not chunk:
                raise UpstreamClosed(True)
            buffer += chunk
        size_text = bytes(buffer[:line_end]).split(b";", 1)[0].strip()
        try:
            size = int(size_text, 16)
        except ValueError:
            raise BadGateway("the service sent a malformed chunk") from None
        del buffer[: line_end + 2]
        if size == 0:
            # Trailers (ignored) end with an empty line.
            while True:
                while (line_end := buffer.find(b"\r\n")) < 0:
                    chunk = sock.recv(_RECV)
                    if not chunk:
                        raise UpstreamClosed(True)
                    buffer += chunk
                empty = line_end == 0
                del buffer[: line_end + 2]
                if empty:
                    return bytes(body), buffer
        _read_exactly(sock, buffer, size + 2)
        body += buffer[:size]
        del buffer[: size + 2]


def exchange(sock: socket.socket, request: bytes, method: str) -> tuple[UpstreamResponse, bool]:
    """Send one request and read its whole answer; returns it and whether the connection may
    be reused."""
    sock.sendall(request)
    buffer = bytearray()
    while True:
        version, status, headers, buffer = _read_head(sock, buffer)
        if 100 <= status < 200 and status != 101:
            continue  # an interim answer (100 Continue): the real one follows
        break
    framing = {}
    kept: list[tuple[str, str]] = []
    for name, value in headers:
        lowered = name.lower()
        if lowered in ("content-length", "transfer-encoding", "connection", "keep-alive"):
            framing[lowered] = value
            if lowered != "content-length":
                continue
        kept.append((name, value))
    connection = framing.get("connection", "").lower()
    reusable = "close" not in connection if version != "HTTP/1.0" else "keep-alive" in connection
    if method == "HEAD" or status in (204, 304):
        return UpstreamResponse(status, kept, b""), reusable and not buffer
    if "chunked" in framing.get("transfer-encoding", "").lower():
        data, buffer = _read_chunked(sock, buffer)
        kept.append(("Content-Length", str(len(data))))
        return UpstreamResponse(status, kept, data), reusable and not buffer
    length = framing.get("content-length")
    if length is not None:
        try:
            size = int(length)
        except ValueError:
            raise BadGateway("the service sent a malformed Content-Length") from None
        _read_exactly(sock, buffer, size)
        return UpstreamResponse(status, kept, bytes(buffer[:size])), reusable and len(buffer) == size
    # No framing: the body runs to the end of the connection.
    while chunk := sock.recv(_RECV):
        buffer += chunk
    kept.append(("Content-Length", str(len(buffer))))
    return UpstreamResponse(status, kept, bytes(buffer)), False


class Upstreams:
    """A keep-alive connection pool per service."""

    def __init__(self, urls: dict[str, str], connect_timeout: float, read_timeout: float, pool_size: int):
        self.connect_timeout = connect_timeout
        self.read_timeout = read_timeout
        self.by_service: dict[str, Upstream] = {}
        for service, url in urls.items():
            parts = urlsplit(url)
            if parts.scheme != "http" or not parts.hostname:
                raise ValueError(f"{service.upper()}_URL must be an http:// URL, not {url!r}")
            port = parts.port or 80
            pool = ConnectionPool(parts.hostname, port, connect_timeout, read_timeout, pool_size)
            host_header = parts.hostname if port == 80 else f"{parts.hostname}:{port}"
            self.by_service[service] = Upstream(service, pool, host_header, parts.path.rstrip("/"))

    def get(self, service: str) -> Upstream | None:
        return self.by_service.get(service)

    def request(
        self, upstream: Upstream, method: str, target: str, body: bytes | None, headers: dict[str, str],
        timeout: float | None = None,
    ) -> UpstreamResponse:
        """Send one request (`target` = path and query) and read the whole answer.

        A connection refused or reset is a 502, a timeout a 504. A request on a reused
        connection that the service had closed meanwhile is sent again on a new connection
        when nothing of an answer was received and the method is idempotent; a POST is never
        resent, since the service may have acted on it.
        """
        lines = [f"{method} {upstream.prefix}{target} HTTP/1.1\r\nHost: {upstream.host_header}\r\n"]
        for name, value in headers.items():
            lines.append(f"{name}: {value}\r\n")
        if body is not None or method in ("POST", "PUT", "PATCH"):
            lines.append(f"Content-Length: {len(body) if body else 0}\r\n")
        lines.append("\r\n")
        request = "".join(lines).encode("latin-1") + (body or b"")
        pool = upstream.pool
        read_timeout = timeout if timeout is not None else self.read_timeout
        for attempt in (1, 2):
            try:
                sock, reused = pool.acquire()
            except (socket.timeout, TimeoutError):
                raise GatewayTimeout(f"the {upstream.service} service did not accept a connection in time",
                                     service=upstream.service) from None
            except OSError:
                raise BadGateway(f"the {upstream.service} service is unreachable", service=upstream.service) from None
            try:
                sock.settimeout(read_timeout)
                response, reusable = exchange(sock, request, method)
            except (socket.timeout, TimeoutError):
                sock.close()
                raise GatewayTimeout(f"the {upstream.service} service did not answer in time",
                                     service=upstream.service) from None
            except UpstreamClosed as closed:
                sock.close()
                if reused and attempt == 1 and not closed.received_anything and method in IDEMPOTENT:
                    continue
                raise BadGateway(f"the {upstream.service} service dropped the connection",
                                 service=upstream.service) from None
            except OSError:
                sock.close()
                if reused and attempt == 1 and method in IDEMPOTENT:
                    continue
                raise BadGateway(f"the {upstream.service} service dropped the connection",
                                 service=upstream.service) from None
            except BadGateway:
                sock.close()
                raise
            if reusable:
                pool.release(sock)
            else:
                sock.close()
            return response
        raise AssertionError("unreachable")

    def close(self) -> None:
        for upstream in self.by_service.values():
            upstream.pool.close()
