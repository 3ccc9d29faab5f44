"""``dashboard_for``: every figure of one dashboard, for a scope and filters.

It only reads. The standings it counts are brought up to date by
``services.standings_refresh``, which the views call before they read (and
``manage.py reports_refresh`` runs nightly); the counts are cached per standings generation,
so they never outlive the standings they were counted from.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Hashable
from dataclasses import replace
from decimal import Decimal

from django.core.cache import cache
from django.db.models import QuerySet
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from careerhub.academy.models import Cohort, Course, Trainee, TrainingOperator
from careerhub.core.actors import Actor
from careerhub.core.signatures import data_signature, digest
from careerhub.outcomes import knowledge as outcome_knowledge
from careerhub.outcomes import rules
from careerhub.outcomes import selectors as outcome_selectors
from careerhub.outcomes.models import Outcome
from careerhub.reports import gaps
from careerhub.reports.models import RefreshMark, Standing, TraineeSnapshot
from careerhub.reports.policies import Scope
from careerhub.reports.selectors.charts_and_tables import add_charts_and_tables
from careerhub.reports.selectors.figures import (
    Dashboard,
    FunnelStep,
    RateLine,
    RuleFigure,
    add_trend,
    hire_counts,
    hire_stats_lines,
    people_url,
    tallies_by_level,
    trend_counts,
)
from careerhub.reports.selectors.filters import Filters, apply_snapshot_filters
from careerhub.reports.services import MARK_KEY, rules_signature

MAX_COURSE_ROWS = 60
COUNTS_CACHE_SECONDS = 24 * 3600  # keyed by the standings' generation: never stale


def standings_generation() -> str:
    """The name of the standings' current generation ("" before the first refresh)."""
    token = (
        RefreshMark.objects.filter(key=MARK_KEY).values_list("generation_token", flat=True).first()
    )
    return token or ""


def _counts(
    *,
    standing_qs: QuerySet[Standing],
    snaps: QuerySet[TraineeSnapshot],
    scope: Scope,
    filters: Filters,
    today: dt.date,
    generation: str,
) -> tuple:
    """The GROUP BY counts of a dashboard. They change only when a refresh changed the
    standings, so they are cached per generation (not at all before the first refresh)."""
    ops = scope.operator_ids
    cache_key = "reports:counts:" + ":".join(
        str(part)
        for part in (
            generation,
            sorted(ops) if ops is not None else "all",
            filters.query(),
            today.isoformat(),
            translation.get_language(),
        )
    )
    cached = cache.get(cache_key) if generation else None
    if cached is None:
        cached = (
            tallies_by_level(standing_qs, today),
            hire_counts(snaps),
            trend_counts(standing_qs, filters.rule),
        )
        if generation:
            cache.set(cache_key, cached, COUNTS_CACHE_SECONDS)
    return cached


def dashboard_for(
    *, actor: Actor, scope: Scope, filters: Filters, today: dt.date | None = None
) -> Dashboard:
    """Every figure of a dashboard for ``scope``, narrowed by ``filters``, counted from the
    standings as they stand (call ``services.standings_refresh`` first for up-to-date ones)."""
    now = timezone.localdate()
    today = today or now
    # The standings follow the rule sets in force now; ``today`` dates the counting (who is
    # still inside their window, how many months have passed), e.g. a past month's report.
    active = outcome_selectors.rule_sets_in_force(on=now)
    headline = next((r for r in active if r.code == filters.rule), None) or next(
        (r for r in active if r.kind == "program_target"), active[0] if active else None
    )
    filters = replace(filters, rule=headline.code if headline else "")
    ops = scope.operator_ids
    standing_qs = Standing.objects.filter(rule_code__in=[r.code for r in active])
    snaps = TraineeSnapshot.objects.all()
    if ops is not None:
        standing_qs = standing_qs.filter(operator_id_copy__in=ops)
        snaps = snaps.filter(operator_id__in=ops)
    standing_qs = apply_snapshot_filters(standing_qs, filters, "standing")
    snaps = apply_snapshot_filters(snaps, filters)
    generation = standings_generation()
    tallies, hire_rows, trend_rows = _counts(
        standing_qs=standing_qs,
        snaps=snaps,
        scope=scope,
        filters=filters,
        today=today,
        generation=generation,
    )
    # The rate lines, who is known at each window and retention: counted from the standings
    # and the ledger (both move to a new generation when they change) and named after
    # cohorts, operators and courses (their own signature), so cached under both.
    core_key = "reports:dashboard-core:" + digest(
        generation,
        data_signature(
            (Cohort.objects.all(), "updated_at"),
            (TrainingOperator.objects.all(), "updated_at"),
            (Course.objects.all(), "updated_at"),
            # a deleted outcome or trainee leaves no dirty mark for the standings' refresh
            (Outcome.objects.all(), "updated_at"),
            (Trainee.objects.all(), "updated_at"),
        ),
        rules_signature(active),
        scope.kind,
        sorted(ops) if ops is not None else "all",
        scope.links,
        scope.operator.pk if scope.operator else None,
        filters.query(),
        today,
        now,
        translation.get_language(),
    )
    cached = cache.get(core_key) if generation else None
    if cached is None:
        cached = _dashboard_core(
            scope=scope,
            filters=filters,
            today=today,
            active=active,
            headline=headline,
            tallies=tallies,
            hire_rows=hire_rows,
        )
        if generation:
            cache.set(core_key, cached, COUNTS_CACHE_SECONDS)
    dashboard, courses = cached
    if scope.kind != "committee":
        _add_funnel(dashboard, actor, snaps, courses)
    if scope.kind in ("office", "committee"):
        _add_attraction(dashboard, actor, today)
    _add_gap(dashboard, actor, today)
    if scope.kind == "operator" and scope.operator is not None:
        dashboard.cockpit = outcome_selectors.operator_cockpit_counts(
            operator_ids=[scope.operator.pk], today=today
        )
    add_trend(dashboard, trend_rows)
    add_charts_and_tables(dashboard)
    return dashboard


def _dashboard_core(
    *,
    scope: Scope,
    filters: Filters,
    today: dt.date,
    active: list,
    headline,
    tallies: dict,
    hire_rows,
) -> tuple[Dashboard, list[Course]]:
    """The part of a dashboard that only the standings, the ledger and the names of cohorts,
    operators and courses decide: the rate lines with their figures and links, what is known
    at each window, and retention. Returns it with the courses it covers."""
    ops = scope.operator_ids

    course_qs = Course.objects.select_related("operator", "cohort")
    if ops is not None:
        course_qs = course_qs.filter(operator_id__in=ops)
    if filters.cohort_id:
        course_qs = course_qs.filter(cohort_id=filters.cohort_id)
    if filters.operator_id:
        course_qs = course_qs.filter(operator_id=filters.operator_id)
    if filters.course_id:
        course_qs = course_qs.filter(pk=filters.course_id)
    courses = list(course_qs)
    cohorts = {c.cohort_id: c.cohort for c in courses}
    operators = {c.operator_id: c.operator for c in courses}
    scoped = _scoped_trainees(scope, filters)
    know_months = tuple(
        sorted(
            set(outcome_knowledge.checkin_months())
            | {m for r in active for m in outcome_knowledge.rule_window_months(r.params)}
        )
    )
    head_months = outcome_knowledge.headline_months(headline.params) if headline else None
    knowledge = outcome_knowledge.knowledge_for(
        trainees=scoped,
        today=today,
        months=know_months,
        groupings={
            "total": lambda f: 0,
            "cohort": lambda f: f.cohort_id,
            "operator": lambda f: (f.cohort_id, f.operator_id),
            "course": lambda f: f.course_id,
        },
    )

    def known(level: str, key: Hashable) -> dict:
        k = knowledge[level].get(key, outcome_knowledge.EMPTY)
        return {
            "knowledge": k,
            "known": k.for_rate(head_months) if head_months is not None else None,
        }

    def rule_figures(level: str, key: Hashable, target: Decimal | None, **link) -> tuple:
        figures = []
        for rule in active:
            figure = rules.tally_figure(
                rule.params,
                tallies.get((rule.code, level, key), rules.Tally()),
                rules.target_for(rule.params, target),
            )
            figures.append(
                RuleFigure(
                    rule,
                    figure,
                    success_url=people_url(
                        scope, filters, rule=rule.code, bucket="success", **link
                    ),
                    counted_url=people_url(
                        scope, filters, rule=rule.code, bucket="counted", **link
                    ),
                    open_url=people_url(scope, filters, rule=rule.code, bucket="open", **link),
                )
            )
        return tuple(figures)

    def completers_url(**link) -> str:
        return people_url(scope, filters, bucket="completers", **link)

    # Course rows once the view is narrowed (or small): at a glance, cohorts and operators.
    show_courses = (
        bool(filters.cohort_id or filters.operator_id or filters.course_id)
        or scope.kind == "operator"
        or len(courses) <= MAX_COURSE_ROWS
    )
    lines: list[RateLine] = []
    for cohort in sorted(cohorts.values(), key=lambda c: c.number):
        target = cohort.employment_target
        link = {"cohort": cohort.pk}
        lines.append(
            RateLine(
                "cohort",
                str(cohort),
                cohort,
                rule_figures("cohort", cohort.pk, target, **link),
                completers_url(**link),
                **known("cohort", cohort.pk),
            )
        )
        cohort_courses = [c for c in courses if c.cohort_id == cohort.pk]
        for op_id in sorted(
            {c.operator_id for c in cohort_courses}, key=lambda o: operators[o].name
        ):
            link = {"cohort": cohort.pk, "operator": op_id}
            lines.append(
                RateLine(
                    "operator",
                    str(operators[op_id]),
                    cohort,
                    rule_figures("operator", (cohort.pk, op_id), target, **link),
                    completers_url(**link),
                    **known("operator", (cohort.pk, op_id)),
                )
            )
            if not show_courses:
                continue
            for course in sorted(
                (c for c in cohort_courses if c.operator_id == op_id), key=lambda c: c.name
            ):
                link = {"cohort": cohort.pk, "operator": op_id, "course": course.pk}
                lines.append(
                    RateLine(
                        "course",
                        course.name,
                        cohort,
                        rule_figures("course", course.pk, target, **link),
                        completers_url(**link),
                        **known("course", course.pk),
                    )
                )
    targets = {c.employment_target for c in cohorts.values()}
    total = RateLine(
        "total",
        _("All cohorts shown"),
        None,
        rule_figures("total", 0, targets.pop() if len(targets) == 1 else None),
        completers_url(),
        **known("total", 0),
    )
    dashboard = Dashboard(
        scope=scope,
        filters=filters,
        as_of=today,
        rules=tuple(active),
        headline=headline,
        total=total,
        lines=lines,
        hire_stats=hire_stats_lines(hire_rows, cohorts, scope, filters),
        cohorts=sorted(cohorts.values(), key=lambda c: c.number),
        knowledge_months=know_months,
        headline_months=head_months,
    )
    _add_retention(dashboard, scoped, today, cohorts)
    return dashboard, courses


def _add_funnel(
    dashboard: Dashboard, actor: Actor, snaps: QuerySet[TraineeSnapshot], courses: list[Course]
) -> None:
    from careerhub.intake import selectors as intake_selectors

    if not dashboard.cohorts:
        return
    cohort = dashboard.cohorts[-1]
    if dashboard.filters.cohort_id:
        cohort = next(c for c in dashboard.cohorts if c.pk == dashboard.filters.cohort_id)
    course_ids = {c.pk for c in courses if c.cohort_id == cohort.pk}
    totals, rows = intake_selectors.funnel_for(actor=actor, cohort=cohort)
    narrowed = dashboard.scope.kind == "operator" or any(
        (dashboard.filters.operator_id, dashboard.filters.course_id)
    )
    picked = [r for r in rows if r.course_id in course_ids]

    def total(name: str) -> int:
        return sum(getattr(r, name) for r in picked) if narrowed else getattr(totals, name)

    placed = snaps.filter(cohort_id=cohort.pk, placed=True).count()
    scope, filters = dashboard.scope, dashboard.filters
    dashboard.funnel_cohort = cohort
    dashboard.funnel = [
        FunnelStep(_("Applied to the academy"), total("applications")),
        FunnelStep(_("Selected for a course"), total("selected")),
        FunnelStep(
            _("Enrolled in a course"),
            total("enrolled"),
            people_url(scope, filters, cohort=cohort.pk, bucket="enrolled"),
        ),
        FunnelStep(
            _("Completed"),
            total("completed"),
            people_url(scope, filters, cohort=cohort.pk, bucket="completers"),
        ),
        FunnelStep(
            _("Employed or founded a company"),
            placed,
            people_url(scope, filters, cohort=cohort.pk, bucket="placed"),
        ),
    ]


def _add_attraction(dashboard: Dashboard, actor: Actor, today: dt.date) -> None:
    from careerhub.companies import selectors as company_selectors

    dashboard.attraction = company_selectors.attraction_progress(actor=actor, year=today.year)


def _add_gap(dashboard: Dashboard, actor: Actor, today: dt.date) -> None:
    dashboard.gap = gaps.gap_view(actor=actor, cohort_id=dashboard.filters.cohort_id, today=today)


def _scoped_trainees(scope: Scope, filters: Filters) -> QuerySet[Trainee]:
    """The trainees behind a dashboard: its scope narrowed by the filters (the same cuts the
    standings get), for the figures counted from the ledger itself."""
    trainees = Trainee.objects.all()
    if scope.operator_ids is not None:
        trainees = trainees.filter(course__operator_id__in=scope.operator_ids)
    if filters.cohort_id:
        trainees = trainees.filter(course__cohort_id=filters.cohort_id)
    if filters.operator_id:
        trainees = trainees.filter(course__operator_id=filters.operator_id)
    if filters.course_id:
        trainees = trainees.filter(course_id=filters.course_id)
    if filters.period_from:
        trainees = trainees.filter(completed_on__gte=filters.period_from)
    if filters.period_to:
        trainees = trainees.filter(completed_on__lte=filters.period_to)
    return trainees


def _add_retention(
    dashboard: Dashboard, trainees: QuerySet[Trainee], today: dt.date, cohorts: dict
) -> None:
    """Retention after hire per cohort and, except on the committee's summary, per company."""
    rows = outcome_knowledge.retention_for(trainees=trainees, today=today, by="cohort")
    dashboard.retention_cohorts = [
        replace(r, label=str(cohorts[r.key]) if r.key in cohorts else r.label) for r in rows
    ]
    if dashboard.scope.kind != "committee":
        dashboard.retention_companies = outcome_knowledge.retention_for(
            trainees=trainees, today=today, by="company"
        )
