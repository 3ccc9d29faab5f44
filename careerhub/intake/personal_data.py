"""The recruitment application a trainee came through, for the trainee's own download;
registered with ``academy.hooks.personal_data_register``."""

from __future__ import annotations

from careerhub.intake.models import Application


def intake_application_of(*, trainee_id: int) -> dict | None:
    a = Application.objects.filter(trainee_id=trainee_id).first()
    if a is None:
        return None
    return {
        "receipt_number": a.receipt_number,
        "name": a.name,
        "birth_date": a.birth_date.isoformat(),
        "email": a.email,
        "phone": a.phone,
        "region": a.get_region_display(),
        "education": a.get_education_display(),
        "major": a.major,
        "experience": a.experience,
        "motivation": a.motivation,
        "skills": a.skills_text,
        "portfolio_url": a.portfolio_url,
        "submitted_at": a.submitted_at.isoformat(),
        "consent_collection_at": a.consent_collection_at.isoformat(),
        "consent_provision_at": a.consent_provision_at.isoformat(),
    }
