"""Reads of the ledger: rates under every rule set, the deadline cockpit, a trainee's ledger.

The ledger reaches the calculator as plain ``TraineeFacts`` built in two queries (completers,
then their confirmed outcomes, both as ``values()`` ordered by trainee): one pass, no
per-trainee query, so a dashboard over 100,000 trainees stays a matter of seconds.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Hashable, Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from careerhub.academy.models import Cohort, Course, Trainee, TrainingOperator
from careerhub.core import korean
from careerhub.core.actors import Actor
from careerhub.outcomes import policies, rules
from careerhub.outcomes.models import (
    EXCLUSION_TYPES,
    Insurance,
    Outcome,
    OutcomeType,
    RuleSet,
)

CLOSING_DAYS = 30


# --- rule sets ------------------------------------------------------------------------------


@dataclass(frozen=True)
class ActiveRule:
    code: str
    version: int
    kind: str
    name: str
    effective_from: dt.date
    params: rules.RuleParams


def rule_sets_in_force(*, on: dt.date) -> list[ActiveRule]:
    """For each rule code, the latest version whose effective date is on or before ``on``."""
    latest: dict[str, RuleSet] = {}
    for row in RuleSet.objects.filter(effective_from__lte=on).order_by("code", "effective_from"):
        latest[row.code] = row
    order = {RuleSet.Kind.KR_TRAINING: 0, RuleSet.Kind.PROGRAM_TARGET: 1, RuleSet.Kind.CIRR: 2}
    return [
        ActiveRule(
            code=row.code,
            version=row.version,
            kind=row.kind,
            name=row.name,
            effective_from=row.effective_from,
            params=rules.parameters_parse(row.kind, row.parameters),
        )
        for row in sorted(latest.values(), key=lambda r: (order.get(r.kind, 9), r.code))
    ]


def rule_set_list() -> QuerySet[RuleSet]:
    return RuleSet.objects.order_by("code", "-version")


# --- the ledger as facts --------------------------------------------------------------------


def ledger_facts(trainees: QuerySet[Trainee]) -> Iterator[rules.TraineeFacts]:
    """Completers of ``trainees`` with their confirmed outcome episodes, as plain values."""
    completers = trainees.filter(status=Trainee.Status.COMPLETED).order_by("pk")
    episodes: dict[int, list[rules.Episode]] = defaultdict(list)
    rows = (
        Outcome.objects.filter(status=Outcome.Status.CONFIRMED, trainee__in=completers.values("pk"))
        .order_by("trainee_id", "start_date", "pk")
        .values_list(
            "trainee_id",
            "outcome_type",
            "start_date",
            "end_date",
            "insurance",
            "employment_type",
            "in_field",
            "evidence_file",
            "evidence_reference",
            "absence_weeks",
        )
    )
    for tid, kind, start, end, insurance, emp_type, in_field, file, ref, weeks in rows.iterator(
        chunk_size=5000
    ):
        episodes[tid].append(
            rules.Episode(
                outcome_type=kind,
                start_date=start,
                end_date=end,
                insurance=insurance,
                employment_type=emp_type,
                in_field=in_field,
                has_evidence=bool(file) or bool((ref or "").strip()),
                absence_weeks=weeks,
            )
        )
    for tid, completed_on, intent, cohort_id, operator_id, course_id in completers.values_list(
        "pk",
        "completed_on",
        "enrolment_intent__intent",
        "course__cohort_id",
        "course__operator_id",
        "course_id",
    ).iterator(chunk_size=5000):
        yield rules.TraineeFacts(
            trainee_id=tid,
            completed_on=completed_on,
            intent=intent,
            episodes=tuple(episodes.get(tid, ())),
            cohort_id=cohort_id,
            operator_id=operator_id,
            course_id=course_id,
        )


# --- rate tables ----------------------------------------------------------------------------


@dataclass(frozen=True)
class RateRow:
    level: str  # "cohort" | "operator" | "course" | "period"
    label: str
    figures: tuple[rules.RateFigure, ...]  # one per rule, in the order of ``rules``
    cohort_number: int | None = None


@dataclass(frozen=True)
class RateTable:
    as_of: dt.date
    rules: tuple[ActiveRule, ...]
    rows: tuple[RateRow, ...]
    fiscal_rows: tuple[RateRow, ...] = ()
    calendar_rows: tuple[RateRow, ...] = ()
    operators: tuple[TrainingOperator, ...] = field(default_factory=tuple)


def _figures(
    active: list[ActiveRule],
    tallies: list[dict[Hashable, rules.Tally]],
    key: Hashable,
    target: Decimal | None,
) -> tuple[rules.RateFigure, ...]:
    return tuple(
        rules.tally_figure(
            rule.params, by_key.get(key, rules.Tally()), rules.target_for(rule.params, target)
        )
        for rule, by_key in zip(active, tallies, strict=True)
    )


def rate_table_for(
    *,
    actor: Actor,
    as_of: dt.date | None = None,
    operator_id: int | None = None,
    with_courses: bool = True,
) -> RateTable:
    """Rates under every rule set in force on ``as_of``: per cohort, per operator within the
    cohort and per course, then per fiscal and calendar year of completion."""
    today = as_of or timezone.localdate()
    operators = policies.rate_operators_for(actor)
    if operator_id is not None:
        operators = operators.filter(pk=operator_id)
    operator_ids = set(operators.values_list("pk", flat=True))
    active = rule_sets_in_force(on=today)
    trainees = Trainee.objects.filter(course__operator_id__in=operator_ids)
    facts = list(ledger_facts(trainees))
    groupings: dict[str, rules.Grouping] = {
        "cohort": lambda f: f.cohort_id,
        "operator": lambda f: (f.cohort_id, f.operator_id),
        "course": lambda f: f.course_id,
    }
    per_rule = [
        rules.aggregate_many(rule.params, facts, today=today, groupings=groupings)
        for rule in active
    ]
    cohorts = Cohort.objects.filter(courses__operator_id__in=operator_ids).distinct()
    operator_names = {o.pk: str(o) for o in operators}
    courses_by_cohort: dict[int, list[Course]] = defaultdict(list)
    for course in Course.objects.filter(operator_id__in=operator_ids).select_related("operator"):
        courses_by_cohort[course.cohort_id].append(course)
    rows: list[RateRow] = []
    for cohort in cohorts.order_by("number"):
        target = cohort.employment_target
        rows.append(
            RateRow(
                "cohort",
                str(cohort),
                _figures(active, [t["cohort"] for t in per_rule], cohort.pk, target),
                cohort.number,
            )
        )
        by_operator = sorted(
            {c.operator_id for c in courses_by_cohort[cohort.pk]}, key=lambda pk: operator_names[pk]
        )
        for op_id in by_operator:
            rows.append(
                RateRow(
                    "operator",
                    operator_names[op_id],
                    _figures(active, [t["operator"] for t in per_rule], (cohort.pk, op_id), target),
                    cohort.number,
                )
            )
            if not with_courses:
                continue
            for course in sorted(courses_by_cohort[cohort.pk], key=lambda c: c.name):
                if course.operator_id == op_id:
                    rows.append(
                        RateRow(
                            "course",
                            course.name,
                            _figures(active, [t["course"] for t in per_rule], course.pk, target),
                            cohort.number,
                        )
                    )
    fiscal_rows, calendar_rows = _period_rows(active, facts, today)
    return RateTable(
        as_of=today,
        rules=tuple(active),
        rows=tuple(rows),
        fiscal_rows=fiscal_rows,
        calendar_rows=calendar_rows,
        operators=tuple(operators.order_by("name")),
    )


def _period_rows(
    active: list[ActiveRule], facts: list[rules.TraineeFacts], today: dt.date
) -> tuple[tuple[RateRow, ...], tuple[RateRow, ...]]:
    """Evaluation periods by completion date: fiscal years (July–June) and calendar years.
    Periods mix cohorts, so no target is set for them."""
    start_month = next(
        (r.params.fiscal_year_start_month for r in active if r.kind == RuleSet.Kind.KR_TRAINING),
        7,
    )
    groupings: dict[str, rules.Grouping] = {
        "fiscal": lambda f: rules.fiscal_year_of(f.completed_on, start_month),  # type: ignore[arg-type]
        "calendar": lambda f: f.completed_on.year,  # type: ignore[union-attr]
    }
    per_rule = [
        rules.aggregate_many(rule.params, facts, today=today, groupings=groupings)
        for rule in active
    ]
    years_fiscal = sorted({k for t in per_rule for k in t["fiscal"]})
    years_calendar = sorted({k for t in per_rule for k in t["calendar"]})
    fiscal = []
    for year in years_fiscal:
        first, last = rules.fiscal_year_bounds(year, start_month)  # type: ignore[arg-type]
        label = _("FY %(year)s (%(first)s–%(last)s)") % {
            "year": year,
            "first": korean.format_date(first),
            "last": korean.format_date(last),
        }
        fiscal.append(
            RateRow("period", label, _figures(active, [t["fiscal"] for t in per_rule], year, None))
        )
    calendar = [
        RateRow(
            "period",
            _("%(year)s") % {"year": year},
            _figures(active, [t["calendar"] for t in per_rule], year, None),
        )
        for year in years_calendar
    ]
    return tuple(fiscal), tuple(calendar)


def cohort_rate_figures(
    *, cohort: Cohort, as_of: dt.date | None = None
) -> dict[str, rules.RateFigure]:
    """The cohort's figure under each rule in force, keyed by rule code (no actor: aggregate)."""
    today = as_of or timezone.localdate()
    active = rule_sets_in_force(on=today)
    facts = list(ledger_facts(Trainee.objects.filter(course__cohort=cohort)))
    return {
        rule.code: rules.tally_figure(
            rule.params,
            rules.aggregate(rule.params, facts, today=today, key=lambda f: 0).get(0, rules.Tally()),
            rules.target_for(rule.params, cohort.employment_target),
        )
        for rule in active
    }


# --- one trainee ----------------------------------------------------------------------------


@dataclass(frozen=True)
class TraineeStanding:
    rule: ActiveRule
    verdict: rules.Verdict | None


def trainee_standing(*, trainee: Trainee, as_of: dt.date | None = None) -> list[TraineeStanding]:
    """Where the trainee falls under each rule in force (None before completion)."""
    today = as_of or timezone.localdate()
    facts = next(ledger_facts(Trainee.objects.filter(pk=trainee.pk)), None)
    return [
        TraineeStanding(rule, rules.classify(rule.params, facts) if facts else None)
        for rule in rule_sets_in_force(on=today)
    ]


def trainee_deadline(trainee: Trainee, months: int = 6) -> dt.date | None:
    if trainee.completed_on is None:
        return None
    return rules.add_months(trainee.completed_on, months)


def trainee_outcomes(*, trainee: Trainee) -> QuerySet[Outcome]:
    return trainee.outcomes.select_related("company", "job_role", "verified_by").prefetch_related(
        "revisions__changed_by"
    )


# --- the deadline cockpit -------------------------------------------------------------------


@dataclass(frozen=True)
class ClosingTrainee:
    trainee: Trainee
    deadline: dt.date
    days_left: int


@dataclass(frozen=True)
class Cockpit:
    operator: TrainingOperator
    today: dt.date
    closing: tuple[ClosingTrainee, ...]
    exclusions_without_evidence: tuple[Outcome, ...]
    hires_without_insurance: tuple[Outcome, ...]
    awaiting_confirmation: tuple[Outcome, ...]
    table: RateTable


SUCCESS_TYPES = (OutcomeType.EMPLOYED, OutcomeType.STARTUP)


def _closing(trainees: QuerySet[Trainee], today: dt.date) -> Iterator[tuple[Trainee, dt.date]]:
    """Completers with no confirmed job, company or exclusion whose 6-month deadline falls in
    the next 30 days. The query bounds are widened by a few days (month ends clamp) and the
    exact deadline is checked here."""
    slack = dt.timedelta(days=4)
    settled = Outcome.objects.filter(
        Q(outcome_type__in=SUCCESS_TYPES) | Q(outcome_type__in=EXCLUSION_TYPES),
        status=Outcome.Status.CONFIRMED,
    ).values("trainee_id")
    candidates = (
        trainees.filter(
            status=Trainee.Status.COMPLETED,
            completed_on__gte=rules.add_months(today, -6) - slack,
            completed_on__lte=rules.add_months(today + dt.timedelta(days=CLOSING_DAYS), -6) + slack,
        )
        .exclude(pk__in=settled)
        .select_related("course", "consultant")
        .order_by("completed_on", "name", "pk")
    )
    last = today + dt.timedelta(days=CLOSING_DAYS)
    for trainee in candidates:
        deadline = rules.add_months(trainee.completed_on, 6)
        if today <= deadline <= last:
            yield trainee, deadline


def cockpit_for(
    *, actor: Actor, operator: TrainingOperator, today: dt.date | None = None
) -> Cockpit:
    today = today or timezone.localdate()
    trainees = Trainee.objects.filter(course__operator=operator)
    closing = [
        ClosingTrainee(t, deadline, (deadline - today).days)
        for t, deadline in _closing(trainees, today)
    ]
    closing.sort(key=lambda c: (c.deadline, c.trainee.name))
    live = (
        Outcome.objects.filter(trainee__course__operator=operator)
        .exclude(status=Outcome.Status.REJECTED)
        .select_related("trainee__course", "company")
    )
    no_evidence = live.filter(
        outcome_type__in=EXCLUSION_TYPES, evidence_file="", evidence_reference=""
    ).order_by("start_date")
    uninsured = live.filter(
        outcome_type=OutcomeType.EMPLOYED, insurance=Insurance.UNCONFIRMED
    ).order_by("start_date")
    awaiting = live.filter(status=Outcome.Status.PROPOSED).order_by("created_at")
    return Cockpit(
        operator=operator,
        today=today,
        closing=tuple(closing),
        exclusions_without_evidence=tuple(no_evidence),
        hires_without_insurance=tuple(uninsured),
        awaiting_confirmation=tuple(awaiting),
        table=rate_table_for(actor=actor, as_of=today, operator_id=operator.pk, with_courses=False),
    )


def operator_cockpit_counts(
    *, operator_ids: Iterable[int], today: dt.date | None = None
) -> dict[str, int]:
    """Counts for a home page: outcomes waiting for staff, closing windows (no names)."""
    today = today or timezone.localdate()
    live = Outcome.objects.filter(trainee__course__operator_id__in=list(operator_ids)).exclude(
        status=Outcome.Status.REJECTED
    )
    closing = sum(
        1
        for _ in _closing(Trainee.objects.filter(course__operator_id__in=list(operator_ids)), today)
    )
    return {
        "awaiting": live.filter(status=Outcome.Status.PROPOSED).count(),
        "closing": closing,
    }
