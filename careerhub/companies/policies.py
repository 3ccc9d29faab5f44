"""Who may see and change company records (attraction stage, contacts and notes are internal)."""

from __future__ import annotations

from django.db.models import QuerySet

from careerhub.accounts.actors import Actor
from careerhub.companies.models import Company
from careerhub.core.policy import get_visible_or_404


def can_view_company(actor: Actor, company: Company) -> bool:
    return (
        actor.program_staff
        or actor.committee
        or bool(actor.operator_ids)
        or company.pk in actor.recruiter_company_ids
    )


def can_edit_company(actor: Actor, company: Company) -> bool:
    return actor.program_staff or company.pk in actor.recruiter_company_ids


def can_create_company(actor: Actor) -> bool:
    return actor.program_staff


def companies_visible_to(actor: Actor) -> QuerySet[Company]:
    qs = Company.objects.all()
    if not actor.is_authenticated:
        return qs.none()
    if actor.program_staff or actor.committee or actor.operator_ids:
        return qs
    return qs.filter(pk__in=actor.recruiter_company_ids)


def company_get_for(actor: Actor, company_id: object) -> Company:
    return get_visible_or_404(companies_visible_to(actor), company_id)
