from __future__ import annotations

from django.db.models import Q, QuerySet

from careerhub.accounts.actors import Actor
from careerhub.companies import policies
from careerhub.companies.models import Company


def company_list_for(
    *, actor: Actor, query: str = "", city_office: bool | None = None
) -> QuerySet[Company]:
    qs = policies.companies_visible_to(actor)
    if query:
        digits = "".join(c for c in query if c.isdigit())
        rule = Q(name__icontains=query) | Q(sector__icontains=query)
        if len(digits) >= 3:
            rule |= Q(business_number__contains=digits)
        qs = qs.filter(rule)
    if city_office is not None:
        qs = qs.filter(has_city_office=city_office)
    return qs.order_by("name")
