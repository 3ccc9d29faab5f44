"""Training operators, cohorts, courses and trainees — the academy's side of the program."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from careerhub.core.choices import Region
from careerhub.core.models import TimeStampedModel
from careerhub.core.validators import validate_no_resident_number, validate_phone


class TrainingOperator(TimeStampedModel):
    class Kind(models.TextChoices):
        INSTITUTE = "institute", _("Training institute")
        ASSOCIATION = "association", _("Standards association")
        EDU_COMPANY = "edu_company", _("Online coding-education company")
        OTHER = "other", _("Other")

    name = models.CharField(_("name"), max_length=200, unique=True)
    short_name = models.CharField(_("short name"), max_length=50, blank=True)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices, default=Kind.OTHER)
    description = models.TextField(
        _("description"), blank=True, validators=[validate_no_resident_number]
    )
    partner_companies = models.ManyToManyField(
        "companies.Company",
        through="OperatorPartnership",
        related_name="partner_operators",
        verbose_name=_("partner companies"),
        blank=True,
    )

    class Meta:
        verbose_name = _("training operator")
        verbose_name_plural = _("training operators")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.short_name or self.name


class OperatorPartnership(models.Model):
    operator = models.ForeignKey(
        TrainingOperator,
        on_delete=models.CASCADE,
        related_name="partnerships",
        verbose_name=_("training operator"),
    )
    company = models.ForeignKey(
        "companies.Company",
        on_delete=models.CASCADE,
        related_name="partnerships",
        verbose_name=_("company"),
    )
    since = models.DateField(_("partner since"), null=True, blank=True)
    note = models.CharField(
        _("note"), max_length=200, blank=True, validators=[validate_no_resident_number]
    )

    class Meta:
        verbose_name = _("partner company")
        verbose_name_plural = _("partner companies")
        constraints = [
            models.UniqueConstraint(fields=["operator", "company"], name="partnership_unique")
        ]

    def __str__(self) -> str:
        return f"{self.operator} — {self.company}"


class Cohort(TimeStampedModel):
    number = models.PositiveSmallIntegerField(_("cohort number"), unique=True)
    year = models.PositiveSmallIntegerField(_("year"))
    training_start = models.DateField(_("training starts"))
    training_end = models.DateField(_("training ends"))
    application_opens_at = models.DateTimeField(_("applications open"), null=True, blank=True)
    application_closes_at = models.DateTimeField(_("applications close"), null=True, blank=True)
    employment_target = models.DecimalField(
        _("employment-rate target"),
        max_digits=4,
        decimal_places=3,
        default=Decimal("0.750"),
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("1"))],
        help_text=_("Share of completers employed or founding a company, e.g. 0.750 for 75%."),
    )
    capacity = models.PositiveIntegerField(
        _("planned seats"),
        null=True,
        blank=True,
        help_text=_("Seats of the whole cohort; the courses' capacities must fit within it."),
    )

    class Meta:
        verbose_name = _("cohort")
        verbose_name_plural = _("cohorts")
        ordering = ["-number"]
        constraints = [
            models.CheckConstraint(
                name="cohort_training_dates_ordered",
                condition=Q(training_end__gte=F("training_start")),
            ),
            models.CheckConstraint(
                name="cohort_application_window_ordered",
                condition=Q(application_opens_at__isnull=True)
                | Q(application_closes_at__isnull=True)
                | Q(application_closes_at__gt=F("application_opens_at")),
            ),
            models.CheckConstraint(
                name="cohort_target_is_share",
                condition=Q(employment_target__gte=0, employment_target__lte=1),
            ),
        ]

    def __str__(self) -> str:
        return _("Cohort %(number)s") % {"number": self.number}

    def application_window_state(self, now: dt.datetime) -> str:
        """The one rule for whether the cohort takes applications at ``now``: "none" (no
        window), "upcoming", "open" (from the opening up to and including the closing
        moment) or "closed". Closing recruitment by hand moves the closing moment to then."""
        opens, closes = self.application_opens_at, self.application_closes_at
        if opens is None or closes is None:
            return "none"
        if now < opens:
            return "upcoming"
        if now <= closes:
            return "open"
        return "closed"

    def clean(self) -> None:
        errors = {}
        if self.training_start and self.training_end and self.training_end < self.training_start:
            errors["training_end"] = _("Training cannot end before it starts.")
        if (
            self.application_opens_at
            and self.application_closes_at
            and self.application_closes_at <= self.application_opens_at
        ):
            errors["application_closes_at"] = _("Applications must close after they open.")
        if errors:
            raise ValidationError(errors)


class Course(TimeStampedModel):
    operator = models.ForeignKey(
        TrainingOperator,
        on_delete=models.PROTECT,
        related_name="courses",
        verbose_name=_("training operator"),
    )
    cohort = models.ForeignKey(
        Cohort, on_delete=models.PROTECT, related_name="courses", verbose_name=_("cohort")
    )
    name = models.CharField(_("course name"), max_length=200)
    track_role = models.ForeignKey(
        "taxonomy.JobRole",
        on_delete=models.PROTECT,
        related_name="courses",
        verbose_name=_("track (role)"),
    )
    capacity = models.PositiveSmallIntegerField(_("capacity"))
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"))

    class Meta:
        verbose_name = _("course")
        verbose_name_plural = _("courses")
        ordering = ["cohort__number", "operator__name", "name"]
        constraints = [
            models.UniqueConstraint(fields=["cohort", "operator", "name"], name="course_unique"),
            models.CheckConstraint(
                name="course_dates_ordered", condition=Q(end_date__gte=F("start_date"))
            ),
            models.CheckConstraint(name="course_capacity_positive", condition=Q(capacity__gt=0)),
        ]

    def __str__(self) -> str:
        return f"{self.cohort} · {self.name}"

    def clean(self) -> None:
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": _("A course cannot end before it starts.")})


class TraineeQuerySet(models.QuerySet["Trainee"]):
    def consenting_to(self, purpose: str) -> TraineeQuerySet:
        """Trainees with an active (not withdrawn) consent for ``purpose``; no duplicate rows."""
        return self.filter(
            pk__in=Consent.objects.filter(purpose=purpose, withdrawn_at__isnull=True).values(
                "trainee_id"
            )
        )

    def consenting_to_companies(self) -> TraineeQuerySet:
        """Trainees whose profile may be provided to companies (the talent pool)."""
        return self.consenting_to(Consent.Purpose.PROVISION_COMPANIES)


class Trainee(TimeStampedModel):
    class Status(models.TextChoices):
        ENROLLED = "enrolled", _("Enrolled")
        DROPPED = "dropped", _("Dropped out")
        COMPLETED = "completed", _("Completed")

    objects = TraineeQuerySet.as_manager()

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="trainee",
        verbose_name=_("login"),
    )
    course = models.ForeignKey(
        Course, on_delete=models.PROTECT, related_name="trainees", verbose_name=_("course")
    )
    name = models.CharField(_("name"), max_length=100)
    email = models.EmailField(_("email"))
    phone = models.CharField(_("phone"), max_length=20, blank=True, validators=[validate_phone])
    birth_date = models.DateField(_("birth date"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.ENROLLED
    )
    enrolled_on = models.DateField(_("enrolled on"))
    dropped_on = models.DateField(_("dropped on"), null=True, blank=True)
    drop_reason = models.CharField(
        _("reason for dropping out"),
        max_length=200,
        blank=True,
        validators=[validate_no_resident_number],
    )
    completed_on = models.DateField(_("completed on"), null=True, blank=True)
    desired_roles = models.ManyToManyField(
        "taxonomy.JobRole", related_name="+", blank=True, verbose_name=_("desired roles")
    )
    desired_regions = models.JSONField(_("desired regions"), default=list, blank=True)
    available_from = models.DateField(_("available from"), null=True, blank=True)
    introduction = models.TextField(
        _("self-introduction"), blank=True, validators=[validate_no_resident_number]
    )
    consultant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="consultees",
        verbose_name=_("job consultant"),
    )

    class Meta:
        verbose_name = _("trainee")
        verbose_name_plural = _("trainees")
        ordering = ["name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["course", "email"], name="trainee_unique_per_course"),
            models.CheckConstraint(
                name="trainee_status_dates",
                condition=(
                    Q(status="enrolled", dropped_on__isnull=True, completed_on__isnull=True)
                    | Q(status="dropped", dropped_on__isnull=False, completed_on__isnull=True)
                    | Q(status="completed", completed_on__isnull=False, dropped_on__isnull=True)
                ),
            ),
        ]
        indexes = [models.Index(fields=["status", "completed_on"])]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        errors = {}
        for region in self.desired_regions or []:
            if region not in Region.values:
                errors["desired_regions"] = _("Unknown region: %(region)s") % {"region": region}
        if self.completed_on and self.enrolled_on and self.completed_on < self.enrolled_on:
            errors["completed_on"] = _("Completion cannot come before enrolment.")
        if self.dropped_on and self.enrolled_on and self.dropped_on < self.enrolled_on:
            errors["dropped_on"] = _("Dropping out cannot come before enrolment.")
        if errors:
            raise ValidationError(errors)

    @property
    def operator_id(self) -> int:
        return self.course.operator_id

    def desired_region_labels(self) -> list[str]:
        labels = dict(Region.choices)
        return [str(labels.get(r, r)) for r in self.desired_regions or []]

    def has_consent(self, purpose: str) -> bool:
        return any(c.purpose == purpose and c.is_active for c in self.consents.all())


class TraineeSkill(models.Model):
    class Level(models.IntegerChoices):
        BASIC = 1, _("1 · basic")
        ELEMENTARY = 2, _("2 · elementary")
        INTERMEDIATE = 3, _("3 · intermediate")
        ADVANCED = 4, _("4 · advanced")
        EXPERT = 5, _("5 · expert")

    trainee = models.ForeignKey(Trainee, on_delete=models.CASCADE, related_name="skills")
    skill = models.ForeignKey(
        "taxonomy.Skill", on_delete=models.PROTECT, related_name="+", verbose_name=_("skill")
    )
    level = models.PositiveSmallIntegerField(
        _("level"), choices=Level.choices, default=Level.ELEMENTARY
    )
    verified = models.BooleanField(
        _("verified"),
        default=False,
        help_text=_("Proven by a passed assessment or a company-evaluated project."),
    )
    evidence = models.CharField(
        _("evidence"), max_length=300, blank=True, validators=[validate_no_resident_number]
    )

    class Meta:
        verbose_name = _("trainee skill")
        verbose_name_plural = _("trainee skills")
        ordering = ["-level", "skill__name_en"]
        constraints = [
            models.UniqueConstraint(fields=["trainee", "skill"], name="traineeskill_unique"),
            models.CheckConstraint(
                name="traineeskill_level_1_5", condition=Q(level__gte=1, level__lte=5)
            ),
        ]

    def __str__(self) -> str:
        return f"{self.skill} ({self.level})"


class PortfolioLink(models.Model):
    trainee = models.ForeignKey(Trainee, on_delete=models.CASCADE, related_name="links")
    label = models.CharField(_("label"), max_length=100)
    url = models.URLField(_("address"))

    class Meta:
        verbose_name = _("portfolio link")
        verbose_name_plural = _("portfolio links")

    def __str__(self) -> str:
        return self.label


class Consent(models.Model):
    """A per-purpose consent under the Personal Information Protection Act (개인정보보호법)."""

    class Purpose(models.TextChoices):
        COLLECTION = "collection", _("Collection and use of personal data")
        PROVISION_OPERATOR = "provision_operator", _("Provision to training operators")
        PROVISION_COMPANIES = "provision_companies", _("Provision to hiring companies")

    trainee = models.ForeignKey(Trainee, on_delete=models.CASCADE, related_name="consents")
    purpose = models.CharField(_("purpose"), max_length=32, choices=Purpose.choices)
    version = models.CharField(_("notice version"), max_length=20, default="2026-01")
    granted_at = models.DateTimeField(_("granted at"))
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)

    class Meta:
        verbose_name = _("consent")
        verbose_name_plural = _("consents")
        ordering = ["-granted_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["trainee", "purpose"],
                condition=Q(withdrawn_at__isnull=True),
                name="consent_one_active_per_purpose",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_purpose_display()} ({self.granted_at:%Y-%m-%d})"

    @property
    def is_active(self) -> bool:
        return self.withdrawn_at is None


class TraineeStatusChange(models.Model):
    trainee = models.ForeignKey(Trainee, on_delete=models.CASCADE, related_name="status_changes")
    from_status = models.CharField(
        _("from"), max_length=16, choices=Trainee.Status.choices, blank=True
    )
    to_status = models.CharField(_("to"), max_length=16, choices=Trainee.Status.choices)
    effective_on = models.DateField(_("effective on"))
    reason = models.CharField(
        _("reason"), max_length=200, blank=True, validators=[validate_no_resident_number]
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("changed by"),
    )
    at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.from_status or '-'} → {self.to_status} ({self.effective_on})"


# --- evidence: industry-linked projects and assessments ------------------------------------


class Project(TimeStampedModel):
    """An industry-linked project (기업연계 프로젝트): one team of a course working on a
    partner company's topic with the company's mentor, ending in the company's evaluation."""

    course = models.ForeignKey(
        Course, on_delete=models.PROTECT, related_name="projects", verbose_name=_("course")
    )
    company = models.ForeignKey(
        "companies.Company",
        on_delete=models.PROTECT,
        related_name="academy_projects",
        verbose_name=_("partner company"),
    )
    team_name = models.CharField(_("team"), max_length=100)
    topic = models.CharField(_("topic"), max_length=200, validators=[validate_no_resident_number])
    mentor_name = models.CharField(_("company mentor"), max_length=100, blank=True)
    mentor_title = models.CharField(_("mentor's position"), max_length=100, blank=True)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    skills = models.ManyToManyField(
        "taxonomy.Skill", related_name="+", blank=True, verbose_name=_("skills applied")
    )
    members = models.ManyToManyField(
        Trainee, through="ProjectMember", related_name="projects", verbose_name=_("team members")
    )
    evaluation_score = models.PositiveSmallIntegerField(
        _("company's evaluation (0–100)"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(100)],
    )
    evaluation_comment = models.TextField(
        _("company's comment"), blank=True, validators=[validate_no_resident_number]
    )
    evaluated_by = models.CharField(_("evaluated by"), max_length=100, blank=True)
    evaluated_on = models.DateField(_("evaluated on"), null=True, blank=True)

    PASS_SCORE = 70

    class Meta:
        verbose_name = _("project")
        verbose_name_plural = _("projects")
        ordering = ["-starts_on", "team_name"]
        constraints = [
            models.UniqueConstraint(fields=["course", "team_name"], name="project_team_unique"),
            models.CheckConstraint(
                name="project_dates_ordered", condition=Q(ends_on__gte=F("starts_on"))
            ),
            models.CheckConstraint(
                name="project_evaluation_0_100",
                condition=Q(evaluation_score__isnull=True) | Q(evaluation_score__lte=100),
            ),
            models.CheckConstraint(
                name="project_evaluation_dated",
                condition=Q(evaluation_score__isnull=True) | Q(evaluated_on__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.team_name} · {self.topic}"

    def clean(self) -> None:
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("A project cannot end before it starts.")})

    @property
    def passed(self) -> bool:
        return self.evaluation_score is not None and self.evaluation_score >= self.PASS_SCORE


class ProjectMember(models.Model):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="memberships")
    trainee = models.ForeignKey(Trainee, on_delete=models.CASCADE, related_name="project_roles")
    role = models.CharField(_("role in the team"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("team member")
        verbose_name_plural = _("team members")
        constraints = [
            models.UniqueConstraint(fields=["project", "trainee"], name="project_member_once")
        ]

    def __str__(self) -> str:
        return f"{self.trainee} ({self.role})" if self.role else str(self.trainee)


class Milestone(models.Model):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="milestones")
    title = models.CharField(
        _("milestone"), max_length=200, validators=[validate_no_resident_number]
    )
    due_on = models.DateField(_("due on"))
    done_on = models.DateField(_("done on"), null=True, blank=True)

    class Meta:
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")
        ordering = ["due_on", "pk"]

    def __str__(self) -> str:
        return self.title


class Assessment(TimeStampedModel):
    class Kind(models.TextChoices):
        CODING_TEST = "coding_test", _("Coding test")
        SKILL_TEST = "skill_test", _("Skill test")

    course = models.ForeignKey(
        Course, on_delete=models.PROTECT, related_name="assessments", verbose_name=_("course")
    )
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=200, validators=[validate_no_resident_number])
    held_on = models.DateField(_("held on"))
    max_score = models.PositiveSmallIntegerField(_("maximum score"), default=100)
    pass_score = models.PositiveSmallIntegerField(_("pass mark"), default=60)
    skills = models.ManyToManyField(
        "taxonomy.Skill", related_name="+", verbose_name=_("skills assessed")
    )

    class Meta:
        verbose_name = _("assessment")
        verbose_name_plural = _("assessments")
        ordering = ["-held_on", "title"]
        constraints = [
            models.UniqueConstraint(fields=["course", "title"], name="assessment_title_unique"),
            models.CheckConstraint(
                name="assessment_pass_within_max",
                condition=Q(max_score__gt=0, pass_score__lte=F("max_score")),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        if self.pass_score is not None and self.max_score and self.pass_score > self.max_score:
            raise ValidationError({"pass_score": _("The pass mark cannot exceed the maximum.")})


class AssessmentScore(models.Model):
    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="scores")
    trainee = models.ForeignKey(Trainee, on_delete=models.CASCADE, related_name="assessment_scores")
    score = models.PositiveSmallIntegerField(_("score"))
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
        verbose_name = _("assessment score")
        verbose_name_plural = _("assessment scores")
        constraints = [
            models.UniqueConstraint(fields=["assessment", "trainee"], name="assessment_score_once")
        ]

    def __str__(self) -> str:
        return f"{self.trainee}: {self.score}"

    @property
    def passed(self) -> bool:
        return self.score >= self.assessment.pass_score


# --- data-subject rights: correction and erasure requests (PIPA arts. 35–37) ----------------


class DataRequest(models.Model):
    """A trainee's request to correct or erase their personal data, and the staff decision.

    Correction requests are decided by the program office or the trainee's operator staff,
    erasure requests by the program office only; every decision carries a reason the trainee
    sees. Withdrawing consent to collection files an erasure request of its own."""

    class Kind(models.TextChoices):
        CORRECTION = "correction", _("Correction")
        ERASURE = "erasure", _("Erasure")

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for a decision")
        ACCEPTED = "accepted", _("Accepted")
        REFUSED = "refused", _("Refused")

    class Source(models.TextChoices):
        TRAINEE = "trainee", _("Asked by the trainee")
        CONSENT_WITHDRAWN = "consent_withdrawn", _("Consent to collection withdrawn")

    trainee = models.ForeignKey(
        Trainee, on_delete=models.CASCADE, related_name="data_requests", verbose_name=_("trainee")
    )
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    source = models.CharField(
        _("source"), max_length=20, choices=Source.choices, default=Source.TRAINEE
    )
    fields = models.CharField(
        _("which data"), max_length=300, blank=True, validators=[validate_no_resident_number]
    )
    reason = models.TextField(
        _("what is wrong, or why"), max_length=2000, validators=[validate_no_resident_number]
    )
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.PENDING
    )
    requested_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("requested by"),
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decision_reason = models.TextField(
        _("reason for the decision"),
        blank=True,
        max_length=2000,
        validators=[validate_no_resident_number],
    )

    class Meta:
        verbose_name = _("personal data request")
        verbose_name_plural = _("personal data requests")
        ordering = ["-requested_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                name="datarequest_decided_with_reason",
                condition=Q(status="pending", decided_at__isnull=True)
                | (
                    Q(status__in=["accepted", "refused"], decided_at__isnull=False)
                    & ~Q(decision_reason="")
                ),
            ),
            models.UniqueConstraint(
                fields=["trainee", "kind"],
                condition=Q(status="pending"),
                name="datarequest_one_pending_per_kind",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.trainee} ({self.get_status_display()})"

    @property
    def is_pending(self) -> bool:
        return self.status == self.Status.PENDING
