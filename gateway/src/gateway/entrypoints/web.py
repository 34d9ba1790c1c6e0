"""The gateway's web process: granian's WSGI mode (a Rust HTTP core) serving the gateway app.

`office-gateway-web` (or `python -m gateway.entrypoints.web`), from the gateway's folder. The
services stay on gunicorn; the gateway moved to granian for issue 16: the same app costs about
half the CPU per proxied request there, because gunicorn's gthread machinery (its poller, the
thread pool's futures, per-request socket registration, the HTTP parser in Python) was three
quarters of a gateway worker's CPU (docs/performance.md, "Gateway").

What gunicorn.conf.py did, and where it is now:
- the secret check before any worker starts (fail closed, exit 2): `main`, before granian;
- the Prometheus multiprocess folder emptied at start, a dead worker's gauges dropped: `main`,
  and each worker's exit (`_worker_exit`);
- the audit buffer written when a worker exits (a normal stop or a reload): `_worker_exit`, a
  multiprocessing finalizer (granian's workers are forked `multiprocessing` processes, which end
  with `os._exit`: `atexit` does not run there, finalizers do, after in-flight requests finish);
- the second address for METRICS_PORT (metrics and the detailed health, never on the public
  port): granian listens on one address, so each worker serves the metrics port itself from a
  small thread (`MetricsListener`; SO_REUSEPORT, the kernel picks a worker per scrape; metrics
  are multiprocess, so any worker's answer is the whole process's). A request that came in there
  carries `METRICS_LISTENER` in its environ, which no client can set (theirs are `HTTP_*`);
- hanging up after a 413 whose body is too large to read away: granian (hyper) closes a
  connection whose request body was left unread, after the answer;
- graceful stop (SIGTERM/SIGINT: in-flight requests finish, WEB_GRACEFUL_TIMEOUT [20] s at
  most) and reload (SIGHUP: workers replaced one after another), a crashed worker respawned;
- workers that leave when their master is SIGKILLed (`die_with_the_master`), so that a
  restarted process does not share its port with orphans (issue 15's supervision);
- no secret in a request's environ: granian starts every request's environ from a copy of the
  worker's `os.environ` taken after the app is loaded (and wsgiref, the metrics port's server,
  from one taken at import), so once the app has read its settings the worker drops the secrets
  from its environment (`drop_secrets_from_environment`: JWT_SECRET, INTERNAL_TOKEN_SECRET,
  DATABASE_URL, BROKER_URL, any name with SECRET or PASSWORD in it or ending in _TOKEN or _KEY,
  any URL carrying a password), and the metrics port's requests start from an empty one. Nothing
  in a web worker reads them again (the app keeps what it needs in its `Config`); the master
  keeps them, for the workers it starts on a reload or a crash. PGPASSWORD stays, as libpq reads
  it at each new connection: the database's password belongs in DATABASE_URL;
- timeouts: headers must arrive within WEB_HEADER_TIMEOUT [30] s (slow clients), which is also
  how long a keep-alive connection may stay idle (gunicorn's keepalive was 30 s); idle
  connections are held by the Rust core, not by a thread; a request waits on a service at most
  UPSTREAM_READ_TIMEOUT.

- the request line at most MAX_REQUEST_LINE [4094] bytes, as gunicorn's limit_request_line
  (granian's own limit is ~64 KiB): 414 problem+json (`limit_request_line`); headers: at most
  100 (431) in at most ~400 KiB (granian's buffer), where gunicorn allowed 100 of 8190 bytes each;
  the body's size is the app's own check (MAX_REQUEST_BYTES), unchanged, as are request ids and
  the access line, which the app writes.

Environment: HOST [0.0.0.0], PORT [8080], METRICS_PORT, WEB_CONCURRENCY [2] processes,
WEB_THREADS [8] Python threads per process, WEB_BACKPRESSURE [1000] connections a worker holds at
once (idle keep-alive ones included: granian counts connections there, not requests; gunicorn's
worker_connections was 1000 too), LOG_LEVEL.
"""

from __future__ import annotations

import argparse
import functools
import importlib
import multiprocessing.util
import os
import re
import signal
import socket
import socketserver
import sys
import tempfile
import threading
from typing import Any, Callable
from wsgiref.simple_server import ServerHandler, WSGIRequestHandler, WSGIServer

DEFAULT_TARGET = "gateway.entrypoints.wsgi:app"
# The environ key of a request that came in on the metrics port (api/operations.py).
METRICS_LISTENER = "gateway.metrics_listener"
# Variables named like CGI request keys: granian starts every request's environ from the
# process environment, so an `HTTP_PROXY` there would read as a `Proxy:` header (httpoxy).
_REQUEST_LIKE = ("HTTP_", "CONTENT_", "REMOTE_", "SERVER_", "REQUEST_", "PATH_INFO", "QUERY_STRING",
                 "SCRIPT_NAME", "wsgi.")

# The gateway's secrets (check_secrets; the two URLs carry the database's and the broker's
# passwords), and how other secrets are named. libpq reads PGPASSWORD at every new connection
# (a pool's reconnect): it stays.
_SECRET_NAMES = frozenset({"JWT_SECRET", "INTERNAL_TOKEN_SECRET", "DATABASE_URL", "BROKER_URL"})
_SECRET_WORDS = ("SECRET", "PASSWORD", "PASSWD")
_SECRET_ENDINGS = ("_TOKEN", "_KEY", "_CREDENTIALS")
_LIBPQ_READS = frozenset({"PGPASSWORD"})
_URL_WITH_PASSWORD = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*://[^/?#@\s]*:[^/?#@\s]*@")


def _int(name: str, default: int) -> int:
    return int(os.environ.get(name, "") or default)


def check_secrets() -> None:
    """Fail closed before any worker starts: a missing, default or short secret outside a local
    run stops the process with one clear line and exit status 2 (issue 10, finding 5)."""
    from buildingblocks.config import InsecureSecret, Settings

    from gateway.config import Config

    try:
        Config.from_settings(Settings.from_env("gateway"))
    except InsecureSecret as exc:
        print(f"gateway: refusing to start: {exc}", file=sys.stderr, flush=True)
        raise SystemExit(2) from None


def prepare_metrics_folder() -> str | None:
    """The multiprocess metrics folder, emptied (a private one when none is configured); the
    private one's path when it is ours to remove at exit."""
    path = os.environ.get("PROMETHEUS_MULTIPROC_DIR")
    if not path:
        path = os.environ["PROMETHEUS_MULTIPROC_DIR"] = tempfile.mkdtemp(prefix="office-metrics-")
        return path
    os.makedirs(path, exist_ok=True)
    for name in os.listdir(path):
        target = os.path.join(path, name)
        if os.path.isfile(target):
            os.unlink(target)
    return None


def scrub_request_like_environment() -> None:
    for name in [n for n in os.environ if n.upper().startswith(_REQUEST_LIKE) or n.startswith(_REQUEST_LIKE)]:
        del os.environ[name]


def is_secret(name: str, value: str) -> bool:
    """Whether the environment variable `name` holds a secret (by its name or, for a URL, its value)."""
    upper = name.upper()
    if upper in _LIBPQ_READS:
        return False
    return (upper in _SECRET_NAMES or any(word in upper for word in _SECRET_WORDS)
            or upper.endswith(_SECRET_ENDINGS) or _URL_WITH_PASSWORD.match(value) is not None)


def drop_secrets_from_environment() -> list[str]:
    """Remove the secrets from this worker's environment, which granian copies into every
    request's environ (once the app has read them into its settings); the names removed."""
    names = [name for name, value in os.environ.items() if is_secret(name, value)]
    for name in names:
        del os.environ[name]
    return names


class _ReusePortServer(socketserver.ThreadingMixIn, WSGIServer):
    daemon_threads = True

    def server_bind(self) -> None:
        self.socket.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
        super().server_bind()


class _BareServerHandler(ServerHandler):
    # wsgiref starts each request's environ from the process environment as it was when
    # wsgiref was imported (secrets included): a scrape needs nothing of it
    os_environ: dict = {}


class _QuietHandler(WSGIRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:  # scrapes are not access-logged
        pass

    def handle(self) -> None:
        """WSGIRequestHandler.handle with a handler that does not copy the process environment."""
        self.raw_requestline = self.rfile.readline(65537)
        if len(self.raw_requestline) > 65536:
            self.requestline = self.request_version = self.command = ""
            self.send_error(414)
            return
        if not self.parse_request():
            return
        handler = _BareServerHandler(self.rfile, self.wfile, self.get_stderr(), self.get_environ(), multithread=False)
        handler.request_handler = self
        handler.run(self.server.get_app())


class MetricsListener:
    """The metrics port inside one worker: a plain HTTP/1.0 server in a daemon thread passing
    every request to the gateway app, marked as come in on the metrics port."""

    def __init__(self, app: Callable, host: str, port: int):
        def marked(environ: dict, start_response: Callable):
            environ[METRICS_LISTENER] = True
            return app(environ, start_response)

        self.server = _ReusePortServer((host, port), _QuietHandler)
        self.server.set_app(marked)
        self.thread = threading.Thread(target=self.server.serve_forever, name="metrics-port", daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def _load(target: str, factory: bool) -> Callable:
    module_name, _, attribute = target.partition(":")
    value = getattr(importlib.import_module(module_name), attribute or "app")
    return value() if factory else value


def _worker_exit(app: Any, listener: MetricsListener | None) -> None:
    """What a worker does once its last request is answered: the audit entries it still holds
    are written, its metrics port closed, its live gauges dropped."""
    if listener is not None:
        listener.close()
    context = getattr(app, "extensions", {}).get("gateway")
    if context is not None:
        context.audit.close()
    try:
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(os.getpid())
    except Exception:  # the folder may be gone already; nothing to keep then
        pass


def die_with_the_master(master: int) -> None:
    """A worker ends (gracefully: SIGTERM) when the process that started it dies, even by
    SIGKILL: granian's workers would otherwise live on as orphans, serving the old code on the
    port beside a restarted process's workers (gunicorn's notice their parent is gone)."""
    if sys.platform != "linux":
        return
    import ctypes

    pr_set_pdeathsig = 1
    ctypes.CDLL(None, use_errno=True).prctl(pr_set_pdeathsig, signal.SIGTERM, 0, 0, 0)
    if os.getppid() != master:  # it died before the line above
        os.kill(os.getpid(), signal.SIGTERM)


def limit_request_line(app: Callable, limit: int) -> Callable:
    """A request line longer than `limit` bytes (method, target, version) is a 414 problem, as
    gunicorn answered it: the services behind still run gunicorn with that limit."""
    from gateway.errors import UriTooLong, problem_of

    status, headers, body = problem_of(UriTooLong(f"the request line may be at most {limit} bytes"))
    status_line = f"{status} URI Too Long"

    def limited(environ: dict, start_response: Callable):
        # "METHOD target HTTP/1.1"; PATH_INFO is decoded, never longer than what came in, so
        # this errs on the lenient side
        if len(environ["REQUEST_METHOD"]) + len(environ["PATH_INFO"]) + len(environ["QUERY_STRING"]) + 11 > limit:
            start_response(status_line, list(headers))
            return [body]
        return app(environ, start_response)

    return limited


def load_worker_app(target: str, factory: bool = False, master: int | None = None) -> Callable:
    """Runs in each granian worker: the app, its metrics port and its exit; then the secrets
    leave the worker's environment, before granian copies it for every request's environ."""
    if master is not None:
        die_with_the_master(master)
    app = _load(target, factory)
    metrics_port = _int("METRICS_PORT", 0)
    listener = MetricsListener(app, os.environ.get("HOST", "0.0.0.0"), metrics_port) if metrics_port else None
    multiprocessing.util.Finalize(None, _worker_exit, args=(app, listener), exitpriority=10)
    served = limit_request_line(app, _int("MAX_REQUEST_LINE", 4094))
    drop_secrets_from_environment()
    return served


def build_server(target: str = DEFAULT_TARGET):
    from granian.constants import HTTPModes, Interfaces
    from granian.http import HTTP1Settings
    from granian.log import LogLevels
    from granian.server import Server

    threads = _int("WEB_THREADS", 8)
    level = os.environ.get("LOG_LEVEL", "info").lower()
    return Server(
        target,
        address=os.environ.get("HOST", "0.0.0.0"),
        port=_int("PORT", 8080),
        interface=Interfaces.WSGI,
        workers=_int("WEB_CONCURRENCY", 2),
        blocking_threads=threads,
        # connections, not requests: browsers' idle keep-alive connections count (see the docstring)
        backpressure=_int("WEB_BACKPRESSURE", 1000),
        http=HTTPModes.http1,
        websockets=False,
        http1_settings=HTTP1Settings(header_read_timeout=_int("WEB_HEADER_TIMEOUT", 30) * 1000, keep_alive=True),
        log_level=LogLevels(level) if level in LogLevels.__members__ else LogLevels.info,
        log_access=False,  # the app writes the JSON access line, with the request id
        respawn_failed_workers=True,
        workers_kill_timeout=_int("WEB_GRACEFUL_TIMEOUT", 20),
    )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="office-gateway-web", description=__doc__.split("\n\n")[0])
    parser.add_argument("target", nargs="?", default=DEFAULT_TARGET, help="module:attribute of the WSGI app")
    parser.add_argument("--factory", action="store_true", help="the attribute is a function that makes the app")
    args = parser.parse_args(argv)
    if os.getcwd() not in sys.path:  # the target may live in the current folder (as gunicorn finds it)
        sys.path.insert(0, os.getcwd())
    check_secrets()
    private_folder = prepare_metrics_folder()
    scrub_request_like_environment()
    server = build_server(args.target)
    try:
        server.serve(target_loader=functools.partial(load_worker_app, factory=args.factory, master=os.getpid()))
    finally:
        if private_folder:
            import shutil

            shutil.rmtree(private_folder, ignore_errors=True)


if __name__ == "__main__":
    main()
