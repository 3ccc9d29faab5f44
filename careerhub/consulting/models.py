"""1:1 job consulting (1대1 취업 컨설팅): consultants' slots, trainees' bookings, the
consultant's notes (consultant and operator staff only) and the action items agreed."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from careerhub.core.models import TimeStampedModel
from careerhub.core.validators import validate_no_resident_number

ACTIVE_BOOKING_STATUSES = ("booked", "attended", "no_show")


def booking_cutoff() -> dt.timedelta:
    """How long before a session booking closes (trainees)."""
    return dt.timedelta(hours=getattr(settings, "CONSULTING_BOOKING_CUTOFF_HOURS", 2))


def cancel_cutoff() -> dt.timedelta:
    """How long before a session a trainee may still cancel it themselves."""
    return dt.timedelta(hours=getattr(settings, "CONSULTING_CANCEL_CUTOFF_HOURS", 24))


class SessionType(models.TextChoices):
    CAREER_DIRECTION = "career_direction", _("Career direction")
    RESUME = "resume", _("Résumé and cover letter")
    INTERVIEW = "interview", _("Interview practice")
    OFFER = "offer", _("Offer negotiation")
    STARTUP = "startup", _("Start-up mentoring")


class Slot(TimeStampedModel):
    class Mode(models.TextChoices):
        IN_PERSON = "in_person", _("In person")
        VIDEO = "video", _("Video call")
        PHONE = "phone", _("Phone")

    consultant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="consulting_slots",
        verbose_name=_("consultant"),
    )
    operator = models.ForeignKey(
        "academy.TrainingOperator",
        on_delete=models.CASCADE,
        related_name="consulting_slots",
        verbose_name=_("training operator"),
    )
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    mode = models.CharField(_("mode"), max_length=16, choices=Mode.choices, default=Mode.IN_PERSON)
    location = models.CharField(
        _("place or video link"),
        max_length=300,
        blank=True,
        validators=[validate_no_resident_number],
    )
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)

    class Meta:
        verbose_name = _("consulting slot")
        verbose_name_plural = _("consulting slots")
        ordering = ["starts_at", "pk"]
        constraints = [
            models.CheckConstraint(
                name="slot_ends_after_start", condition=Q(ends_at__gt=F("starts_at"))
            ),
            models.UniqueConstraint(fields=["consultant", "starts_at"], name="slot_unique_start"),
        ]
        indexes = [models.Index(fields=["operator", "starts_at"])]

    def __str__(self) -> str:
        return f"{self.consultant} {self.starts_at:%Y-%m-%d %H:%M}"

    def clean(self) -> None:
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            raise ValidationError({"ends_at": _("A slot must end after it starts.")})

    @property
    def is_withdrawn(self) -> bool:
        return self.withdrawn_at is not None


class Booking(TimeStampedModel):
    class Status(models.TextChoices):
        BOOKED = "booked", _("Booked")
        CANCELLED = "cancelled", _("Cancelled")
        ATTENDED = "attended", _("Attended")
        NO_SHOW = "no_show", _("Did not attend")

    slot = models.ForeignKey(Slot, on_delete=models.PROTECT, related_name="bookings")
    trainee = models.ForeignKey(
        "academy.Trainee",
        on_delete=models.CASCADE,
        related_name="consulting_bookings",
        verbose_name=_("trainee"),
    )
    session_type = models.CharField(_("session type"), max_length=20, choices=SessionType.choices)
    topic = models.CharField(
        _("what you would like to talk about"),
        max_length=300,
        blank=True,
        validators=[validate_no_resident_number],
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.BOOKED
    )
    startup_team = models.ForeignKey(
        "outcomes.StartupTeam",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="mentoring_sessions",
        verbose_name=_("start-up team"),
    )
    booked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("booked by"),
    )
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    cancelled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("cancelled by"),
    )
    cancel_reason = models.CharField(
        _("reason for cancelling"),
        max_length=300,
        blank=True,
        validators=[validate_no_resident_number],
    )
    calendar_sequence = models.PositiveIntegerField(
        _("calendar invite version"),
        default=0,
        help_text=_("Rises with every invite sent after the first (RFC 5545 SEQUENCE)."),
    )
    reminded_at = models.DateTimeField(_("reminder sent at"), null=True, blank=True)

    class Meta:
        verbose_name = _("booking")
        verbose_name_plural = _("bookings")
        ordering = ["-slot__starts_at", "-pk"]
        constraints = [
            # One live booking per slot: the database refuses a double booking even when two
            # requests pass the service's checks at the same moment.
            models.UniqueConstraint(
                fields=["slot"],
                condition=Q(status__in=ACTIVE_BOOKING_STATUSES),
                name="booking_one_active_per_slot",
            ),
            models.CheckConstraint(
                name="booking_cancelled_has_time",
                condition=~Q(status="cancelled") | Q(cancelled_at__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.trainee} · {self.get_session_type_display()}"

    @property
    def is_active(self) -> bool:
        return self.status in ACTIVE_BOOKING_STATUSES


class SessionNote(models.Model):
    """What the consultant recorded. Seen by the consultant and the operator's staff only."""

    booking = models.ForeignKey(Booking, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    body = models.TextField(_("note"), validators=[validate_no_resident_number])
    created_at = models.DateTimeField(_("written at"), auto_now_add=True)

    class Meta:
        verbose_name = _("session note")
        verbose_name_plural = _("session notes")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.booking_id}: {self.body[:30]}"


class ActionItem(TimeStampedModel):
    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        DONE = "done", _("Done")
        DROPPED = "dropped", _("Dropped")

    booking = models.ForeignKey(Booking, on_delete=models.CASCADE, related_name="action_items")
    title = models.CharField(_("action"), max_length=300, validators=[validate_no_resident_number])
    due_on = models.DateField(_("due on"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN
    )
    done_at = models.DateTimeField(_("done at"), null=True, blank=True)
    follow_up = models.TextField(
        _("follow-up"), blank=True, validators=[validate_no_resident_number]
    )
    follow_up_on = models.DateField(_("followed up on"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("action item")
        verbose_name_plural = _("action items")
        ordering = ["status", "due_on", "pk"]
        constraints = [
            models.CheckConstraint(
                name="actionitem_done_has_time",
                condition=~Q(status="done") | Q(done_at__isnull=False),
            )
        ]

    def __str__(self) -> str:
        return self.title

    def is_overdue(self, today: dt.date) -> bool:
        return self.status == self.Status.OPEN and self.due_on < today
