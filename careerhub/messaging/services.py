"""Writes on the outbox: enqueue in the caller's transaction, deliver after commit, retry.

- ``message_enqueue`` / ``messages_enqueue_bulk`` write rows in the CALLER's transaction (so a
  message exists exactly when the change that caused it is kept) and, on commit, ask the task
  queue for a delivery pass. If the queue is down, the scheduler's pass every minute finds
  the messages anyway.
- ``messages_deliver_due`` claims each message before sending it (a conditional UPDATE that
  only one pass can win, on SQLite and PostgreSQL alike), sends it over one connection per
  pass, and marks it sent, or schedules the next attempt with back-off, or — after
  ``MAX_ATTEMPTS`` — fails it for staff to see.
- A claim older than ``LEASE`` means a worker died mid-send: the message may or may not have
  left, so it is failed with that reason and never resent without a person deciding.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from careerhub.core.actors import Actor
from careerhub.core.models import event_record
from careerhub.core.policy import PermissionDenied
from careerhub.messaging import phone, policies, transport
from careerhub.messaging.errors import MessagingErrorCode
from careerhub.messaging.models import Channel, Message, MessageBatch

logger = logging.getLogger(__name__)

RETRY_AFTER = (
    dt.timedelta(minutes=1),
    dt.timedelta(minutes=5),
    dt.timedelta(minutes=30),
    dt.timedelta(hours=2),
    dt.timedelta(hours=12),
)
"""Wait after the 1st, 2nd, … failed attempt."""
MAX_ATTEMPTS = len(RETRY_AFTER) + 1
"""The first attempt and five retries (about 15 hours in all); then the message fails."""
LEASE = dt.timedelta(minutes=10)
"""How long a claimed message may stay 'sending' before the pass that claimed it counts as dead."""
DELIVERY_LIMIT = 500
"""Messages per delivery pass; a pass that used its whole limit asks for another."""

Status = Message.Status


@dataclass(frozen=True)
class Draft:
    """One message to enqueue in bulk."""

    kind: str
    to_address: str
    subject: str
    body: str
    html_body: str = ""
    recipient_id: int | None = None
    operator_id: int | None = None
    subjects: Mapping[str, list[int]] = field(default_factory=dict)
    secret: bool = False
    channel: str = Channel.EMAIL
    attachment_name: str = ""
    attachment_type: str = ""
    attachment: str = ""
    meta: Mapping[str, Any] = field(default_factory=dict)


def _row(draft: Draft, *, batch: MessageBatch | None, now: dt.datetime) -> Message:
    if not draft.to_address.strip():
        raise ValidationError(
            _("A message needs an address to send it to."), code=MessagingErrorCode.NO_ADDRESS
        )
    message = Message(
        channel=draft.channel,
        kind=draft.kind,
        to_address=draft.to_address.strip(),
        recipient_id=draft.recipient_id,
        subject=" ".join(draft.subject.split())[:200],
        body=draft.body,
        html_body=draft.html_body,
        secret=draft.secret,
        subjects={k: [int(i) for i in v] for k, v in draft.subjects.items() if v},
        operator_id=draft.operator_id,
        batch=batch,
        next_attempt_at=now,
        attachment_name=draft.attachment_name,
        attachment_type=draft.attachment_type,
        attachment=draft.attachment,
        meta=dict(draft.meta),
    )
    # Foreign keys are the caller's own rows: checking each with a query would cost one
    # query per message of a 1,500-message batch.
    message.clean_fields(exclude=["recipient", "batch"])
    return message


def message_enqueue(
    *,
    kind: str,
    to_address: str,
    subject: str,
    body: str,
    html_body: str = "",
    recipient_id: int | None = None,
    operator_id: int | None = None,
    subjects: Mapping[str, list[int]] | None = None,
    secret: bool = False,
    channel: str = Channel.EMAIL,
    attachment_name: str = "",
    attachment_type: str = "",
    attachment: str = "",
    meta: Mapping[str, Any] | None = None,
) -> Message:
    """Write one message in the caller's transaction; it is delivered after commit."""
    draft = Draft(
        kind=kind,
        to_address=to_address,
        subject=subject,
        body=body,
        html_body=html_body,
        recipient_id=recipient_id,
        operator_id=operator_id,
        subjects=subjects or {},
        secret=secret,
        channel=channel,
        attachment_name=attachment_name,
        attachment_type=attachment_type,
        attachment=attachment,
        meta=meta or {},
    )
    now = timezone.now()
    message = _row(draft, batch=None, now=now)
    message.save()
    extra = [_row(d, batch=None, now=at) for d, at in phone.phone_drafts([draft], now=now)]
    if extra:
        Message.objects.bulk_create(extra)
    _deliver_after_commit()
    return message


def message_batch_create(
    *, title: str, kind: str = "", created_by_id: int | None = None, operator_id: int | None = None
) -> MessageBatch:
    """A bulk send staff can follow; fill it with ``messages_enqueue_bulk(batch=...)``."""
    batch = MessageBatch(
        title=title[:200], kind=kind, created_by_id=created_by_id, operator_id=operator_id
    )
    batch.full_clean(exclude=["created_by"])
    batch.save()
    return batch


def messages_enqueue_bulk(
    *, drafts: Iterable[Draft], batch: MessageBatch | None = None
) -> list[Message]:
    """Write many messages with one INSERT per 500 rows, in the caller's transaction.

    The request that publishes 1,500 results only writes rows; sending is the queue's job.
    A recipient who chose a phone channel also gets its copy (``phone.phone_drafts``); the
    returned list holds the drafts' own messages only."""
    now = timezone.now()
    drafts = list(drafts)
    rows = [_row(draft, batch=batch, now=now) for draft in drafts]
    # the phone copies for recipients who chose text messages or KakaoTalk (same transaction)
    rows += [_row(d, batch=batch, now=at) for d, at in phone.phone_drafts(drafts, now=now)]
    if not rows:
        return []
    created = Message.objects.bulk_create(rows, batch_size=500)
    _deliver_after_commit()
    return created[: len(drafts)]  # the callers' own messages, in their order


def _enqueue_delivery() -> None:
    from careerhub.messaging.tasks import messages_deliver_task

    try:
        messages_deliver_task.enqueue()
    except Exception:  # the queue is down: the scheduled pass picks the messages up later
        logger.warning("could not enqueue a delivery pass; the next scheduled one sends them")


def _deliver_after_commit() -> None:
    """Ask for one delivery pass when the current transaction commits (once per transaction,
    however many messages it wrote)."""
    if connection.in_atomic_block and any(
        callback is _enqueue_delivery for _sids, callback, *_rest in connection.run_on_commit
    ):
        return
    transaction.on_commit(_enqueue_delivery, robust=True)


# --- delivery -----------------------------------------------------------------------------


def interrupted_reason() -> str:
    with translation.override("ko"):
        return _(
            "Sending was interrupted, so it is not known whether the message was delivered. "
            "Check with the recipient before sending it again."
        )


def _claims_expire(*, now: dt.datetime) -> int:
    """Fail the messages whose pass died mid-send (claimed longer ago than the lease)."""
    return Message.objects.filter(status=Status.SENDING, claimed_at__lt=now - LEASE).update(
        status=Status.FAILED, next_attempt_at=None, last_error=interrupted_reason()
    )


def message_claim(*, pk: int, now: dt.datetime) -> Message | None:
    """Take one due message for this pass; None when another pass took it first.

    One conditional UPDATE: of any number of passes racing for the row, exactly one sees
    rowcount 1 (PostgreSQL re-checks the WHERE after the winner's row lock is released;
    SQLite serialises writers). It commits at once, so the claim is visible to every pass."""
    claimed = Message.objects.filter(pk=pk, status=Status.PENDING, next_attempt_at__lte=now).update(
        status=Status.SENDING, claimed_at=now, attempts=F("attempts") + 1
    )
    if claimed != 1:
        return None
    return Message.objects.get(pk=pk)


def _mark_sent(message: Message, *, now: dt.datetime, external_id: str = "") -> None:
    changes: dict[str, Any] = {"status": Status.SENT, "sent_at": now, "next_attempt_at": None}
    changes["last_error"] = ""
    changes["external_id"] = external_id[:100]
    if message.secret:  # a sign-in link is needed only until it is sent
        changes |= {"body": "", "html_body": ""}
    Message.objects.filter(pk=message.pk, status=Status.SENDING).update(**changes)


def _mark_failed_attempt(message: Message, *, error: str, now: dt.datetime) -> str:
    if message.attempts >= MAX_ATTEMPTS:
        changes = {"status": Status.FAILED, "next_attempt_at": None}
        outcome = "failed"
    else:
        wait = RETRY_AFTER[min(message.attempts, len(RETRY_AFTER)) - 1]
        changes = {"status": Status.PENDING, "next_attempt_at": now + wait}
        outcome = "retry"
    Message.objects.filter(pk=message.pk, status=Status.SENDING).update(last_error=error, **changes)
    return outcome


def messages_deliver_due(
    *, now: dt.datetime | None = None, limit: int = DELIVERY_LIMIT
) -> dict[str, int]:
    """One delivery pass: expire dead claims, then claim, send and settle each due message.

    Returns the counts: ``sent``, ``retry`` (failed, tried again later), ``failed`` (gave up),
    ``interrupted`` (dead claims failed), ``due`` (candidates looked at)."""
    clock: Callable[[], dt.datetime] = (lambda: now) if now is not None else timezone.now
    counts = {"sent": 0, "retry": 0, "failed": 0, "interrupted": 0, "due": 0}
    counts["interrupted"] = _claims_expire(now=clock())
    due = list(
        Message.objects.filter(status=Status.PENDING, next_attempt_at__lte=clock())
        .order_by("next_attempt_at", "pk")
        .values_list("pk", flat=True)[:limit]
    )
    counts["due"] = len(due)
    sender = transport.Sender()
    try:
        for pk in due:
            message = message_claim(pk=pk, now=clock())
            if message is None:
                continue  # another pass has it
            try:
                external_id = sender.send(message)
            except Exception as exc:
                logger.warning("message %s (%s) not sent: %s", pk, message.kind, exc)
                error = transport.describe(exc)
                counts[_mark_failed_attempt(message, error=error, now=clock())] += 1
            else:
                _mark_sent(message, now=clock(), external_id=external_id or "")
                counts["sent"] += 1
    finally:
        sender.close()
    return counts


# --- staff --------------------------------------------------------------------------------


def message_retry(*, actor: Actor, message: Message) -> Message:
    """Staff send a failed message again: a fresh round of attempts, delivered by the queue."""
    if not policies.can_retry_message(actor, message):
        raise PermissionDenied
    if not message.is_retryable:
        raise ValidationError(
            _("Only a message that failed can be sent again."),
            code=MessagingErrorCode.NOT_RETRYABLE,
        )
    with transaction.atomic():
        changed = Message.objects.filter(
            pk=message.pk, status__in=[Status.FAILED, Status.PENDING]
        ).update(status=Status.PENDING, attempts=0, next_attempt_at=timezone.now())
        if not changed:
            raise ValidationError(
                _("Only a message that failed can be sent again."),
                code=MessagingErrorCode.NOT_RETRYABLE,
            )
        event_record(actor=actor, verb="message.retried", target=message, message_kind=message.kind)
        _deliver_after_commit()
    message.refresh_from_db()
    return message


def messages_purge(*, before: dt.datetime) -> int:
    """Delete the messages (and then empty batches) created before ``before``: the outbox holds
    personal data and is kept only ``MESSAGE_RETENTION_DAYS``. A message still waiting or
    being sent is kept until it is settled."""
    with transaction.atomic():
        deleted, _per_model = (
            Message.objects.filter(created_at__lt=before)
            .exclude(status__in=[Status.PENDING, Status.SENDING])
            .delete()
        )
        MessageBatch.objects.filter(created_at__lt=before, messages__isnull=True).delete()
    return deleted
