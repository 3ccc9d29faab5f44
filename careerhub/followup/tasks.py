"""Background tasks of check-ins (django-tasks): the daily run the scheduler enqueues."""

from __future__ import annotations

try:  # Django 6 ships the tasks framework; 5.2 uses the django-tasks backport
    from django.tasks import task  # type: ignore[import-not-found,unused-ignore]
except ImportError:  # pragma: no cover - depends on the Django version
    from django_tasks import task


@task()
def checkins_run_task() -> dict[str, int]:
    from careerhub.followup.services import checkins_run

    return checkins_run()
