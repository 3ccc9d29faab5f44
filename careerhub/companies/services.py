"""Writes on company records."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from careerhub.companies import policies
from careerhub.companies.errors import CompaniesErrorCode
from careerhub.companies.models import (
    OFFICE_STAGES,
    STAGE_TRANSITIONS,
    AttractionTarget,
    Company,
    Contact,
    Stage,
    StageChange,
)
from careerhub.core import korean
from careerhub.core.actors import Actor
from careerhub.core.models import event_record
from careerhub.core.policy import PermissionDenied

# The office flag and date are not here: only the attraction pipeline sets them
# (company_stage_change), so the stage and the office never disagree.
EDITABLE_FIELDS = (
    "name",
    "business_number",
    "size",
    "sector",
    "hq_region",
    "website",
    "description",
)


VIA_POSTING_IMPORT = "posting_import"


def company_create(*, actor: Actor, data: Mapping[str, object], via: str = "") -> Company:
    """Register a company. ``via=VIA_POSTING_IMPORT``: a posting import met a business number
    it did not know; the import's own permission (program office or operator staff) was
    checked by hiring, and the company is created outside the attraction pipeline."""
    if via == VIA_POSTING_IMPORT:
        allowed = actor.program_staff or bool(actor.staff_operator_ids)
    else:
        allowed = policies.can_create_company(actor)
    if not allowed:
        raise PermissionDenied
    company = Company(**{k: v for k, v in data.items() if k in EDITABLE_FIELDS})
    company.business_number = korean.business_number_normalize(str(company.business_number))
    with transaction.atomic():
        company.full_clean()
        company.save()
        event_record(
            actor=actor, verb="company.created", target=company, **({"via": via} if via else {})
        )
    return company


def company_update(*, actor: Actor, company: Company, data: Mapping[str, object]) -> Company:
    if not policies.can_edit_company(actor, company):
        raise PermissionDenied
    changed = []
    for field in EDITABLE_FIELDS:
        if field in data and getattr(company, field) != data[field]:
            setattr(company, field, data[field])
            changed.append(field)
    company.business_number = korean.business_number_normalize(company.business_number)
    with transaction.atomic():
        company.full_clean()
        company.save()
        event_record(actor=actor, verb="company.updated", target=company, fields=changed)
    return company


def _invalid(field: str, message: str, code: CompaniesErrorCode) -> ValidationError:
    return ValidationError({field: ValidationError(message, code=code)})


# --- attraction pipeline -------------------------------------------------------------------


def company_stage_change(
    *,
    actor: Actor,
    company: Company,
    to_stage: str,
    effective_at: dt.datetime,
    note: str = "",
) -> StageChange:
    """Move ``company`` to ``to_stage`` as of ``effective_at`` (not in the future, not before
    its last recorded change). Entering the office stage sets the city office and its date
    (the day in Asia/Seoul); the pipeline is the only writer of those two fields."""
    if not policies.can_change_company_stage(actor, company):
        raise PermissionDenied
    if timezone.is_naive(effective_at):
        effective_at = timezone.make_aware(effective_at)
    with transaction.atomic():
        company = Company.objects.select_for_update().get(pk=company.pk)
        from_stage = company.stage
        if to_stage not in Stage.values:
            raise _invalid("to_stage", _("Choose a stage."), CompaniesErrorCode.INVALID_STAGE)
        if to_stage not in STAGE_TRANSITIONS[from_stage]:
            raise _invalid(
                "to_stage",
                _("A company cannot move from %(from)s to %(to)s.")
                % {
                    "from": Stage(from_stage).label if from_stage else _("outside the pipeline"),
                    "to": Stage(to_stage).label,
                },
                CompaniesErrorCode.STAGE_TRANSITION_NOT_ALLOWED,
            )
        if effective_at > timezone.now():
            raise _invalid(
                "effective_at",
                _("The date cannot be in the future."),
                CompaniesErrorCode.FUTURE_DATE,
            )
        if company.stage_since is not None and effective_at < company.stage_since:
            raise _invalid(
                "effective_at",
                _("The date cannot be before the last recorded stage change (%(date)s).")
                % {"date": korean.format_datetime(company.stage_since)},
                CompaniesErrorCode.BEFORE_LAST_CHANGE,
            )
        change = StageChange(
            company=company,
            from_stage=from_stage or "",
            to_stage=to_stage,
            effective_at=effective_at,
            recorded_by=actor.user,
            note=note.strip(),
        )
        change.full_clean()
        change.save()
        company.stage = to_stage
        company.stage_since = effective_at
        if to_stage in OFFICE_STAGES:
            if not company.has_city_office:
                company.has_city_office = True
                company.city_office_opened_on = timezone.localdate(effective_at)
        else:
            company.has_city_office = False
            company.city_office_opened_on = None
        company.full_clean()
        company.save(
            update_fields=[
                "stage",
                "stage_since",
                "has_city_office",
                "city_office_opened_on",
                "updated_at",
            ]
        )
        event_record(
            actor=actor,
            verb="company.stage_changed",
            target=company,
            from_stage=from_stage or "",
            to_stage=to_stage,
            effective_at=effective_at.isoformat(),
        )
    return change


def attraction_target_set(
    *,
    actor: Actor,
    year: int,
    new_mous: int,
    cumulative_mous: int,
    offices: int | None = None,
    note: str = "",
) -> AttractionTarget:
    if not policies.can_manage_attraction(actor):
        raise PermissionDenied
    with transaction.atomic():
        target = AttractionTarget.objects.filter(year=year).first() or AttractionTarget(year=year)
        target.new_mous = new_mous
        target.cumulative_mous = cumulative_mous
        target.offices = offices
        target.note = note
        target.full_clean()
        target.save()
        event_record(
            actor=actor,
            verb="attraction.target_set",
            target=target,
            new_mous=new_mous,
            cumulative_mous=cumulative_mous,
            offices=offices,
        )
    return target


# --- contacts (personal data) -----------------------------------------------------------------

CONTACT_FIELDS = ("name", "position", "department", "email", "phone", "is_primary", "note")


def contact_save(
    *,
    actor: Actor,
    company: Company,
    data: Mapping[str, object],
    contact: Contact | None = None,
) -> Contact:
    """Create or update a contact; marking one as main contact unmarks the previous one."""
    if not policies.can_manage_contacts(actor, company):
        raise PermissionDenied
    if contact is not None and contact.company_id != company.pk:
        raise PermissionDenied
    contact = contact or Contact(company=company)
    for field in CONTACT_FIELDS:
        if field in data:
            setattr(contact, field, data[field])
    contact.phone = korean.phone_normalize(contact.phone)
    with transaction.atomic():
        if contact.is_primary:
            company.contacts.exclude(pk=contact.pk).filter(is_primary=True).update(is_primary=False)
        contact.full_clean()
        created = contact.pk is None
        contact.save()
        event_record(
            actor=actor,
            verb="contact.created" if created else "contact.updated",
            target=contact,
            company=company.pk,
        )
    return contact


def contact_delete(*, actor: Actor, contact: Contact) -> None:
    if not policies.can_manage_contacts(actor, contact.company):
        raise PermissionDenied
    with transaction.atomic():
        event_record(
            actor=actor, verb="contact.deleted", target=contact, company=contact.company_id
        )
        contact.delete()
