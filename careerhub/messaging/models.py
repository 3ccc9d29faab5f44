"""The outbox: one row per message, delivered after commit, claimed before sending.

A message moves ``pending`` → ``sending`` (claimed by one delivery pass) → ``sent``; a failed
attempt goes back to ``pending`` with a later ``next_attempt_at`` until the attempts run out
(``failed``). A claim older than the lease is never resent blindly: the worker may have died
after the server accepted the message, so it is marked ``failed`` for staff to decide.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _


class Channel(models.TextChoices):
    """How a message travels. Each channel has one transport registered in
    ``careerhub.messaging.transport``; a channel without one stays waiting and is shown so."""

    EMAIL = "email", _("Email")
    SMS = "sms", _("Text message")
    ALIMTALK = "alimtalk", _("KakaoTalk notification")
    WEBHOOK = "webhook", _("Webhook")


class MessageBatch(models.Model):
    """A bulk send (e.g. a cohort's selection results): one job whose progress staff follow.
    The counts are derived from its messages, never stored twice."""

    title = models.CharField(_("title"), max_length=200)
    kind = models.SlugField(_("kind"), max_length=50, blank=True)
    operator_id = models.IntegerField(_("training operator"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("message batch")
        verbose_name_plural = _("message batches")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.title

    def counts(self) -> dict[str, int]:
        """Messages of the batch per status, and ``total``."""
        S = Message.Status
        agg = self.messages.aggregate(
            total=Count("pk"),
            sent=Count("pk", filter=Q(status=S.SENT)),
            failed=Count("pk", filter=Q(status=S.FAILED)),
            waiting=Count("pk", filter=Q(status__in=[S.PENDING, S.SENDING])),
            retrying=Count("pk", filter=Q(status__in=[S.PENDING, S.SENDING]) & ~Q(last_error="")),
        )
        return {k: int(v or 0) for k, v in agg.items()}


class Message(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting to be sent")
        SENDING = "sending", _("Being sent")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")

    channel = models.CharField(
        _("channel"), max_length=20, choices=Channel.choices, default=Channel.EMAIL
    )
    kind = models.SlugField(_("kind"), max_length=50)
    to_address = models.CharField(_("to"), max_length=254)
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="messages",
        verbose_name=_("recipient"),
    )
    subject = models.CharField(_("subject"), max_length=200, blank=True)
    body = models.TextField(_("body"))
    html_body = models.TextField(_("HTML body"), blank=True)
    secret = models.BooleanField(
        _("holds a sign-in link"),
        default=False,
        help_text=_("The body is not shown to staff and is erased once the message is sent."),
    )
    subjects = models.JSONField(
        _("whose data"),
        default=dict,
        blank=True,
        help_text=_("The people the message is about, for access records."),
    )
    operator_id = models.IntegerField(_("training operator"), null=True, blank=True)
    batch = models.ForeignKey(
        MessageBatch,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="messages",
        verbose_name=_("batch"),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt at"), null=True, blank=True)
    claimed_at = models.DateTimeField(_("claimed at"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    last_error = models.CharField(_("last error"), max_length=1000, blank=True)
    attachment_name = models.CharField(_("attachment file name"), max_length=200, blank=True)
    attachment_type = models.CharField(_("attachment type"), max_length=100, blank=True)
    attachment = models.TextField(
        _("attachment"), blank=True, help_text=_("A text attachment, e.g. a calendar invite.")
    )
    meta = models.JSONField(
        _("channel data"),
        default=dict,
        blank=True,
        help_text=_("What the channel needs besides the text, e.g. a template code."),
    )
    external_id = models.CharField(
        _("delivery reference"),
        max_length=100,
        blank=True,
        help_text=_("The reference the provider gave the message when it accepted it."),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        ordering = ["-created_at", "-pk"]
        indexes = [
            # the due query: status = pending and next_attempt_at <= now, oldest first
            models.Index(fields=["status", "next_attempt_at"], name="message_due"),
            # stale claims: status = sending and claimed_at < now - lease
            models.Index(fields=["status", "claimed_at"], name="message_claim"),
            models.Index(fields=["operator_id", "status"], name="message_operator"),
        ]

    def __str__(self) -> str:
        return f"{self.to_address}: {self.subject}"

    @property
    def error_summary(self) -> str:
        """The problem in words (the first line of ``last_error``)."""
        return self.last_error.split("\n", 1)[0]

    @property
    def error_detail(self) -> str:
        """The technical detail of the problem, for whoever runs the mail server."""
        parts = self.last_error.split("\n", 1)
        return parts[1] if len(parts) > 1 else ""

    @property
    def is_retryable(self) -> bool:
        """Staff may send it again: it failed, or it is waiting after a failed attempt."""
        return self.status == self.Status.FAILED or (
            self.status == self.Status.PENDING and bool(self.last_error)
        )


def _stop_code() -> str:
    import secrets

    return secrets.token_urlsafe(6)  # 8 characters: short enough for an SMS


class ContactPreference(models.Model):
    """How one person wants to be reached besides email, and their consent to it.

    Email always goes out (legal notices, sign-in links). A text message or a KakaoTalk
    notification is an extra copy, only with the person's consent to receive on that phone
    number; ``consented_at`` / ``withdrawn_at`` are the consent record (each change also
    leaves an event with the notice version). ``stop_code`` is the one-click opt-out in every
    text message and job alert; it shows nothing about the person."""

    class PhoneChannel(models.TextChoices):
        NONE = "", _("Email only")
        SMS = "sms", _("Text message")
        ALIMTALK = "alimtalk", _("KakaoTalk notification")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="contact_preference",
        verbose_name=_("user"),
    )
    phone_channel = models.CharField(
        _("messages on my phone"),
        max_length=20,
        choices=PhoneChannel.choices,
        blank=True,
        default="",
    )
    phone = models.CharField(_("mobile phone"), max_length=20, blank=True)
    consented_at = models.DateTimeField(_("consent given at"), null=True, blank=True)
    consent_version = models.CharField(_("notice version"), max_length=20, blank=True)
    withdrawn_at = models.DateTimeField(_("consent withdrawn at"), null=True, blank=True)
    announcements_stopped_at = models.DateTimeField(
        _("announcements stopped at"),
        null=True,
        blank=True,
        help_text=_("The person asked not to receive staff announcements to groups."),
    )
    job_alerts = models.BooleanField(_("weekly job alerts"), default=False)
    job_alerts_sent_at = models.DateTimeField(_("last job alert sent at"), null=True, blank=True)
    stop_code = models.CharField(
        _("opt-out code"), max_length=16, unique=True, default=_stop_code, editable=False
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("contact preference")
        verbose_name_plural = _("contact preferences")
        constraints = [
            models.CheckConstraint(
                name="contactpref_phone_needs_consent",
                condition=Q(phone_channel="") | (Q(consented_at__isnull=False) & ~Q(phone="")),
            )
        ]

    def __str__(self) -> str:
        return f"{self.user_id}: {self.phone_channel or 'email'}"

    @property
    def phone_active(self) -> bool:
        """A phone channel is chosen, with a number and consent not withdrawn since."""
        return bool(
            self.phone_channel
            and self.phone
            and self.consented_at is not None
            and (self.withdrawn_at is None or self.withdrawn_at < self.consented_at)
        )
