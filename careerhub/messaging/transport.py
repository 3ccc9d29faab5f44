"""The one place that talks to a mail server (later: an SMS or KakaoTalk gateway).

``Sender`` opens one connection per delivery pass and reuses it for every message of the pass,
so a pass of 1,500 messages opens one SMTP connection, not 1,500. If the server cannot be
reached, the pass does not try again for every message: each gets the same error and waits
for its next attempt."""

from __future__ import annotations

import contextlib
import smtplib
import socket
from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.utils import translation
from django.utils.translation import gettext as _

from careerhub.messaging.models import Channel, Message


class NotDelivered(Exception):
    """The server took the message but reported that it delivered it to nobody."""


class Sender:
    def __init__(self) -> None:
        self._connection: Any = None
        self._open_error: BaseException | None = None

    def _email_connection(self) -> Any:
        if self._open_error is not None:
            raise self._open_error
        if self._connection is None:
            connection = get_connection(fail_silently=False)
            try:
                connection.open()
            except Exception as exc:
                self._open_error = exc
                raise
            self._connection = connection
        return self._connection

    def send(self, message: Message) -> None:
        if message.channel != Channel.EMAIL:
            raise NotImplementedError(f"no transport for channel {message.channel!r}")
        connection = self._email_connection()
        mail = EmailMultiAlternatives(
            subject=message.subject,
            body=message.body,
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[message.to_address],
            connection=connection,
            headers={"X-Careerhub-Message": str(message.pk)},
        )
        if message.html_body:
            mail.attach_alternative(message.html_body, "text/html")
        try:
            sent = mail.send(fail_silently=False)
        except (smtplib.SMTPServerDisconnected, OSError):
            self._drop()  # the next message opens a fresh connection (once)
            raise
        if sent != 1:
            raise NotDelivered(_("The mail server accepted the message for no recipient."))

    def _drop(self) -> None:
        connection, self._connection = self._connection, None
        if connection is not None:
            with contextlib.suppress(Exception):  # a broken connection may fail to close
                connection.close()

    def close(self) -> None:
        self._drop()


def describe(exc: BaseException) -> str:
    """A failure in words staff understand (Korean) on the first line, the technical detail
    (for whoever runs the mail server) on the second."""
    with translation.override(settings.LANGUAGE_CODE):
        if isinstance(exc, smtplib.SMTPRecipientsRefused):
            summary = _("The mail server refused the address. Check the recipient's email.")
        elif isinstance(exc, smtplib.SMTPAuthenticationError):
            summary = _("The mail server refused our login. Check the mail settings.")
        elif isinstance(exc, (ConnectionError, socket.timeout, socket.gaierror, TimeoutError)):
            summary = _("The mail server could not be reached.")
        elif isinstance(exc, smtplib.SMTPServerDisconnected):
            summary = _("The mail server closed the connection.")
        elif isinstance(exc, (smtplib.SMTPException, NotDelivered)):
            summary = _("The mail server did not accept the message.")
        else:
            summary = _("The message could not be sent.")
    detail = f"{type(exc).__name__}: {exc}".strip()
    return f"{summary}\n{detail}"[:1000]  # the first line for people, the rest for support
