"""Files through the gateway (issue 14): on the attachment routes and the documents the request
and response bodies are passed on in pieces, never held whole; an upload may be as large as the
attachment limit (10 MiB and the multipart framing), other routes keep the usual limit; a larger
upload is a 413 problem, the rest of its body read and thrown away, and the connection stays
usable. Against the echo service (routed as `finance`), in-process and under the real web process (granian)."""

from __future__ import annotations

import hashlib
import socket
from pathlib import Path

import pytest
import urllib3
from echo_service import PIECE, pattern

from gateway_testkit import bearer

MIB = 1024 * 1024
LIMIT = 10 * MIB + 64 * 1024  # the attachment limit and the multipart framing (config.max_upload_bytes)


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


# --- in-process (Flask's test client drives the WSGI app) --------------------------------------

def test_an_upload_reaches_the_service_whole_with_its_length(client, token_of):
    data = pattern(3 * MIB + 17)
    resp = client.post("/api/v1/finance/things/7/attachments", data=data,
                       headers=bearer(token_of("chuyenvien.btc"), **{"Content-Type": "application/pdf"}))
    assert resp.status_code == 201, resp.get_json()
    echoed = resp.get_json()
    assert echoed["size"] == len(data) and echoed["sha256"] == sha256(data)
    assert echoed["content_length"] == str(len(data)) and echoed["principal"] == "chuyenvien.btc"


@pytest.mark.parametrize("chunked", [False, True])
def test_a_download_is_passed_on_byte_for_byte(client, token_of, chunked):
    size = 2 * MIB + 5
    resp = client.get(f"/api/v1/finance/things/7/attachments/{size}", query_string={"chunked": "1"} if chunked else {},
                      headers=bearer(token_of("kiemtra.ubkt")))
    assert resp.status_code == 200
    assert resp.data == pattern(size)
    assert resp.headers["Content-Disposition"] == 'attachment; filename="scan.pdf"'
    assert resp.headers.get("Content-Length") == (None if chunked else str(size))
    assert "Transfer-Encoding" not in resp.headers  # framing is the gateway's server's own


def test_the_upload_limit_is_the_attachment_limit_only_on_attachment_routes(client, token_of):
    headers = bearer(token_of("chuyenvien.btc"), **{"Content-Type": "application/pdf"})
    just_over_usual = b"%PDF-" + b"x" * (10 * MIB)  # above MAX_REQUEST_BYTES, within the upload limit
    assert client.post("/api/v1/finance/things/7/attachments", data=just_over_usual, headers=headers).status_code == 201
    refused = client.post("/api/v1/finance/things", data=just_over_usual, headers=headers)
    assert refused.status_code == 413
    too_large = client.post("/api/v1/finance/things/7/attachments", data=b"x" * (LIMIT + 1), headers=headers)
    assert too_large.status_code == 413
    assert too_large.headers["Content-Type"] == "application/problem+json"
    assert too_large.get_json()["status"] == 413


def test_streamed_routes_keep_the_role_table(client, token_of):
    admin = bearer(token_of("admin"), **{"Content-Type": "application/pdf"})  # no business data for the admin
    refused = client.post("/api/v1/finance/things/7/attachments", data=b"%PDF-1.4", headers=admin)
    assert refused.status_code == 403 and refused.get_json()["status"] == 403
    assert client.get("/api/v1/finance/things/7/attachments/10", headers=admin).status_code == 403
    assert client.get("/api/v1/finance/things/7/attachments/10").status_code == 401


# --- the real process: memory, framing, connections ------------------------------------------

def _worker_pid(master: int) -> int:
    children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
    assert len(children) == 1, children
    return int(children[0])


def _reset_peak_rss(pid: int) -> None:
    """From now on VmHWM is the peak since this call, not since start-up (Linux >= 4.0)."""
    Path(f"/proc/{pid}/clear_refs").write_text("5")


def _peak_rss_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    raise AssertionError("no VmHWM")


def _token(http: urllib3.PoolManager, url: str, username: str) -> str:
    login = http.request("POST", f"{url}/api/v1/auth/token", json={"username": username, "password": "demo-2026"})
    assert login.status == 200
    return login.json()["access_token"]


def _pieces(data: bytes):
    for start in range(0, len(data), PIECE):
        yield data[start:start + PIECE]


def test_the_gateways_memory_does_not_grow_with_the_file(gateway_process):
    """Peak RSS of the gateway's worker over 10 MiB up (with a length and chunked) and down is
    what 1 MiB cost: a gateway that held the body would add at least the file's size."""
    url, process, _ = gateway_process
    http = urllib3.PoolManager()
    headers = {"Authorization": f"Bearer {_token(http, url, 'chuyenvien.btc')}", "Content-Type": "application/pdf"}
    worker = _worker_pid(process.pid)

    def round_trip(size: int) -> None:
        data = pattern(size)
        sent = http.request("POST", f"{url}/api/v1/finance/things/7/attachments", body=data, headers=headers)
        assert sent.status == 201 and sent.json()["sha256"] == sha256(data)
        chunked = http.request("POST", f"{url}/api/v1/finance/things/7/attachments", body=_pieces(data),
                               chunked=True, headers=headers)
        assert chunked.status == 201 and chunked.json()["sha256"] == sha256(data)
        assert chunked.json()["transfer_encoding"] == "chunked"
        got = http.request("GET", f"{url}/api/v1/finance/things/7/attachments/{size}", headers=headers,
                           preload_content=False)
        digest = hashlib.sha256()
        for piece in got.stream(PIECE):
            digest.update(piece)
        got.release_conn()
        assert got.status == 200 and digest.hexdigest() == sha256(data)

    for _ in range(3):  # warm: imports, pools, allocator arenas
        round_trip(1 * MIB)
    _reset_peak_rss(worker)
    round_trip(1 * MIB)
    small = _peak_rss_kib(worker)
    _reset_peak_rss(worker)
    round_trip(10 * MIB)
    large = _peak_rss_kib(worker)
    assert large - small < 4 * 1024, f"peak RSS {small} KiB for 1 MiB files, {large} KiB for 10 MiB files"


def test_a_too_large_upload_is_413_and_the_connection_carries_the_next_request(gateway_process):
    url, _, _ = gateway_process
    host, port = url.split("//")[1].split(":")
    pool = urllib3.HTTPConnectionPool(host, int(port), maxsize=1, block=True)
    token = _token(urllib3.PoolManager(), url, "chuyenvien.btc")
    headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/pdf"}
    big = b"%PDF-" + b"\0" * (11 * MIB)
    refused = pool.request("POST", "/api/v1/finance/things/7/attachments", body=big, headers=headers)
    assert refused.status == 413 and refused.headers["Content-Type"] == "application/problem+json"
    assert refused.json()["status"] == 413 and refused.headers.get("Connection", "keep-alive") == "keep-alive"
    chunked = pool.request("POST", "/api/v1/finance/things/7/attachments", body=_pieces(big), chunked=True,
                           headers=headers)
    assert chunked.status == 413
    after = pool.request("POST", "/api/v1/finance/things/7/attachments", body=b"%PDF-1.4 ok", headers=headers)
    assert after.status == 201 and after.json()["size"] == 11
    assert pool.num_connections == 1, "the refused uploads' connection was kept and reused"


def test_a_huge_declared_upload_is_refused_at_once_and_the_connection_closed(gateway_process):
    """Beyond what is worth reading away (4 times the limit), the gateway answers 413 before the
    body and hangs up instead of reading a gigabyte."""
    url, _, _ = gateway_process
    host, port = url.split("//")[1].split(":")
    token = _token(urllib3.PoolManager(), url, "chuyenvien.btc")
    with socket.create_connection((host, int(port)), timeout=10) as sock:
        sock.sendall((f"POST /api/v1/finance/things/7/attachments HTTP/1.1\r\nHost: {host}\r\n"
                      f"Authorization: Bearer {token}\r\nContent-Type: application/pdf\r\n"
                      f"Content-Length: {1024 * MIB}\r\n\r\n%PDF-1.4").encode())
        answer = b""
        while chunk := sock.recv(65536):
            answer += chunk
    head, _, body = answer.partition(b"\r\n\r\n")  # all of it: the loop ended, the gateway hung up
    assert head.startswith(b"HTTP/1.1 413 ")
    assert b'"status": 413' in body


def test_a_service_that_breaks_off_a_download_gives_a_short_body_never_a_wrong_one(gateway_process):
    url, _, _ = gateway_process
    http = urllib3.PoolManager(retries=False)
    headers = {"Authorization": f"Bearer {_token(http, url, 'chuyenvien.btc')}"}
    size = 4 * MIB
    got = http.request("GET", f"{url}/api/v1/finance/things/7/attachments/{size}", fields={"broken": "1"},
                       headers=headers, preload_content=False)
    assert got.status == 200 and got.headers["Content-Length"] == str(size)
    received = b""
    with pytest.raises(urllib3.exceptions.ProtocolError):
        for piece in got.stream(PIECE):
            received += piece
    assert len(received) < size and pattern(size).startswith(received)
    assert http.request("GET", f"{url}/api/v1/finance/things/7/attachments/10", headers=headers).data == pattern(10)
