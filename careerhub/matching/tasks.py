"""Background tasks (django-tasks: the database backend by default, any configured backend
in production). Tasks only call services, which record progress and failures on the run."""

from __future__ import annotations

try:  # Django 6 ships the tasks framework; 5.2 uses the django-tasks backport
    from django.tasks import task  # type: ignore[import-not-found,unused-ignore]
except ImportError:  # pragma: no cover - depends on the Django version
    from django_tasks import task


@task()
def plan_run_task(run_id: int) -> str:
    from careerhub.matching.services import plan_run_execute

    return plan_run_execute(run_id=run_id).status


@task()
def recommendations_refresh_task(trainee_ids: list[int]) -> int:
    """Recompute a caseload's stale recommendations (careerhub.matching.services.caseload)."""
    from careerhub.matching.services.caseload import recommendations_refresh_batch

    return recommendations_refresh_batch(trainee_ids=trainee_ids)
