"""Writes of webhooks: endpoints (made, secret rotated, turned off and on), and the deliveries
that the event log's subscriber enqueues in the outbox, in the transaction of the change.

``webhook_events_dispatch`` is subscribed to the event log (``careerhub.core.events``) by
``WebhooksConfig.ready``: for an event of ``catalogue.EVENT_TYPES`` it writes one outbox
message per active endpoint that subscribed to it and whose scope may see the object. The
outbox delivers it (``careerhub.webhooks.transport``), retries with back-off and shows the
final failures to staff; ``webhook_delivery_redeliver`` sends a failed one again.
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from careerhub.core.actors import Actor
from careerhub.core.models import event_record
from careerhub.core.policy import PermissionDenied
from careerhub.messaging import services as messaging
from careerhub.messaging.models import Channel
from careerhub.webhooks import catalogue, policies, signing
from careerhub.webhooks.errors import WebhooksErrorCode
from careerhub.webhooks.models import Scope, WebhookDelivery, WebhookEndpoint
from careerhub.webhooks.targets import UnsafeTarget, target_check

KIND = "webhook"
"""The outbox's ``kind`` of every webhook message."""
SECRET_GRACE = dt.timedelta(hours=24)
"""After a rotation, deliveries are signed with the old secret too for this long."""


def _invalid(field: str, message: str, code: str) -> ValidationError:
    return ValidationError({field: ValidationError(message, code=code)})


def _clean_events(events: Iterable[str]) -> list[str]:
    chosen = list(dict.fromkeys(str(e) for e in events))
    if not chosen:
        raise _invalid("events", _("Choose at least one event."), WebhooksErrorCode.NO_EVENTS)
    unknown = [e for e in chosen if e not in catalogue.EVENT_TYPES]
    if unknown:
        raise _invalid(
            "events",
            _("Unknown event: %(events)s") % {"events": ", ".join(unknown)},
            WebhooksErrorCode.UNKNOWN_EVENT,
        )
    return chosen


def webhook_endpoint_create(
    *,
    actor: Actor,
    name: str,
    url: str,
    scope: str,
    events: Iterable[str],
    operator_id: int | None = None,
    company_id: int | None = None,
) -> tuple[WebhookEndpoint, str]:
    """Make an endpoint; returns it and its signing secret (to show once, never again)."""
    operator_id = operator_id if scope == Scope.OPERATOR else None
    company_id = company_id if scope == Scope.COMPANY else None
    if not policies.can_create_for(
        actor, scope=scope, operator_id=operator_id, company_id=company_id
    ):
        raise PermissionDenied
    if (scope == Scope.OPERATOR and not operator_id) or (scope == Scope.COMPANY and not company_id):
        field = "operator" if scope == Scope.OPERATOR else "company"
        raise _invalid(field, _("Choose whose endpoint this is."), WebhooksErrorCode.SCOPE_OWNER)
    chosen = _clean_events(events)
    url = url.strip()
    try:
        target_check(url)
    except UnsafeTarget as exc:
        raise _invalid("url", exc.message, exc.code) from None
    secret = signing.secret_generate()
    endpoint = WebhookEndpoint(
        name=name.strip(),
        url=url,
        scope=scope,
        operator_id=operator_id,
        company_id=company_id,
        events=chosen,
        secret=secret,
        created_by=actor.user,
    )
    with transaction.atomic():
        endpoint.full_clean(exclude=["created_by"])
        endpoint.save()
        event_record(
            actor=actor,
            verb="webhook.endpoint_created",
            target=endpoint,
            scope=scope,
            url=url,
            events=chosen,
        )
    return endpoint, secret


def webhook_endpoint_rotate_secret(
    *, actor: Actor, endpoint: WebhookEndpoint, now: dt.datetime | None = None
) -> str:
    """A new signing secret (returned, to show once). The old one still signs deliveries for
    ``SECRET_GRACE``, so the receiving system can switch without losing events."""
    if not policies.endpoints_visible_to(actor).filter(pk=endpoint.pk).exists():
        raise PermissionDenied
    now = now or timezone.now()
    secret = signing.secret_generate()
    with transaction.atomic():
        WebhookEndpoint.objects.filter(pk=endpoint.pk).update(
            previous_secret=endpoint.secret,
            previous_secret_until=now + SECRET_GRACE,
            secret=secret,
            updated_at=now,
        )
        event_record(actor=actor, verb="webhook.secret_rotated", target=endpoint)
    endpoint.refresh_from_db()
    return secret


def webhook_endpoint_set_active(
    *, actor: Actor, endpoint: WebhookEndpoint, active: bool
) -> WebhookEndpoint:
    """Turn an endpoint off (nothing more is enqueued for it, waiting deliveries fail) or on."""
    if not policies.endpoints_visible_to(actor).filter(pk=endpoint.pk).exists():
        raise PermissionDenied
    with transaction.atomic():
        endpoint.active = active
        endpoint.save(update_fields=["active", "updated_at"])
        event_record(
            actor=actor,
            verb="webhook.endpoint_enabled" if active else "webhook.endpoint_disabled",
            target=endpoint,
        )
    return endpoint


def envelope(
    *, event_id: str, event_type: str, occurred_at: dt.datetime, data: Mapping[str, Any]
) -> str:
    """The JSON body of a delivery: id, type, occurred_at (ISO 8601, Asia/Seoul), data."""
    return json.dumps(
        {
            "id": event_id,
            "type": event_type,
            "occurred_at": timezone.localtime(occurred_at).isoformat(timespec="seconds"),
            "data": dict(data),
        },
        ensure_ascii=False,
        separators=(",", ":"),
    )


def _enqueue(
    endpoint: WebhookEndpoint,
    *,
    event_id: str,
    event_type: str,
    occurred_at: dt.datetime,
    data: Mapping[str, Any],
    object_id: str = "",
    subjects: Mapping[str, list[int]] | None = None,
) -> WebhookDelivery:
    message = messaging.message_enqueue(
        kind=KIND,
        channel=Channel.WEBHOOK,
        to_address=endpoint.url,
        subject=event_type,
        body=envelope(event_id=event_id, event_type=event_type, occurred_at=occurred_at, data=data),
        operator_id=endpoint.operator_id,
        subjects=subjects or {},
        meta={"endpoint": endpoint.pk, "event": event_type, "event_id": event_id},
    )
    return WebhookDelivery.objects.create(
        endpoint=endpoint,
        message=message,
        event_id=event_id,
        event_type=event_type,
        object_id=str(object_id),
    )


def webhook_events_dispatch(event: Any) -> int:
    """The event log's subscriber: enqueue ``event`` for every endpoint that wants it and
    whose scope may see its object. Returns how many deliveries were written."""
    event_type = catalogue.BY_SOURCE.get((event.verb, event.target_type))
    if event_type is None or not event_type.accept(event):
        return 0
    endpoints = [
        e
        for e in WebhookEndpoint.objects.filter(active=True).select_related("created_by")
        if event_type.type in (e.events or [])
    ]
    if not endpoints:
        return 0
    obj = event_type.load(event.target_id)
    if obj is None:
        return 0
    event_id = f"evt_{uuid.uuid4().hex}"
    data = event_type.data(event, obj)
    subjects = event_type.subjects(obj)
    written = 0
    for endpoint in endpoints:
        if not event_type.visible(policies.scope_actor(endpoint), obj):
            continue
        _enqueue(
            endpoint,
            event_id=event_id,
            event_type=event_type.type,
            occurred_at=event.at,
            data=data,
            object_id=event.target_id,
            subjects=subjects,
        )
        written += 1
    return written


def webhook_test_send(*, actor: Actor, endpoint: WebhookEndpoint) -> WebhookDelivery:
    """Send a ``webhook.test`` event to the endpoint (its log shows how it went)."""
    if not policies.endpoints_visible_to(actor).filter(pk=endpoint.pk).exists():
        raise PermissionDenied
    if not endpoint.active:
        raise ValidationError(
            _("Turn the endpoint on before sending it a test event."),
            code=WebhooksErrorCode.INACTIVE,
        )
    now = timezone.now()
    with transaction.atomic():
        delivery = _enqueue(
            endpoint,
            event_id=f"evt_{uuid.uuid4().hex}",
            event_type=catalogue.TEST,
            occurred_at=now,
            data={"endpoint": endpoint.pk, "scope": endpoint.scope},
        )
        event_record(actor=actor, verb="webhook.test_sent", target=endpoint)
    return delivery


def webhook_delivery_redeliver(*, actor: Actor, delivery: WebhookDelivery) -> WebhookDelivery:
    """Send a failed delivery again: the same message (same id and body, signed afresh), a
    fresh round of attempts through the outbox."""
    endpoint = delivery.endpoint
    if not policies.endpoints_visible_to(actor).filter(pk=endpoint.pk).exists():
        raise PermissionDenied
    if not endpoint.active:
        raise ValidationError(
            _("Turn the endpoint on before sending it anything again."),
            code=WebhooksErrorCode.INACTIVE,
        )
    if not delivery.message.is_retryable:
        raise ValidationError(
            _("Only a delivery that failed can be sent again."),
            code=WebhooksErrorCode.NOT_REDELIVERABLE,
        )
    messaging.message_retry(actor=actor, message=delivery.message)
    delivery.refresh_from_db()
    return delivery
