"""The program's two committees, their members, meetings, and decisions with follow-up.

- 취업지원위원회 (employment-support committee): local and relocated AI companies report
  hiring demand and review supply;
- 운영위원회 (operating committee): steers the program's policy.
Members come from companies, training operators and the program office; a member may have
a login (then they see their committee's published records).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from careerhub.core.models import TimeStampedModel
from careerhub.core.validators import validate_no_resident_number


class Committee(TimeStampedModel):
    class Kind(models.TextChoices):
        EMPLOYMENT_SUPPORT = "employment_support", _("Employment-support committee")
        OPERATING = "operating", _("Operating committee")

    kind = models.CharField(_("kind"), max_length=24, choices=Kind.choices, unique=True)
    name = models.CharField(_("name"), max_length=200)
    purpose = models.TextField(_("purpose"), blank=True, validators=[validate_no_resident_number])

    class Meta:
        verbose_name = _("committee")
        verbose_name_plural = _("committees")
        ordering = ["kind"]

    def __str__(self) -> str:
        return self.name


class CommitteeMember(TimeStampedModel):
    class Affiliation(models.TextChoices):
        COMPANY = "company", _("Company")
        OPERATOR = "operator", _("Training operator")
        OFFICE = "office", _("Program office")
        EXTERNAL = "external", _("External expert")

    class Position(models.TextChoices):
        CHAIR = "chair", _("Chair")
        MEMBER = "member", _("Member")
        SECRETARY = "secretary", _("Secretary")

    committee = models.ForeignKey(
        Committee, on_delete=models.CASCADE, related_name="members", verbose_name=_("committee")
    )
    name = models.CharField(_("name"), max_length=100)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("login"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="committee_seats",
    )
    affiliation = models.CharField(_("affiliation"), max_length=16, choices=Affiliation.choices)
    company = models.ForeignKey(
        "companies.Company",
        verbose_name=_("company"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="committee_seats",
    )
    operator = models.ForeignKey(
        "academy.TrainingOperator",
        verbose_name=_("training operator"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="committee_seats",
    )
    organisation = models.CharField(
        _("organisation"), max_length=200, blank=True, help_text=_("For external experts.")
    )
    position = models.CharField(
        _("position"), max_length=16, choices=Position.choices, default=Position.MEMBER
    )
    joined_on = models.DateField(_("joined on"))
    left_on = models.DateField(_("left on"), null=True, blank=True)

    class Meta:
        verbose_name = _("committee member")
        verbose_name_plural = _("committee members")
        ordering = ["committee", "position", "name"]
        constraints = [
            models.CheckConstraint(
                name="committee_member_affiliation_matches",
                condition=(
                    Q(affiliation="company", company__isnull=False, operator__isnull=True)
                    | Q(affiliation="operator", operator__isnull=False, company__isnull=True)
                    | Q(
                        affiliation__in=["office", "external"],
                        company__isnull=True,
                        operator__isnull=True,
                    )
                ),
            ),
            models.CheckConstraint(
                name="committee_member_left_after_joining",
                condition=Q(left_on__isnull=True) | Q(left_on__gte=models.F("joined_on")),
            ),
            models.UniqueConstraint(
                fields=["committee", "user"],
                condition=Q(user__isnull=False),
                name="committee_member_one_seat_per_user",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.committee})"

    @property
    def affiliation_name(self) -> str:
        if self.company_id:
            return str(self.company)
        if self.operator_id:
            return str(self.operator)
        if self.affiliation == self.Affiliation.OFFICE:
            return str(_("Program office"))
        return self.organisation


class Meeting(TimeStampedModel):
    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        HELD = "held", _("Held")
        CANCELLED = "cancelled", _("Cancelled")

    committee = models.ForeignKey(
        Committee, on_delete=models.CASCADE, related_name="meetings", verbose_name=_("committee")
    )
    number = models.PositiveSmallIntegerField(_("meeting number"))
    held_at = models.DateTimeField(_("date and time"))
    place = models.CharField(
        _("place"), max_length=200, blank=True, validators=[validate_no_resident_number]
    )
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.PLANNED
    )
    agenda = models.TextField(_("agenda"), validators=[validate_no_resident_number])
    minutes = models.TextField(_("minutes"), blank=True, validators=[validate_no_resident_number])
    minutes_published_at = models.DateTimeField(
        _("minutes published at"),
        null=True,
        blank=True,
        help_text=_("Members see the minutes and decisions once they are published."),
    )
    attendees = models.ManyToManyField(
        CommitteeMember, blank=True, related_name="meetings_attended", verbose_name=_("attendees")
    )

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["committee", "-held_at"]
        constraints = [
            models.UniqueConstraint(fields=["committee", "number"], name="meeting_number_unique"),
            models.CheckConstraint(
                name="meeting_published_only_when_held",
                condition=Q(minutes_published_at__isnull=True) | Q(status="held"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.committee} {self.number}"

    @property
    def is_published(self) -> bool:
        return self.minutes_published_at is not None


class Decision(TimeStampedModel):
    class Status(models.TextChoices):
        OPEN = "open", _("Not started")
        IN_PROGRESS = "in_progress", _("In progress")
        DONE = "done", _("Done")
        DROPPED = "dropped", _("Dropped")

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="decisions", verbose_name=_("meeting")
    )
    number = models.PositiveSmallIntegerField(_("number"))
    text = models.TextField(_("decision"), validators=[validate_no_resident_number])
    owner = models.CharField(
        _("follow-up owner"), max_length=200, blank=True, validators=[validate_no_resident_number]
    )
    due_on = models.DateField(_("due on"), null=True, blank=True)
    status = models.CharField(
        _("follow-up status"), max_length=16, choices=Status.choices, default=Status.OPEN
    )

    class Meta:
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        ordering = ["meeting", "number"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "number"], name="decision_number_unique")
        ]

    def __str__(self) -> str:
        return f"{self.meeting}-{self.number}"


class DecisionUpdate(models.Model):
    """One follow-up report on a decision: its new status, a note, who and when."""

    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="updates")
    status = models.CharField(_("status"), max_length=16, choices=Decision.Status.choices)
    note = models.CharField(
        _("note"), max_length=500, blank=True, validators=[validate_no_resident_number]
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("recorded at"))

    class Meta:
        verbose_name = _("decision follow-up")
        verbose_name_plural = _("decision follow-ups")
        ordering = ["decision", "-recorded_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.decision}: {self.status}"
