"""The gateway's HTTP/1.1 client against scripted peers on real sockets: framing (length,
chunked, to-the-end), interim answers, keep-alive reuse, a connection the service closed while
idle, and broken answers (502) or none in time (504)."""

from __future__ import annotations

import socket
import threading

import pytest

from gateway.adapters.upstreams import Upstreams
from gateway.errors import BadGateway, GatewayTimeout
from gateway_testkit import read_request_head


class ScriptedService:
    """Accepts connections and answers each request with the next scripted bytes.

    A script entry is the raw answer, or None to close the connection without answering.
    `close_after` closes the connection after that answer even without `Connection: close`.
    """

    def __init__(self, script: list[tuple[bytes | None, bool]]):
        self.script = list(script)
        self.requests: list[bytes] = []
        self.connections = 0
        self.server = socket.socket()
        self.server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.server.bind(("127.0.0.1", 0))
        self.server.listen(16)
        self.port = self.server.getsockname()[1]
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self) -> None:
        while self.script:
            try:
                conn, _ = self.server.accept()
            except OSError:
                return
            self.connections += 1
            with conn:
                while self.script:
                    data = read_request_head(conn)
                    if not data:
                        break
                    head, _, body = data.partition(b"\r\n\r\n")
                    length = 0
                    for line in head.split(b"\r\n")[1:]:
                        name, _, value = line.partition(b":")
                        if name.strip().lower() == b"content-length":
                            length = int(value)
                    while len(body) < length:
                        body += conn.recv(65536)
                    self.requests.append(head + b"\r\n\r\n" + body)
                    answer, close_after = self.script.pop(0)
                    if answer is None:
                        break
                    conn.sendall(answer)
                    if close_after:
                        break

    def close(self) -> None:
        self.server.close()


@pytest.fixture()
def scripted():
    made: list[ScriptedService] = []

    def make(*script):
        service = ScriptedService(list(script))
        made.append(service)
        return service, Upstreams({"svc": f"http://127.0.0.1:{service.port}/base"}, 1.0, 0.5, 4)

    yield make
    for service in made:
        service.close()


def ok(body: bytes, extra: bytes = b"") -> bytes:
    return b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n" + extra + \
        b"Content-Length: " + str(len(body)).encode() + b"\r\n\r\n" + body


def call(upstreams, method="GET", target="/x", body=None, headers=None):
    return upstreams.request(upstreams.get("svc"), method, target, body, headers or {"X-Request-ID": "r1"})


def test_requests_carry_the_base_path_host_headers_and_body(scripted):
    service, upstreams = scripted((ok(b"{}"), False))
    call(upstreams, "POST", "/things?a=1", b'{"n": 1}', {"Content-Type": "application/json"})
    sent = service.requests[0]
    assert sent.startswith(b"POST /base/things?a=1 HTTP/1.1\r\n")
    assert f"Host: 127.0.0.1:{service.port}".encode() in sent
    assert b"Content-Length: 8\r\n" in sent and sent.endswith(b'\r\n\r\n{"n": 1}')


def test_keep_alive_connections_are_reused(scripted):
    service, upstreams = scripted((ok(b"1"), False), (ok(b"2"), False), (ok(b"3"), False))
    assert [call(upstreams).data for _ in range(3)] == [b"1", b"2", b"3"]
    assert service.connections == 1


def test_a_chunked_answer_is_joined_and_given_a_length(scripted):
    answer = (b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nX-Kept: yes\r\n\r\n"
              b"5\r\nhello\r\n7;ext=1\r\n, world\r\n0\r\nX-Trailer: t\r\n\r\n")
    service, upstreams = scripted((answer, False), (ok(b"next"), False))
    response = call(upstreams)
    assert response.data == b"hello, world"
    names = {name.lower(): value for name, value in response.headers}
    assert names["content-length"] == "12" and "transfer-encoding" not in names and names["x-kept"] == "yes"
    assert call(upstreams).data == b"next" and service.connections == 1


def test_an_interim_100_continue_is_skipped(scripted):
    service, upstreams = scripted((b"HTTP/1.1 100 Continue\r\n\r\n" + ok(b"done"), False))
    assert call(upstreams, "POST", body=b"x").data == b"done"


def test_head_204_and_304_have_no_body(scripted):
    service, upstreams = scripted(
        (b"HTTP/1.1 200 OK\r\nContent-Length: 99\r\n\r\n", False),
        (b"HTTP/1.1 204 No Content\r\n\r\n", False),
        (b"HTTP/1.1 304 Not Modified\r\nETag: x\r\n\r\n", False),
        (ok(b"after"), False),
    )
    assert call(upstreams, "HEAD").data == b""
    assert call(upstreams).status == 204
    assert call(upstreams).status == 304
    assert call(upstreams).data == b"after" and service.connections == 1


def test_connection_close_and_unframed_answers_are_not_reused(scripted):
    service, upstreams = scripted(
        (ok(b"a", b"Connection: close\r\n"), True),
        (b"HTTP/1.1 200 OK\r\n\r\nto the end", True),
        (b"HTTP/1.0 200 OK\r\nContent-Length: 1\r\n\r\nb", True),
        (ok(b"c"), False),
    )
    first = call(upstreams)
    assert first.data == b"a" and all(name.lower() != "connection" for name, _ in first.headers)
    assert call(upstreams).data == b"to the end"
    assert call(upstreams).data == b"b"
    assert call(upstreams).data == b"c"
    assert service.connections == 4


def test_a_connection_the_service_closed_while_idle_is_not_reused(scripted):
    # The service answers, then closes the connection without saying so; the next request
    # goes out on a new connection, not into the dead one.
    service, upstreams = scripted((ok(b"first"), True), (ok(b"second"), False))
    assert call(upstreams).data == b"first"
    assert call(upstreams).data == b"second"
    assert service.connections == 2


def test_a_post_that_got_no_answer_is_never_resent(scripted):
    service, upstreams = scripted((ok(b"first"), False), (None, False), (ok(b"never"), False))
    call(upstreams)
    with pytest.raises(BadGateway):
        call(upstreams, "POST", body=b"{}")
    assert len(service.requests) == 2


@pytest.mark.parametrize(
    "answer",
    [
        b"garbage\r\n\r\n",
        b"HTTP/1.1 abc OK\r\n\r\n",
        b"HTTP/1.1 200 OK\r\nno colon here\r\n\r\n",
        b"HTTP/1.1 200 OK\r\nContent-Length: ten\r\n\r\n",
        b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n",
        b"HTTP/1.1 200 OK\r\nContent-Length: 50\r\n\r\nshort",
    ],
)
def test_broken_answers_are_502(scripted, answer):
    service, upstreams = scripted((answer, True))
    with pytest.raises(BadGateway):
        call(upstreams, "POST", body=b"")


# Issue 10, finding 8: answers two parsers could read two ways, or that break the caps.
AMBIGUOUS = {
    "two-content-lengths": b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Length: 2\r\n\r\n{}",
    "two-different-lengths": b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\n{}x",
    "length-and-chunked": b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\nTransfer-Encoding: chunked\r\n\r\n"
                          b"2\r\n{}\r\n0\r\n\r\n",
    "chunked-and-length": b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nContent-Length: 2\r\n\r\n"
                          b"2\r\n{}\r\n0\r\n\r\n",
    "two-encodings": b"HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip, chunked\r\n\r\n2\r\n{}\r\n0\r\n\r\n",
    "plus-length": b"HTTP/1.1 200 OK\r\nContent-Length: +2\r\n\r\n{}",
    "underscore-length": b"HTTP/1.1 200 OK\r\nContent-Length: 0_2\r\n\r\n{}",
    "negative-length": b"HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n{}",
    "hex-length": b"HTTP/1.1 200 OK\r\nContent-Length: 0x2\r\n\r\n{}",
    "non-ascii-length": "HTTP/1.1 200 OK\r\nContent-Length: ２\r\n\r\n{}".encode(),
    "hex-chunk": b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n0x2\r\n{}\r\n0\r\n\r\n",
    "plus-chunk": b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n+2\r\n{}\r\n0\r\n\r\n",
    "underscore-chunk": b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n1_0\r\n0123456789abcdef\r\n"
                        b"0\r\n\r\n",
    "chunk-longer-than-its-size": b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n1\r\n{}\r\n0\r\n\r\n",
    "non-ascii-status": "HTTP/1.1 २00 OK\r\nContent-Length: 2\r\n\r\n{}".encode(),
    "short-status": b"HTTP/1.1 20 OK\r\nContent-Length: 2\r\n\r\n{}",
    "long-status": b"HTTP/1.1 2000 OK\r\nContent-Length: 2\r\n\r\n{}",
    "status-out-of-range": b"HTTP/1.1 700 Odd\r\nContent-Length: 2\r\n\r\n{}",
    "http-2-status-line": b"HTTP/2 200 OK\r\nContent-Length: 2\r\n\r\n{}",
    "space-before-colon": b"HTTP/1.1 200 OK\r\nContent-Length : 2\r\n\r\n{}",
    "obsolete-folding": b"HTTP/1.1 200 OK\r\nX-A: 1\r\n folded\r\nContent-Length: 2\r\n\r\n{}",
    "nul-in-value": b"HTTP/1.1 200 OK\r\nX-A: a\x00b\r\nContent-Length: 2\r\n\r\n{}",
    "bare-cr-in-value": b"HTTP/1.1 200 OK\r\nX-A: a\rSet-Cookie: x=1\r\nContent-Length: 2\r\n\r\n{}",
    "too-many-headers": b"HTTP/1.1 200 OK\r\n" + b"".join(b"X-H%d: v\r\n" % i for i in range(101))
                        + b"Content-Length: 2\r\n\r\n{}",
    "oversized-head": b"HTTP/1.1 200 OK\r\nX-Big: " + b"a" * (70 * 1024) + b"\r\nContent-Length: 2\r\n\r\n{}",
    "body-over-the-cap": b"HTTP/1.1 200 OK\r\nContent-Length: 2000\r\n\r\n" + b"x" * 2000,
    "chunked-body-over-the-cap": b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                                 + b"400\r\n" + b"x" * 1024 + b"\r\n" + b"400\r\n" + b"x" * 1024 + b"\r\n0\r\n\r\n",
    "unframed-body-over-the-cap": b"HTTP/1.1 200 OK\r\n\r\n" + b"x" * 2000,
    "switching-protocols": b"HTTP/1.1 101 Switching Protocols\r\nUpgrade: h2c\r\n\r\n",
}


@pytest.mark.parametrize("case", sorted(AMBIGUOUS))
def test_ambiguous_or_oversized_answers_are_502_and_the_connection_is_dropped(case):
    service = ScriptedService([(AMBIGUOUS[case], False), (ok(b"next"), False)])
    upstreams = Upstreams({"svc": f"http://127.0.0.1:{service.port}"}, 1.0, 1.0, 4, max_body=1500)
    try:
        with pytest.raises(BadGateway) as refused:
            call(upstreams)
        assert refused.value.status == 502 and "malformed" in refused.value.detail
        assert not upstreams.get("svc").pool._idle  # never back in the pool
    finally:
        service.close()


def test_headers_named_in_connection_and_hop_by_hop_ones_are_dropped(scripted):
    answer = (b"HTTP/1.1 200 OK\r\nConnection: X-Secret, keep-alive\r\nKeep-Alive: timeout=5\r\n"
              b"X-Secret: internal\r\nProxy-Connection: x\r\nUpgrade: h2c\r\nTrailer: X-T\r\nX-Kept: yes\r\n"
              b"Content-Length: 2\r\n\r\n{}")
    service, upstreams = scripted((answer, False))
    names = {name.lower() for name, _ in call(upstreams).headers}
    assert names == {"x-kept", "content-length"}


def test_a_reason_phrase_may_be_empty_and_a_status_line_is_otherwise_kept(scripted):
    service, upstreams = scripted((b"HTTP/1.1 201 \r\nContent-Length: 0\r\n\r\n", False),
                                  (b"HTTP/1.1 418\r\nContent-Length: 0\r\n\r\n", False))
    assert call(upstreams).status == 201
    assert call(upstreams).status == 418


def test_idle_connections_are_checked_with_poll_so_high_descriptors_work(scripted):
    import resource

    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if hard != resource.RLIM_INFINITY and hard < 1200:
        pytest.skip("the descriptor limit is below 1200")
    resource.setrlimit(resource.RLIMIT_NOFILE, (max(soft, 1200), hard))
    service, upstreams = scripted((ok(b"1"), False), (ok(b"2"), False))
    fillers = []
    try:
        while True:  # push the next descriptors above 1024
            filler = socket.socket()
            fillers.append(filler)
            if filler.fileno() > 1030:
                break
        fillers.pop().close()
        assert call(upstreams).data == b"1"
        idle = upstreams.get("svc").pool._idle[-1]
        assert idle.fileno() >= 1024
        assert call(upstreams).data == b"2" and service.connections == 1  # reused, not taken for dead
    finally:
        for filler in fillers:
            filler.close()
        resource.setrlimit(resource.RLIMIT_NOFILE, (soft, hard))


def test_no_answer_in_time_is_504(scripted):
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(1)
    upstreams = Upstreams({"svc": f"http://127.0.0.1:{server.getsockname()[1]}"}, 1.0, 0.3, 4)
    try:
        with pytest.raises(GatewayTimeout):
            call(upstreams)
    finally:
        server.close()


def test_nothing_listening_is_502():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    upstreams = Upstreams({"svc": f"http://127.0.0.1:{port}"}, 1.0, 0.3, 4)
    with pytest.raises(BadGateway) as refused:
        call(upstreams)
    assert refused.value.extra["service"] == "svc"


def test_only_http_urls_are_accepted():
    with pytest.raises(ValueError):
        Upstreams({"svc": "https://hr.internal"}, 1.0, 1.0, 4)
