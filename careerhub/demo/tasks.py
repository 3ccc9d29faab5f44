"""Background tasks of the demo app: the queue probe of ``manage.py bench_load``."""

from __future__ import annotations

try:  # Django 6 ships the tasks framework; 5.2 uses the django-tasks backport
    from django.tasks import task  # type: ignore[import-not-found,unused-ignore]
except ImportError:  # pragma: no cover - depends on the Django version
    from django_tasks import task


@task()
def bench_probe() -> None:
    """Does nothing: bench_load enqueues one every second under load and reads how long each
    waited between enqueued and started (the task worker's queue delay)."""
