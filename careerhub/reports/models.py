"""Standings: the outcome calculator's verdict for each completer, kept so dashboards add up
with GROUP BY instead of classifying every trainee on every request.

Nothing here decides a rate. ``services.standings_refresh`` feeds the ledger
(``outcomes.selectors.ledger_facts``) to the calculator (``outcomes.rules.classify``) and stores
what it answers; the selectors count those rows and hand the counts back to the calculator
(``rules.tally_figure``) for rates, targets and hires still needed. A row is rebuilt whenever
its trainee, one of its outcomes, its course or the rule sets in force change.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class TraineeSnapshot(models.Model):
    """One trainee as the dashboards count them: where they trained and their first hire."""

    trainee = models.OneToOneField(
        "academy.Trainee",
        primary_key=True,
        on_delete=models.CASCADE,
        related_name="report_snapshot",
        verbose_name=_("trainee"),
    )
    cohort = models.ForeignKey(
        "academy.Cohort", on_delete=models.CASCADE, related_name="+", db_index=False
    )
    operator = models.ForeignKey(
        "academy.TrainingOperator", on_delete=models.CASCADE, related_name="+", db_index=False
    )
    course = models.ForeignKey("academy.Course", on_delete=models.CASCADE, related_name="+")
    status = models.CharField(_("status"), max_length=16)
    completed_on = models.DateField(_("completed on"), null=True)
    intent = models.CharField(_("intent"), max_length=16, blank=True)
    placed = models.BooleanField(_("employed or founded a company"), default=False)
    first_hire_on = models.DateField(_("first hire"), null=True)
    days_to_hire = models.IntegerField(_("days from completion to hire"), null=True)
    hire_in_city = models.BooleanField(_("hired in the city"), null=True)
    hire_in_role = models.BooleanField(_("hired into the trained role"), null=True)

    class Meta:
        verbose_name = _("trainee snapshot")
        verbose_name_plural = _("trainee snapshots")
        indexes = [
            models.Index(fields=["cohort", "operator"], name="reports_snap_cohort_op"),
            models.Index(fields=["operator", "cohort"], name="reports_snap_op_cohort"),
            models.Index(fields=["cohort", "days_to_hire"], name="reports_snap_days"),
        ]

    def __str__(self) -> str:
        return f"snapshot {self.trainee_id}"


class Standing(models.Model):
    """One completer under one rule set: the calculator's verdict."""

    snapshot = models.ForeignKey(
        TraineeSnapshot, on_delete=models.CASCADE, related_name="standings"
    )
    rule_code = models.SlugField(_("rule set"), max_length=40)
    rule_version = models.PositiveSmallIntegerField(_("version"))
    # Copied from the snapshot so one index serves every dashboard grouping.
    cohort_id_copy = models.IntegerField()
    operator_id_copy = models.IntegerField()
    course_id_copy = models.IntegerField()
    completed_on = models.DateField()
    counted = models.BooleanField()
    success = models.BooleanField()
    category = models.CharField(max_length=32)
    deadline = models.DateField()
    # The first whole month after completion at which the outcome already counted (0: at
    # completion); null when not a success. Gives the trend by month since completion.
    success_month = models.SmallIntegerField(null=True)
    # A Korean-style rule's window successes, e.g. "3:non_insured;6:insured" (empty: none).
    # A column rather than a child table, so one GROUP BY counts them with the rest.
    windows = models.CharField(max_length=100, blank=True)

    class Meta:
        verbose_name = _("standing")
        verbose_name_plural = _("standings")
        constraints = [
            models.UniqueConstraint(
                fields=["snapshot", "rule_code"], name="reports_standing_unique"
            )
        ]
        indexes = [
            # Covers the dashboard's GROUP BY so PostgreSQL can answer from the index alone.
            models.Index(
                fields=[
                    "rule_code",
                    "cohort_id_copy",
                    "operator_id_copy",
                    "course_id_copy",
                    "category",
                    "windows",
                    "counted",
                    "success",
                    "deadline",
                ],
                name="reports_standing_groups",
            ),
            models.Index(
                fields=["rule_code", "operator_id_copy", "cohort_id_copy"],
                name="reports_standing_op",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.snapshot_id} {self.rule_code}: {self.category}"


class RefreshMark(models.Model):
    """Where the last refresh of the standings stopped (a single row, key "standings")."""

    key = models.CharField(max_length=32, primary_key=True)
    rules_signature = models.CharField(max_length=500, blank=True)
    watermark = models.DateTimeField(null=True)
    refreshed_at = models.DateTimeField(null=True)
    trainees_refreshed = models.PositiveIntegerField(default=0)
    # Goes up whenever a refresh changed any row: cached counts of an older generation are stale.
    generation = models.PositiveBigIntegerField(default=0)
    # A random name for the generation, so a cache never confuses two databases (or a restored
    # backup) that happen to be at the same generation number.
    generation_token = models.CharField(max_length=32, blank=True)

    def __str__(self) -> str:
        return self.key
