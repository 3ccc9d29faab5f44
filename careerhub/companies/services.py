"""Writes on company records."""

from __future__ import annotations

from collections.abc import Mapping

from django.db import transaction

from careerhub.accounts.actors import Actor
from careerhub.companies import policies
from careerhub.companies.models import Company
from careerhub.core import korean
from careerhub.core.models import event_record
from careerhub.core.policy import PermissionDenied

EDITABLE_FIELDS = (
    "name",
    "business_number",
    "size",
    "sector",
    "hq_region",
    "has_city_office",
    "city_office_opened_on",
    "website",
    "description",
)


def company_create(*, actor: Actor, data: Mapping[str, object]) -> Company:
    if not policies.can_create_company(actor):
        raise PermissionDenied
    company = Company(**{k: v for k, v in data.items() if k in EDITABLE_FIELDS})
    company.business_number = korean.business_number_normalize(str(company.business_number))
    with transaction.atomic():
        company.full_clean()
        company.save()
        event_record(actor=actor, verb="company.created", target=company)
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
