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

from typing import Callable, Iterable, Iterator, TypeVar

from buildingblocks.errors import DomainError

from gateway.adapters.http1 import (
    MAX_INTERIM,
    Head,
    MalformedAnswer,
    UpstreamClosed,
    iter_chunked,
    iter_length,
    iter_to_close,
    read_exactly,
    read_head,
)
from gateway.adapters.metrics import UPSTREAM_REFUSED
from gateway.errors import BadGateway, GatewayTimeout

T = TypeVar("T")
IDEMPOTENT = frozenset({"GET", "HEAD", "OPTIONS", "PUT", "DELETE"})
BODY_METHODS = frozenset({"POST", "PUT", "PATCH"})
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


def read_answer_head(sock: socket.socket, buffer: bytearray) -> Head:
    """The head of the final answer: interim answers (100 Continue) are skipped, at most a few."""
    for _ in range(MAX_INTERIM + 1):
        head = read_head(sock, buffer)
        if not (100 <= head.status < 200 and head.status != 101):
            break
    else:
        raise MalformedAnswer("too many interim answers")
    if head.status == 101:
        raise MalformedAnswer("the service switched protocols")
    return head


def has_no_body(head: Head, method: str) -> bool:
    return method == "HEAD" or head.status in (204, 304)


def body_pieces(sock: socket.socket, buffer: bytearray, head: Head, method: str, max_body: int) -> Iterator[bytes]:
    """The answer's body in pieces as it arrives, by its framing (none, chunked, length, close)."""
    if has_no_body(head, method):
        return iter(())
    if head.chunked:
        return iter_chunked(sock, buffer, max_body)
    if head.content_length is not None:
        if head.content_length > max_body:
            raise MalformedAnswer("the response body is too large")
        return iter_length(sock, buffer, head.content_length)
    return iter_to_close(sock, buffer, max_body)


def exchange(
    sock: socket.socket, request: bytes, method: str, max_body: int = DEFAULT_MAX_BODY
) -> tuple[UpstreamResponse, bool]:
    """Send one request and read its whole answer strictly (adapters/http1.py); returns it and
    whether the connection may be reused. `MalformedAnswer` for anything outside the grammar."""
    sock.sendall(request)
    buffer = bytearray()
    head = read_answer_head(sock, buffer)
    headers, reusable = head.headers, head.keep_alive
    if has_no_body(head, method):
        return UpstreamResponse(head.status, headers, b""), reusable and not buffer
    if head.content_length is not None and not head.chunked:  # the usual answer: one slice
        size = head.content_length
        if size > max_body:
            raise MalformedAnswer("the response body is too large")
        read_exactly(sock, buffer, size)
        return UpstreamResponse(head.status, headers, bytes(buffer[:size])), reusable and len(buffer) == size
    data = b"".join(body_pieces(sock, buffer, head, method, max_body))
    headers.append(("Content-Length", str(len(data))))
    return UpstreamResponse(head.status, headers, data), reusable and head.chunked and not buffer


class StreamedResponse:
    """A service's answer whose body is passed on in pieces as it arrives (files): a WSGI
    iterable. Its connection goes back to the pool once the body was read to its end, and is
    closed otherwise (`close()`, which the WSGI server calls when it is done). A failure half-way
    raises `BadGateway`: the status is sent already, so the server drops the client's connection
    and the client sees a short body, never a wrong one."""

    def __init__(self, upstream: "Upstream", sock: socket.socket, buffer: bytearray, head: Head, method: str,
                 max_body: int):
        self.status = head.status
        self.headers = head.headers
        self._upstream = upstream
        self._sock: socket.socket | None = sock
        self._buffer = buffer
        self._pieces = body_pieces(sock, buffer, head, method, max_body)
        self._reusable = head.keep_alive and (head.chunked or head.content_length is not None
                                              or has_no_body(head, method))
        self._complete = False

    header = UpstreamResponse.header

    def __iter__(self) -> Iterator[bytes]:
        service = self._upstream.service
        try:
            yield from self._pieces
        except (OSError, UpstreamClosed, MalformedAnswer) as exc:
            if isinstance(exc, MalformedAnswer):
                UPSTREAM_REFUSED.labels(service).inc()
            self.close()
            raise BadGateway(f"the {service} service broke off its answer: {exc}", service=service) from None
        self._complete = True

    def close(self) -> None:
        sock, self._sock = self._sock, None
        if sock is None:
            return
        if self._complete and self._reusable and not self._buffer:
            self._upstream.pool.release(sock)
        else:
            sock.close()


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
        length = len(body) if body else (0 if body is not None or method in BODY_METHODS else None)
        request = request_head(upstream, method, target, headers, length) + (body or b"")
        response, reusable, sock = self._on_a_connection(
            upstream, method, timeout, lambda sock: (*exchange(sock, request, method, self.max_body), sock))
        if reusable:
            upstream.pool.release(sock)
        else:
            sock.close()
        return response

    def stream(
        self, upstream: Upstream, method: str, target: str, headers: dict[str, str],
        body: Iterable[bytes] | None, length: int | None, timeout: float | None = None,
    ) -> StreamedResponse:
        """Send one request with its body in pieces (`length` bytes, or chunked when None) and
        return as soon as the answer's head arrived, its body to be passed on in pieces.

        Errors as `request`; an error that the body's pieces raise (too large, cut short) closes
        the connection to the service, so it never acts on half a body, and is raised as it is.
        Only a request without a body is ever sent twice."""
        if body is None and method in BODY_METHODS:
            length = 0

        def send_and_read_head(sock: socket.socket) -> StreamedResponse:
            send_streamed(sock, request_head(upstream, method, target, headers, length, chunked=body is not None
                                             and length is None), body, length)
            buffer = bytearray()
            head = read_answer_head(sock, buffer)
            return StreamedResponse(upstream, sock, buffer, head, method, self.max_body)

        return self._on_a_connection(upstream, method, timeout, send_and_read_head, resendable=body is None)

    def _on_a_connection(self, upstream: Upstream, method: str, timeout: float | None,
                         run: Callable[[socket.socket], T], resendable: bool = True) -> T:
        """`run(sock)` on a pooled connection, once more on a new one when a reused connection
        turns out closed (idempotent methods only); its failures as 502 and 504 problems."""
        read_timeout = timeout if timeout is not None else self.read_timeout
        for attempt in (1, 2):
            sock, reused = self._acquire(upstream)
            try:
                if sock.gettimeout() != read_timeout:  # a system call each time: only when it changes
                    sock.settimeout(read_timeout)
                return run(sock)
            except DomainError:
                sock.close()
                raise
            except (socket.timeout, TimeoutError, UpstreamClosed, OSError, MalformedAnswer) as exc:
                sock.close()
                resend = resendable and reused and attempt == 1 and method in IDEMPOTENT
                if isinstance(exc, UpstreamClosed):
                    resend = resend and not exc.received_anything
                if resend and not isinstance(exc, (socket.timeout, TimeoutError, MalformedAnswer)):
                    continue
                raise _failure(upstream, exc) from None
        raise AssertionError("unreachable")

    @staticmethod
    def _acquire(upstream: Upstream) -> tuple[socket.socket, bool]:
        try:
            return upstream.pool.acquire()
        except (socket.timeout, TimeoutError):
            raise GatewayTimeout(f"the {upstream.service} service did not accept a connection in time",
                                 service=upstream.service) from None
        except OSError:
            raise BadGateway(f"the {upstream.service} service is unreachable", service=upstream.service) from None

    def close(self) -> None:
        for upstream in self.by_service.values():
            upstream.pool.close()


def request_head(upstream: Upstream, method: str, target: str, headers: dict[str, str], length: int | None,
                 chunked: bool = False) -> bytes:
    """The request line and headers, with the body's framing (`length`, or chunked)."""
    lines = [f"{method} {upstream.prefix}{target} HTTP/1.1\r\nHost: {upstream.host_header}\r\n"]
    for name, value in headers.items():
        lines.append(f"{name}: {value}\r\n")
    if chunked:
        lines.append("Transfer-Encoding: chunked\r\n")
    elif length is not None:
        lines.append(f"Content-Length: {length}\r\n")
    lines.append("\r\n")
    return "".join(lines).encode("latin-1")


def send_streamed(sock: socket.socket, head: bytes, body: Iterable[bytes] | None, length: int | None) -> None:
    """Send the head, then the body piece by piece (chunk-framed when there is no `length`)."""
    sock.sendall(head)
    if body is None:
        return
    for piece in body:
        if not piece:
            continue
        if length is None:
            sock.sendall(b"%x\r\n" % len(piece) + piece + b"\r\n")
        else:
            sock.sendall(piece)
    if length is None:
        sock.sendall(b"0\r\n\r\n")


def _failure(upstream: Upstream, exc: Exception) -> DomainError:
    """The problem a failed exchange with `upstream` answers."""
    service = upstream.service
    if isinstance(exc, (socket.timeout, TimeoutError)):
        return GatewayTimeout(f"the {service} service did not answer in time", service=service)
    if isinstance(exc, MalformedAnswer):
        UPSTREAM_REFUSED.labels(service).inc()
        return BadGateway(f"the {service} service sent a malformed answer: {exc}", service=service)
    return BadGateway(f"the {service} service dropped the connection", service=service)
