"""Health endpoints for a load balancer or an orchestrator. No login, no personal data.

``/healthz``: the process answers (touches nothing else) — "restart me if this fails".
``/readyz``: this process can serve: the database answers a query, the cache stores and
returns a value, the task queue is reachable (its table for the database backend, a Redis
PING for RQ) and every migration the code knows is applied — "send me traffic". 200 with
``{"status": "ok", ...}`` or 503 naming the failed checks. Both are exempt from the HTTPS
redirect (settings.production.SECURE_REDIRECT_EXEMPT) so a balancer may call them over HTTP.
"""

from __future__ import annotations

import logging
import secrets
import time
from collections.abc import Callable

from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.executor import MigrationExecutor
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

logger = logging.getLogger("careerhub.health")

HEADERS = {"Cache-Control": "no-store"}


def check_database() -> None:
    with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
        cursor.execute("SELECT 1")
        if cursor.fetchone() != (1,):
            raise RuntimeError("unexpected answer")


def check_cache() -> None:
    key, value = f"careerhub:readyz:{secrets.token_hex(8)}", secrets.token_hex(8)
    cache.set(key, value, timeout=10)
    try:
        if cache.get(key) != value:
            raise RuntimeError("the cache did not return the value just stored")
    finally:
        cache.delete(key)


def _task_backend():
    try:  # Django 6 ships the tasks framework; 5.2 uses the django-tasks backport
        from django.tasks import task_backends  # type: ignore[import-not-found,unused-ignore]
    except ImportError:  # pragma: no cover - depends on the Django version
        from django_tasks import task_backends
    return task_backends["default"]


def check_queue() -> None:
    backend = _task_backend()
    kind = f"{type(backend).__module__}.{type(backend).__name__}"
    if kind.startswith("django_tasks_db."):
        from django_tasks_db.models import DBTaskResult

        DBTaskResult.objects.using(DEFAULT_DB_ALIAS).exists()
    elif kind.startswith("django_tasks_rq."):
        import django_rq

        for queue in sorted(backend.queues):
            django_rq.get_connection(queue).ping()
    # Other backends (immediate, dummy) run in the process itself: nothing to reach.


# Once every migration is seen applied it stays so for this process's code: the check is then
# skipped, since building the migration graph costs tens of milliseconds.
_migrations_seen_applied = False


def check_migrations() -> None:
    global _migrations_seen_applied
    if _migrations_seen_applied:
        return
    connection = connections[DEFAULT_DB_ALIAS]
    executor = MigrationExecutor(connection)
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    if plan:
        raise RuntimeError(f"{len(plan)} migrations not applied")
    _migrations_seen_applied = True


CHECKS: dict[str, Callable[[], None]] = {
    "database": check_database,
    "cache": check_cache,
    "queue": check_queue,
    "migrations": check_migrations,
}


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    return JsonResponse({"status": "ok"}, headers=HEADERS)


@never_cache
@require_GET
def readyz(request: HttpRequest) -> JsonResponse:
    results: dict[str, dict[str, object]] = {}
    for name, check in CHECKS.items():
        started = time.perf_counter()
        try:
            check()
        except Exception as error:
            # The reason goes to the log; the answer names the check and the kind of error only.
            logger.warning("readyz: %s failed: %s: %s", name, type(error).__name__, error)
            results[name] = {"ok": False, "error": type(error).__name__}
            if name == "database":
                connections[DEFAULT_DB_ALIAS].close_if_unusable_or_obsolete()
        else:
            results[name] = {"ok": True}
        results[name]["ms"] = round((time.perf_counter() - started) * 1000, 1)
    failed = [name for name, result in results.items() if not result["ok"]]
    body = {"status": "fail" if failed else "ok", "failed": failed, "checks": results}
    return JsonResponse(body, status=503 if failed else 200, headers=HEADERS)
