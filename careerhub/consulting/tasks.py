"""Background tasks of 1:1 consulting (django-tasks).

``bookings_remind_task`` sends the day-before reminders; the scheduler runs it every hour
(``PERIODIC_TASKS``: ``consulting_reminders``). Each session is reminded once, however often it
runs: the booking's ``reminded_at`` is claimed with the messages."""

from __future__ import annotations

try:  # Django 6 ships the tasks framework; 5.2 uses the django-tasks backport
    from django.tasks import task  # type: ignore[import-not-found,unused-ignore]
except ImportError:  # pragma: no cover - depends on the Django version
    from django_tasks import task


@task()
def bookings_remind_task() -> int:
    from careerhub.consulting.services import bookings_remind

    return bookings_remind()
