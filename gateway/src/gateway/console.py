"""The web console's built files (`web/dist`) served at `/`, in front of everything else.

- `/assets/...` are content-hashed by the build: cached for a year, `immutable`.
- `index.html` (and every other file) is `no-cache`, so a new build is seen at once.
- Every path that is not a file answers `index.html` (the console routes in the browser), but
  never `/api/...`, `/health/...` or `/metrics`, which go on to the gateway.
- gzip when the client accepts it: a precompressed `<file>.gz` beside the file if the build made
  one, else compressed here (text types only), remembered per file and modification time.
- Without a build, a short page in Vietnamese says so (503).
- Security headers on every answer: a CSP without inline scripts, nosniff, no referrer, no framing.
"""

from __future__ import annotations

import gzip
import mimetypes
import os
import threading
from pathlib import Path
from typing import Callable, Iterable

NOT_CONSOLE = ("/api/", "/health/")
NOT_CONSOLE_EXACT = frozenset({"/api", "/health", "/metrics"})
IMMUTABLE = "public, max-age=31536000, immutable"
CSP = ("default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; "
       "font-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; "
       "frame-ancestors 'none'")
SECURITY_HEADERS = [
    ("Content-Security-Policy", CSP),
    ("X-Content-Type-Options", "nosniff"),
    ("Referrer-Policy", "no-referrer"),
    ("X-Frame-Options", "DENY"),
]
# Compressed on the fly when no .gz file was built (images and fonts are compressed already).
COMPRESSIBLE = ("text/", "application/javascript", "application/json", "image/svg+xml", "application/xml",
                "application/manifest+json")
MIN_GZIP_BYTES = 1024
NOT_BUILT_PAGE = """<!doctype html>
<html lang="vi"><head><meta charset="utf-8"><title>Chưa có giao diện</title></head>
<body><h1>Giao diện web chưa được dựng</h1>
<p>Thư mục <code>web/dist</code> chưa có. Chạy <code>make run</code> (tự dựng giao diện) hoặc
<code>cd web &amp;&amp; npm ci &amp;&amp; npm run build</code>, rồi tải lại trang.</p>
<p>API vẫn hoạt động tại <a href="/api/docs">/api/docs</a>.</p></body></html>
""".encode()
mimetypes.add_type("application/javascript", ".js")
mimetypes.add_type("application/javascript", ".mjs")
mimetypes.add_type("application/manifest+json", ".webmanifest")


def is_console_path(path: str) -> bool:
    """True for a path the console answers (everything but the API, health and metrics)."""
    return not (path.startswith(NOT_CONSOLE) or path in NOT_CONSOLE_EXACT)


class ConsoleFiles:
    """WSGI middleware: GET/HEAD of console paths from `dist_dir`, the rest to `app`."""

    def __init__(self, app: Callable, dist_dir: str | os.PathLike):
        self.app = app
        self.root = Path(dist_dir).resolve()
        self._gzipped: dict[tuple[Path, int], bytes] = {}
        self._lock = threading.Lock()

    def __call__(self, environ: dict, start_response: Callable) -> Iterable[bytes]:
        path = environ.get("PATH_INFO") or "/"
        if not is_console_path(path):
            return self.app(environ, start_response)
        if environ.get("REQUEST_METHOD") not in ("GET", "HEAD"):
            return self._answer(start_response, "405 Method Not Allowed", b"", "text/plain; charset=utf-8",
                                "no-store", [("Allow", "GET, HEAD")], environ)
        index = self.root / "index.html"
        if not index.is_file():
            return self._answer(start_response, "503 Service Unavailable", NOT_BUILT_PAGE, "text/html; charset=utf-8",
                                "no-store", [], environ)
        file = self._file_for(path) or index
        return self._send_file(file, environ, start_response)

    def _file_for(self, path: str) -> Path | None:
        relative = path.lstrip("/")
        if not relative or "\x00" in relative or "\\" in relative:
            return None
        candidate = (self.root / relative).resolve()
        if not candidate.is_relative_to(self.root) or not candidate.is_file() or candidate.suffix == ".gz":
            return None
        return candidate

    def _send_file(self, file: Path, environ: dict, start_response: Callable) -> Iterable[bytes]:
        content_type = mimetypes.guess_type(file.name)[0] or "application/octet-stream"
        if content_type.startswith("text/") or content_type in ("application/javascript", "application/json"):
            content_type += "; charset=utf-8"
        hashed = file.relative_to(self.root).parts[0] == "assets"
        cache = IMMUTABLE if hashed else "no-cache"
        extra = [("Vary", "Accept-Encoding")]
        body = None
        if "gzip" in environ.get("HTTP_ACCEPT_ENCODING", ""):
            body = self._gzip_of(file, content_type)
            if body is not None:
                extra.append(("Content-Encoding", "gzip"))
        if body is None:
            body = file.read_bytes()
        return self._answer(start_response, "200 OK", body, content_type, cache, extra, environ)

    def _gzip_of(self, file: Path, content_type: str) -> bytes | None:
        built = file.with_name(file.name + ".gz")
        if built.is_file():
            return built.read_bytes()
        if not content_type.startswith(COMPRESSIBLE):
            return None
        stat = file.stat()
        if stat.st_size < MIN_GZIP_BYTES:
            return None
        key = (file, stat.st_mtime_ns)
        body = self._gzipped.get(key)
        if body is None:
            body = gzip.compress(file.read_bytes(), compresslevel=6, mtime=0)
            with self._lock:
                if len(self._gzipped) > 500:
                    self._gzipped.clear()
                self._gzipped[key] = body
        return body

    @staticmethod
    def _answer(start_response, status, body, content_type, cache, extra, environ) -> Iterable[bytes]:
        headers = [("Content-Type", content_type), ("Content-Length", str(len(body))), ("Cache-Control", cache),
                   *SECURITY_HEADERS, *extra]
        start_response(status, headers)
        return [b""] if environ.get("REQUEST_METHOD") == "HEAD" else [body]
