"""Check-ins: asking graduates how they are doing, and following hires (retention).

A ``CheckIn`` is one question sent once: a graduate's check-in of a window (at completion,
1, 3, 6, 12 months after; ``settings.CHECKIN_MONTHS``) or a retention question about one job
(1, 3, 6 months after its start; ``settings.RETENTION_MONTHS``), to the trainee or — when the
company agreed (``EmployerAgreement``) — to the company's recruiter. The database keeps each
question unique, so a daily run that is repeated (or runs twice at once) never asks twice.

An answer is kept on the row (``answer``) and becomes ledger facts through the outcomes
services: a graduate's status becomes a PROPOSED outcome (``proposed``) that staff verify; an
early leaver's job gets its end date and reason. A "still seeking" answer opens a follow-up
for the trainee's consultant (``follow_up_due_on`` until ``follow_up_done_at``).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from careerhub.core.models import TimeStampedModel
from careerhub.core.validators import validate_no_resident_number


class CheckIn(TimeStampedModel):
    class Kind(models.TextChoices):
        GRADUATE = "graduate", _("Graduate check-in")
        RETENTION = "retention", _("Retention after hire")

    class Respondent(models.TextChoices):
        TRAINEE = "trainee", _("Graduate")
        EMPLOYER = "employer", _("Employer")

    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    respondent = models.CharField(
        _("asked"), max_length=10, choices=Respondent.choices, default=Respondent.TRAINEE
    )
    trainee = models.ForeignKey(
        "academy.Trainee",
        on_delete=models.CASCADE,
        related_name="checkins",
        verbose_name=_("trainee"),
    )
    months = models.PositiveSmallIntegerField(_("months after"))
    due_on = models.DateField(
        _("due on"), help_text=_("Completion (or the job's start) plus the months.")
    )
    job = models.ForeignKey(
        "outcomes.Outcome",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="retention_checkins",
        verbose_name=_("job followed"),
    )
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("recipient"),
    )
    to_address = models.EmailField(_("sent to"))
    sent_at = models.DateTimeField(_("sent at"))
    reminded_at = models.DateTimeField(_("reminded at"), null=True, blank=True)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    answer_status = models.CharField(_("answer"), max_length=20, blank=True)
    answer = models.JSONField(_("answer details"), default=dict, blank=True)
    proposed = models.ForeignKey(
        "outcomes.Outcome",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="checkin_answers",
        verbose_name=_("proposed outcome"),
    )
    follow_up_due_on = models.DateField(_("follow-up due on"), null=True, blank=True)
    follow_up_done_at = models.DateTimeField(_("followed up at"), null=True, blank=True)
    follow_up_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("followed up by"),
    )
    follow_up_note = models.CharField(
        _("follow-up note"), max_length=500, blank=True, validators=[validate_no_resident_number]
    )

    class Meta:
        verbose_name = _("check-in")
        verbose_name_plural = _("check-ins")
        ordering = ["-due_on", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["trainee", "months"],
                condition=Q(kind="graduate"),
                name="checkin_graduate_once_per_window",
            ),
            models.UniqueConstraint(
                fields=["job", "months", "respondent"],
                condition=Q(kind="retention"),
                name="checkin_retention_once_per_window",
            ),
            models.CheckConstraint(
                name="checkin_retention_has_job",
                condition=Q(kind="graduate", job__isnull=True)
                | Q(kind="retention", job__isnull=False),
            ),
        ]
        indexes = [models.Index(fields=["answered_at", "reminded_at", "sent_at"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.months} ({self.trainee_id})"

    @property
    def is_answered(self) -> bool:
        return self.answered_at is not None

    @property
    def follow_up_open(self) -> bool:
        return self.follow_up_due_on is not None and self.follow_up_done_at is None


class OptOut(models.Model):
    """The trainee asked not to receive check-ins any more (from the link in every one)."""

    trainee = models.OneToOneField(
        "academy.Trainee",
        on_delete=models.CASCADE,
        related_name="checkin_opt_out",
        verbose_name=_("trainee"),
    )
    created_at = models.DateTimeField(_("opted out at"), auto_now_add=True)

    class Meta:
        verbose_name = _("check-in opt-out")
        verbose_name_plural = _("check-in opt-outs")

    def __str__(self) -> str:
        return str(self.trainee_id)


class EmployerAgreement(models.Model):
    """A company agreed to be asked whether the academy's hires are still employed. The
    recruiter who agreed receives the questions; withdrawing deletes the row."""

    company = models.OneToOneField(
        "companies.Company",
        on_delete=models.CASCADE,
        related_name="retention_agreement",
        verbose_name=_("company"),
    )
    recruiter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("recruiter asked"),
    )
    agreed_at = models.DateTimeField(_("agreed at"), auto_now_add=True)

    class Meta:
        verbose_name = _("employer agreement to retention questions")
        verbose_name_plural = _("employer agreements to retention questions")

    def __str__(self) -> str:
        return str(self.company_id)
