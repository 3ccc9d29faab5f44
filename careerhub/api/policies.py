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

from careerhub.academy.models import TrainingOperator
from careerhub.accounts.actors import actor_for
from careerhub.api.models import ApiKey, ApiKeyScope
from careerhub.companies.models import Company
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


def key_operator_get_for(actor: Actor, operator_id: object) -> TrainingOperator:
    """A training operator whose keys ``actor`` manages (404 for any other)."""
    operators = TrainingOperator.objects.all()
    if not actor.program_staff:
        operators = operators.filter(pk__in=actor.staff_operator_ids)
    return get_visible_or_404(operators, operator_id)


def key_company_get_for(actor: Actor, company_id: object) -> Company:
    """A company whose keys ``actor`` manages (404 for any other)."""
    companies = Company.objects.all()
    if not actor.program_staff:
        companies = companies.filter(pk__in=actor.recruiter_company_ids)
    return get_visible_or_404(companies, company_id)


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


def key_organisations_for(actor: Actor) -> list[tuple[str, str]]:
    """The organisations ``actor`` may issue keys for, as (form value, label)."""
    from django.utils.translation import gettext as _

    from careerhub.academy.models import TrainingOperator
    from careerhub.companies.models import Company

    choices: list[tuple[str, str]] = []
    if actor.program_staff:
        choices.append(("office", str(_("Program office"))))
        operators = TrainingOperator.objects.all()
        companies = Company.objects.all()
    else:
        operators = TrainingOperator.objects.filter(pk__in=actor.staff_operator_ids)
        companies = Company.objects.filter(pk__in=actor.recruiter_company_ids)
    choices += [(f"operator:{o.pk}", o.name) for o in operators.order_by("name")]
    choices += [(f"company:{c.pk}", c.name) for c in companies.order_by("name")]
    return choices


def key_people_for(actor: Actor):
    """People a key of one of ``actor``'s organisations may act for (the service checks the
    person against the chosen organisation)."""
    from careerhub.accounts.models import Membership, Role, User

    memberships = Membership.objects.filter(is_active=True, user__is_active=True)
    if not actor.program_staff:
        memberships = memberships.filter(
            Q(operator_id__in=actor.staff_operator_ids, role=Role.OPERATOR_STAFF)
            | Q(operator_id__in=actor.staff_operator_ids, role=Role.CONSULTANT)
            | Q(company_id__in=actor.recruiter_company_ids, role=Role.RECRUITER)
        )
    else:
        memberships = memberships.exclude(role__in=[Role.TRAINEE, Role.COMMITTEE])
    return User.objects.filter(pk__in=memberships.values("user_id")).order_by("name", "email")
