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


@task()
def monthly_pdf_task(
    *,
    user_id: int,
    cohort_id: int,
    operator_id: int | None,
    as_of: str,
    language: str,
    rule: str = "",
) -> int:
    """Render a monthly cohort report into the shared cache before its reader clicks the
    link (careerhub.reports.monthly). Checks the reader's access exactly as the download
    does; returns the PDF's size in bytes."""
    import datetime as dt

    from django.utils import translation

    from careerhub.accounts.actors import actor_for
    from careerhub.accounts.models import User
    from careerhub.reports import monthly, policies

    user = User.objects.get(pk=user_id, is_active=True)
    actor = actor_for(user)
    with translation.override(language or None):
        # cohort_report_scope refuses a reader who may not download reports (any more)
        scope = policies.cohort_report_scope(actor, str(operator_id) if operator_id else None)
        cohort = policies.scope_cohort_get_for(scope, cohort_id)
        body = monthly.monthly_pdf(
            actor=actor,
            scope=scope,
            cohort=cohort,
            as_of=dt.date.fromisoformat(as_of),
            rule=rule,
            prepared_by=user.name or user.email,
        )
    return len(body)
