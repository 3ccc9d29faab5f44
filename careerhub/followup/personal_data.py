"""The trainee's check-ins and answers, for the trainee's own download; registered with
``academy.hooks.personal_data_register``."""

from __future__ import annotations

from careerhub.followup.models import CheckIn


def checkins_of(*, trainee_id: int) -> list[dict]:
    return [
        {
            "kind": c.get_kind_display(),
            "asked": c.get_respondent_display(),
            "months": c.months,
            "due_on": c.due_on.isoformat(),
            "answered_at": c.answered_at.isoformat() if c.answered_at else None,
            "answer": c.answer,
        }
        for c in CheckIn.objects.filter(trainee_id=trainee_id).order_by("due_on", "pk")
    ]


def trainee_anonymised_receive(*, actor, anonymised) -> None:
    """An erased trainee's check-ins keep their window, dates and status (counts); what they
    wrote, the company and job they named, the address asked and the follow-up notes go."""
    CheckIn.objects.filter(trainee_id=anonymised.trainee_id).update(
        answer={}, to_address="", follow_up_note=""
    )
