"""Stored results of the matching engine, and what people decide around them.

- Recommendations: one ``RecommendationRun`` per computation (for a trainee or a posting)
  with its ranked ``Recommendation`` rows and the score broken into role, skills, timing and
  region. ``Feedback`` (saved / dismissed with a reason) feeds the next run.
- Cohort plans: a ``PlanRun`` keeps the parameters, a snapshot of its inputs, who asked and
  when, its progress and — if it failed — why; ``PlanPlacement`` says who goes where or why
  not. ``PlanConstraint`` holds the staff's pins and exclusions for the next run.
- Match day (매칭데이): an event with participating postings and eligible trainees, rounds
  with a ranking deadline, rank lists from both sides and the results of deferred acceptance.

An opening is a job posting (``p<id>``) or a demand line without a posting (``d<id>``);
rows keep that key and a readable label, so a past run reads the same after its openings
change.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from careerhub.core.models import TimeStampedModel
from careerhub.core.runs import RunMixin, RunStatus  # noqa: F401  (RunStatus: re-exported)
from careerhub.core.validators import validate_no_resident_number

USER = settings.AUTH_USER_MODEL


class OpeningKind(models.TextChoices):
    POSTING = "posting", _("Job posting")
    DEMAND = "demand", _("Reported hiring demand")


class ScoreParts(models.Model):
    """The fit score and its parts, exactly as the engine computed and explained them."""

    total = models.FloatField(_("fit"))
    role_fit = models.FloatField(_("role fit"))
    skill_fit = models.FloatField(_("skill fit"))
    timing_fit = models.FloatField(_("timing fit"))
    region_fit = models.FloatField(_("region fit"))
    role_relation = models.PositiveSmallIntegerField(_("role relation"), default=0)
    matched_skills = models.JSONField(_("matched skills"), default=list, blank=True)
    missing_skills = models.JSONField(_("missing required skills"), default=list, blank=True)
    verified_skills = models.JSONField(
        _("verified skills"),
        default=list,
        blank=True,
        help_text=_("The opening's skills the trainee has proven by an assessment or project."),
    )
    required_met = models.PositiveSmallIntegerField(_("required skills met"), default=0)
    required_total = models.PositiveSmallIntegerField(_("required skills"), default=0)
    months_apart = models.PositiveSmallIntegerField(_("months from the hiring window"), default=0)
    reason = models.CharField(_("reason"), max_length=400, blank=True)
    reason_en = models.CharField(_("reason (English)"), max_length=400, blank=True)

    class Meta:
        abstract = True


class OpeningRef(models.Model):
    opening_key = models.CharField(_("opening"), max_length=24)
    posting = models.ForeignKey(
        "hiring.JobPosting",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("job posting"),
    )
    demand_line = models.ForeignKey(
        "hiring.DemandLine",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("demand line"),
    )
    opening_label = models.CharField(_("opening"), max_length=300, blank=True)
    company_name = models.CharField(_("company"), max_length=200, blank=True)

    class Meta:
        abstract = True

    @property
    def opening_kind(self) -> str:
        return OpeningKind.POSTING if self.opening_key.startswith("p") else OpeningKind.DEMAND


# --- recommendations ---------------------------------------------------------------------------


class RecommendationRun(models.Model):
    class Subject(models.TextChoices):
        TRAINEE = "trainee", _("Openings for a trainee")
        POSTING = "posting", _("Candidates for a posting")

    subject = models.CharField(_("subject"), max_length=16, choices=Subject.choices)
    trainee = models.ForeignKey(
        "academy.Trainee",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="recommendation_runs",
    )
    posting = models.ForeignKey(
        "hiring.JobPosting",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="recommendation_runs",
    )
    requested_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    signature = models.CharField(_("input signature"), max_length=64)
    parameters = models.JSONField(_("parameters"), default=dict)
    considered = models.PositiveIntegerField(_("candidates considered"), default=0)
    excluded = models.JSONField(_("excluded by feedback"), default=dict, blank=True)
    duration_ms = models.PositiveIntegerField(_("duration (ms)"), default=0)
    created_at = models.DateTimeField(_("computed at"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("recommendation run")
        verbose_name_plural = _("recommendation runs")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                name="recrun_subject_matches",
                condition=Q(subject="trainee", trainee__isnull=False, posting__isnull=True)
                | Q(subject="posting", posting__isnull=False, trainee__isnull=True),
            )
        ]
        indexes = [
            models.Index(fields=["trainee", "-created_at"]),
            models.Index(fields=["posting", "-created_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.get_subject_display()} #{self.pk}"


class Recommendation(ScoreParts, OpeningRef):
    run = models.ForeignKey(RecommendationRun, on_delete=models.CASCADE, related_name="items")
    rank = models.PositiveSmallIntegerField(_("rank"))
    trainee = models.ForeignKey(
        "academy.Trainee", on_delete=models.CASCADE, related_name="+", verbose_name=_("trainee")
    )

    class Meta:
        verbose_name = _("recommendation")
        verbose_name_plural = _("recommendations")
        ordering = ["run", "rank"]
        constraints = [
            models.UniqueConstraint(fields=["run", "rank"], name="recommendation_rank_unique"),
            models.CheckConstraint(
                name="recommendation_total_0_1", condition=Q(total__gte=0, total__lte=1.000001)
            ),
        ]

    def __str__(self) -> str:
        return f"{self.rank}. {self.opening_label}"


class Feedback(OpeningRef):
    """A trainee's saved or dismissed opening. A dismissal leaves out of the next run what
    its ``scope`` says — the opening alone, or every opening of its company, region or role;
    the reason only suggests the scope, the trainee confirms it."""

    class Kind(models.TextChoices):
        SAVED = "saved", _("Saved")
        DISMISSED = "dismissed", _("Dismissed")

    class Scope(models.TextChoices):
        OPENING = "opening", _("Only this opening")
        COMPANY = "company", _("Every opening of this company")
        REGION = "region", _("Every opening in this region")
        ROLE = "role", _("Every opening in this role")

    class Reason(models.TextChoices):
        ROLE = "role", _("Not a role I want")
        REGION = "region", _("Not a region I can work in")
        COMPANY = "company", _("Not interested in this company")
        TIMING = "timing", _("The timing does not suit me")
        SKILLS = "skills", _("I am not ready for it yet")
        OTHER = "other", _("Other")

    trainee = models.ForeignKey(
        "academy.Trainee", on_delete=models.CASCADE, related_name="matching_feedback"
    )
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    reason = models.CharField(_("reason"), max_length=16, choices=Reason.choices, blank=True)
    scope = models.CharField(
        _("what is left out"), max_length=16, choices=Scope.choices, default=Scope.OPENING
    )
    note = models.CharField(
        _("note"), max_length=300, blank=True, validators=[validate_no_resident_number]
    )
    role_code = models.CharField(_("role"), max_length=80, blank=True)
    region = models.CharField(_("region"), max_length=16, blank=True)
    company_id_value = models.PositiveBigIntegerField(_("company id"), null=True, blank=True)
    created_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("at"), auto_now_add=True)

    class Meta:
        verbose_name = _("recommendation feedback")
        verbose_name_plural = _("recommendation feedback")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["trainee", "opening_key"], name="feedback_unique"),
            models.CheckConstraint(
                name="feedback_dismissal_has_reason",
                condition=Q(kind="saved", reason="") | (Q(kind="dismissed") & ~Q(reason="")),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.opening_label}"


class ApplicationSuggestion(OpeningRef):
    """Staff suggest that a trainee applies to a posting (from a cohort plan)."""

    class Status(models.TextChoices):
        OPEN = "open", _("Suggested")
        APPLIED = "applied", _("Applied")
        DECLINED = "declined", _("Declined")

    trainee = models.ForeignKey(
        "academy.Trainee", on_delete=models.CASCADE, related_name="application_suggestions"
    )
    plan_run = models.ForeignKey(
        "matching.PlanRun",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="suggestions",
    )
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.OPEN
    )
    reason = models.CharField(_("reason"), max_length=400, blank=True)
    suggested_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("suggested at"), auto_now_add=True)

    class Meta:
        verbose_name = _("application suggestion")
        verbose_name_plural = _("application suggestions")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["trainee", "opening_key"],
                condition=Q(status="open"),
                name="suggestion_one_open",
            )
        ]

    def __str__(self) -> str:
        return f"{self.trainee} → {self.opening_label}"


# --- cohort plans ------------------------------------------------------------------------------


class PlanRun(RunMixin):
    """A cohort plan computed in the background (``careerhub.core.runs``: status, progress,
    heartbeat; a run whose worker died is failed by the reaper and can be run again)."""

    cohort = models.ForeignKey(
        "academy.Cohort",
        on_delete=models.PROTECT,
        related_name="plan_runs",
        verbose_name=_("cohort"),
    )
    course = models.ForeignKey(
        "academy.Course",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="plan_runs",
        verbose_name=_("course"),
    )
    operator = models.ForeignKey(
        "academy.TrainingOperator",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="plan_runs",
        verbose_name=_("operator"),
        help_text=_("Set when operator staff plan their own trainees; empty for the program."),
    )
    parameters = models.JSONField(_("parameters"), default=dict)
    input_snapshot = models.JSONField(_("inputs as the engine saw them"), default=dict, blank=True)
    requested_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    trainee_count = models.PositiveIntegerField(_("trainees"), default=0)
    opening_count = models.PositiveIntegerField(_("openings"), default=0)
    place_count = models.PositiveIntegerField(_("places"), default=0)
    placed_count = models.PositiveIntegerField(_("placed"), default=0)
    total_fit = models.FloatField(_("total fit"), default=0.0)
    duration_ms = models.PositiveIntegerField(_("duration (ms)"), default=0)

    class Meta:
        verbose_name = _("cohort plan run")
        verbose_name_plural = _("cohort plan runs")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                name="planrun_failed_has_error",
                condition=~Q(status="failed") | ~Q(error=""),
            ),
            models.CheckConstraint(
                name="planrun_placed_le_trainees",
                condition=Q(placed_count__lte=F("trainee_count")),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.cohort} #{self.pk}"

    @property
    def unplaced_count(self) -> int:
        return self.trainee_count - self.placed_count


class UnplacedReason(models.TextChoices):
    NO_ROLE = "no_role", _("No opening for their role")
    TIMING = "timing", _("Openings for their role hire at another time")
    SKILLS = "skills", _("Missing required skills for the openings of their role")
    TAKEN = "taken", _("The fitting places went to trainees who fit better")
    EXCLUDED = "excluded", _("Every fitting opening was excluded by staff")


class PlanPlacement(OpeningRef):
    run = models.ForeignKey(PlanRun, on_delete=models.CASCADE, related_name="placements")
    trainee = models.ForeignKey(
        "academy.Trainee", on_delete=models.CASCADE, related_name="+", verbose_name=_("trainee")
    )
    placed = models.BooleanField(_("placed"), default=False)
    pinned = models.BooleanField(_("pinned by staff"), default=False)
    total = models.FloatField(_("fit"), default=0.0)
    role_fit = models.FloatField(_("role fit"), default=0.0)
    skill_fit = models.FloatField(_("skill fit"), default=0.0)
    timing_fit = models.FloatField(_("timing fit"), default=0.0)
    region_fit = models.FloatField(_("region fit"), default=0.0)
    missing_skills = models.JSONField(_("missing required skills"), default=list, blank=True)
    reason = models.CharField(_("reason"), max_length=400, blank=True)
    unplaced_reason = models.CharField(
        _("why not placed"), max_length=16, choices=UnplacedReason.choices, blank=True
    )

    class Meta:
        verbose_name = _("plan placement")
        verbose_name_plural = _("plan placements")
        ordering = ["run", "-placed", "-total", "trainee_id"]
        constraints = [
            models.UniqueConstraint(fields=["run", "trainee"], name="placement_one_per_trainee"),
            models.CheckConstraint(
                name="placement_reason_iff_unplaced",
                condition=Q(placed=True, unplaced_reason="")
                | (Q(placed=False) & ~Q(unplaced_reason="")),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.trainee_id} → {self.opening_key or '-'}"


class PlanConstraint(OpeningRef):
    class Kind(models.TextChoices):
        PIN = "pin", _("Pin (place them here)")
        EXCLUDE = "exclude", _("Exclude (never here)")

    cohort = models.ForeignKey(
        "academy.Cohort", on_delete=models.CASCADE, related_name="plan_constraints"
    )
    trainee = models.ForeignKey(
        "academy.Trainee", on_delete=models.CASCADE, related_name="+", verbose_name=_("trainee")
    )
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    note = models.CharField(
        _("note"), max_length=300, blank=True, validators=[validate_no_resident_number]
    )
    created_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("at"), auto_now_add=True)

    class Meta:
        verbose_name = _("plan pin or exclusion")
        verbose_name_plural = _("plan pins and exclusions")
        ordering = ["cohort", "trainee_id", "kind"]
        constraints = [
            models.UniqueConstraint(
                fields=["cohort", "trainee", "opening_key"], name="planconstraint_unique"
            ),
            models.UniqueConstraint(
                fields=["cohort", "trainee"], condition=Q(kind="pin"), name="planconstraint_one_pin"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.trainee_id} → {self.opening_key}"


# --- match day ---------------------------------------------------------------------------------


class MatchDay(TimeStampedModel):
    title = models.CharField(_("title"), max_length=200, validators=[validate_no_resident_number])
    cohort = models.ForeignKey(
        "academy.Cohort",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="match_days",
        verbose_name=_("cohort"),
    )
    operator = models.ForeignKey(
        "academy.TrainingOperator",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="match_days",
        verbose_name=_("organising operator"),
        help_text=_("Empty when the program office organises it."),
    )
    held_on = models.DateField(_("match day"))
    interview_at = models.DateTimeField(_("interviews start at"))
    interview_place = models.CharField(
        _("interview place"), max_length=300, validators=[validate_no_resident_number]
    )
    description = models.TextField(
        _("description"), blank=True, validators=[validate_no_resident_number]
    )
    created_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("match day")
        verbose_name_plural = _("match days")
        ordering = ["-held_on", "-pk"]

    def __str__(self) -> str:
        return self.title


class MatchDayPosting(models.Model):
    match_day = models.ForeignKey(MatchDay, on_delete=models.CASCADE, related_name="postings")
    posting = models.ForeignKey(
        "hiring.JobPosting", on_delete=models.PROTECT, related_name="+", verbose_name=_("posting")
    )
    places = models.PositiveSmallIntegerField(
        _("places"), validators=[MinValueValidator(1), MaxValueValidator(500)]
    )

    class Meta:
        verbose_name = _("participating posting")
        verbose_name_plural = _("participating postings")
        ordering = ["match_day", "posting__company__name", "posting__title"]
        constraints = [
            models.UniqueConstraint(fields=["match_day", "posting"], name="mdposting_unique"),
            models.CheckConstraint(name="mdposting_places", condition=Q(places__gte=1)),
        ]

    def __str__(self) -> str:
        return f"{self.posting} × {self.places}"


class MatchDayTrainee(models.Model):
    match_day = models.ForeignKey(MatchDay, on_delete=models.CASCADE, related_name="trainees")
    trainee = models.ForeignKey(
        "academy.Trainee", on_delete=models.PROTECT, related_name="+", verbose_name=_("trainee")
    )

    class Meta:
        verbose_name = _("eligible trainee")
        verbose_name_plural = _("eligible trainees")
        ordering = ["match_day", "trainee__name"]
        constraints = [
            models.UniqueConstraint(fields=["match_day", "trainee"], name="mdtrainee_unique")
        ]

    def __str__(self) -> str:
        return str(self.trainee_id)


class MatchRound(models.Model):
    class Status(models.TextChoices):
        RANKING = "ranking", _("Taking rank lists")
        MATCHED = "matched", _("Matched, under review")
        PUBLISHED = "published", _("Published")

    match_day = models.ForeignKey(MatchDay, on_delete=models.CASCADE, related_name="rounds")
    number = models.PositiveSmallIntegerField(_("round"), validators=[MinValueValidator(1)])
    deadline = models.DateTimeField(_("rank lists due"))
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.RANKING
    )
    matched_at = models.DateTimeField(_("matched at"), null=True, blank=True)
    matched_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    blocking_pairs = models.PositiveIntegerField(_("blocking pairs"), default=0)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    published_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("match day round")
        verbose_name_plural = _("match day rounds")
        ordering = ["match_day", "number"]
        constraints = [
            models.UniqueConstraint(fields=["match_day", "number"], name="matchround_unique"),
            models.CheckConstraint(
                name="matchround_published_has_time",
                condition=~Q(status="published") | Q(published_at__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.match_day} · {self.number}"


class RankList(models.Model):
    """One side's ordered list for one round: a trainee's postings or a posting's trainees."""

    round = models.ForeignKey(MatchRound, on_delete=models.CASCADE, related_name="rank_lists")
    trainee = models.ForeignKey(
        "academy.Trainee", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    posting = models.ForeignKey(
        "hiring.JobPosting", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    submitted_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    submitted_at = models.DateTimeField(_("submitted at"))

    class Meta:
        verbose_name = _("rank list")
        verbose_name_plural = _("rank lists")
        constraints = [
            models.CheckConstraint(
                name="ranklist_one_side",
                condition=Q(trainee__isnull=False, posting__isnull=True)
                | Q(trainee__isnull=True, posting__isnull=False),
            ),
            models.UniqueConstraint(
                fields=["round", "trainee"],
                condition=Q(trainee__isnull=False),
                name="ranklist_one_per_trainee",
            ),
            models.UniqueConstraint(
                fields=["round", "posting"],
                condition=Q(posting__isnull=False),
                name="ranklist_one_per_posting",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.round} · {self.trainee_id or self.posting_id}"


class RankEntry(models.Model):
    rank_list = models.ForeignKey(RankList, on_delete=models.CASCADE, related_name="entries")
    position = models.PositiveSmallIntegerField(_("rank"), validators=[MinValueValidator(1)])
    posting = models.ForeignKey(
        "hiring.JobPosting", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    trainee = models.ForeignKey(
        "academy.Trainee", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )

    class Meta:
        verbose_name = _("rank list entry")
        verbose_name_plural = _("rank list entries")
        ordering = ["rank_list", "position"]
        constraints = [
            models.UniqueConstraint(fields=["rank_list", "position"], name="rankentry_position"),
            models.CheckConstraint(
                name="rankentry_one_side",
                condition=Q(trainee__isnull=False, posting__isnull=True)
                | Q(trainee__isnull=True, posting__isnull=False),
            ),
            models.UniqueConstraint(
                fields=["rank_list", "posting"],
                condition=Q(posting__isnull=False),
                name="rankentry_posting_once",
            ),
            models.UniqueConstraint(
                fields=["rank_list", "trainee"],
                condition=Q(trainee__isnull=False),
                name="rankentry_trainee_once",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.position}. {self.posting_id or self.trainee_id}"


class MatchResult(models.Model):
    round = models.ForeignKey(MatchRound, on_delete=models.CASCADE, related_name="results")
    trainee = models.ForeignKey(
        "academy.Trainee", on_delete=models.CASCADE, related_name="+", verbose_name=_("trainee")
    )
    posting = models.ForeignKey(
        "hiring.JobPosting",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("matched posting"),
    )
    trainee_choice = models.PositiveSmallIntegerField(
        _("trainee's rank of the posting"), null=True, blank=True
    )
    company_choice = models.PositiveSmallIntegerField(
        _("company's rank of the trainee"), null=True, blank=True
    )
    application = models.ForeignKey(
        "applications.Application",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("application"),
    )

    class Meta:
        verbose_name = _("match result")
        verbose_name_plural = _("match results")
        ordering = ["round", "posting_id", "trainee_id"]
        constraints = [
            models.UniqueConstraint(fields=["round", "trainee"], name="matchresult_unique")
        ]

    def __str__(self) -> str:
        return f"{self.trainee_id} → {self.posting_id or '-'}"
