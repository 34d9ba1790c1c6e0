"""The web console's built files served at `/` (issue 11): caching, the index.html fallback for
the console's own routes (never for the API), gzip, security headers, and a missing build."""

from __future__ import annotations

import gzip

import pytest

from gateway_testkit import app_for, bearer, gateway_settings, login, make_policy

INDEX = b'<!doctype html><html lang="vi"><script type="module" src="/assets/index-abc123.js"></script></html>'
SCRIPT = b"export const trang = 'B\xe1\xba\xa3ng \xc4\x91i\xe1\xbb\x81u h\xc3\xa0nh';\n" * 200


@pytest.fixture(scope="module")
def dist(tmp_path_factory):
    root = tmp_path_factory.mktemp("dist")
    (root / "assets").mkdir()
    (root / "index.html").write_bytes(INDEX)
    (root / "assets" / "index-abc123.js").write_bytes(SCRIPT)
    (root / "assets" / "style-def456.css").write_bytes(b"body{margin:0}" * 200)
    (root / "assets" / "style-def456.css.gz").write_bytes(b"precompressed")
    (root / "assets" / "logo-0a1b2c.png").write_bytes(b"\x89PNG" + bytes(4000))
    (root / "favicon.svg").write_bytes(b"<svg/>")
    return root


def _app(database, echo_url, dead_url, pg_url, web_dist):
    return app_for(gateway_settings(pg_url, echo_url, dead_url, WEB_DIST_DIR=str(web_dist)), policy=make_policy())


@pytest.fixture(scope="module")
def console(database, echo_url, dead_url, pg_url, dist):
    app = _app(database, echo_url, dead_url, pg_url, dist)
    yield app.test_client()
    app.extensions["gateway"].audit.close()


def test_index_html_is_never_cached_and_carries_the_security_headers(console):
    page = console.get("/")
    assert page.status_code == 200 and page.data == INDEX
    assert page.headers["Content-Type"] == "text/html; charset=utf-8"
    assert page.headers["Cache-Control"] == "no-cache"
    csp = page.headers["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in csp and "script-src 'self';" in csp and "unsafe-inline" not in \
        csp.split("script-src")[1].split(";")[0]
    assert page.headers["X-Content-Type-Options"] == "nosniff"
    assert page.headers["Referrer-Policy"] == "no-referrer"


def test_hashed_assets_are_cached_for_a_year(console):
    script = console.get("/assets/index-abc123.js")
    assert script.status_code == 200 and script.data == SCRIPT
    assert script.headers["Cache-Control"] == "public, max-age=31536000, immutable"
    assert script.headers["Content-Type"] == "application/javascript; charset=utf-8"
    assert console.get("/favicon.svg").headers["Cache-Control"] == "no-cache"


@pytest.mark.parametrize("path", ["/hop-thu", "/dat-xe/15", "/ngan-sach/BTC?nam=2026", "/assets/gone-000.js",
                                  "/../../etc/passwd", "/%2e%2e/secret", "/assets/../../pyproject.toml"])
def test_every_other_non_api_path_answers_index_html(console, path):
    page = console.get(path)
    assert page.status_code == 200 and page.data == INDEX and page.headers["Cache-Control"] == "no-cache"


@pytest.mark.parametrize("path", ["/api/v1/nothing-here", "/api/v1/auth/me", "/health/nothing", "/metrics", "/api"])
def test_api_health_and_metrics_paths_never_answer_index_html(console, path):
    response = console.get(path)
    assert response.data != INDEX and response.status_code in (401, 404)


def test_the_api_still_answers_through_the_console(console):
    assert console.get("/api/v1/auth/me", headers=bearer(login(console, "chuyenvien.btc"))).status_code == 200
    assert console.get("/health/live").get_json() == {"status": "ok"}


def test_gzip_precompressed_or_on_the_fly_for_text_only(console):
    built = console.get("/assets/style-def456.css", headers={"Accept-Encoding": "gzip, br"})
    assert built.headers["Content-Encoding"] == "gzip" and built.data == b"precompressed"
    script = console.get("/assets/index-abc123.js", headers={"Accept-Encoding": "gzip"})
    assert script.headers["Content-Encoding"] == "gzip" and gzip.decompress(script.data) == SCRIPT
    assert int(script.headers["Content-Length"]) == len(script.data) < len(SCRIPT)
    assert script.headers["Vary"] == "Accept-Encoding"
    image = console.get("/assets/logo-0a1b2c.png", headers={"Accept-Encoding": "gzip"})
    assert "Content-Encoding" not in image.headers and image.headers["Content-Type"] == "image/png"
    plain = console.get("/assets/index-abc123.js")
    assert "Content-Encoding" not in plain.headers and plain.data == SCRIPT
    assert console.get("/assets/style-def456.css.gz").data == INDEX  # the .gz files are not served by name


def test_head_answers_headers_only_and_writes_are_refused(console):
    head = console.head("/")
    assert head.status_code == 200 and head.data == b"" and int(head.headers["Content-Length"]) == len(INDEX)
    assert console.post("/hop-thu").status_code == 405


def test_a_missing_build_answers_a_short_vietnamese_page(database, echo_url, dead_url, pg_url, tmp_path):
    app = _app(database, echo_url, dead_url, pg_url, tmp_path / "not-built")
    try:
        page = app.test_client().get("/dat-xe")
        assert page.status_code == 503 and page.headers["Cache-Control"] == "no-store"
        assert "Giao diện web chưa được dựng" in page.get_data(as_text=True)
        assert app.test_client().get("/health/live").status_code == 200
    finally:
        app.extensions["gateway"].audit.close()
