"""Objects of the role × URL matrix (careerhub/home/tests/test_url_matrix.py) for webhooks:
each side's operator has an endpoint with one failed delivery. Made on first use, so the
shared matrix world needs no change."""

from __future__ import annotations

from django.utils import timezone

from careerhub.messaging.models import Channel, Message
from careerhub.webhooks.models import Scope, WebhookDelivery, WebhookEndpoint


def endpoint_of(side) -> WebhookEndpoint:
    endpoint, _ = WebhookEndpoint.objects.get_or_create(
        scope=Scope.OPERATOR,
        operator=side.operator,
        defaults={
            "name": f"{side.operator} LMS",
            "url": "https://lms.example.com/hooks",
            "events": ["application.moved"],
            "secret": "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
        },
    )
    return endpoint


def delivery_of(side) -> WebhookDelivery:
    endpoint = endpoint_of(side)
    delivery = endpoint.deliveries.first()
    if delivery is None:
        message = Message.objects.create(
            channel=Channel.WEBHOOK,
            kind="webhook",
            to_address=endpoint.url,
            subject="application.moved",
            body="{}",
            operator_id=endpoint.operator_id,
            status=Message.Status.FAILED,
            attempts=6,
            last_error="수신 시스템이 오류로 응답했습니다 (HTTP 500).\nHTTP 500",
            next_attempt_at=timezone.now(),
        )
        delivery = WebhookDelivery.objects.create(
            endpoint=endpoint,
            message=message,
            event_id="evt_matrix",
            event_type="application.moved",
            http_status=500,
        )
    return delivery
