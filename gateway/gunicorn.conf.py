"""Gunicorn settings of the gateway: the shared ones, 8 threads per worker, and the audit
buffer flushed when a worker exits.

Worker class: gthread (measured in bench/gateway against gevent: no gain in CPU per proxied
request, and one more dependency with monkey-patching to reason about). Proxied requests are
plain WSGI (no Flask) on pooled keep-alive connections, so a request costs about 0.3 ms of CPU
and spends the rest of its time waiting on the service with the GIL released; 8 threads per
worker keep a worker busy while its requests wait. Idle client keep-alive connections are held
by gthread's poller, not by a thread.
"""

import os
import sys

from buildingblocks import gunicorn_conf as _shared
from buildingblocks.gunicorn_conf import *  # noqa: F401,F403

threads = int(os.environ.get("WEB_THREADS", "8"))


def worker_exit(server, worker):
    # Audit entries are buffered in each worker; write what is left before it goes.
    app = getattr(worker, "wsgi", None)
    context = getattr(app, "extensions", {}).get("gateway") if app is not None else None
    if context is not None:
        context.audit.close()


def on_starting(server):
    # Fail closed before any worker is forked: a missing, default or short secret stops the
    # master with one clear line and a non-zero exit (issue 10, finding 5).
    from buildingblocks.config import InsecureSecret, Settings

    from gateway.config import Config

    try:
        Config.from_settings(Settings.from_env("gateway"))
    except InsecureSecret as exc:
        print(f"gateway: refusing to start: {exc}", file=sys.stderr, flush=True)
        sys.exit(2)
    _shared.on_starting(server)


# The metrics port (api/operations.py): a second address, answering only /metrics and the
# detailed health, for Prometheus; the public port serves neither.
if os.environ.get("METRICS_PORT"):
    bind = [bind, f"{os.environ.get('HOST', '0.0.0.0')}:{os.environ['METRICS_PORT']}"]  # noqa: F405
