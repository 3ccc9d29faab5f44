"""What applications holds about a trainee, for the trainee's own download (PIPA art. 35);
registered with ``academy.hooks.personal_data_register`` in ``AppConfig.ready()``."""

from __future__ import annotations

from careerhub.applications.models import Application


def applications_of(*, trainee_id: int) -> list[dict]:
    return [
        {
            "company": a.posting.company.name,
            "posting": a.posting.title,
            "stage": a.get_status_display(),
            "applied_at": a.created_at.isoformat(),
            "on_behalf": a.on_behalf,
            "cover_note": a.cover_note,
            "interview_at": a.interview_at.isoformat() if a.interview_at else None,
            "offer_salary": a.offer_salary,
            "start_date": a.start_date.isoformat() if a.start_date else None,
            "stages": [
                {"to": c.get_to_status_display(), "at": c.at.isoformat(), "reason": c.reason}
                for c in a.stage_changes.order_by("at", "pk")
            ],
        }
        for a in Application.objects.filter(trainee_id=trainee_id)
        .select_related("posting__company")
        .order_by("created_at", "pk")
    ]


def trainee_anonymised_receive(*, actor, anonymised) -> None:
    """An erased trainee's applications keep company, posting, stages and dates (counts), but
    not what the trainee wrote to the company."""
    Application.objects.filter(trainee_id=anonymised.trainee_id).exclude(cover_note="").update(
        cover_note=""
    )
