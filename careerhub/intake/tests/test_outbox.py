"""Intake mail through the outbox: the public form and publishing answer with the mail server
down and the mails wait; a few hundred results are one bulk send, sent by the queue."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.urls import reverse

from careerhub.intake import services
from careerhub.intake.models import Application
from careerhub.intake.tests.conftest import AFTER, DURING, apply, at
from careerhub.intake.tests.test_web import form_data
from careerhub.messaging.models import Message, MessageBatch
from careerhub.messaging.services import messages_deliver_due
from careerhub.messaging.tests import helpers

pytestmark = pytest.mark.django_db


def test_apply_with_the_mail_server_down_answers_and_the_receipt_waits(
    client, world, cohort, settings
):
    settings.SITE_URL = "https://careerhub.example.kr"
    helpers.mail_server_down(settings)
    with at(DURING):
        response = client.post(
            reverse("intake_public:apply", args=[cohort.number]), form_data(world)
        )
    assert response.status_code == 302
    application = Application.objects.get()
    message = Message.objects.get(kind="intake_submitted")
    assert message.status == "pending" and message.last_error  # tried once, waits
    assert message.subjects == {"applicants": [application.pk]}
    assert not mail.outbox
    # a retry of the form is refused as a duplicate with a mail, not a 500
    with at(DURING):
        again = client.post(reverse("intake_public:apply", args=[cohort.number]), form_data(world))
    assert again.status_code == 302
    helpers.mail_server_up(settings)
    helpers.everything_due()
    messages_deliver_due()
    messages_deliver_due()
    assert len(mail.outbox) == Message.objects.count() == 2  # each once
    receipt = next(m for m in mail.outbox if application.receipt_number in m.subject)
    assert "https://careerhub.example.kr/apply/a/" in receipt.body  # absolute, from SITE_URL


@pytest.fixture
def many(world, cohort, monkeypatch):
    """200 confirmed applicants to course A, their receipt mails already out of the way."""
    monkeypatch.setattr("careerhub.messaging.services._deliver_after_commit", lambda: None)
    for n in range(1, 201):
        apply(
            cohort,
            1,
            [world.course_a],
            name=f"지원자{n}",
            email=f"applicant{n}@example.kr",
            phone=f"010-5555-{n:04d}",
            birth_date=dt.date(1998, 1, 1 + n % 28),
        )
    Message.objects.all().delete()
    mail.outbox.clear()
    with at(AFTER):
        services.selection_run(actor=world.actor("office"), cohort=cohort)
    return cohort


def test_publishing_a_few_hundred_results_is_one_bulk_send_the_request_does_not_send(
    login, world, many, settings
):
    helpers.mail_server_down(settings)  # and the server is down, too
    client = login(world.users["office"])
    with at(AFTER):
        response = client.post(reverse("intake:cohort_publish", args=[many.pk]))
    assert response.status_code == 302
    assert not mail.outbox
    batch = MessageBatch.objects.get()
    assert batch.created_by == world.users["office"] and batch.kind == "intake_result"
    assert batch.counts() == {"total": 200, "sent": 0, "failed": 0, "waiting": 200, "retrying": 0}
    assert set(batch.messages.values_list("status", flat=True)) == {"pending"}
    helpers.OPENS.clear()
    assert messages_deliver_due(limit=500)["retry"] == 200  # the server is down
    assert helpers.OPENS == ["smtp"]  # tried once for the whole pass
    assert batch.counts()["retrying"] == 200

    helpers.mail_server_up(settings)
    helpers.everything_due()
    assert messages_deliver_due(limit=120)["sent"] == 120
    assert batch.counts()["sent"] == 120 and batch.counts()["waiting"] == 80
    page = client.get(reverse("messaging:batch", args=[batch.pk])).content.decode()
    assert "120" in page and "200" in page and 'hx-trigger="every 2s"' in page
    assert messages_deliver_due(limit=500)["sent"] == 80
    assert len(mail.outbox) == 200 and len({m.to[0] for m in mail.outbox}) == 200
    assert batch.counts()["sent"] == 200
