"""Gunicorn settings every service shares: `from buildingblocks.gunicorn_conf import *`.

Environment: PORT, WEB_CONCURRENCY (processes, default 2), WEB_THREADS (default 4),
PROMETHEUS_MULTIPROC_DIR (metrics across processes), WARM_UP_SECONDS (default 10). Engines and
broker connections are made in each worker after fork (the app factory runs per worker since
preload is off); each worker then runs the warm-ups its app registered (buildingblocks.warmup)
before it serves.
"""
import os
import shutil
import tempfile

from buildingblocks.config import DEFAULT_PORTS

# run from the package's folder (services/hr, gateway): without PORT, the service's own default port
_default_port = DEFAULT_PORTS.get(os.path.basename(os.getcwd()), 8000)
bind = f"{os.environ.get('HOST', '0.0.0.0')}:{os.environ.get('PORT', _default_port)}"
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
worker_class = os.environ.get("WEB_WORKER_CLASS", "gthread")
threads = int(os.environ.get("WEB_THREADS", "4"))
timeout = int(os.environ.get("WEB_TIMEOUT", "30"))
graceful_timeout = 20
keepalive = 30
accesslog = None  # the app writes JSON access lines with the request id
errorlog = "-"
loglevel = os.environ.get("LOG_LEVEL", "info").lower()
preload_app = False
# a restarted master binds at once although workers orphaned by a SIGKILLed master still hold the
# listening socket for a while (they serve until they notice; issue 15: recovery 22-27 s -> seconds)
reuse_port = True

if not os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
    # several workers must share metrics: give them a private directory unless one is configured
    os.environ["PROMETHEUS_MULTIPROC_DIR"] = tempfile.mkdtemp(prefix="office-metrics-")


def on_starting(server):
    path = os.environ["PROMETHEUS_MULTIPROC_DIR"]
    if os.path.isdir(path):
        for name in os.listdir(path):
            target = os.path.join(path, name)
            if os.path.isfile(target):
                os.unlink(target)
    else:
        os.makedirs(path, exist_ok=True)


def post_worker_init(worker):
    # gunicorn calls it in the worker once worker.load_wsgi() has set worker.wsgi, before it serves;
    # the wait is bounded below the worker timeout (the master kills a worker that stays silent)
    from buildingblocks.warmup import warm_up

    limit = float(os.environ.get("WARM_UP_SECONDS", "10"))
    if worker.cfg.timeout:
        limit = min(limit, worker.cfg.timeout / 2)
    warm_up(worker.wsgi, max(0.0, limit))


def child_exit(server, worker):
    from prometheus_client import multiprocess

    multiprocess.mark_process_dead(worker.pid)


def on_exit(server):
    path = os.environ.get("PROMETHEUS_MULTIPROC_DIR", "")
    if path.startswith(tempfile.gettempdir()) and "office-metrics-" in path:
        shutil.rmtree(path, ignore_errors=True)
