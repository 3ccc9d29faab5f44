"""Who manages webhook endpoints, and what an endpoint's scope may receive.

- The program office manages every endpoint (any scope: the office's own, an operator's, a
  company's); operator staff manage their operators' endpoints. Nobody else sees them.
- An endpoint receives an event only if its scope — acting as the office, as that operator's
  staff or as that company's recruiter — may see the event's object under the pages' policies
  (``careerhub.webhooks.catalogue``).
"""

from __future__ import annotations

from django.db.models import QuerySet

from careerhub.academy.models import TrainingOperator
from careerhub.companies.models import Company
from careerhub.core.actors import Actor
from careerhub.core.policy import get_visible_or_404
from careerhub.webhooks.models import Scope, WebhookDelivery, WebhookEndpoint


def can_manage_webhooks(actor: Actor) -> bool:
    return actor.is_authenticated and (actor.program_staff or bool(actor.staff_operator_ids))


def endpoints_visible_to(actor: Actor) -> QuerySet[WebhookEndpoint]:
    qs = WebhookEndpoint.objects.select_related("operator", "company", "created_by")
    if not actor.is_authenticated:
        return qs.none()
    if actor.program_staff:
        return qs
    return qs.filter(scope=Scope.OPERATOR, operator_id__in=actor.staff_operator_ids)


def endpoint_get_for(actor: Actor, endpoint_id: object) -> WebhookEndpoint:
    return get_visible_or_404(endpoints_visible_to(actor), endpoint_id)


def delivery_get_for(actor: Actor, endpoint: WebhookEndpoint, delivery_id: object):
    return get_visible_or_404(
        WebhookDelivery.objects.select_related("message").filter(endpoint=endpoint), delivery_id
    )


def scopes_for(actor: Actor) -> list[str]:
    if actor.program_staff:
        return list(Scope.values)
    if actor.staff_operator_ids:
        return [Scope.OPERATOR]
    return []


def operators_for(actor: Actor) -> QuerySet[TrainingOperator]:
    if actor.program_staff:
        return TrainingOperator.objects.all()
    return TrainingOperator.objects.filter(pk__in=actor.staff_operator_ids)


def companies_for(actor: Actor) -> QuerySet[Company]:
    if actor.program_staff:
        return Company.objects.all()
    return Company.objects.none()


def can_create_for(
    actor: Actor, *, scope: str, operator_id: int | None, company_id: int | None
) -> bool:
    if not can_manage_webhooks(actor) or scope not in scopes_for(actor):
        return False
    if actor.program_staff:
        return True
    return scope == Scope.OPERATOR and operator_id in actor.staff_operator_ids


def scope_actor(endpoint: WebhookEndpoint) -> Actor:
    """The rights of the endpoint's organisation, as an ``Actor`` the policies take. The person
    who made the endpoint stands behind it; without them (account deleted) it sees nothing."""
    user = endpoint.created_by
    if endpoint.scope == Scope.OFFICE:
        return Actor(user=user, program_staff=True)
    if endpoint.scope == Scope.OPERATOR and endpoint.operator_id:
        return Actor(user=user, staff_operator_ids=frozenset({endpoint.operator_id}))
    if endpoint.scope == Scope.COMPANY and endpoint.company_id:
        return Actor(user=user, recruiter_company_ids=frozenset({endpoint.company_id}))
    return Actor(user=None)
