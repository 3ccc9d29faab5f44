"""Channels: each has one registered transport; a channel nobody set up fails in words; the
provider's reference is kept; a text attachment travels with an email."""

from __future__ import annotations

import pytest
from django.core import mail
from django.utils import translation

from careerhub.messaging import services, transport
from careerhub.messaging.models import Channel, Message

pytestmark = pytest.mark.django_db


@pytest.fixture
def sms_transport():
    """A transport for the SMS channel that records what it was given (a real provider's
    transport is tested against its fake HTTP server where it is written)."""
    sent: list[Message] = []
    closed: list[bool] = []

    class Recording:
        def send(self, message: Message) -> str:
            sent.append(message)
            return f"ref-{len(sent)}"

        def close(self) -> None:
            closed.append(True)

    previous = transport.registered_transport(Channel.SMS)
    transport.register_transport(Channel.SMS, Recording)
    yield sent, closed
    if previous is None:
        transport.unregister_transport(Channel.SMS)
    else:
        transport.register_transport(Channel.SMS, previous)


def test_a_registered_transport_sends_its_channel_and_its_reference_is_kept(sms_transport):
    sent, closed = sms_transport
    for i in range(2):
        services.message_enqueue(
            kind="test", to_address=f"0101234567{i}", subject="", body="문자", channel=Channel.SMS
        )
    services.message_enqueue(kind="test", to_address="a@example.kr", subject="메일", body="본문")
    counts = services.messages_deliver_due()
    assert counts["sent"] == 3
    assert [m.to_address for m in sent] == ["01012345670", "01012345671"]
    assert closed == [True], "one transport per pass, closed at its end"
    assert len(mail.outbox) == 1
    refs = sorted(Message.objects.filter(channel=Channel.SMS).values_list("external_id", flat=True))
    assert refs == ["ref-1", "ref-2"]
    assert Message.objects.get(channel=Channel.EMAIL).external_id == ""


def test_a_channel_without_a_transport_waits_with_a_reason_in_korean():
    transport.unregister_transport(Channel.ALIMTALK)
    message = services.message_enqueue(
        kind="test", to_address="01012345678", subject="", body="알림", channel=Channel.ALIMTALK
    )
    counts = services.messages_deliver_due()
    assert counts == {"sent": 0, "retry": 1, "failed": 0, "interrupted": 0, "due": 1}
    message.refresh_from_db()
    assert message.status == Message.Status.PENDING
    with translation.override("ko"):
        assert message.error_summary == "이 수단은 설정되지 않아 메시지를 보낼 수 없습니다."
    assert "no transport registered" in message.error_detail


def test_an_email_carries_its_text_attachment():
    services.message_enqueue(
        kind="test",
        to_address="a@example.kr",
        subject="면접 안내",
        body="본문",
        attachment_name="invite.ics",
        attachment_type="text/calendar; method=REQUEST",
        attachment="BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n",
        meta={"uid": "x"},
    )
    services.messages_deliver_due()
    [email] = mail.outbox
    # a calendar invite: the iTIP part beside the text, and the same file attached
    [(content, mimetype)] = email.alternatives
    assert content.startswith("BEGIN:VCALENDAR")
    assert mimetype == "text/calendar; method=REQUEST"
    [(name, content, mimetype)] = email.attachments
    assert name == "invite.ics"
    assert content.startswith(b"BEGIN:VCALENDAR")
    assert mimetype == "application/ics"
    assert Message.objects.get().meta == {"uid": "x"}


def test_an_email_carries_another_text_attachment_as_it_is():
    services.message_enqueue(
        kind="test",
        to_address="a@example.kr",
        subject="명단",
        body="본문",
        attachment_name="list.csv",
        attachment_type="text/csv",
        attachment="이름,기수\r\n김민수,2\r\n",
    )
    services.messages_deliver_due()
    [email] = mail.outbox
    assert not email.alternatives
    assert email.attachments == [("list.csv", "이름,기수\r\n김민수,2\r\n", "text/csv")]
