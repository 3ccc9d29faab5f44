"""Who may see and change company records (attraction stage, contacts and notes are internal)."""

from __future__ import annotations

from django.db.models import QuerySet

from careerhub.companies.models import Company, Contact
from careerhub.core.actors import Actor
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


# --- attraction pipeline: internal to the program office --------------------------------------


def can_manage_attraction(actor: Actor) -> bool:
    """Stages, their history, targets and the stalled list: the program office's work."""
    return actor.program_staff


def can_change_company_stage(actor: Actor, company: Company) -> bool:
    return actor.program_staff


def can_view_attraction_progress(actor: Actor) -> bool:
    """Counts against the targets (no company detail): the office and committee members."""
    return actor.program_staff or actor.committee


# --- contacts: personal data of people at companies -------------------------------------------


def can_view_contacts(actor: Actor, company: Company) -> bool:
    """The program office and the company's own recruiters; operators and committee members
    reach companies through the office, not through people's phone numbers."""
    return actor.program_staff or company.pk in actor.recruiter_company_ids


def can_manage_contacts(actor: Actor, company: Company) -> bool:
    return can_view_contacts(actor, company)


def contacts_visible_to(actor: Actor) -> QuerySet[Contact]:
    qs = Contact.objects.select_related("company")
    if not actor.is_authenticated:
        return qs.none()
    if actor.program_staff:
        return qs
    return qs.filter(company_id__in=actor.recruiter_company_ids)


def contact_get_for(actor: Actor, contact_id: object) -> Contact:
    return get_visible_or_404(contacts_visible_to(actor), contact_id)


def can_view_company_list(actor: Actor) -> bool:
    """Staff and committee members see every partner; a recruiter sees their own company."""
    return (
        actor.program_staff
        or actor.committee
        or bool(actor.operator_ids)
        or bool(actor.recruiter_company_ids)
    )


def is_own_company_only(actor: Actor) -> bool:
    return bool(actor.recruiter_company_ids) and not (
        actor.program_staff or actor.committee or actor.operator_ids
    )
