"""Who may see the outbox: program staff all of it, operator staff their operators' messages."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from careerhub.core.actors import Actor
from careerhub.core.policy import get_visible_or_404
from careerhub.messaging.models import Message, MessageBatch


def can_view_outbox(actor: Actor) -> bool:
    return actor.program_staff or bool(actor.staff_operator_ids)


def messages_visible_to(actor: Actor) -> QuerySet[Message]:
    if actor.program_staff:
        return Message.objects.all()
    if not actor.staff_operator_ids:
        return Message.objects.none()
    return Message.objects.filter(operator_id__in=actor.staff_operator_ids)


def message_get_for(actor: Actor, message_id: object) -> Message:
    return get_visible_or_404(messages_visible_to(actor), message_id)


def batches_visible_to(actor: Actor) -> QuerySet[MessageBatch]:
    if actor.program_staff:
        return MessageBatch.objects.all()
    if not actor.staff_operator_ids:
        return MessageBatch.objects.none()
    return MessageBatch.objects.filter(
        Q(operator_id__in=actor.staff_operator_ids) | Q(created_by_id=actor.user_id)
    )


def batch_get_for(actor: Actor, batch_id: object) -> MessageBatch:
    return get_visible_or_404(batches_visible_to(actor), batch_id)


def can_retry_message(actor: Actor, message: Message) -> bool:
    return messages_visible_to(actor).filter(pk=message.pk).exists()


def can_read_body(actor: Actor, message: Message) -> bool:
    """A sign-in link (password reset, an applicant's own page) is shown to nobody."""
    return not message.secret
