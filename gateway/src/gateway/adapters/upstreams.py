"""Keep-alive HTTP/1.1 connections to the services: pooled, with timeouts, bodies as bytes.

Why not urllib3 here: on this path the gateway's whole job is one small request and one small
answer, and urllib3 (over http.client and the email header parser) costs about 200 µs of CPU
per exchange where writing the request in one `sendall` and splitting the answer's head by
hand costs about 25 µs (bench/gateway, README). At the platform's target (at least half of
nginx's throughput on two cores shared with the services) that difference decides the result.
The protocol subset is small and fixed because the peers are our own services: HTTP/1.1,
Content-Length or chunked bodies, keep-alive, `Connection: close`, interim 1xx answers and the
no-body answers (HEAD, 204, 304). Answers are read strictly (adapters/http1.py): anything
ambiguous or oversized is a 502 and the connection is dropped. It is covered by tests against a
real gunicorn service and against hand-made answers on raw sockets.
"""

from __future__ import annotations

import collections
import select
import socket
from dataclasses import dataclass
from urllib.parse import urlsplit

from gateway.adapters.http1 import (
    MAX_INTERIM,
    MalformedAnswer,
    UpstreamClosed,
    read_chunked,
    read_exactly,
    read_head,
    read_to_close,
)
from gateway.adapters.metrics import UPSTREAM_REFUSED
from gateway.errors import BadGateway, GatewayTimeout

IDEMPOTENT = frozenset({"GET", "HEAD", "OPTIONS", "PUT", "DELETE"})
# Attachments are at most 10 MiB; documents and reports stay well below this.
DEFAULT_MAX_BODY = 32 * 1024 * 1024
_IDLE_READABLE = select.POLLIN | select.POLLPRI | select.POLLERR | select.POLLHUP | select.POLLNVAL


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
            # garbage): either way it cannot carry a new request. poll(), not select(): a
            # descriptor >= 1024 is fine.
            poller = select.poll()
            poller.register(sock, select.POLLIN | select.POLLPRI)
            try:
                events = poller.poll(0)
            except (OSError, ValueError):
                events = [(sock.fileno(), select.POLLERR)]
            if not any(mask & _IDLE_READABLE for _, mask in events):
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


def exchange(
    sock: socket.socket, request: bytes, method: str, max_body: int = DEFAULT_MAX_BODY
) -> tuple[UpstreamResponse, bool]:
    """Send one request and read its whole answer strictly (adapters/http1.py); returns it and
    whether the connection may be reused. `MalformedAnswer` for anything outside the grammar."""
    sock.sendall(request)
    buffer = bytearray()
    for _ in range(MAX_INTERIM + 1):
        head = read_head(sock, buffer)
        if not (100 <= head.status < 200 and head.status != 101):
            break  # interim answers (100 Continue) are skipped: the real one follows
    else:
        raise MalformedAnswer("too many interim answers")
    if head.status == 101:
        raise MalformedAnswer("the service switched protocols")
    headers, reusable = head.headers, head.keep_alive
    if method == "HEAD" or head.status in (204, 304):
        return UpstreamResponse(head.status, headers, b""), reusable and not buffer
    if head.chunked:
        data = read_chunked(sock, buffer, max_body)
        headers.append(("Content-Length", str(len(data))))
        return UpstreamResponse(head.status, headers, data), reusable and not buffer
    if head.content_length is not None:
        size = head.content_length
        if size > max_body:
            raise MalformedAnswer("the response body is too large")
        read_exactly(sock, buffer, size)
        return UpstreamResponse(head.status, headers, bytes(buffer[:size])), reusable and len(buffer) == size
    data = read_to_close(sock, buffer, max_body)
    headers.append(("Content-Length", str(len(data))))
    return UpstreamResponse(head.status, headers, data), False


class Upstreams:
    """A keep-alive connection pool per service."""

    def __init__(
        self, urls: dict[str, str], connect_timeout: float, read_timeout: float, pool_size: int,
        max_body: int = DEFAULT_MAX_BODY,
    ):
        self.max_body = max_body
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
                response, reusable = exchange(sock, request, method, self.max_body)
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
            except MalformedAnswer as exc:
                sock.close()
                UPSTREAM_REFUSED.labels(upstream.service).inc()
                raise BadGateway(f"the {upstream.service} service sent a malformed answer: {exc}",
                                 service=upstream.service) from None
            if reusable:
                pool.release(sock)
            else:
                sock.close()
            return response
        raise AssertionError("unreachable")

    def close(self) -> None:
        for upstream in self.by_service.values():
            upstream.pool.close()
