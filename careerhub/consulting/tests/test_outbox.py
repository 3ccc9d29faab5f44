"""Consulting mail through the outbox: booking and cancelling tell both sides by email (with the
calendar invite or its cancellation);
with the mail server down the pages still answer and the emails wait, then go once."""

from __future__ import annotations

import pytest
from django.core import mail
from django.urls import reverse

from careerhub.consulting.models import Booking
from careerhub.consulting.tests.test_consulting import make_slot
from careerhub.messaging.models import Message
from careerhub.messaging.services import messages_deliver_due
from careerhub.messaging.tests import helpers

pytestmark = pytest.mark.django_db


def test_booking_with_the_mail_server_down_answers_and_the_emails_wait(
    login, world, settings, monkeypatch
):
    settings.SITE_URL = "https://careerhub.example.kr"
    helpers.mail_server_down(settings)
    helpers.deliver_at_once(monkeypatch)  # as a worker would, right after the commit
    slot = make_slot(world)
    client = login(world.users["trainee_a1"])
    response = client.post(
        reverse("consulting:slot_book", args=[slot.pk]),
        {"session_type": "interview", "topic": "기술 면접"},
    )
    assert response.status_code == 302
    booking = Booking.objects.get()
    # both sides get the calendar invite, the trainee who booked too (their calendar needs it)
    messages = Message.objects.filter(kind="consulting_booked")
    assert {m.to_address for m in messages} == {
        world.users["consultant_a"].email,
        world.users["trainee_a1"].email,
    }
    assert all(m.status == "pending" and m.last_error for m in messages)
    assert {m.operator_id for m in messages} == {world.op_a.pk}
    assert all(m.attachment_type == "text/calendar; method=REQUEST" for m in messages)
    assert not mail.outbox

    helpers.mail_server_up(settings)
    helpers.everything_due()
    messages_deliver_due()
    messages_deliver_due()
    assert len(mail.outbox) == 2  # each once
    link = "https://careerhub.example.kr" + reverse("consulting:booking_detail", args=[booking.pk])
    assert all(link in m.body for m in mail.outbox)


def test_a_consultant_cancelling_tells_the_trainee(login, world, monkeypatch):
    helpers.deliver_at_once(monkeypatch)
    slot = make_slot(world)
    login(world.users["trainee_a1"]).post(
        reverse("consulting:slot_book", args=[slot.pk]), {"session_type": "resume"}
    )
    booking = Booking.objects.get()
    mail.outbox.clear()
    client = login(world.users["consultant_a"])
    response = client.post(
        reverse("consulting:booking_cancel", args=[booking.pk]), {"reason": "출장"}
    )
    assert response.status_code == 302
    booking.refresh_from_db()
    assert booking.status == "cancelled"
    # the trainee is told; both calendars get the cancellation
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        [world.users["trainee_a1"].email, world.users["consultant_a"].email]
    )
    cancelled = Message.objects.filter(kind="consulting_cancelled")
    assert cancelled.count() == 2
    assert all(m.attachment_type == "text/calendar; method=CANCEL" for m in cancelled)
