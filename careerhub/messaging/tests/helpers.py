"""Test helpers for the outbox: a mail server that is down, one that is up, and delivery at
once for tests that run inside one transaction (which never commits, so no pass follows)."""

from __future__ import annotations

import socket

from django.core.mail.backends.locmem import EmailBackend as LocmemBackend
from django.core.mail.backends.smtp import EmailBackend as SMTPBackend

from careerhub.messaging.models import Message

OPENS: list[str] = []
"""Connections opened by the counting backends (cleared by ``mail_server_down``/``_up``)."""


class CountingSMTPBackend(SMTPBackend):
    """Django's real SMTP backend, counting the connections it tries to open."""

    def open(self):
        OPENS.append("smtp")
        return super().open()


class CountingLocmemBackend(LocmemBackend):
    """The in-memory backend (``mail.outbox``), counting the connections opened."""

    def open(self):
        OPENS.append("locmem")
        return super().open()


def refused_port() -> int:
    """A local port nobody listens on: connecting to it is refused at once."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def mail_server_down(settings) -> None:
    """Real SMTP to 127.0.0.1 on a port that refuses connections."""
    OPENS.clear()
    settings.EMAIL_BACKEND = "careerhub.messaging.tests.helpers.CountingSMTPBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = refused_port()
    settings.EMAIL_TIMEOUT = 3
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_USE_SSL = False


def mail_server_up(settings) -> None:
    OPENS.clear()
    settings.EMAIL_BACKEND = "careerhub.messaging.tests.helpers.CountingLocmemBackend"


def deliver_at_once(monkeypatch) -> None:
    """Run a delivery pass where a commit would enqueue one (the test never commits)."""
    from careerhub.messaging.services import messages_deliver_due

    monkeypatch.setattr(
        "careerhub.messaging.services._deliver_after_commit", lambda: messages_deliver_due()
    )


def everything_due() -> None:
    """Make every waiting message due now (skip the back-off wait)."""
    from django.utils import timezone

    Message.objects.filter(status=Message.Status.PENDING).update(next_attempt_at=timezone.now())
