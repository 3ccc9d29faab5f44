"""Job applications (입사 지원) to postings, their stage history, and the notifications and
emails that tell the people concerned about every change."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from careerhub.applications.transitions import ACTIVE, Stage
from careerhub.core.models import TimeStampedModel
from careerhub.core.validators import validate_no_resident_number


class Application(TimeStampedModel):
    trainee = models.ForeignKey(
        "academy.Trainee",
        on_delete=models.CASCADE,
        related_name="job_applications",
        verbose_name=_("trainee"),
    )
    posting = models.ForeignKey(
        "hiring.JobPosting",
        on_delete=models.PROTECT,
        related_name="applications",
        verbose_name=_("job posting"),
    )
    status = models.CharField(
        _("stage"), max_length=24, choices=Stage.choices, default=Stage.APPLIED
    )
    version = models.PositiveIntegerField(_("version"), default=1)
    cover_note = models.TextField(
        _("message to the company"), blank=True, validators=[validate_no_resident_number]
    )
    applied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,  # imports, match days and older records have no applying user
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("applied by"),
    )
    on_behalf = models.BooleanField(_("applied by staff on the trainee's behalf"), default=False)
    behalf_consent = models.CharField(
        _("how the trainee agreed"),
        max_length=300,
        blank=True,
        validators=[validate_no_resident_number],
    )
    interview_at = models.DateTimeField(_("interview at"), null=True, blank=True)
    interview_place = models.CharField(
        _("interview place"), max_length=300, blank=True, validators=[validate_no_resident_number]
    )
    interview_link = models.URLField(_("video interview link"), blank=True)
    interview_round = models.PositiveSmallIntegerField(
        _("interview round"),
        default=0,
        help_text=_("Each round is its own calendar event; a reschedule keeps the round."),
    )
    interview_sequence = models.PositiveIntegerField(
        _("calendar invite version"),
        default=0,
        help_text=_("Rises with every invite sent after the first (RFC 5545 SEQUENCE)."),
    )
    interview_reminded_at = models.DateTimeField(
        _("interview reminder sent at"), null=True, blank=True
    )
    offer_salary = models.PositiveIntegerField(
        _("offered annual salary (KRW)"), null=True, blank=True
    )
    start_date = models.DateField(_("start date"), null=True, blank=True)
    reason = models.CharField(
        _("reason"), max_length=300, blank=True, validators=[validate_no_resident_number]
    )
    outcome = models.OneToOneField(
        "outcomes.Outcome",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="application",
        verbose_name=_("proposed outcome"),
    )

    class Meta:
        verbose_name = _("job application")
        verbose_name_plural = _("job applications")
        ordering = ["-updated_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["trainee", "posting"],
                condition=Q(status__in=ACTIVE),
                name="application_one_active_per_posting",
            ),
            models.CheckConstraint(
                name="application_interview_has_time",
                condition=~Q(status="interview_scheduled") | Q(interview_at__isnull=False),
            ),
            models.CheckConstraint(
                name="application_hired_has_start",
                condition=~Q(status="hired") | Q(start_date__isnull=False),
            ),
        ]
        indexes = [models.Index(fields=["posting", "status"])]

    def __str__(self) -> str:
        return f"{self.trainee} → {self.posting}"


class StageChange(models.Model):
    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="stage_changes"
    )
    from_status = models.CharField(_("from"), max_length=24, choices=Stage.choices, blank=True)
    to_status = models.CharField(_("to"), max_length=24, choices=Stage.choices)
    reason = models.CharField(
        _("reason"), max_length=300, blank=True, validators=[validate_no_resident_number]
    )
    details = models.JSONField(_("details"), default=dict, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("changed by"),
    )
    at = models.DateTimeField(_("at"), auto_now_add=True)

    class Meta:
        verbose_name = _("stage change")
        verbose_name_plural = _("stage changes")
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.from_status or '-'} → {self.to_status}"


class Notification(models.Model):
    """A message on a person's own page."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    application = models.ForeignKey(
        Application, null=True, blank=True, on_delete=models.CASCADE, related_name="notifications"
    )
    message = models.CharField(_("message"), max_length=500)
    url = models.CharField(_("link"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["user", "read_at"])]

    def __str__(self) -> str:
        return self.message
