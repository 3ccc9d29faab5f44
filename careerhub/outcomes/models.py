"""The outcome ledger, the versioned rule sets that read it, and start-up teams.

Every rule set computes from the same per-trainee ledger: an ``Outcome`` is one episode in a
trainee's life after (or around) training — a job, a founded company, military service,
school — with its dates, insurance status and evidence. A trainee may have several episodes
(employed, then left; excluded, then employed); each change of an episode is kept as an
``OutcomeRevision``. Only confirmed episodes count in any rate.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from careerhub.core import korean
from careerhub.core.files import private_storage
from careerhub.core.models import TimeStampedModel
from careerhub.core.validators import validate_business_number, validate_no_resident_number


class OutcomeType(models.TextChoices):
    EMPLOYED = "employed", _("Employed")
    STARTUP = "startup", _("Started a company")
    FURTHER_STUDY = "further_study", _("Further study")
    MILITARY = "military", _("Military service")
    EMIGRATION = "emigration", _("Emigration")
    ILLNESS = "illness", _("Illness or injury")
    OTHER_EXCLUSION = "other_exclusion", _("Other exclusion (e.g. leave)")
    STILL_SEEKING = "still_seeking", _("Still seeking")
    NOT_SEEKING = "not_seeking", _("Not seeking")


EVIDENCE_PREFIX = "outcomes/evidence/"

# Types that never need evidence: they describe a search, not a verifiable fact.
NO_EVIDENCE_TYPES = frozenset({OutcomeType.STILL_SEEKING, OutcomeType.NOT_SEEKING})
EXCLUSION_TYPES = frozenset(
    {
        OutcomeType.STARTUP,
        OutcomeType.FURTHER_STUDY,
        OutcomeType.MILITARY,
        OutcomeType.EMIGRATION,
        OutcomeType.ILLNESS,
        OutcomeType.OTHER_EXCLUSION,
    }
)


class EmploymentType(models.TextChoices):
    FULL_TIME = "full_time", _("Full-time")
    PART_TIME = "part_time", _("Part-time")
    CONTRACT = "contract", _("Fixed-term contract")
    FREELANCE = "freelance", _("Freelance")
    INTERNSHIP = "internship", _("Internship")


class Insurance(models.TextChoices):
    CONFIRMED = "confirmed", _("Insured (confirmed)")
    NOT_COVERED = "not_covered", _("Not covered by employment insurance")
    UNCONFIRMED = "unconfirmed", _("Not yet confirmed")


class Outcome(TimeStampedModel):
    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Proposed")
        CONFIRMED = "confirmed", _("Confirmed")
        REJECTED = "rejected", _("Rejected")

    class Source(models.TextChoices):
        STAFF = "staff", _("Entered by staff")
        APPLICATION = "application", _("Hire in the application pipeline")
        STARTUP_TEAM = "startup_team", _("Start-up team registration")
        TRAINEE = "trainee", _("Reported by the trainee")

    trainee = models.ForeignKey(
        "academy.Trainee",
        on_delete=models.PROTECT,
        related_name="outcomes",
        verbose_name=_("trainee"),
    )
    outcome_type = models.CharField(_("outcome"), max_length=20, choices=OutcomeType.choices)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.PROPOSED
    )
    source = models.CharField(
        _("source"), max_length=16, choices=Source.choices, default=Source.STAFF
    )
    start_date = models.DateField(
        _("start date"),
        help_text=_("First working day, business registration date, enlistment date, …"),
    )
    end_date = models.DateField(_("end date"), null=True, blank=True)
    end_reason = models.CharField(
        _("why it ended"),
        max_length=300,
        blank=True,
        validators=[validate_no_resident_number],
        help_text=_("E.g. the contract ended, or the graduate left the job."),
    )
    company = models.ForeignKey(
        "companies.Company",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="outcomes",
        verbose_name=_("company"),
    )
    company_name = models.CharField(
        _("company name (if not registered)"), max_length=200, blank=True
    )
    job_role = models.ForeignKey(
        "taxonomy.JobRole",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("job role"),
    )
    job_title = models.CharField(
        _("job title"), max_length=200, blank=True, validators=[validate_no_resident_number]
    )
    employment_type = models.CharField(
        _("employment type"), max_length=16, choices=EmploymentType.choices, blank=True
    )
    insurance = models.CharField(
        _("employment insurance"),
        max_length=16,
        choices=Insurance.choices,
        default=Insurance.UNCONFIRMED,
    )
    in_field = models.BooleanField(_("in the trained field"), default=True)
    in_city = models.BooleanField(_("job in the city"), default=False)
    annual_salary = models.PositiveIntegerField(_("annual salary (KRW)"), null=True, blank=True)
    absence_weeks = models.PositiveSmallIntegerField(
        _("weeks of illness or injury"), null=True, blank=True
    )
    reason = models.CharField(
        _("reason or detail"), max_length=300, blank=True, validators=[validate_no_resident_number]
    )
    # Private storage, a random name (careerhub.core.files); only the evidence view serves it.
    evidence_file = models.FileField(
        _("evidence file"), upload_to=EVIDENCE_PREFIX, storage=private_storage, blank=True
    )
    evidence_name = models.CharField(
        _("evidence file name"),
        max_length=200,
        blank=True,
        help_text=_("The name the file was uploaded under, for display only."),
    )
    evidence_reference = models.CharField(
        _("evidence reference"),
        max_length=300,
        blank=True,
        help_text=_("E.g. the employment-insurance record checked, or the business number."),
    )
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("verified by"),
    )
    verified_at = models.DateTimeField(_("verified at"), null=True, blank=True)
    startup_team = models.ForeignKey(
        "StartupTeam",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="outcomes",
        verbose_name=_("start-up team"),
    )
    version = models.PositiveIntegerField(_("version"), default=1)

    class Meta:
        verbose_name = _("outcome")
        verbose_name_plural = _("outcomes")
        ordering = ["-start_date", "-pk"]
        indexes = [models.Index(fields=["trainee", "status"])]
        constraints = [
            models.CheckConstraint(
                name="outcome_confirmed_is_verified",
                condition=~Q(status="confirmed")
                | Q(verified_by__isnull=False, verified_at__isnull=False),
            ),
            models.CheckConstraint(
                name="outcome_dates_ordered",
                condition=Q(end_date__isnull=True) | Q(end_date__gte=F("start_date")),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_outcome_type_display()} ({korean.format_date(self.start_date)})"

    @property
    def has_evidence(self) -> bool:
        return bool(self.evidence_file) or bool(self.evidence_reference.strip())

    @property
    def is_work(self) -> bool:
        return self.outcome_type == OutcomeType.EMPLOYED

    @property
    def is_exclusion(self) -> bool:
        return self.outcome_type in EXCLUSION_TYPES

    @property
    def employer(self) -> str:
        return self.company.name if self.company_id else self.company_name

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if self.end_date and self.start_date and self.end_date < self.start_date:
            errors["end_date"] = _("An outcome cannot end before it starts.")
        if self.outcome_type == OutcomeType.EMPLOYED:
            if not self.company_id and not self.company_name.strip():
                errors["company_name"] = _("Name the employer.")
            if not self.employment_type:
                errors["employment_type"] = _("Choose the employment type.")
        if self.outcome_type == OutcomeType.ILLNESS and not self.absence_weeks:
            errors["absence_weeks"] = _("Give how many weeks the illness or injury lasts.")
        if errors:
            raise ValidationError(errors)


class OutcomeRevision(models.Model):
    """One kept state of an outcome: what it said after each change, who changed it, when."""

    outcome = models.ForeignKey(Outcome, on_delete=models.CASCADE, related_name="revisions")
    number = models.PositiveIntegerField(_("revision"))
    change = models.CharField(_("change"), max_length=32)
    snapshot = models.JSONField(_("recorded values"))
    note = models.CharField(
        _("note"), max_length=300, blank=True, validators=[validate_no_resident_number]
    )
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("changed by"),
    )
    changed_at = models.DateTimeField(_("changed at"), auto_now_add=True)

    class Meta:
        verbose_name = _("outcome revision")
        verbose_name_plural = _("outcome revisions")
        ordering = ["outcome", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["outcome", "number"], name="outcomerevision_unique")
        ]

    def __str__(self) -> str:
        return f"{self.outcome_id} r{self.number} {self.change}"


class EnrolmentIntent(models.Model):
    """What the trainee said they intend to do after training, recorded at enrolment (CIRR)."""

    class Intent(models.TextChoices):
        SEEK_JOB = "seek_job", _("Seek a job")
        START_COMPANY = "start_company", _("Start a company")
        UPSKILL = "upskill", _("Upskill for the current job")
        STUDY = "study", _("Continue studying")
        UNDECIDED = "undecided", _("Undecided")

    trainee = models.OneToOneField(
        "academy.Trainee",
        on_delete=models.CASCADE,
        related_name="enrolment_intent",
        verbose_name=_("trainee"),
    )
    intent = models.CharField(_("intent"), max_length=16, choices=Intent.choices)
    recorded_on = models.DateField(_("recorded on"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("recorded by"),
    )

    class Meta:
        verbose_name = _("intent at enrolment")
        verbose_name_plural = _("intents at enrolment")

    def __str__(self) -> str:
        return self.get_intent_display()


class RuleSet(TimeStampedModel):
    """A versioned definition of the employment rate. Its parameters are data, validated by
    the dataclass of its kind in ``careerhub.outcomes.rules``; the calculator interprets them."""

    class Kind(models.TextChoices):
        KR_TRAINING = "kr_training", _("Korean training-program style")
        PROGRAM_TARGET = "program_target", _("Program-target style")
        CIRR = "cirr", _("CIRR style")

    code = models.SlugField(_("code"), max_length=40)
    version = models.PositiveSmallIntegerField(_("version"))
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(
        _("description"), blank=True, validators=[validate_no_resident_number]
    )
    effective_from = models.DateField(_("effective from"))
    parameters = models.JSONField(_("parameters"), default=dict)

    class Meta:
        verbose_name = _("rule set")
        verbose_name_plural = _("rule sets")
        ordering = ["code", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["code", "version"], name="ruleset_code_version"),
            models.UniqueConstraint(
                fields=["code", "effective_from"], name="ruleset_code_effective_from"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} v{self.version}"

    def clean(self) -> None:
        from careerhub.outcomes.rules import RuleParameterError, parameters_parse

        try:
            parameters_parse(self.kind, self.parameters)
        except RuleParameterError as exc:
            raise ValidationError({"parameters": str(exc)}) from exc


class StartupTeam(TimeStampedModel):
    """Trainees founding a company together (창업팀); the business registration is the evidence."""

    class Stage(models.TextChoices):
        IDEA = "idea", _("Idea")
        PROTOTYPE = "prototype", _("Prototype")
        MVP = "mvp", _("Minimum viable product")
        REGISTERED = "registered", _("Company registered")
        CLOSED = "closed", pgettext_lazy("start-up stage", "Closed")

    operator = models.ForeignKey(
        "academy.TrainingOperator",
        on_delete=models.PROTECT,
        related_name="startup_teams",
        verbose_name=_("training operator"),
    )
    name = models.CharField(_("team name"), max_length=200)
    idea = models.TextField(_("idea"), validators=[validate_no_resident_number])
    stage = models.CharField(_("stage"), max_length=16, choices=Stage.choices, default=Stage.IDEA)
    business_number = models.CharField(
        _("business registration number"),
        max_length=10,
        blank=True,
        validators=[validate_business_number],
    )
    registered_on = models.DateField(_("registered on"), null=True, blank=True)
    mentor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="mentored_teams",
        verbose_name=_("mentor"),
    )

    class Meta:
        verbose_name = _("start-up team")
        verbose_name_plural = _("start-up teams")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["operator", "name"], name="startupteam_unique_name"),
            models.CheckConstraint(
                name="startupteam_registered_has_number",
                condition=~Q(stage="registered")
                | (Q(registered_on__isnull=False) & ~Q(business_number="")),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def business_number_display(self) -> str:
        return korean.format_business_number(self.business_number)


class StartupMember(models.Model):
    team = models.ForeignKey(StartupTeam, on_delete=models.CASCADE, related_name="members")
    trainee = models.ForeignKey(
        "academy.Trainee",
        on_delete=models.CASCADE,
        related_name="startup_memberships",
        verbose_name=_("trainee"),
    )
    role = models.CharField(_("role in the team"), max_length=100, blank=True)
    joined_on = models.DateField(_("joined on"))

    class Meta:
        verbose_name = _("team member")
        verbose_name_plural = _("team members")
        ordering = ["joined_on", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["team", "trainee"], name="startupmember_unique")
        ]

    def __str__(self) -> str:
        return f"{self.team} · {self.trainee}"
