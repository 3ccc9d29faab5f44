"""The outbox pages: who sees what, the detail's access record, send again, bulk progress."""

from __future__ import annotations

import pytest
from django.urls import reverse

from careerhub.conftest import ROLE_KEYS, refused
from careerhub.core.models import AccessRecord, Event
from careerhub.messaging import services
from careerhub.messaging.models import Message
from careerhub.messaging.services import Draft

pytestmark = pytest.mark.django_db


def message(world, op, **overrides) -> Message:
    values = {
        "kind": "application_update",
        "to_address": f"trainee-{op.pk}@example.kr",
        "subject": f"지원 현황 {op.name}",
        "body": "본문입니다",
        "operator_id": op.pk,
        "subjects": {"trainees": [world.trainee_a1.pk]},
    }
    return Message.objects.create(**(values | overrides))


@pytest.fixture
def two(world):
    failed_a = message(world, world.op_a, status="failed", attempts=6, last_error="연결 실패 A")
    sent_b = message(world, world.op_b, status="sent")
    return failed_a, sent_b


OUTBOX_ROLES = {"office", "staff_a", "staff_b"}


@pytest.mark.parametrize("key", ROLE_KEYS)
def test_the_outbox_is_for_program_and_operator_staff(client, world, key):
    if key != "anonymous":
        client.force_login(world.users[key])
    status = client.get(reverse("messaging:outbox")).status_code
    assert status == (200 if key in OUTBOX_ROLES else refused(key))


def test_operator_staff_see_only_their_operators_messages(login, world, two):
    failed_a, sent_b = two
    client = login(world.users["staff_a"])
    page = client.get(reverse("messaging:outbox")).content.decode()
    assert failed_a.subject in page and sent_b.subject not in page
    assert client.get(reverse("messaging:detail", args=[failed_a.pk])).status_code == 200
    assert client.get(reverse("messaging:detail", args=[sent_b.pk])).status_code == 404
    assert client.post(reverse("messaging:retry", args=[sent_b.pk])).status_code == 404
    office = login(world.users["office"]).get(reverse("messaging:outbox")).content.decode()
    assert failed_a.subject in office and sent_b.subject in office


def test_filters_by_status_and_kind(login, world, two):
    failed_a, sent_b = two
    other = message(
        world, world.op_a, kind="consulting_booked", subject="12월 7일 상담이 예약되었습니다"
    )
    client = login(world.users["office"])
    url = reverse("messaging:outbox")
    problems = client.get(url, {"status": "problems"}).content.decode()
    assert failed_a.subject in problems and sent_b.subject not in problems
    assert other.subject not in problems
    booked = client.get(url, {"kind": "consulting_booked"}).content.decode()
    assert other.subject in booked and failed_a.subject not in booked
    assert "상담 예약" in booked or "Consulting session booked" in booked  # a label, not a slug


def test_opening_a_message_records_the_access(login, world, two):
    failed_a, _ = two
    client = login(world.users["staff_a"])
    page = client.get(reverse("messaging:detail", args=[failed_a.pk])).content.decode()
    assert "본문입니다" in page and "연결 실패 A" in page
    record = AccessRecord.objects.get(page="messaging:detail")
    assert record.actor == world.users["staff_a"]
    assert record.subjects == {"trainees": [world.trainee_a1.pk]}
    assert record.detail["message"] == failed_a.pk


def test_a_sign_in_link_is_never_shown(login, world):
    secret = message(world, world.op_a, secret=True, body="https://x/password-reset/abc/")
    page = login(world.users["office"]).get(reverse("messaging:detail", args=[secret.pk]))
    assert "password-reset" not in page.content.decode()


def test_staff_send_a_failed_message_again(login, world, two):
    failed_a, _ = two
    client = login(world.users["staff_a"])
    response = client.post(reverse("messaging:retry", args=[failed_a.pk]))
    assert response.status_code == 302
    failed_a.refresh_from_db()
    assert (failed_a.status, failed_a.attempts) == ("pending", 0)
    assert Event.objects.filter(verb="message.retried", actor=world.users["staff_a"]).exists()
    assert services.messages_deliver_due()["sent"] == 1
    failed_a.refresh_from_db()
    assert failed_a.status == "sent"


def test_a_sent_message_is_not_sent_again(login, world, two):
    _, sent_b = two
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as exc:
        services.message_retry(actor=world.actor("office"), message=sent_b)
    assert exc.value.code == "not_retryable"
    sent_b.refresh_from_db()
    assert sent_b.status == "sent"


def test_the_old_delivery_problems_address_opens_the_outbox(login, world):
    response = login(world.users["staff_a"]).get(reverse("applications:email_failures"))
    assert response.status_code == 302
    assert response["Location"] == reverse("messaging:outbox") + "?status=problems"


def test_bulk_progress_polls_while_running_and_stops_when_done(login, world):
    batch = services.message_batch_create(
        title="3기 선발 결과", created_by_id=world.users["office"].pk
    )
    services.messages_enqueue_bulk(
        drafts=[
            Draft(kind="intake_result", to_address=f"p{i}@example.kr", subject="결과", body="b")
            for i in range(4)
        ],
        batch=batch,
    )
    client = login(world.users["office"])
    url = reverse("messaging:batch", args=[batch.pk])
    page = client.get(url).content.decode()
    assert 'hx-trigger="every 2s"' in page and "3기 선발 결과" in page
    services.messages_deliver_due(limit=1)
    partial = client.get(url, HTTP_HX_REQUEST="true").content.decode()
    assert "<html" not in partial and "hx-trigger" in partial
    assert batch.counts()["sent"] == 1
    services.messages_deliver_due()
    partial = client.get(url, HTTP_HX_REQUEST="true").content.decode()
    assert "hx-trigger" not in partial
    # operator staff do not see the office's bulk send of another scope
    assert login(world.users["staff_b"]).get(url).status_code == 404
