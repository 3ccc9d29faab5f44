"""Reads of the outbox, scoped by who asks."""

from __future__ import annotations

from django.db.models import QuerySet

from careerhub.core.actors import Actor
from careerhub.messaging import policies
from careerhub.messaging.models import Channel, Message, MessageBatch

PROBLEMS = "problems"
"""A status filter of its own: failed, or waiting after a failed attempt."""


def messages_for(
    *,
    actor: Actor,
    status: str = "",
    kind: str = "",
    batch_id: int | None = None,
    channel: str = "",
) -> QuerySet[Message]:
    qs = policies.messages_visible_to(actor).defer("body", "html_body")
    if status == PROBLEMS:
        qs = qs.filter(status__in=[Message.Status.FAILED, Message.Status.PENDING]).exclude(
            last_error=""
        )
    elif status in Message.Status.values:
        qs = qs.filter(status=status)
    if kind:
        qs = qs.filter(kind=kind)
    if channel in Channel.values:
        qs = qs.filter(channel=channel)
    if batch_id is not None:
        qs = qs.filter(batch_id=batch_id)
    return qs.order_by("-created_at", "-pk")


def kinds_for(*, actor: Actor) -> list[str]:
    return list(
        policies.messages_visible_to(actor)
        .order_by("kind")
        .values_list("kind", flat=True)
        .distinct()
    )


def problem_count_for(*, actor: Actor) -> int:
    return messages_for(actor=actor, status=PROBLEMS).count()


def batches_for(*, actor: Actor, limit: int = 20) -> list[MessageBatch]:
    return list(policies.batches_visible_to(actor).order_by("-created_at", "-pk")[:limit])
