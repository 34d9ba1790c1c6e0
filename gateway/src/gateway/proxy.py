"""The hot path: `/api/v1/<service>/...` checked and forwarded, as plain WSGI.

Every proxied request goes through here, so it is written for speed: no Flask request context,
no JSON parsing, bodies passed through as bytes in both directions. The steps are the ones the
contract names: authenticate (cached token check, user row cached at most a second), match the
route in the role table (one dict look-up or one precompiled regex), pin the unit of a list for
a caller without cross-unit scope, strip identity headers that came from outside, attach the
internal token and the request id, forward on a pooled keep-alive connection, record the access.
Everything that is not a service route falls through to the Flask app.
"""

from __future__ import annotations

import itertools
import json
import logging
import os
import re
import time
import uuid
from http import HTTPStatus
from typing import Callable, Iterable, Iterator
from urllib.parse import quote

from buildingblocks.errors import DomainError, Malformed, NotAllowed, NotFound, Unavailable
from buildingblocks.identity import INTERNAL_HEADER, Principal
from buildingblocks.metrics import HTTP_LATENCY, HTTP_REQUESTS

from sqlalchemy.exc import SQLAlchemyError

from gateway.adapters.audit import AuditLog
from gateway.adapters.principals import InternalTokens
from gateway.adapters.upstreams import Upstreams
from gateway.authentication import Authenticator
from gateway.errors import MethodNotAllowed, PayloadTooLarge, problem_of
from gateway.policy import METHODS, PolicyTable, Route, UnitPinningRefused, pin_unit

log = logging.getLogger(__name__)
PROBLEM_JSON = "application/problem+json"
API_PREFIX = "/api/v1/"
_RID_OK = re.compile(r"^[A-Za-z0-9._:-]{1,128}$")
# Paths are forwarded exactly as they were authorized: decoded by the server, re-encoded here.
_PATH_SAFE = "/:@!$&'()*+,;=~"
_PLAIN_PATH = re.compile(r"^[A-Za-z0-9/:@!$&'()*+,;=~._-]*$")

# Request headers never forwarded: hop-by-hop ones, the client's credentials (bearer token,
# session cookie and its CSRF token: the services get the internal token instead), and any identity a client might try to assert itself.
_DROPPED_REQUEST_HEADERS = frozenset(
    {
        "HTTP_HOST",
        "HTTP_CONNECTION",
        "HTTP_KEEP_ALIVE",
        "HTTP_PROXY_CONNECTION",
        "HTTP_PROXY_AUTHORIZATION",
        "HTTP_TE",
        "HTTP_TRAILER",
        "HTTP_TRANSFER_ENCODING",
        "HTTP_UPGRADE",
        "HTTP_EXPECT",
        "HTTP_AUTHORIZATION",
        "HTTP_COOKIE",
        "HTTP_X_CSRF_TOKEN",
        "HTTP_X_INTERNAL_TOKEN",
        "HTTP_X_UNIT",
        "HTTP_X_ROLES",
        "HTTP_X_REQUEST_ID",
        "HTTP_X_FORWARDED_FOR",
        "HTTP_FORWARDED",
    }
)
_DROPPED_REQUEST_PREFIXES = ("HTTP_X_PRINCIPAL", "HTTP_X_USER")
# A service's operational endpoints are for the cluster, never for the public routes.
_INTERNAL_ONLY_PREFIXES = ("/health/", "/metrics", "/openapi.json")
# Response headers not passed back beside the hop-by-hop ones the client already dropped
# (adapters/http1.py): Date and Server, which the gateway's own server writes (a second copy of
# each would make the answer ambiguous).
_OWN_RESPONSE_HEADERS = frozenset({"date", "server"})

# What each environ key becomes in the forwarded request: its header name as sent, or "" when it
# is never forwarded (not a header: granian's environ starts from the whole process environment;
# hop-by-hop; an identity). The usual few hundred keys are remembered; keys a client invents
# beyond that are worked out each time instead of growing the cache.
_forwarded_as: dict[str, str] = {}
FORWARDED_CACHE_SIZE = 512


def _forwarded_name(environ_key: str) -> str:
    if environ_key.startswith("HTTP_") and not is_identity_header(environ_key):
        return "-".join(part.capitalize() for part in environ_key[5:].split("_"))
    return ""


def is_identity_header(environ_key: str) -> bool:
    """True for a request header (WSGI environ key) that the gateway never forwards."""
    return environ_key in _DROPPED_REQUEST_HEADERS or environ_key.startswith(_DROPPED_REQUEST_PREFIXES)


def forwarded_headers(environ: dict, request_id: str, internal_token: str, client_addr: str) -> dict[str, str]:
    """The headers sent to the service: the client's, less hop-by-hop and identity headers."""
    headers: dict[str, str] = {}
    known = _forwarded_as
    for key, value in environ.items():
        name = known.get(key)
        if name is None:
            name = _forwarded_name(key)
            if len(known) < FORWARDED_CACHE_SIZE:
                known[key] = name
        if name:
            headers[name] = value
    content_type = environ.get("CONTENT_TYPE")
    if content_type:
        headers["Content-Type"] = content_type
    incoming_forwarded_for = environ.get("HTTP_X_FORWARDED_FOR")
    headers["X-Forwarded-For"] = (
        f"{incoming_forwarded_for}, {client_addr}" if incoming_forwarded_for else client_addr
    )
    host = environ.get("HTTP_HOST")
    if host:
        headers["X-Forwarded-Host"] = host
    headers["X-Forwarded-Proto"] = environ.get("wsgi.url_scheme", "http")
    headers["X-Request-ID"] = request_id
    headers[INTERNAL_HEADER] = internal_token
    return headers


# New request ids: a random prefix per process and a counter, unique across the platform and
# much cheaper than a uuid4 per request (next() on a count is atomic under the GIL).
_rid_prefix = ""
_rid_counter = itertools.count(1)
_rid_pid = -1


def request_id_of(environ: dict) -> str:
    """The client's X-Request-ID when it is sane, else a new one."""
    global _rid_prefix, _rid_counter, _rid_pid
    rid = environ.get("HTTP_X_REQUEST_ID")
    if rid and _RID_OK.match(rid):
        return rid
    if _rid_pid != os.getpid():  # a forked worker must not repeat its parent's ids
        _rid_prefix, _rid_counter, _rid_pid = uuid.uuid4().hex[:20], itertools.count(1), os.getpid()
    return f"{_rid_prefix}{next(_rid_counter):012x}"


def client_address(environ: dict, trusted_hops: int) -> str:
    """The caller's address; with `trusted_hops` proxies in front, taken from X-Forwarded-For."""
    remote = environ.get("REMOTE_ADDR") or "-"
    if trusted_hops <= 0:
        return remote
    hops = [part.strip() for part in environ.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
    return hops[-trusted_hops] if len(hops) >= trusted_hops else remote


_status_lines: dict[int, str] = {}


def _status_line(status: int) -> str:
    line = _status_lines.get(status)
    if line is None:
        try:
            line = f"{status} {HTTPStatus(status).phrase}"
        except ValueError:
            line = f"{status} Unknown"
        _status_lines[status] = line
    return line


# JSON strings as json.dumps(..., ensure_ascii=False) writes them (the C encoder itself).
_json_string = json.encoder.encode_basestring
# The timestamp's text up to the second, made once a second (time.strftime costs a few µs).
_second_text: tuple[int, str] = (-1, "")


def write_access_line(method: str, path: str, status: int, elapsed: float, user: str | None, request_id: str) -> None:
    """One JSON line per proxied request on stdout, in the shape of the building blocks' logs, with
    the request id the services log too, so an operator can follow a request from the gateway into
    every service it touched. Written with one os.write (no logging machinery, no lock, no buffer):
    on the hot path it costs about a fifth of a logging call, and lines of concurrent threads do
    not interleave. The line is put together by hand, each string through the JSON encoder: the
    same bytes as json.dumps of the dict, at a third of its cost (gateway/tests/unit/test_access_line.py)."""
    global _second_text
    now = time.time()
    second, text = _second_text
    if int(now) != second:
        second = int(now)
        text = time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(second))
        _second_text = (second, text)
    line = (
        f'{{"ts": "{text}.{int(now % 1 * 1000):03d}Z", "level": "INFO", "service": "gateway", '
        f'"logger": "access", "msg": "request", "request_id": {_json_string(request_id)}, '
        f'"method": {_json_string(method)}, "path": {_json_string(path)}, "status": {int(status)}, '
        f'"ms": {float(round(elapsed * 1000, 2))!r}, "user": {"null" if user is None else _json_string(user)}}}\n'
    )
    try:
        os.write(1, line.encode("utf-8", "replace"))  # a lone surrogate must not fail the request either
    except OSError:  # a closed stdout must not fail the request
        pass


class _Exchange:
    """One proxied request as it goes through the steps (what the record at the end needs)."""

    __slots__ = ("environ", "service", "path", "method", "request_id", "client_addr", "principal", "route")

    def __init__(self, environ: dict, service: str, path: str, request_id: str, client_addr: str):
        self.environ = environ
        self.service = service
        self.path = path
        self.method = environ.get("REQUEST_METHOD", "GET")
        self.request_id = request_id
        self.client_addr = client_addr
        self.principal: Principal | None = None
        self.route: Route | None = None


class GatewayProxy:
    """WSGI middleware: service routes are proxied here, everything else goes to `app`."""

    def __init__(
        self,
        app: Callable,
        *,
        policy: PolicyTable,
        authenticator: Authenticator,
        internal_tokens: InternalTokens,
        upstreams: Upstreams,
        audit: AuditLog,
        trusted_proxy_hops: int = 0,
        max_request_bytes: int = 10 * 1024 * 1024,
        max_upload_bytes: int = 10 * 1024 * 1024 + 64 * 1024,
        unit_within: Callable[[str, str], bool] | None = None,
    ):
        self.app = app
        self.unit_within = unit_within
        self.access_log = os.environ.get("GATEWAY_ACCESS_LOG", "1") != "0"
        self.policy = policy
        self.authenticator = authenticator
        self.internal_tokens = internal_tokens
        self.upstreams = upstreams
        self.audit = audit
        self.trusted_proxy_hops = trusted_proxy_hops
        self.max_request_bytes = max_request_bytes
        self.max_upload_bytes = max_upload_bytes
        self._metric_children: dict[tuple, tuple] = {}

    def __call__(self, environ: dict, start_response: Callable) -> Iterable[bytes]:
        path = environ.get("PATH_INFO", "")
        if path.startswith(API_PREFIX):
            rest = path[len(API_PREFIX):]
            slash = rest.find("/")
            service = rest if slash < 0 else rest[:slash]
            upstream = self.upstreams.get(service)
            if upstream is not None:
                return self.forward(environ, start_response, service, rest[len(service):] or "/")
        return self.app(environ, start_response)

    def forward(self, environ: dict, start_response: Callable, service: str, path: str) -> Iterable[bytes]:
        """Check and forward one request to `service`; `path` is as the service sees it."""
        started = time.perf_counter()
        exchange = _Exchange(environ, service, path, request_id_of(environ),
                             client_address(environ, self.trusted_proxy_hops))
        try:
            status, out_headers, body = self._pass_on(exchange)
        except (DomainError, SQLAlchemyError) as error:
            if isinstance(error, SQLAlchemyError):
                log.error("user directory unavailable: %s", error)
                error = Unavailable("the gateway cannot read its user directory right now")
            status, out_headers, payload = problem_of(error)
            out_headers.append(("X-Request-ID", exchange.request_id))
            body = [payload]
            if isinstance(error, PayloadTooLarge):
                # A body too large to read away is left unread: the web server (granian) then
                # closes the connection after the answer instead of reading the rest itself.
                discard_rest(environ, self.max_upload_bytes * DRAIN_FACTOR)
        self._record(exchange, status, time.perf_counter() - started)
        start_response(_status_line(status), out_headers)
        return body

    def _pass_on(self, exchange: "_Exchange") -> tuple[int, list[tuple[str, str]], Iterable[bytes]]:
        """Authenticate, authorize, pin the unit and forward: the service's answer, its body whole
        or, on a streamed route (files), in pieces as the service sends it."""
        environ, service, path, method = exchange.environ, exchange.service, exchange.path, exchange.method
        route, query = self._authorize(exchange)
        headers = forwarded_headers(environ, exchange.request_id,
                                    self.internal_tokens.for_principal(exchange.principal, service),
                                    exchange.client_addr)
        target = path if _PLAIN_PATH.match(path) else quote(path.encode("latin-1"), safe=_PATH_SAFE)
        target = f"{target}?{query}" if query else target
        upstream = self.upstreams.get(service)
        if route.streamed:
            length, pieces = body_pieces(environ, self.max_upload_bytes)
            response = self.upstreams.stream(upstream, method, target, headers, pieces, length)
            body: Iterable[bytes] = response
        else:
            response = self.upstreams.request(upstream, method, target, self._read_body(environ), headers)
            body = [response.data]
        out_headers = [(name, value) for name, value in response.headers
                       if name.lower() not in _OWN_RESPONSE_HEADERS]
        if response.header("X-Request-ID") is None:
            out_headers.append(("X-Request-ID", exchange.request_id))
        return response.status, out_headers, body

    def _authorize(self, exchange: "_Exchange") -> tuple[Route, str]:
        """Who calls, may they call this route, and the query string with their unit pinned."""
        environ, service, path, method = exchange.environ, exchange.service, exchange.path, exchange.method
        if method not in METHODS:
            raise MethodNotAllowed(f"{method} is not supported")
        exchange.principal = principal = self.authenticator.authenticate(environ)
        if path.startswith(_INTERNAL_ONLY_PREFIXES):
            raise NotFound(f"{API_PREFIX}{service}{path} is not a public route")
        exchange.route = route = self.policy.match(service, method, path)
        if route is None or principal.roles.isdisjoint(route.roles):
            raise NotAllowed(f"your roles do not allow {method} {API_PREFIX}{service}{path}")
        query = environ.get("QUERY_STRING", "")
        if route.list_scoped and not principal.has_scope(service):
            try:
                query = pin_unit(query, principal.unit or "", self.unit_within)
            except UnitPinningRefused as exc:
                raise NotAllowed(str(exc)) from None
        return route, query

    def _record(self, exchange: "_Exchange", status: int, elapsed: float) -> None:
        """Metrics, the audit entry and the access line of one proxied request."""
        count, latency = self._metrics(exchange.service, exchange.route, exchange.method, status)
        count.inc()
        latency.observe(elapsed)
        principal = exchange.principal
        username = principal.username if principal else None
        public_path = f"{API_PREFIX}{exchange.service}{exchange.path}"
        query_string = exchange.environ.get("QUERY_STRING")
        self.audit.record(
            "proxy", exchange.method, public_path + (f"?{query_string}" if query_string else ""), status,
            username=username, unit=principal.unit if principal else None, request_id=exchange.request_id,
            client_addr=exchange.client_addr, duration_ms=int(elapsed * 1000),
        )
        if self.access_log:
            write_access_line(exchange.method, public_path, status, elapsed, username, exchange.request_id)

    def _metrics(self, service: str, route, method: str, status: int):
        # Labelled children are looked up once per (route, method, status), not per request.
        key = (service, route, method, status)
        children = self._metric_children.get(key)
        if children is None:
            template = f"{API_PREFIX}{service}{route.template}" if route is not None else "<unmatched>"
            children = (
                HTTP_REQUESTS.labels("gateway", template, method, str(status)),
                HTTP_LATENCY.labels("gateway", template, method),
            )
            if len(self._metric_children) < 10_000:
                self._metric_children[key] = children
        return children

    def _read_body(self, environ: dict) -> bytes | None:
        """The whole body of a request on a buffered route (at most `max_request_bytes`)."""
        size = declared_length(environ, self.max_request_bytes)
        stream = environ.get("wsgi.input")
        if size is not None:
            return stream.read(size) if size > 0 else b""
        if environ.get("HTTP_TRANSFER_ENCODING", "").lower() == "chunked" and stream is not None:
            body = stream.read(self.max_request_bytes + 1)
            if len(body) > self.max_request_bytes:
                raise PayloadTooLarge(f"the body may be at most {self.max_request_bytes} bytes")
            return body
        return None


# --- bodies of streamed routes (attachments, documents): passed on in pieces, never whole -------

PIECE = 64 * 1024
# Past the limit, up to this many times the limit is read and thrown away so that the client,
# still sending, reads the 413 and keeps its connection; beyond that the connection is closed.
DRAIN_FACTOR = 4


def declared_length(environ: dict, limit: int) -> int | None:
    """The request's Content-Length (None without one); 400 when it is not a number, 413 above
    `limit`, decided before a byte of the body is read."""
    length = environ.get("CONTENT_LENGTH")
    if not length:
        return None
    if not (length.isascii() and length.isdigit()):
        raise Malformed("Content-Length is not a number")
    size = int(length)
    if size > limit:
        raise PayloadTooLarge(f"the body may be at most {limit} bytes")
    return size


def body_pieces(environ: dict, limit: int) -> tuple[int | None, Iterable[bytes] | None]:
    """(length, pieces) of a streamed request's body: its declared length, or None for a chunked
    one, and an iterator of pieces of at most `PIECE` bytes that raises `PayloadTooLarge` past
    `limit` and `Malformed` when the client's body ends early or cannot be read."""
    size = declared_length(environ, limit)
    stream = environ.get("wsgi.input")
    if size:
        return size, _pieces_of_length(stream, size)
    if size is None and environ.get("HTTP_TRANSFER_ENCODING", "").lower() == "chunked" and stream is not None:
        return None, _pieces_up_to(stream, limit)
    return size, None


def _read_piece(stream, size: int) -> bytes:
    try:
        return stream.read(size)
    except (OSError, ValueError):  # the client went away, or its chunked framing is broken
        raise Malformed("the request body could not be read to its end") from None


def _pieces_of_length(stream, size: int) -> Iterator[bytes]:
    while size > 0:
        piece = _read_piece(stream, min(PIECE, size))
        if not piece:
            raise Malformed("the request body ended before its Content-Length")
        size -= len(piece)
        yield piece


def _pieces_up_to(stream, limit: int) -> Iterator[bytes]:
    total = 0
    while piece := _read_piece(stream, PIECE):
        total += len(piece)
        if total > limit:
            raise PayloadTooLarge(f"the body may be at most {limit} bytes")
        yield piece


def discard_rest(environ: dict, cap: int) -> bool:
    """Read what is left of a refused request's body and throw it away, at most `cap` bytes:
    True when it is all read (the connection can carry the next request)."""
    stream = environ.get("wsgi.input")
    if stream is None:
        return True
    length = environ.get("CONTENT_LENGTH")
    left = int(length) if length and length.isascii() and length.isdigit() else None
    if left is not None and left > cap:
        return False
    read = 0
    try:
        while read <= cap:
            piece = stream.read(PIECE if left is None else min(PIECE, left - read))
            if not piece:
                return True
            read += len(piece)
    except (OSError, ValueError):
        return False
    return False
