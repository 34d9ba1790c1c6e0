"""The access line, put together by hand for speed, is exactly json.dumps of its fields."""

import json

import pytest

from gateway.proxy import write_access_line


@pytest.mark.parametrize(
    "method, path, status, elapsed, user, request_id",
    [
        ("GET", "/api/v1/finance/items", 200, 0.00123, "chuyenvien.btc", "abcdef0123456789abcd000000000001"),
        ("PATCH", '/api/v1/hr/staff/"quoted"\\back\nline\u2028', 404, 12.345678, None, "rid-1"),
        ("BREW", "/api/v1/assets/Tài sản/ở đâu", 405, 0.0, "nguyễn.văn.a", "x" * 128),
        ("GET", "/api/v1/fleet/\x00\x1f\x7f", 502, 1e-9, "", "a:b.c_d-e"),
    ],
)
def test_the_access_line_is_json_dumps_of_its_fields(capfd, method, path, status, elapsed, user, request_id):
    write_access_line(method, path, status, elapsed, user, request_id)
    line = capfd.readouterr().out
    assert line.endswith("\n") and line.count("\n") == 1
    fields = json.loads(line)
    expected = {"ts": fields["ts"], "level": "INFO", "service": "gateway", "logger": "access", "msg": "request",
                "request_id": request_id, "method": method, "path": path, "status": status,
                "ms": round(elapsed * 1000, 2), "user": user}
    assert line == json.dumps(expected, ensure_ascii=False) + "\n"
    assert len(fields["ts"]) == 24 and fields["ts"].endswith("Z")


def test_a_lone_surrogate_is_written_replaced(capfd):
    write_access_line("GET", "/api/v1/fleet/\ud800", 200, 0.001, None, "rid")
    assert json.loads(capfd.readouterr().out)["path"] == "/api/v1/fleet/?"
