"""The trainee's outcomes (jobs, start-ups, …), for the trainee's own download; registered
with ``academy.hooks.personal_data_register``."""

from __future__ import annotations

from careerhub.outcomes.models import Outcome


def outcomes_of(*, trainee_id: int) -> list[dict]:
    return [
        {
            "outcome": o.get_outcome_type_display(),
            "status": o.get_status_display(),
            "start_date": o.start_date.isoformat() if o.start_date else None,
            "end_date": o.end_date.isoformat() if o.end_date else None,
            "company": o.company.name if o.company_id else o.company_name,
            "job_title": o.job_title,
            "annual_salary": o.annual_salary,
        }
        for o in Outcome.objects.filter(trainee_id=trainee_id)
        .select_related("company")
        .order_by("start_date", "pk")
    ]
