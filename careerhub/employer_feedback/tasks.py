"""Background task of employer feedback: the daily run that asks employers about hires a
month in (``PERIODIC_TASKS`` entry ``hire_feedback_requests``)."""

from __future__ import annotations

try:  # Django 6 ships the tasks framework; 5.2 uses the django-tasks backport
    from django.tasks import task  # type: ignore[import-not-found,unused-ignore]
except ImportError:  # pragma: no cover - depends on the Django version
    from django_tasks import task


@task()
def feedback_requests_task() -> int:
    """Ask the employers of the hires due today; how many hires were asked about."""
    from careerhub.employer_feedback.services import feedback_requests_send

    return feedback_requests_send()
