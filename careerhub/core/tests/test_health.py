"""/healthz and /readyz (careerhub.core.health): no login, no personal data, 503 naming what
failed; exempt from the HTTPS redirect in production."""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from django.db.migrations.recorder import MigrationRecorder
from django.test import override_settings

from careerhub.core import health

UNREACHABLE_REDIS = "redis://127.0.0.1:1/0"  # nothing listens on port 1
LOCAL_REDIS = "redis://127.0.0.1:6379/15"
RQ = "django_tasks_rq.RQBackend"


@pytest.fixture(autouse=True)
def _fresh_migration_memo(monkeypatch):
    monkeypatch.setattr(health, "_migrations_seen_applied", False)


@pytest.mark.django_db
def test_healthz_answers_without_touching_the_database(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert "no-store" in response["Cache-Control"]


@pytest.mark.django_db
def test_readyz_is_ok_when_database_cache_queue_and_migrations_are(client):
    response = client.get("/readyz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["failed"] == []
    assert set(body["checks"]) == {"database", "cache", "queue", "migrations"}
    assert all(check["ok"] for check in body["checks"].values())


@pytest.mark.django_db
def test_readyz_answers_503_naming_an_unreachable_cache(client):
    unreachable = {
        "default": {
            "BACKEND": "careerhub.core.cache.RedisCache",
            "LOCATION": UNREACHABLE_REDIS,
        }
    }
    with override_settings(CACHES=unreachable):
        response = client.get("/readyz")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "fail"
    assert body["failed"] == ["cache"]
    assert body["checks"]["cache"]["ok"] is False
    assert body["checks"]["cache"]["error"] == "ConnectionError"
    assert body["checks"]["database"]["ok"] is True


@pytest.mark.django_db
def test_readyz_answers_503_when_a_migration_is_not_applied(client):
    MigrationRecorder.Migration.objects.filter(app="core", name="0004_scheduledjob").delete()
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["failed"] == ["migrations"]


@pytest.mark.django_db
def test_readyz_remembers_migrations_applied_and_then_skips_the_graph(client):
    assert client.get("/readyz").status_code == 200
    assert health._migrations_seen_applied is True
    MigrationRecorder.Migration.objects.filter(app="core", name="0004_scheduledjob").delete()
    assert client.get("/readyz").status_code == 200


@pytest.mark.django_db
@pytest.mark.django_db
def test_readyz_stores_and_reads_back_through_a_real_redis_cache(client):
    redis = {
        "default": {
            "BACKEND": "careerhub.core.cache.RedisCache",
            "LOCATION": LOCAL_REDIS,
        }
    }
    with override_settings(CACHES=redis):
        response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json()["checks"]["cache"]["ok"] is True


@pytest.mark.django_db
def test_readyz_pings_redis_for_the_rq_queue_and_names_it_when_unreachable(client):
    tasks = {"default": {"BACKEND": RQ, "QUEUES": ["default"]}}
    with override_settings(TASKS=tasks, RQ_QUEUES={"default": {"URL": LOCAL_REDIS}}):
        assert client.get("/readyz").json()["checks"]["queue"]["ok"] is True
    with override_settings(TASKS=tasks, RQ_QUEUES={"default": {"URL": UNREACHABLE_REDIS}}):
        response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["failed"] == ["queue"]


@pytest.mark.django_db
def test_readyz_names_a_missing_queue_table(client, django_db_blocker):
    from django.db import connection
    from django_tasks_db.models import DBTaskResult

    table = DBTaskResult._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(f"ALTER TABLE {table} RENAME TO {table}_away")
    try:
        response = client.get("/readyz")
    finally:
        if connection.vendor == "postgresql":
            # The failed query aborted the test's transaction; the rollback restores the table.
            pass
        else:
            with connection.cursor() as cursor:
                cursor.execute(f"ALTER TABLE {table}_away RENAME TO {table}")
    assert response.status_code == 503
    assert "queue" in response.json()["failed"]
    assert response.json()["checks"]["database"]["ok"] is True


@pytest.mark.parametrize("path", ["/healthz", "/readyz", "/healthz/", "/readyz/"])
def test_health_paths_are_exempt_from_the_https_redirect_in_production(path, monkeypatch):
    import importlib

    monkeypatch.setenv("SECRET_KEY", "x" * 60)
    monkeypatch.setenv("ALLOWED_HOSTS", "careerhub.example.kr")
    production = importlib.import_module("careerhub.settings.production")

    assert any(
        re.search(pattern, path.lstrip("/")) for pattern in production.SECURE_REDIRECT_EXEMPT
    )
    assert not any(re.search(p, "accounts/login/") for p in production.SECURE_REDIRECT_EXEMPT)


@pytest.mark.django_db
@override_settings(SECURE_SSL_REDIRECT=True, SECURE_REDIRECT_EXEMPT=[r"^healthz/?$", r"^readyz/?$"])
def test_over_http_with_the_redirect_on_health_answers_and_pages_redirect(client):
    assert client.get("/healthz").status_code == 200
    assert client.get("/readyz").status_code == 200
    login = client.get("/login/")
    assert login.status_code == 301
    assert login["Location"].startswith("https://")


def test_the_cache_is_redis_when_redis_url_is_set(monkeypatch):
    """settings.base picks RedisCache from REDIS_URL (the shared cache of every worker)."""
    import importlib

    import careerhub.settings.base as base

    monkeypatch.setenv("REDIS_URL", LOCAL_REDIS)
    try:
        with_redis = importlib.reload(base)
        assert with_redis.CACHES["default"]["BACKEND"] == "careerhub.core.cache.RedisCache"
        assert with_redis.CACHES["default"]["LOCATION"] == LOCAL_REDIS
        monkeypatch.delenv("REDIS_URL")
        without = importlib.reload(base)
        assert without.CACHES["default"]["BACKEND"] == (
            "django.core.cache.backends.db.DatabaseCache"
        )
    finally:
        importlib.reload(base)
    assert settings.CACHES  # the running settings were not touched
