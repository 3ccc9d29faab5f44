"""Hiring demand (채용 수요 조사) and job postings (채용 공고), with their import batches.

A survey round asks every company for its demand before a deadline. A company answers with
one response made of demand lines (role, headcount, hiring window, skills …); every save is
kept as a numbered revision holding the full answer as it stood. Postings come from demand,
are written directly, or are imported from member-company files.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from careerhub.core.choices import Region
from careerhub.core.models import TimeStampedModel
from careerhub.core.runs import RunMixin
from careerhub.core.validators import validate_no_resident_number


class EmploymentType(models.TextChoices):
    REGULAR = "regular", _("Permanent")
    CONTRACT = "contract", _("Fixed-term contract")
    INTERN_TO_HIRE = "intern_to_hire", _("Internship leading to a permanent job")
    INTERN = "intern", _("Internship")


class SkillLevel(models.IntegerChoices):
    BASIC = 1, _("1 · basic")
    ELEMENTARY = 2, _("2 · elementary")
    INTERMEDIATE = 3, _("3 · intermediate")
    ADVANCED = 4, _("4 · advanced")
    EXPERT = 5, _("5 · expert")


# --- demand surveys ---------------------------------------------------------------------------


class SurveyRound(TimeStampedModel):
    class Status(models.TextChoices):
        UPCOMING = "upcoming", _("Not open yet")
        OPEN = "open", _("Open")
        CLOSED = "closed", _("Closed")

    title = models.CharField(_("title"), max_length=200, unique=True)
    description = models.TextField(
        _("description"), blank=True, validators=[validate_no_resident_number]
    )
    opens_at = models.DateTimeField(_("opens at"))
    closes_at = models.DateTimeField(_("deadline"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("opened by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("demand survey round")
        verbose_name_plural = _("demand survey rounds")
        ordering = ["-closes_at"]
        constraints = [
            models.CheckConstraint(
                name="survey_round_closes_after_opening", condition=Q(closes_at__gt=F("opens_at"))
            )
        ]

    def __str__(self) -> str:
        return self.title

    def status_at(self, now: dt.datetime) -> str:
        if now < self.opens_at:
            return self.Status.UPCOMING
        if now < self.closes_at:
            return self.Status.OPEN
        return self.Status.CLOSED

    @property
    def status(self) -> str:
        return self.status_at(timezone.now())

    def get_status_display(self) -> str:
        return str(self.Status(self.status).label)

    def is_open_at(self, now: dt.datetime) -> bool:
        return self.status_at(now) == self.Status.OPEN


class DemandResponse(TimeStampedModel):
    """One company's answer to one round."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")

    round = models.ForeignKey(
        SurveyRound, on_delete=models.CASCADE, related_name="responses", verbose_name=_("round")
    )
    company = models.ForeignKey(
        "companies.Company",
        on_delete=models.CASCADE,
        related_name="demand_responses",
        verbose_name=_("company"),
    )
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.DRAFT
    )
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("submitted by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("demand response")
        verbose_name_plural = _("demand responses")
        ordering = ["round", "company__name"]
        constraints = [
            models.UniqueConstraint(fields=["round", "company"], name="demand_response_unique"),
            models.CheckConstraint(
                name="demand_response_submitted_has_time",
                condition=Q(status="draft") | Q(submitted_at__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.round} — {self.company}"


class DemandLine(TimeStampedModel):
    response = models.ForeignKey(
        DemandResponse, on_delete=models.CASCADE, related_name="lines", verbose_name=_("response")
    )
    role = models.ForeignKey(
        "taxonomy.JobRole", on_delete=models.PROTECT, related_name="+", verbose_name=_("role")
    )
    headcount = models.PositiveSmallIntegerField(
        _("headcount"), validators=[MinValueValidator(1), MaxValueValidator(500)]
    )
    earliest_month = models.DateField(_("hiring from (month)"))
    latest_month = models.DateField(_("hiring until (month)"))
    employment_type = models.CharField(
        _("employment type"),
        max_length=16,
        choices=EmploymentType.choices,
        default=EmploymentType.REGULAR,
    )
    region = models.CharField(
        _("work region"), max_length=16, choices=Region.choices, default=Region.GWANGJU
    )
    salary_min = models.PositiveIntegerField(
        _("annual salary from (10,000 won)"), null=True, blank=True
    )
    salary_max = models.PositiveIntegerField(
        _("annual salary up to (10,000 won)"), null=True, blank=True
    )
    preferential_screening = models.BooleanField(
        _("preferential screening for academy trainees"), default=False
    )
    note = models.CharField(
        _("note"), max_length=300, blank=True, validators=[validate_no_resident_number]
    )

    class Meta:
        verbose_name = _("demand line")
        verbose_name_plural = _("demand lines")
        ordering = ["response", "earliest_month", "pk"]
        constraints = [
            models.CheckConstraint(
                name="demand_line_window_in_order",
                condition=Q(latest_month__gte=F("earliest_month")),
            ),
            models.CheckConstraint(
                name="demand_line_salary_in_order",
                condition=Q(salary_min__isnull=True)
                | Q(salary_max__isnull=True)
                | Q(salary_max__gte=F("salary_min")),
            ),
            models.CheckConstraint(name="demand_line_headcount", condition=Q(headcount__gte=1)),
        ]

    def __str__(self) -> str:
        return f"{self.role} × {self.headcount}"


class DemandSkill(models.Model):
    line = models.ForeignKey(DemandLine, on_delete=models.CASCADE, related_name="skills")
    skill = models.ForeignKey(
        "taxonomy.Skill", on_delete=models.PROTECT, related_name="+", verbose_name=_("skill")
    )
    required = models.BooleanField(_("required"), default=True)
    level = models.PositiveSmallIntegerField(
        _("level"), choices=SkillLevel.choices, default=SkillLevel.INTERMEDIATE
    )

    class Meta:
        verbose_name = _("demand skill")
        verbose_name_plural = _("demand skills")
        ordering = ["line", "-required", "-level"]
        constraints = [
            models.UniqueConstraint(fields=["line", "skill"], name="demand_skill_unique"),
            models.CheckConstraint(name="demand_skill_level", condition=Q(level__range=(1, 5))),
        ]

    def __str__(self) -> str:
        return f"{self.skill} ({self.level})"


class DemandRevision(models.Model):
    """The whole response as it stood after one save: who, when, what (never edited)."""

    class Action(models.TextChoices):
        LINE_ADDED = "line_added", _("Line added")
        LINE_CHANGED = "line_changed", _("Line changed")
        LINE_REMOVED = "line_removed", _("Line removed")
        SUBMITTED = "submitted", _("Submitted")

    response = models.ForeignKey(DemandResponse, on_delete=models.CASCADE, related_name="revisions")
    number = models.PositiveIntegerField(_("revision"))
    action = models.CharField(_("action"), max_length=16, choices=Action.choices)
    saved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("saved by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    saved_at = models.DateTimeField(_("saved at"))
    snapshot = models.JSONField(_("answer at this revision"), default=list)

    class Meta:
        verbose_name = _("demand revision")
        verbose_name_plural = _("demand revisions")
        ordering = ["response", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["response", "number"], name="demand_revision_unique")
        ]

    def __str__(self) -> str:
        return f"{self.response} #{self.number}"


# --- postings -------------------------------------------------------------------------------


class PostingStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    OPEN = "open", pgettext_lazy("posting status", "Open")
    CLOSED = "closed", pgettext_lazy("posting status", "Closed")
    FILLED = "filled", _("Filled")


POSTING_TRANSITIONS: dict[str, frozenset[str]] = {
    PostingStatus.DRAFT: frozenset({PostingStatus.OPEN, PostingStatus.CLOSED}),
    PostingStatus.OPEN: frozenset({PostingStatus.CLOSED, PostingStatus.FILLED}),
    PostingStatus.CLOSED: frozenset({PostingStatus.OPEN, PostingStatus.FILLED}),
    PostingStatus.FILLED: frozenset(),
}
"""Every allowed posting status change, in one table. Opening needs a role and a deadline
that has not passed, and an imported posting must have been reviewed."""


class PostingImport(RunMixin):
    """One uploaded file of member-company postings, imported in the background
    (``careerhub.core.runs``): the upload waits in private storage under ``upload`` until the
    run ends (then it is deleted); a refused file keeps its row-numbered ``errors``."""

    operator = models.ForeignKey(
        "academy.TrainingOperator",
        verbose_name=_("shared by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="posting_imports",
    )
    file_name = models.CharField(_("file name"), max_length=255)
    file_sha256 = models.CharField(_("file checksum"), max_length=64, db_index=True, blank=True)
    upload = models.CharField(
        _("stored upload"),
        max_length=255,
        blank=True,
        help_text=_("The file in private storage while it waits to be imported; then deleted."),
    )
    errors = models.JSONField(
        _("problems found"),
        default=list,
        blank=True,
        help_text=_("Each bad row: its number, column and the reason."),
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    rows = models.PositiveIntegerField(_("rows"), default=0)
    created_count = models.PositiveIntegerField(_("postings created"), default=0)
    duplicate_count = models.PositiveIntegerField(_("already imported"), default=0)
    review_count = models.PositiveIntegerField(_("sent to review"), default=0)
    companies_created = models.PositiveIntegerField(_("companies created"), default=0)

    class Meta:
        verbose_name = _("posting import")
        verbose_name_plural = _("posting imports")
        ordering = ["-uploaded_at", "-pk"]

    def __str__(self) -> str:
        return self.file_name


class JobPosting(TimeStampedModel):
    class Source(models.TextChoices):
        DIRECT = "direct", _("Written directly")
        DEMAND = "demand", _("From hiring demand")
        IMPORT = "import", _("Imported")

    company = models.ForeignKey(
        "companies.Company",
        on_delete=models.CASCADE,
        related_name="postings",
        verbose_name=_("company"),
    )
    title = models.CharField(_("title"), max_length=200, validators=[validate_no_resident_number])
    description = models.TextField(
        _("description"), blank=True, validators=[validate_no_resident_number]
    )
    role = models.ForeignKey(
        "taxonomy.JobRole",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("role"),
    )
    employment_type = models.CharField(
        _("employment type"),
        max_length=16,
        choices=EmploymentType.choices,
        default=EmploymentType.REGULAR,
    )
    region = models.CharField(
        _("work region"), max_length=16, choices=Region.choices, default=Region.GWANGJU
    )
    headcount = models.PositiveSmallIntegerField(
        _("headcount"), default=1, validators=[MinValueValidator(1), MaxValueValidator(500)]
    )
    deadline = models.DateField(_("application deadline"))
    status = models.CharField(
        _("status"), max_length=16, choices=PostingStatus.choices, default=PostingStatus.DRAFT
    )
    source = models.CharField(
        _("source"), max_length=16, choices=Source.choices, default=Source.DIRECT
    )
    demand_line = models.ForeignKey(
        DemandLine,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="postings",
        verbose_name=_("demand line"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("written by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    import_batch = models.ForeignKey(
        PostingImport,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="postings",
        verbose_name=_("import"),
    )
    source_key = models.CharField(
        _("import key"),
        max_length=64,
        blank=True,
        help_text=_("Identifies an imported row so that importing it again adds nothing."),
    )
    extraction_confidence = models.FloatField(_("extraction confidence"), null=True, blank=True)
    needs_review = models.BooleanField(_("awaiting review"), default=False)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("job posting")
        verbose_name_plural = _("job postings")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["company", "source_key"],
                condition=~Q(source_key=""),
                name="posting_import_key_unique",
            ),
            models.CheckConstraint(
                name="posting_review_before_publication",
                condition=Q(needs_review=False) | Q(status="draft"),
            ),
            models.CheckConstraint(name="posting_headcount", condition=Q(headcount__gte=1)),
        ]
        indexes = [models.Index(fields=["status", "deadline"])]

    def __str__(self) -> str:
        return self.title


class PostingSkill(models.Model):
    posting = models.ForeignKey(JobPosting, on_delete=models.CASCADE, related_name="skills")
    skill = models.ForeignKey(
        "taxonomy.Skill", on_delete=models.PROTECT, related_name="+", verbose_name=_("skill")
    )
    required = models.BooleanField(_("required"), default=True)
    level = models.PositiveSmallIntegerField(
        _("level"), choices=SkillLevel.choices, null=True, blank=True
    )

    class Meta:
        verbose_name = _("posting skill")
        verbose_name_plural = _("posting skills")
        ordering = ["posting", "-required", "skill__name_en"]
        constraints = [
            models.UniqueConstraint(fields=["posting", "skill"], name="posting_skill_unique")
        ]

    def __str__(self) -> str:
        return str(self.skill)
