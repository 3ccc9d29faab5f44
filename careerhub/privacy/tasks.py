"""Background tasks of the privacy app (django-tasks; see careerhub.matching.tasks).

``retention_enforce_task`` is meant to run once a day. Until the project has a scheduler,
cron runs ``manage.py retention_enforce`` (README, "Personal data"); a scheduler enqueues
this task instead: ``retention_enforce_task.enqueue()``."""

from __future__ import annotations

try:  # Django 6 ships the tasks framework; 5.2 uses the django-tasks backport
    from django.tasks import task  # type: ignore[import-not-found,unused-ignore]
except ImportError:  # pragma: no cover - depends on the Django version
    from django_tasks import task


@task()
def retention_enforce_task() -> dict[str, int]:
    """Destroy what is past its retention period; the counts per category (JSON-ready)."""
    from careerhub.privacy.retention import retention_enforce

    return {str(k): v for k, v in retention_enforce().counts.items()}
