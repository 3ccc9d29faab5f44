"""The benchmark's mail server: Django's real SMTP backend hands it messages, it counts each
by the outbox's header, and it refuses connections while it is down."""

import smtplib
from email.message import EmailMessage

import pytest
from django.core.mail import EmailMessage as DjangoEmail
from django.core.mail.backends.smtp import EmailBackend

from careerhub.demo.smtpsink import HEADER, SmtpSink


@pytest.fixture
def sink():
    s = SmtpSink()
    s.start()
    yield s
    s.stop()


def _send(port: int, label: str, body: str = "본문") -> None:
    backend = EmailBackend(host="127.0.0.1", port=port, timeout=5)
    mail = DjangoEmail("제목", body, "noreply@example.com", ["a@example.com"])
    mail.extra_headers = {HEADER: label}
    assert backend.send_messages([mail]) == 1


def test_each_message_is_counted_by_its_outbox_label(sink):
    _send(sink.port, "7")
    _send(sink.port, "8", body=".\n..a line with dots\n.")
    _send(sink.port, "7")
    assert sink.received() == {"7": 2, "8": 1} and sink.unlabelled == 0


def test_a_message_without_the_label_is_counted_apart(sink):
    message = EmailMessage()
    message["From"], message["To"], message["Subject"] = "a@example.com", "b@example.com", "x"
    message.set_content("no label")
    with smtplib.SMTP("127.0.0.1", sink.port, timeout=5) as client:
        client.send_message(message)
    assert sink.received() == {} and sink.unlabelled == 1


def test_down_refuses_connections_and_up_again_takes_the_same_port(sink):
    port = sink.port
    sink.stop()
    assert not sink.running
    with pytest.raises(OSError):
        smtplib.SMTP("127.0.0.1", port, timeout=2)
    assert sink.start() == port
    _send(port, "9")
    assert sink.received() == {"9": 1}
