"""Reads of webhooks, scoped by who asks."""

from __future__ import annotations

from django.db.models import QuerySet

from careerhub.core.actors import Actor
from careerhub.webhooks import policies
from careerhub.webhooks.models import WebhookDelivery, WebhookEndpoint


def endpoints_for(*, actor: Actor) -> QuerySet[WebhookEndpoint]:
    return policies.endpoints_visible_to(actor).order_by("-active", "name", "pk")


def deliveries_for(*, endpoint: WebhookEndpoint) -> QuerySet[WebhookDelivery]:
    """The endpoint's delivery log, newest first (the endpoint comes from ``endpoint_get_for``)."""
    return (
        WebhookDelivery.objects.filter(endpoint=endpoint)
        .select_related("message")
        .defer("message__body", "message__html_body", "message__attachment")
        .order_by("-created_at", "-pk")
    )
