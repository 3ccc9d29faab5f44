"""Background tasks of the reports app (django-tasks; see careerhub.matching.tasks).

``standings_refresh_task`` runs every hour from the scheduler (settings.PERIODIC_TASKS), so
the dashboards' first reader after a quiet hour does not pay for the refresh; the nightly
``manage.py reports_refresh --full`` still rebuilds everything."""

from __future__ import annotations

try:  # Django 6 ships the tasks framework; 5.2 uses the django-tasks backport
    from django.tasks import task  # type: ignore[import-not-found,unused-ignore]
except ImportError:  # pragma: no cover - depends on the Django version
    from django_tasks import task


@task()
def standings_refresh_task(full: bool = False) -> dict[str, int | bool | float]:
    """Bring the standings up to date (only what changed, or every trainee with ``full``)."""
    from careerhub.reports.services import standings_refresh

    result = standings_refresh(full=full)
    return {
        "full": result.full,
        "trainees": result.trainees,
        "standings": result.standings,
        "seconds": round(result.seconds, 3),
    }
