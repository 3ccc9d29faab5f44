"""Background tasks of hiring (django-tasks; see careerhub.matching.tasks)."""

from __future__ import annotations

try:  # Django 6 ships the tasks framework; 5.2 uses the django-tasks backport
    from django.tasks import task  # type: ignore[import-not-found,unused-ignore]
except ImportError:  # pragma: no cover - depends on the Django version
    from django_tasks import task


@task()
def posting_import_task(run_id: int) -> str:
    from careerhub.hiring.imports import posting_import_execute

    return posting_import_execute(run_id=run_id).status
