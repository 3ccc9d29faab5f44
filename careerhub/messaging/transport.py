"""The one place that talks to the outside world about messages: a mail server, and through
the same door an SMS / KakaoTalk gateway or an integration's webhook URL.

Each channel has one *transport*: an object with ``send(message) -> str | None`` (the
reference the provider gave the message, kept in ``Message.external_id``) and ``close()``.
Email's is built in; the others are registered by the code that owns them with
``register_transport(channel, factory)`` (e.g. from an ``AppConfig.ready``), so messaging
imports no app. ``Sender`` is one delivery pass: it makes each channel's transport once and
reuses it for every message of the pass, so a pass of 1,500 emails opens one SMTP
connection, not 1,500. If the server cannot be reached, the pass does not try again for every
message: each gets the same error and waits for its next attempt."""

from __future__ import annotations

import contextlib
import smtplib
import socket
from collections.abc import Callable
from typing import Any, Protocol

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.utils import translation
from django.utils.translation import gettext as _

from careerhub.messaging import ical
from careerhub.messaging.models import Channel, Message


class NotDelivered(Exception):
    """The server took the message but reported that it delivered it to nobody."""


class TransportError(Exception):
    """A failure a transport can put in words: ``summary`` for staff (translatable, shown on
    the messages page), ``detail`` for whoever runs the provider."""

    def __init__(self, summary: str, detail: str = "") -> None:
        super().__init__(detail or summary)
        self.summary = summary
        self.detail = detail


class NoTransport(TransportError):
    """Nothing is registered, or configured, for the message's channel."""


class Transport(Protocol):
    def send(self, message: Message) -> str | None: ...

    def close(self) -> None: ...


TransportFactory = Callable[[], Transport]
_factories: dict[str, TransportFactory] = {}


def register_transport(channel: str, factory: TransportFactory) -> None:
    """Make ``factory()`` the transport of ``channel`` (the last registration wins, so a test
    can put a transport in place and restore the previous one)."""
    _factories[str(channel)] = factory


def registered_transport(channel: str) -> TransportFactory | None:
    return _factories.get(str(channel))


def unregister_transport(channel: str) -> None:
    _factories.pop(str(channel), None)


class EmailTransport:
    """Django's mail backend, one connection per pass."""

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

    def send(self, message: Message) -> str | None:
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
        if message.attachment:
            _attach(mail, message)
        try:
            sent = mail.send(fail_silently=False)
        except (smtplib.SMTPServerDisconnected, OSError):
            self._drop()  # the next message opens a fresh connection (once)
            raise
        if sent != 1:
            raise NotDelivered(_("The mail server accepted the message for no recipient."))
        return None

    def _drop(self) -> None:
        connection, self._connection = self._connection, None
        if connection is not None:
            with contextlib.suppress(Exception):  # a broken connection may fail to close
                connection.close()

    def close(self) -> None:
        self._drop()


def _attach(mail: EmailMultiAlternatives, message: Message) -> None:
    """A calendar invite (``text/calendar; method=…``) goes as calendar programs expect it —
    the way Google Calendar and Outlook send theirs: a ``text/calendar`` part with the iTIP
    method beside the text in the ``multipart/alternative`` (what Gmail, Outlook and Apple Mail
    turn into an invitation to accept, update or remove), and the same file as an
    ``invite.ics`` attachment (``application/ics``) for a client that only opens files. Any
    other attachment is attached as it is."""
    content_type = message.attachment_type or "text/plain"
    method = ical.method_of(content_type)
    if not method:
        mail.attach(message.attachment_name or "attachment.txt", message.attachment, content_type)
        return
    mail.attach_alternative(message.attachment, f"{ical.CONTENT_TYPE}; method={method}")
    mail.attach(
        message.attachment_name or "invite.ics",
        message.attachment.encode("utf-8"),
        "application/ics",
    )


register_transport(Channel.EMAIL, EmailTransport)


class Sender:
    """One delivery pass: a transport per channel, made when the pass first needs it."""

    def __init__(self) -> None:
        self._transports: dict[str, Transport] = {}

    def _transport(self, channel: str) -> Transport:
        transport = self._transports.get(channel)
        if transport is None:
            factory = registered_transport(channel)
            if factory is None:
                raise NoTransport(
                    _("This channel is not set up, so the message cannot be sent."),
                    f"no transport registered for channel {channel!r}",
                )
            transport = self._transports[channel] = factory()
        return transport

    def send(self, message: Message) -> str | None:
        """Send one message; returns the provider's reference for it, if any."""
        return self._transport(message.channel).send(message)

    def close(self) -> None:
        transports, self._transports = self._transports, {}
        for transport in transports.values():
            with contextlib.suppress(Exception):
                transport.close()


def describe(exc: BaseException) -> str:
    """A failure in words staff understand (Korean) on the first line, the technical detail
    (for whoever runs the mail server or the provider) on the second."""
    with translation.override(settings.LANGUAGE_CODE):
        if isinstance(exc, TransportError):
            summary, detail = str(exc.summary), exc.detail
            return f"{summary}\n{detail}".strip()[:1000]
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
