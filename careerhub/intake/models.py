"""Trainee recruitment (교육생 모집): applications, screening, selection and enrolment.

An ``Application`` is one person's application to one cohort, with up to three ranked
``ApplicationChoice`` rows (1지망, 2지망, 3지망). Each course screens its own choices in
``ScreeningStage`` steps (documents, test, interview) and records ``ScreeningScore`` rows.
A ``SelectionRun`` places applicants into courses for the whole cohort at once (preferences
cross operators) and writes each choice's outcome; applicants see outcomes only once the
program office publishes the run.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from careerhub.core.choices import Region
from careerhub.core.models import TimeStampedModel
from careerhub.core.runs import RunMixin
from careerhub.core.validators import validate_no_resident_number, validate_phone

CONSENT_VERSION = "2026-03"
MAX_CHOICES = 3


class Education(models.TextChoices):
    HIGH_SCHOOL = "high_school", _("High school")
    COLLEGE = "college", _("Two- or three-year college")
    UNIVERSITY = "university", _("University (bachelor)")
    GRADUATE = "graduate", _("Graduate school")
    OTHER = "other", _("Other")


class Application(TimeStampedModel):
    class Source(models.TextChoices):
        WEB = "web", _("Online form")
        IMPORT = "import", _("Imported file")

    cohort = models.ForeignKey(
        "academy.Cohort",
        on_delete=models.PROTECT,
        related_name="applications",
        verbose_name=_("cohort"),
    )
    receipt_seq = models.PositiveIntegerField(_("receipt sequence"))
    receipt_number = models.CharField(_("receipt number"), max_length=20, unique=True)
    name = models.CharField(_("name"), max_length=100, validators=[validate_no_resident_number])
    name_key = models.CharField(max_length=100, editable=False)
    birth_date = models.DateField(_("birth date"))
    email = models.EmailField(_("email"))
    email_key = models.CharField(max_length=254, editable=False)
    phone = models.CharField(_("mobile phone"), max_length=20, validators=[validate_phone])
    region = models.CharField(_("region"), max_length=16, choices=Region.choices)
    education = models.CharField(_("education"), max_length=16, choices=Education.choices)
    major = models.CharField(
        _("major"), max_length=100, blank=True, validators=[validate_no_resident_number]
    )
    experience = models.TextField(
        _("experience"), blank=True, max_length=2000, validators=[validate_no_resident_number]
    )
    motivation = models.TextField(
        _("motivation"), max_length=2000, validators=[validate_no_resident_number]
    )
    skills_text = models.CharField(
        _("skills"), max_length=500, blank=True, validators=[validate_no_resident_number]
    )
    portfolio_url = models.URLField(_("portfolio link"), blank=True)
    source = models.CharField(_("source"), max_length=8, choices=Source.choices, default=Source.WEB)
    consent_version = models.CharField(_("notice version"), max_length=20, default=CONSENT_VERSION)
    consent_collection_at = models.DateTimeField(_("consent to collection and use"))
    consent_provision_at = models.DateTimeField(_("consent to provision to operators"))
    submitted_at = models.DateTimeField(_("submitted at"))
    email_confirmed_at = models.DateTimeField(_("email confirmed at"), null=True, blank=True)
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)
    access_version = models.PositiveIntegerField(default=1, editable=False)
    trainee = models.OneToOneField(
        "academy.Trainee",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="application",
        verbose_name=_("trainee"),
    )
    imported_by = models.ForeignKey(
        "academy.TrainingOperator",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("imported by"),
    )

    class Meta:
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        ordering = ["cohort", "receipt_seq"]
        constraints = [
            models.UniqueConstraint(
                fields=["cohort", "receipt_seq"], name="application_receipt_seq_unique"
            ),
            models.UniqueConstraint(
                fields=["cohort", "email_key"], name="application_one_per_email"
            ),
            models.UniqueConstraint(
                fields=["cohort", "name_key", "birth_date", "phone"],
                name="application_one_per_person",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.receipt_number} {self.name}"

    def save(self, *args, **kwargs):
        self.name_key = name_key(self.name)
        self.email_key = email_key(self.email)
        super().save(*args, **kwargs)

    @property
    def is_active(self) -> bool:
        return self.withdrawn_at is None

    @property
    def is_confirmed(self) -> bool:
        return self.email_confirmed_at is not None


def name_key(name: str) -> str:
    """Names compare without spaces and case: "김 가영" and "김가영" are one person."""
    return "".join((name or "").split()).casefold()


def email_key(email: str) -> str:
    return (email or "").strip().casefold()


class ApplicationChoice(models.Model):
    class Outcome(models.TextChoices):
        PENDING = "pending", _("Under review")
        SELECTED = "selected", _("Selected")
        WAITLISTED = "waitlisted", _("Waitlisted")
        CLOSED = "closed", _("Selected for a higher choice")
        NOT_SELECTED = "not_selected", _("Not selected")
        DECLINED = "declined", _("Declined")
        ENROLLED = "enrolled", pgettext_lazy("application outcome", "Enrolled")

    HOLDING = (Outcome.SELECTED, Outcome.ENROLLED)

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="choices")
    course = models.ForeignKey(
        "academy.Course",
        on_delete=models.PROTECT,
        related_name="application_choices",
        verbose_name=_("course"),
    )
    rank = models.PositiveSmallIntegerField(
        _("preference"), validators=[MinValueValidator(1), MaxValueValidator(MAX_CHOICES)]
    )
    outcome = models.CharField(
        _("outcome"), max_length=16, choices=Outcome.choices, default=Outcome.PENDING
    )
    waitlist_position = models.PositiveIntegerField(_("waitlist position"), null=True, blank=True)
    total_score = models.DecimalField(
        _("total score"), max_digits=6, decimal_places=2, null=True, blank=True
    )
    outcome_changed_at = models.DateTimeField(_("outcome changed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("course choice")
        verbose_name_plural = _("course choices")
        ordering = ["application", "rank"]
        constraints = [
            models.UniqueConstraint(fields=["application", "course"], name="choice_course_once"),
            models.UniqueConstraint(fields=["application", "rank"], name="choice_rank_once"),
            # An applicant holds at most one place: a higher choice releases the lower ones.
            models.UniqueConstraint(
                fields=["application"],
                condition=Q(outcome__in=["selected", "enrolled"]),
                name="choice_one_place_held",
            ),
            models.CheckConstraint(
                name="choice_rank_1_3", condition=Q(rank__gte=1, rank__lte=MAX_CHOICES)
            ),
            models.CheckConstraint(
                name="choice_waitlist_position_only_when_waitlisted",
                condition=Q(outcome="waitlisted", waitlist_position__isnull=False)
                | (~Q(outcome="waitlisted") & Q(waitlist_position__isnull=True)),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.application.receipt_number} · {self.rank} · {self.course.name}"


class ScreeningStage(models.Model):
    class Kind(models.TextChoices):
        DOCUMENTS = "documents", _("Document review")
        TEST = "test", _("Test")
        INTERVIEW = "interview", _("Interview")

    course = models.ForeignKey(
        "academy.Course", on_delete=models.CASCADE, related_name="screening_stages"
    )
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    name = models.CharField(_("stage name"), max_length=100)
    order = models.PositiveSmallIntegerField(_("order"), default=1)
    weight = models.DecimalField(
        _("weight"),
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.01"))],
        help_text=_("Points this stage adds to the total at a full score."),
    )
    max_score = models.DecimalField(
        _("maximum score"),
        max_digits=6,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.01"))],
    )
    min_score = models.DecimalField(
        _("minimum to pass"),
        max_digits=6,
        decimal_places=2,
        default=Decimal("0"),
        validators=[MinValueValidator(Decimal("0"))],
        help_text=_("An applicant below this score in this stage cannot be selected (과락)."),
    )

    class Meta:
        verbose_name = _("screening stage")
        verbose_name_plural = _("screening stages")
        ordering = ["course", "order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["course", "name"], name="stage_name_unique"),
            models.CheckConstraint(name="stage_weight_positive", condition=Q(weight__gt=0)),
            models.CheckConstraint(name="stage_max_positive", condition=Q(max_score__gt=0)),
            models.CheckConstraint(
                name="stage_min_within_max",
                condition=Q(min_score__gte=0, min_score__lte=F("max_score")),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if (
            self.min_score is not None
            and self.max_score is not None
            and self.min_score > self.max_score
        ):
            raise ValidationError(
                {"min_score": _("The pass mark cannot exceed the maximum score.")}
            )


class ScreeningScore(models.Model):
    choice = models.ForeignKey(ApplicationChoice, on_delete=models.CASCADE, related_name="scores")
    stage = models.ForeignKey(ScreeningStage, on_delete=models.PROTECT, related_name="scores")
    score = models.DecimalField(
        _("score"), max_digits=6, decimal_places=2, validators=[MinValueValidator(Decimal("0"))]
    )
    note = models.CharField(
        _("note"), max_length=200, blank=True, validators=[validate_no_resident_number]
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now=True)

    class Meta:
        verbose_name = _("screening score")
        verbose_name_plural = _("screening scores")
        constraints = [
            models.UniqueConstraint(fields=["choice", "stage"], name="score_once_per_stage"),
            models.CheckConstraint(name="score_not_negative", condition=Q(score__gte=0)),
        ]

    def __str__(self) -> str:
        return f"{self.stage}: {self.score}"


class SelectionOverride(models.Model):
    """A staff decision that changes how a course ranks one applicant, with its reason."""

    class Kind(models.TextChoices):
        PRIORITY = "priority", _("Select ahead of the ranking")
        EXCLUDE = "exclude", _("Exclude from selection")

    choice = models.ForeignKey(
        ApplicationChoice, on_delete=models.CASCADE, related_name="overrides"
    )
    kind = models.CharField(_("override"), max_length=16, choices=Kind.choices)
    reason = models.CharField(_("reason"), max_length=300, validators=[validate_no_resident_number])
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("decided by"),
    )
    created_at = models.DateTimeField(_("decided at"), auto_now_add=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("revoked by"),
    )

    class Meta:
        verbose_name = _("selection override")
        verbose_name_plural = _("selection overrides")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["choice"],
                condition=Q(revoked_at__isnull=True),
                name="override_one_active_per_choice",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.reason}"


class SelectionRun(models.Model):
    cohort = models.ForeignKey(
        "academy.Cohort", on_delete=models.PROTECT, related_name="selection_runs"
    )
    run_at = models.DateTimeField(_("run at"))
    run_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("run by"),
    )
    summary = models.JSONField(_("summary"), default=dict, blank=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("published by"),
    )

    class Meta:
        verbose_name = _("selection run")
        verbose_name_plural = _("selection runs")
        ordering = ["-run_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["cohort"],
                condition=Q(published_at__isnull=False),
                name="selection_published_once",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.cohort} · {self.run_at:%Y-%m-%d %H:%M}"

    @property
    def is_published(self) -> bool:
        return self.published_at is not None


class ApplicationImport(RunMixin):
    """A file of applications an operator collected elsewhere, imported in the background
    (``careerhub.core.runs``). The upload waits in private storage under ``upload`` until the
    run ends, then it is deleted; a refused file keeps its row-numbered ``errors``."""

    cohort = models.ForeignKey(
        "academy.Cohort",
        on_delete=models.CASCADE,
        related_name="application_imports",
        verbose_name=_("cohort"),
    )
    operator = models.ForeignKey(
        "academy.TrainingOperator",
        on_delete=models.CASCADE,
        related_name="application_imports",
        verbose_name=_("training operator"),
    )
    filename = models.CharField(_("file name"), max_length=255)
    upload = models.CharField(
        _("stored upload"),
        max_length=255,
        blank=True,
        help_text=_("The file in private storage while it waits to be imported; then deleted."),
    )
    file_sha256 = models.CharField(_("file checksum"), max_length=64, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("uploaded by"),
    )
    created_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    rows = models.PositiveIntegerField(_("rows"), default=0)
    created_count = models.PositiveIntegerField(_("applications imported"), default=0)
    existing_count = models.PositiveIntegerField(_("already here"), default=0)
    errors = models.JSONField(
        _("problems found"),
        default=list,
        blank=True,
        help_text=_("Each bad row: its number and the reasons."),
    )

    class Meta:
        verbose_name = _("application import")
        verbose_name_plural = _("application imports")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.filename
