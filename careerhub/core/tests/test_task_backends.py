"""The task queue chosen by TASKS_BACKEND: PostgreSQL/SQLite by default, Redis through
django-tasks-rq; the scheduler enqueues on whichever is configured."""

from __future__ import annotations

import importlib

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import override_settings

from careerhub.core import scheduling
from careerhub.core.scheduling import Schedule
from careerhub.reports.models import RefreshMark

RQ = "django_tasks_rq.RQBackend"
REDIS = "redis://127.0.0.1:6379/14"  # a database of the local Redis of its own


@pytest.fixture
def base(monkeypatch):
    import careerhub.settings.base as module

    def load(**environ):
        for name in ("TASKS_BACKEND", "REDIS_URL"):
            monkeypatch.delenv(name, raising=False)
        for name, value in environ.items():
            monkeypatch.setenv(name, value)
        return importlib.reload(module)

    yield load
    monkeypatch.undo()
    importlib.reload(module)


def test_the_default_queue_is_the_database(base):
    s = base()
    assert s.TASKS["default"]["BACKEND"] == "django_tasks_db.DatabaseBackend"
    assert "django_rq" not in s.INSTALLED_APPS


def test_rq_is_chosen_by_setting_and_takes_its_queues_from_redis_url(base):
    s = base(TASKS_BACKEND=RQ, REDIS_URL=REDIS)
    assert s.TASKS["default"]["BACKEND"] == RQ
    assert {"django_rq", "django_tasks_rq"} <= set(s.INSTALLED_APPS)
    assert s.RQ_QUEUES["default"]["URL"] == REDIS


def test_rq_without_redis_url_is_refused_at_start(base):
    with pytest.raises(ImproperlyConfigured, match="REDIS_URL"):
        base(TASKS_BACKEND=RQ)


@pytest.mark.django_db
def test_the_scheduler_enqueues_on_redis_and_an_rq_worker_runs_the_task():
    import django_rq
    from django_tasks_rq import Job
    from rq import SimpleWorker

    tasks = {"default": {"BACKEND": RQ, "QUEUES": ["default"]}}
    with override_settings(TASKS=tasks, RQ_QUEUES={"default": {"URL": REDIS}}):
        queue = django_rq.get_queue("default", job_class=Job)
        queue.connection.flushdb()
        try:
            schedule = Schedule(
                "standings", "careerhub.reports.tasks.standings_refresh_task", every=60
            )
            scheduling.jobs_sync([schedule], now=scheduling.timezone.now())
            done = scheduling.scheduler_tick([schedule])
            assert len(done) == 1
            assert queue.count == 1
            assert queue.jobs[0].id == done[0].task_id
            # In-process worker (no fork): it sees this test's database transaction.
            worker = django_rq.get_worker("default", job_class=Job, worker_class=SimpleWorker)
            worker.work(burst=True)
            assert queue.count == 0
            assert RefreshMark.objects.filter(key="standings").exists()
        finally:
            queue.connection.flushdb()
