"""Background tasks of the outbox (django-tasks).

``messages_deliver_task`` runs one delivery pass. It is enqueued after every commit that wrote
messages, and the scheduler runs it every minute (retries, and whatever was written while the
queue was down). Two passes at once are safe: each message is claimed before it is sent."""

from __future__ import annotations

try:  # Django 6 ships the tasks framework; 5.2 uses the django-tasks backport
    from django.tasks import task  # type: ignore[import-not-found,unused-ignore]
except ImportError:  # pragma: no cover - depends on the Django version
    from django_tasks import task


@task()
def messages_deliver_task() -> dict[str, int]:
    from careerhub.messaging.services import DELIVERY_LIMIT, _enqueue_delivery, messages_deliver_due

    counts = messages_deliver_due(limit=DELIVERY_LIMIT)
    if counts["due"] >= DELIVERY_LIMIT:  # a big batch: go on in a fresh task (progress shows)
        _enqueue_delivery()
    return counts


@task()
def sms_statuses_poll_task() -> dict[str, int]:
    """Ask the SMS provider for the final status of recently sent phone messages."""
    from careerhub.messaging.solapi import delivery_statuses_poll

    return delivery_statuses_poll()
