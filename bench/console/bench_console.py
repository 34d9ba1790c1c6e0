"""The console's first load and the inbox answer (issue 11, "Speed"); figures, never assertions.

    .venv/bin/python bench/console/bench_console.py                  # against `make run` (http://127.0.0.1:8080)
    .venv/bin/python bench/console/bench_console.py --base URL
    .venv/bin/python bench/console/bench_console.py --static         # web/dist alone, the API answering 401
    flock /tmp/office-platform.lock .venv/bin/python bench/console/bench_console.py --own-platform
        # a platform of its own (tests/e2e/harness.py) on SQLite, seeded as `make run` seeds it (demo history too)

For the login page and the inbox: the JS and CSS the page loads (bytes as sent, and gzip -9 of
each, which is what a gzip-serving gateway or proxy transfers), and the time to interactive in
headless Chromium (navigation start until the page's main control can be used: the login button,
the inbox table). Then `GET /api/v1/inbox` through the gateway: p50/p95 of N calls on demo data.
Targets: login page <= 250 KB gzip, every route its own chunk, TTI <= 1.5 s, inbox p50 <= 30 ms.
"""
from __future__ import annotations

import argparse
import gzip
import http.server
import json
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

import requests
from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parents[2]
DIST = ROOT / "web" / "dist"


def static_server() -> tuple[str, http.server.ThreadingHTTPServer]:
    """web/dist with the gateway's SPA fallback; every /api call answers 401 (nobody logged in)."""

    class Handler(http.server.SimpleHTTPRequestHandler):
        def __init__(self, *a, **kw):
            super().__init__(*a, directory=str(DIST), **kw)

        def log_message(self, *a):
            pass

        def do_GET(self):
            if self.path.startswith("/api/"):
                body = json.dumps({"type": "https://office.example/problems/unauthorized", "status": 401,
                                   "title": "Unauthorized", "detail": "no session"}).encode()
                self.send_response(401)
                self.send_header("Content-Type", "application/problem+json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
                return
            if not (DIST / self.path.lstrip("/").split("?")[0]).is_file():
                self.path = "/index.html"
            super().do_GET()

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.server_address[1]}", server


def load(browser, base: str, path: str, ready: str, login_as: str | None = None) -> dict:
    """Bytes of JS/CSS and time to interactive of one page, on a cold cache."""
    context = browser.new_context(viewport={"width": 1366, "height": 900})
    page = context.new_page()
    if login_as:
        page.goto(base + "/login")
        page.get_by_label("Tên đăng nhập").fill(login_as)
        page.get_by_label("Mật khẩu").fill("demo-2026")
        page.get_by_role("button", name="Đăng nhập").click()
        page.wait_for_url(lambda url: "/login" not in url)
        cookies = context.cookies()
        context.close()
        context = browser.new_context(viewport={"width": 1366, "height": 900})
        context.add_cookies(cookies)
        page = context.new_page()
    assets: list[tuple[str, bytes]] = []

    def keep(response):
        kind = response.request.resource_type
        if kind in ("script", "stylesheet") and response.ok:
            assets.append((response.url, response.body()))

    page.on("response", keep)
    page.goto(base + path)
    page.locator(ready).first.wait_for(state="visible")
    tti_ms = page.evaluate("() => performance.now()")
    page.wait_for_load_state("networkidle")
    context.close()
    raw = sum(len(b) for _, b in assets)
    gz = sum(len(gzip.compress(b, 9)) for _, b in assets)
    return {"page": path, "files": len(assets), "js_css_bytes": raw, "js_css_gzip_bytes": gz, "tti_ms": round(tti_ms)}


def inbox_latency(base: str, username: str, calls: int) -> dict:
    token = requests.post(f"{base}/api/v1/auth/token", json={"username": username, "password": "demo-2026"},
                          timeout=10).json()["access_token"]
    session = requests.Session()
    session.headers["Authorization"] = f"Bearer {token}"
    for _ in range(5):
        session.get(f"{base}/api/v1/inbox", timeout=10)
    times = []
    for _ in range(calls):
        start = time.perf_counter()
        resp = session.get(f"{base}/api/v1/inbox", timeout=10)
        times.append((time.perf_counter() - start) * 1000)
        resp.raise_for_status()
    times.sort()
    return {"calls": calls, "user": username, "items": len(resp.json()["items"]),
            "p50_ms": round(statistics.median(times), 1), "p95_ms": round(times[int(0.95 * len(times)) - 1], 1)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--base", default="http://127.0.0.1:8080")
    parser.add_argument("--static", action="store_true", help="serve web/dist here; only the login page is measured")
    parser.add_argument("--own-platform", action="store_true",
                        help="start the platform here (SQLite, make run's demo data with its history) and measure it")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--calls", type=int, default=200)
    args = parser.parse_args()
    server = platform = None
    base = args.base
    if args.static:
        base, server = static_server()
    elif args.own_platform:
        sys.path.insert(0, str(ROOT / "tests" / "e2e"))
        from harness import Platform

        platform = Platform(Path(tempfile.mkdtemp(prefix="office-bench-console-")), database="sqlite")
        platform.base_env["DEMO_HISTORY"] = "1"  # as `make run` seeds
    try:
        if platform:
            base = platform.start().gateway
        chunks = sorted(p.name for p in (DIST / "assets").glob("*Page-*.js"))
        results: dict = {"base": base, "route_chunks": chunks}
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox"])
            pages = [("/login", "button[type=submit]", None)]
            if not args.static:
                pages.append(("/viec-can-xu-ly", ".ant-table", "truongban.btc"))
            for path, ready, user in pages:
                runs = [load(browser, base, path, ready, user) for _ in range(args.runs)]
                best = dict(runs[0])
                best["tti_ms_median"] = statistics.median(r["tti_ms"] for r in runs)
                best.pop("tti_ms")
                results[path] = best
            browser.close()
        if not args.static:
            results["inbox"] = [inbox_latency(base, user, args.calls) for user in ("truongban.btc", "bithu")]
    finally:
        if server:
            server.shutdown()
        if platform:
            platform.stop()
    print(json.dumps(results, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
