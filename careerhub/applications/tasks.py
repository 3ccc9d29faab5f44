"""Background tasks of job applications (django-tasks).

``interviews_remind_task`` sends the day-before interview reminders; the scheduler runs it
every hour (``PERIODIC_TASKS``: ``interview_reminders``). Each interview is reminded once,
however often it runs: the application's ``interview_reminded_at`` is claimed with the
messages (a rescheduled interview on another day is reminded again)."""

from __future__ import annotations

try:  # Django 6 ships the tasks framework; 5.2 uses the django-tasks backport
    from django.tasks import task  # type: ignore[import-not-found,unused-ignore]
except ImportError:  # pragma: no cover - depends on the Django version
    from django_tasks import task


@task()
def interviews_remind_task() -> int:
    from careerhub.applications.services import interviews_remind

    return interviews_remind()
