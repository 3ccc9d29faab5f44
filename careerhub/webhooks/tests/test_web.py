"""The staff pages of webhooks: make one (the secret shown once), its delivery log, rotate,
turn off and on, send a test event, send a failed delivery again; who sees what."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from django.utils import translation

from careerhub.core.models import AccessRecord
from careerhub.messaging import services as outbox
from careerhub.webhooks.models import WebhookDelivery, WebhookEndpoint

pytestmark = pytest.mark.django_db

SECRET = re.compile(r"whsec_[A-Za-z0-9+/=]+")


def _create(client, receiver, **fields):
    data = {
        "name": "빛고을 LMS",
        "url": receiver.url,
        "scope": "operator",
        "events": ["application.moved", "plan.finished"],
        **fields,
    }
    return client.post(reverse("webhooks:create"), data)


def test_the_secret_is_shown_once_when_made_and_never_again(login, world, receiver):
    client = login(world.users["staff_a"])
    response = _create(client, receiver, operator=world.op_a.pk)
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    endpoint = WebhookEndpoint.objects.get()
    shown = SECRET.findall(response.content.decode())
    assert shown == [endpoint.secret]
    assert endpoint.operator == world.op_a and endpoint.created_by == world.users["staff_a"]
    for url in (reverse("webhooks:list"), reverse("webhooks:detail", args=[endpoint.pk])):
        page = client.get(url).content.decode()
        assert endpoint.name in page and "whsec_" not in page


def test_operator_staff_make_only_their_operators_endpoints(login, world, receiver):
    client = login(world.users["staff_a"])
    for fields in (
        {"operator": world.op_b.pk},
        {"scope": "office"},
        {"scope": "company", "company": world.company_x.pk},
    ):
        response = _create(client, receiver, **fields)
        assert response.status_code == 200 and b"whsec_" not in response.content
    assert not WebhookEndpoint.objects.exists()


def test_a_private_address_is_refused_on_the_form(login, world, settings):
    settings.WEBHOOKS_ALLOW_LOOPBACK = False
    client = login(world.users["office"])
    with translation.override("en"):
        response = client.post(
            reverse("webhooks:create"),
            {
                "name": "x",
                "url": "https://169.254.169.254/latest",
                "scope": "office",
                "events": ["plan.finished"],
            },
            HTTP_ACCEPT_LANGUAGE="en",
        )
    assert response.status_code == 200
    assert response.context["form"].errors["url"]
    assert not WebhookEndpoint.objects.exists()


def test_lists_and_pages_are_scoped(login, world, receiver, make_endpoint):
    mine, _ = make_endpoint("operator", who="staff_a", operator_id=world.op_a.pk)
    theirs, _ = make_endpoint("operator", who="staff_b", operator_id=world.op_b.pk)
    office, _ = make_endpoint("office")
    client = login(world.users["staff_a"])
    rows = client.get(reverse("webhooks:list")).context["rows"]
    assert list(rows) == [mine]
    for other in (theirs, office):
        assert client.get(reverse("webhooks:detail", args=[other.pk])).status_code == 404
        assert client.post(reverse("webhooks:rotate", args=[other.pk])).status_code == 404
    for key in ("recruiter_x", "trainee_a1", "consultant_a", "committee"):
        client = login(world.users[key])
        assert client.get(reverse("webhooks:list")).status_code == 404


def test_rotate_turn_off_and_on_from_the_page(login, world, receiver, make_endpoint):
    endpoint, old = make_endpoint("office")
    client = login(world.users["office"])
    response = client.post(reverse("webhooks:rotate", args=[endpoint.pk]))
    [new] = SECRET.findall(response.content.decode())
    endpoint.refresh_from_db()
    assert new == endpoint.secret != old and endpoint.previous_secret == old
    client.post(reverse("webhooks:active", args=[endpoint.pk]), {"active": "0"})
    endpoint.refresh_from_db()
    assert not endpoint.active
    client.post(reverse("webhooks:active", args=[endpoint.pk]), {"active": "1"})
    endpoint.refresh_from_db()
    assert endpoint.active


def test_a_test_event_then_its_log_then_a_redelivery(login, world, receiver, make_endpoint):
    endpoint, _ = make_endpoint("operator", who="staff_a", operator_id=world.op_a.pk)
    client = login(world.users["staff_a"])
    receiver.statuses = [500] * 6
    assert client.post(reverse("webhooks:test", args=[endpoint.pk])).status_code == 302
    import datetime as dt

    from django.utils import timezone

    now = timezone.now()
    for minutes in (0, 2, 10, 60, 200, 1000):
        outbox.messages_deliver_due(now=now + dt.timedelta(minutes=minutes))
    delivery = WebhookDelivery.objects.get()
    page = client.get(reverse("webhooks:detail", args=[endpoint.pk]))
    [(row, _label)] = page.context["rows"]
    assert row == delivery and row.message.status == "failed" and row.http_status == 500
    assert reverse("webhooks:redeliver", args=[endpoint.pk, delivery.pk]) in page.content.decode()
    response = client.post(reverse("webhooks:redeliver", args=[endpoint.pk, delivery.pk]))
    assert response.status_code == 302
    outbox.messages_deliver_due()
    delivery.refresh_from_db()
    assert delivery.message.status == "sent" and delivery.http_status == 200
    assert len(receiver.requests) == 7
    other = login(world.users["staff_b"])
    assert (
        other.post(reverse("webhooks:redeliver", args=[endpoint.pk, delivery.pk])).status_code
        == 404
    )


def test_the_log_of_deliveries_about_trainees_is_an_access_record(
    login, world, posting_x, make_endpoint
):
    from careerhub.applications import services as applications

    endpoint, _ = make_endpoint("office")
    app = applications.application_create(
        actor=world.actor("trainee_a1"), trainee=world.trainee_a1, posting=posting_x
    )
    applications.application_move(
        actor=world.actor("recruiter_x"),
        application=app,
        to_status="document_pass",
        expected_version=1,
    )
    client = login(world.users["office"])
    client.get(reverse("webhooks:detail", args=[endpoint.pk]))
    record = AccessRecord.objects.get(page="webhooks:detail")
    assert record.subjects == {"trainees": [world.trainee_a1.pk]}
