"""Who may manage which API keys (pure functions of actor and object, ARCHITECTURE.md).

- program office staff: every key (office, every operator's, every company's);
- an operator's staff: their own operator's keys (not a consultant: consultants work on
  trainees, not on the operator's systems);
- a company's recruiters: their own company's keys.

A key acts for a person who holds a role in the key's organisation: office keys for program
office staff, an operator's keys for its staff or consultants, a company's keys for its
recruiters.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from careerhub.accounts.actors import actor_for
from careerhub.api.models import ApiKey, ApiKeyScope
from careerhub.core.actors import Actor
from careerhub.core.policy import get_visible_or_404


def can_manage_keys(actor: Actor) -> bool:
    """Whether the key pages are open to ``actor`` at all."""
    return bool(actor.program_staff or actor.staff_operator_ids or actor.recruiter_company_ids)


def can_manage_keys_of(
    actor: Actor, *, scope: str, operator_id: int | None = None, company_id: int | None = None
) -> bool:
    if actor.program_staff:
        return True
    if scope == ApiKeyScope.OPERATOR:
        return operator_id in actor.staff_operator_ids
    if scope == ApiKeyScope.COMPANY:
        return company_id in actor.recruiter_company_ids
    return False


def api_keys_visible_to(actor: Actor) -> QuerySet[ApiKey]:
    keys = ApiKey.objects.select_related("operator", "company", "acts_for", "created_by")
    if actor.program_staff:
        return keys
    return keys.filter(
        Q(scope=ApiKeyScope.OPERATOR, operator_id__in=actor.staff_operator_ids)
        | Q(scope=ApiKeyScope.COMPANY, company_id__in=actor.recruiter_company_ids)
    )


def api_key_get_for(actor: Actor, key_id: object) -> ApiKey:
    return get_visible_or_404(api_keys_visible_to(actor), key_id)


def may_act_for(person, *, scope: str, operator_id=None, company_id=None) -> bool:
    """Whether ``person`` holds a role in the organisation of a key of this scope."""
    roles = actor_for(person)
    if scope == ApiKeyScope.OFFICE:
        return roles.program_staff
    if scope == ApiKeyScope.OPERATOR:
        return operator_id in roles.operator_ids
    if scope == ApiKeyScope.COMPANY:
        return company_id in roles.recruiter_company_ids
    return False
