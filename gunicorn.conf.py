"""gunicorn's configuration for careerhub (read by `gunicorn` from the repository root;
scripts/serve.sh runs it). Every value can be overridden from the environment:

WEB_CONCURRENCY   worker processes (default: one per CPU core + 1, at least 2; see below)
GUNICORN_THREADS  threads per worker (default 4: a request mostly waits on PostgreSQL)
GUNICORN_BIND     address to listen on (default HOST:PORT, i.e. 127.0.0.1:8000 behind nginx;
                  0.0.0.0:8000 on a machine that a separate load balancer reaches)
GUNICORN_TIMEOUT  seconds a worker may stay silent before it is killed and replaced (30)
FORWARDED_ALLOW_IPS  proxies whose X-Forwarded-* gunicorn trusts (gunicorn's own setting)

The access log is one JSON object per line on stdout (careerhub.core.accesslog).
"""

from __future__ import annotations

import os


def _int(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    return int(value) if value else default


def _cores() -> int:
    try:
        return len(os.sched_getaffinity(0))  # the cores this process may use (containers)
    except AttributeError:  # pragma: no cover - not Linux
        return os.cpu_count() or 1


wsgi_app = "careerhub.wsgi:application"
bind = [
    os.environ.get("GUNICORN_BIND")
    or f"{os.environ.get('HOST', '127.0.0.1')}:{os.environ.get('PORT', '8000')}"
]
# Pages spend most of their time in Python (templates, the ORM, the engine), so processes
# beyond the cores only queue for them; threads overlap the waits on PostgreSQL and Redis.
# Measured on a 2-core machine, 16 mixed-role users (README, "Production"): 3 workers x 4
# threads answered 15.0 requests/s, p95 2.4 s; 5 x 4 (2 per core + 1) 11.1/s, p95 3.5 s;
# 2 x 8 14.6/s; 5 x 1 7.9/s.
worker_class = "gthread"
workers = _int("WEB_CONCURRENCY", max(2, _cores() + 1))
threads = _int("GUNICORN_THREADS", 4)
# A request that takes longer than this is a bug (long work runs in the task workers).
timeout = _int("GUNICORN_TIMEOUT", 30)
graceful_timeout = _int("GUNICORN_GRACEFUL_TIMEOUT", 30)
keepalive = 5
# Replace each worker after about this many requests (jitter: not all at once), so a slow
# leak in a library never grows without bound.
max_requests = _int("GUNICORN_MAX_REQUESTS", 2000)
max_requests_jitter = _int("GUNICORN_MAX_REQUESTS_JITTER", 200)
# Workers' heartbeat files in memory, not on a disk that may stall.
if os.path.isdir("/dev/shm"):  # noqa: S108 - gunicorn's documented advice
    worker_tmp_dir = "/dev/shm"  # noqa: S108

accesslog = "-"
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
logger_class = "careerhub.core.accesslog.JsonAccessLogger"
proc_name = "careerhub"
control_socket_disable = True  # gunicorn >= 24's control socket: unused, one path per user
# careerhub.wsgi uses the production settings unless DJANGO_SETTINGS_MODULE names others.


def post_worker_init(worker):
    """Each new worker loads the matching engine's compiled code, the taxonomy and the open
    openings in a background thread (careerhub.matching.adapter.engine_warm_up), so its first
    recommendation, caseload or candidate list does not pay seconds for them. A thread, so a
    slow start never holds the worker past its timeout; a failure only logs."""
    import threading

    def warm_up() -> None:
        from django.db import connection

        try:
            from careerhub.matching.adapter import engine_warm_up

            engine_warm_up()
        except Exception:  # a warm-up must never stop the worker
            worker.log.exception("matching engine warm-up failed")
        finally:
            connection.close()  # this thread's own connection

    threading.Thread(target=warm_up, name="engine-warm-up", daemon=True).start()
