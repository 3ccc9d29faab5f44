"""Background tasks of core (django-tasks; see careerhub.matching.tasks).

``runs_reap_task`` is run every minute by the scheduler (``manage.py scheduler``): it fails
the background runs whose worker is gone (``careerhub.core.runs.runs_reap``)."""

from __future__ import annotations

try:  # Django 6 ships the tasks framework; 5.2 uses the django-tasks backport
    from django.tasks import task  # type: ignore[import-not-found,unused-ignore]
except ImportError:  # pragma: no cover - depends on the Django version
    from django_tasks import task


@task()
def runs_reap_task() -> list[str]:
    """Fail runs whose worker died; which ones (``label:pk``), JSON-ready."""
    from careerhub.core.runs import runs_reap

    return [f"{r.label}:{r.pk}" for r in runs_reap()]
