"""Reads for the dashboards and reports, scoped by who asks.

Every rate comes from the outcome calculator: the standings are its verdicts
(``services.standings_refresh``); here they are counted with GROUP BY, put back into the
calculator's ``rules.Tally`` and turned into ``rules.RateFigure`` by ``rules.tally_figure``
(rate, target, hires still needed). Nothing here decides who counts.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Hashable, Iterable
from dataclasses import dataclass, field, replace
from decimal import Decimal
from urllib.parse import urlencode

from django.core.cache import cache
from django.db.models import Count, Q, QuerySet
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from careerhub.academy.models import Cohort, Course, Trainee, TrainingOperator
from careerhub.core.actors import Actor
from careerhub.core.policy import PermissionDenied
from careerhub.outcomes import rules
from careerhub.outcomes import selectors as outcome_selectors
from careerhub.outcomes.labels import VERDICT_LABELS
from careerhub.reports import charts, policies
from careerhub.reports.models import Standing, TraineeSnapshot
from careerhub.reports.services import standings_refresh, windows_parse
from careerhub.reports.tables import DATE, DECIMAL, INT, PERCENT, Cell, Column, ReportTable

TREND_MONTHS = 12
TREND_COHORTS = 5
MAX_COURSE_ROWS = 60
COUNTS_CACHE_SECONDS = 24 * 3600  # keyed by the standings' generation: never stale

# --- filters -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Filters:
    """What the URL keeps: cohort, operator, course, completion period and headline rule."""

    cohort_id: int | None = None
    operator_id: int | None = None
    course_id: int | None = None
    period_from: dt.date | None = None  # first completion day counted
    period_to: dt.date | None = None  # last completion day counted
    rule: str = ""

    def params(self, **extra: object) -> dict[str, str]:
        out: dict[str, str] = {}
        if self.cohort_id:
            out["cohort"] = str(self.cohort_id)
        if self.operator_id:
            out["operator"] = str(self.operator_id)
        if self.course_id:
            out["course"] = str(self.course_id)
        if self.period_from:
            out["from"] = f"{self.period_from:%Y-%m}"
        if self.period_to:
            out["to"] = f"{self.period_to:%Y-%m}"
        if self.rule:
            out["rule"] = self.rule
        for key, value in extra.items():
            if value in (None, ""):
                out.pop(key, None)
            else:
                out[key] = str(value)
        return out

    def query(self, **extra: object) -> str:
        return urlencode(self.params(**extra))


def _apply_snapshot_filters(qs: QuerySet, f: Filters, prefix: str = "") -> QuerySet:
    cohort, operator, course = (
        ("cohort_id_copy", "operator_id_copy", "course_id_copy")
        if prefix == "standing"
        else ("cohort_id", "operator_id", "course_id")
    )
    if f.cohort_id:
        qs = qs.filter(**{cohort: f.cohort_id})
    if f.operator_id:
        qs = qs.filter(**{operator: f.operator_id})
    if f.course_id:
        qs = qs.filter(**{course: f.course_id})
    if f.period_from:
        qs = qs.filter(completed_on__gte=f.period_from)
    if f.period_to:
        qs = qs.filter(completed_on__lte=f.period_to)
    return qs


# --- scope ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Scope:
    """Which operators a view covers and whether its figures may link to people."""

    kind: str  # "office" | "operator" | "committee"
    operator_ids: frozenset[int] | None  # None: every operator
    links: bool
    operator: TrainingOperator | None = None


def office_scope(actor: Actor) -> Scope:
    if not policies.can_view_office_dashboard(actor):
        raise PermissionDenied
    return Scope("office", None, links=True)


def operator_scope(actor: Actor, operator: TrainingOperator) -> Scope:
    if not policies.can_view_operator_dashboard(actor, operator):
        raise PermissionDenied
    return Scope("operator", frozenset({operator.pk}), links=True, operator=operator)


def committee_scope(actor: Actor) -> Scope:
    if not policies.can_view_committee_view(actor):
        raise PermissionDenied
    return Scope("committee", None, links=False)


# --- figures --------------------------------------------------------------------------------


@dataclass(frozen=True)
class RuleFigure:
    rule: outcome_selectors.ActiveRule
    figure: rules.RateFigure
    success_url: str = ""
    counted_url: str = ""
    open_url: str = ""


@dataclass(frozen=True)
class RateLine:
    level: str  # "total" | "cohort" | "operator" | "course"
    label: str
    cohort: Cohort | None
    figures: tuple[RuleFigure, ...]
    completers_url: str = ""

    def figure_for(self, code: str) -> RuleFigure | None:
        return next((f for f in self.figures if f.rule.code == code), None)


@dataclass(frozen=True)
class HireStats:
    label: str
    completers: int
    placed: int
    hires: int
    hires_in_city: int
    role_known: int
    hires_in_role: int
    median_days: Decimal | None
    urls: dict[str, str] = field(default_factory=dict)

    @staticmethod
    def _share(part: int, whole: int) -> Decimal | None:
        if not whole:
            return None
        return (Decimal(part) / Decimal(whole)).quantize(Decimal("0.0001"))

    @property
    def city_share(self) -> Decimal | None:
        return self._share(self.hires_in_city, self.hires)

    @property
    def role_match_rate(self) -> Decimal | None:
        return self._share(self.hires_in_role, self.role_known)


@dataclass(frozen=True)
class FunnelStep:
    label: str
    count: int
    url: str = ""


@dataclass(frozen=True)
class GapRow:
    role_name: str
    demand: int
    supply: int
    on_time: int
    shifted: int
    shortage: int
    surplus: int


@dataclass(frozen=True)
class GapView:
    source: str  # where the gap comes from, said on the page
    rows: tuple[GapRow, ...]
    explanations: tuple[str, ...]


@dataclass
class Dashboard:
    scope: Scope
    filters: Filters
    as_of: dt.date
    rules: tuple[outcome_selectors.ActiveRule, ...]
    headline: outcome_selectors.ActiveRule | None
    total: RateLine | None
    lines: list[RateLine]
    hire_stats: list[HireStats]
    funnel_cohort: Cohort | None = None
    funnel: list[FunnelStep] = field(default_factory=list)
    attraction: object | None = None
    gap: GapView | None = None
    cockpit: dict[str, int] | None = None
    charts: dict[str, charts.Chart] = field(default_factory=dict)
    tables: dict[str, ReportTable] = field(default_factory=dict)
    cohorts: list[Cohort] = field(default_factory=list)
    trend: dict[int, list[Decimal | None]] = field(default_factory=dict)

    @property
    def cohort_lines(self) -> list[RateLine]:
        return [line for line in self.lines if line.level == "cohort"]


def _people_url(scope: Scope, filters: Filters, **extra: object) -> str:
    if not scope.links:
        return ""
    params = filters.params(**extra)
    if scope.operator is not None:
        params["operator"] = str(scope.operator.pk)
    return f"{_people_base()}?{urlencode(params)}"


def _people_base() -> str:
    return reverse("reports:people")


def _tallies(
    qs: QuerySet[Standing], today: dt.date
) -> dict[tuple[str, str, Hashable], rules.Tally]:
    """Counts per (rule, level, key) in one GROUP BY, as the calculator's tallies."""
    out: dict[tuple[str, str, Hashable], rules.Tally] = defaultdict(rules.Tally)
    grouped = qs.values(
        "rule_code", "cohort_id_copy", "operator_id_copy", "course_id_copy", "category", "windows"
    ).annotate(
        n=Count("pk"),
        counted_n=Count("pk", filter=Q(counted=True)),
        success_n=Count("pk", filter=Q(counted=True, success=True)),
        open_n=Count("pk", filter=Q(counted=True, success=False, deadline__gte=today)),
    )
    for row in grouped:
        code, cohort = row["rule_code"], row["cohort_id_copy"]
        operator, course = row["operator_id_copy"], row["course_id_copy"]
        windows = windows_parse(row["windows"]) if row["counted_n"] else []
        for key in (
            (code, "total", 0),
            (code, "cohort", cohort),
            (code, "operator", (cohort, operator)),
            (code, "course", course),
        ):
            tally = out[key]
            tally.completers += row["n"]
            tally.denominator += row["counted_n"]
            tally.numerator += row["success_n"]
            tally.still_open += row["open_n"]
            tally.categories[row["category"]] += row["n"]
            for months, kind in windows:
                tally.windows.setdefault(months, Counter())[kind] += row["counted_n"]
    return dict(out)


def _hire_stats_rows(snaps: QuerySet[TraineeSnapshot]) -> dict:
    """Completers, placements, hires, hires in the city and in the trained role, and the
    median days to a hire: per cohort and in total, by aggregate queries."""
    completers = snaps.filter(completed_on__isnull=False)
    aggregates = {
        "completers": Count("pk"),
        "placed": Count("pk", filter=Q(placed=True)),
        "hires": Count("pk", filter=Q(first_hire_on__isnull=False)),
        "in_city": Count("pk", filter=Q(hire_in_city=True)),
        "role_known": Count("pk", filter=Q(hire_in_role__isnull=False)),
        "in_role": Count("pk", filter=Q(hire_in_role=True)),
    }
    per_cohort = {r["cohort_id"]: r for r in completers.values("cohort_id").annotate(**aggregates)}
    for cid, row in per_cohort.items():
        row["median"] = _median_days(completers.filter(cohort_id=cid), row["hires"])
    total = completers.aggregate(**aggregates)
    total["median"] = _median_days(completers, total["hires"] or 0)
    return {"per_cohort": per_cohort, "total": total}


def _hire_stats(
    rows: dict, cohorts: dict[int, Cohort], scope: Scope, filters: Filters
) -> list[HireStats]:
    def stats(label: str, row: dict, cohort_id: int | None) -> HireStats:
        extra = {"cohort": cohort_id} if cohort_id else {}
        return HireStats(
            label=label,
            completers=row["completers"] or 0,
            placed=row["placed"] or 0,
            hires=row["hires"] or 0,
            hires_in_city=row["in_city"] or 0,
            role_known=row["role_known"] or 0,
            hires_in_role=row["in_role"] or 0,
            median_days=row["median"],
            urls={
                name: _people_url(scope, filters, bucket=name, **extra)
                for name in ("completers", "placed", "hired", "hired_in_city", "hired_in_role")
            },
        )

    per_cohort = rows["per_cohort"]
    out = [
        stats(str(cohorts[cid]), per_cohort[cid], cid)
        for cid in sorted(per_cohort, key=lambda c: cohorts[c].number if c in cohorts else 0)
        if cid in cohorts
    ]
    if len(out) != 1:
        out.append(stats(_("All cohorts shown"), rows["total"], None))
    return out


def _median_days(qs: QuerySet[TraineeSnapshot], hires: int) -> Decimal | None:
    """The median of days from completion to hire, by two indexed ORDER BY … OFFSET reads."""
    if not hires:
        return None
    ordered = (
        qs.filter(days_to_hire__isnull=False)
        .order_by("days_to_hire")
        .values_list("days_to_hire", flat=True)
    )
    middle = hires // 2
    if hires % 2:
        return Decimal(ordered[middle])
    low, high = list(ordered[middle - 1 : middle + 1])
    return (Decimal(low + high) / 2).quantize(Decimal("0.1"))


def dashboard_for(
    *, actor: Actor, scope: Scope, filters: Filters, today: dt.date | None = None
) -> Dashboard:
    """Every figure of a dashboard for ``scope``, narrowed by ``filters``."""
    now = timezone.localdate()
    today = today or now
    # The standings follow the rule sets in force now; ``today`` dates the counting (who is
    # still inside their window, how many months have passed), e.g. a past month's report.
    generation = standings_refresh(today=now).generation_token
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
    standing_qs = _apply_snapshot_filters(standing_qs, filters, "standing")
    snaps = _apply_snapshot_filters(snaps, filters)
    # The counts change only when a refresh changed standings: cache them per generation.
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
    cached = cache.get(cache_key)
    if cached is None:
        cached = (
            _tallies(standing_qs, today),
            _hire_stats_rows(snaps),
            _trend_rows(standing_qs, filters.rule),
        )
        cache.set(cache_key, cached, COUNTS_CACHE_SECONDS)
    tallies, hire_rows, trend_rows = cached

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
                    success_url=_people_url(
                        scope, filters, rule=rule.code, bucket="success", **link
                    ),
                    counted_url=_people_url(
                        scope, filters, rule=rule.code, bucket="counted", **link
                    ),
                    open_url=_people_url(scope, filters, rule=rule.code, bucket="open", **link),
                )
            )
        return tuple(figures)

    def completers_url(**link) -> str:
        return _people_url(scope, filters, bucket="completers", **link)

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
                    )
                )
    targets = {c.employment_target for c in cohorts.values()}
    total = RateLine(
        "total",
        _("All cohorts shown"),
        None,
        rule_figures("total", 0, targets.pop() if len(targets) == 1 else None),
        completers_url(),
    )
    dashboard = Dashboard(
        scope=scope,
        filters=filters,
        as_of=today,
        rules=tuple(active),
        headline=headline,
        total=total,
        lines=lines,
        hire_stats=_hire_stats(hire_rows, cohorts, scope, filters),
        cohorts=sorted(cohorts.values(), key=lambda c: c.number),
    )
    if scope.kind != "committee":
        _add_funnel(dashboard, actor, snaps, courses)
    if scope.kind in ("office", "committee"):
        _add_attraction(dashboard, actor, today)
    _add_gap(dashboard, actor, today)
    if scope.kind == "operator" and scope.operator is not None:
        dashboard.cockpit = outcome_selectors.operator_cockpit_counts(
            operator_ids=[scope.operator.pk], today=today
        )
    _add_trend(dashboard, trend_rows)
    _add_charts_and_tables(dashboard)
    return dashboard


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
            _people_url(scope, filters, cohort=cohort.pk, bucket="enrolled"),
        ),
        FunnelStep(
            _("Completed"),
            total("completed"),
            _people_url(scope, filters, cohort=cohort.pk, bucket="completers"),
        ),
        FunnelStep(
            _("Employed or founded a company"),
            placed,
            _people_url(scope, filters, cohort=cohort.pk, bucket="placed"),
        ),
    ]


def _add_attraction(dashboard: Dashboard, actor: Actor, today: dt.date) -> None:
    from careerhub.companies import selectors as company_selectors

    dashboard.attraction = company_selectors.attraction_progress(actor=actor, year=today.year)


def _add_gap(dashboard: Dashboard, actor: Actor, today: dt.date) -> None:
    from careerhub.reports import gaps

    dashboard.gap = gaps.gap_view(actor=actor, cohort_id=dashboard.filters.cohort_id, today=today)


def _trend_rows(standing_qs: QuerySet[Standing], rule_code: str) -> dict[int, Counter[int]]:
    """Successes under the headline rule by cohort and whole months after completion."""
    rows = (
        standing_qs.filter(rule_code=rule_code, counted=True, success=True)
        .values("cohort_id_copy", "success_month")
        .annotate(n=Count("pk"))
    )
    by_cohort: dict[int, Counter[int]] = defaultdict(Counter)
    for row in rows:
        by_cohort[row["cohort_id_copy"]][min(row["success_month"] or 0, TREND_MONTHS)] += row["n"]
    return dict(by_cohort)


def _add_trend(dashboard: Dashboard, by_cohort: dict[int, Counter[int]]) -> None:
    """Headline rate by whole months since completion, per cohort (the latest few): the
    successes counted so far over the cohort's denominator."""
    dashboard.trend = {}
    if dashboard.headline is None:
        return
    cohorts = list(dashboard.cohorts)[-TREND_COHORTS:]
    trend: dict[int, list[Decimal | None]] = {}
    for cohort in cohorts:
        line = next(x for x in dashboard.cohort_lines if x.cohort == cohort)
        figure = line.figure_for(dashboard.headline.code)
        denominator = figure.figure.denominator if figure else 0
        elapsed = _months_between(cohort.training_end, dashboard.as_of)
        counts = by_cohort.get(cohort.pk, Counter())
        values: list[Decimal | None] = []
        running = 0
        for month in range(TREND_MONTHS + 1):
            running += counts[month]
            if month > elapsed or not denominator:
                values.append(None)
            else:
                values.append((Decimal(running) / Decimal(denominator)).quantize(Decimal("0.0001")))
        trend[cohort.pk] = values
    dashboard.trend = trend


def _months_between(start: dt.date, end: dt.date) -> int:
    months = (end.year - start.year) * 12 + end.month - start.month
    if rules.add_months(start, months) > end:
        months -= 1
    return max(-1, months)


# --- charts and tables ------------------------------------------------------------------------


def _f(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def _add_charts_and_tables(d: Dashboard) -> None:
    headline = d.headline
    cohort_lines = d.cohort_lines
    if headline is not None and cohort_lines:
        figures = [line.figure_for(headline.code) for line in cohort_lines]
        targets = {f.figure.target for f in figures if f and f.figure.target is not None}
        d.charts["rates"] = charts.bar_chart(
            key="chart-rates",
            title=_("Employment rate by cohort (%(rule)s)") % {"rule": headline.name},
            labels=[line.label for line in cohort_lines],
            series=[
                charts.Series(
                    headline.name, tuple(_f(f.figure.rate) if f else None for f in figures)
                )
            ],
            percent=True,
            target=float(targets.pop()) if len(targets) == 1 else None,
            label_header=_("Cohort"),
        )
        operator_lines = [line for line in d.lines if line.level == "operator"]
        if d.filters.cohort_id or len(cohort_lines) == 1:
            op_figures = [line.figure_for(headline.code) for line in operator_lines]
            d.charts["operators"] = charts.bar_chart(
                key="chart-operators",
                title=_("Employment rate by operator, %(cohort)s")
                % {"cohort": cohort_lines[0].label},
                labels=[line.label for line in operator_lines],
                series=[
                    charts.Series(
                        headline.name, tuple(_f(f.figure.rate) if f else None for f in op_figures)
                    )
                ],
                percent=True,
                target=_f(op_figures[0].figure.target) if op_figures and op_figures[0] else None,
                label_header=_("Training operator"),
            )
        trend = d.trend
        if trend:
            labels = [_("At completion")] + [
                _("%(n)s mo.") % {"n": m} for m in range(1, TREND_MONTHS + 1)
            ]
            series = [
                charts.Series(str(c), tuple(_f(v) for v in trend[c.pk]))
                for c in d.cohorts
                if c.pk in trend
            ]
            d.charts["trend"] = charts.line_chart(
                key="chart-trend",
                title=_("%(rule)s by months since completion") % {"rule": headline.name},
                labels=labels,
                series=series,
                percent=True,
                target=float(cohort_lines[-1].cohort.employment_target),
                label_header=_("Months since completion"),
            )
    if d.funnel:
        d.charts["funnel"] = charts.bar_chart(
            key="chart-funnel",
            title=_("From application to employment, %(cohort)s") % {"cohort": d.funnel_cohort},
            labels=[s.label for s in d.funnel],
            series=[charts.Series(_("People"), tuple(float(s.count) for s in d.funnel))],
            label_header=_("Stage"),
        )
    if d.attraction is not None:
        a = d.attraction
        d.charts["attraction"] = charts.line_chart(
            key="chart-attraction",
            title=_("Company attraction in %(year)s, cumulative by month") % {"year": a.year},
            labels=[_("Month %(m)s") % {"m": m.month} for m in a.months],
            series=[
                charts.Series(_("New MOUs"), tuple(_running(m.new_mous for m in a.months))),
                charts.Series(
                    _("Offices opened"), tuple(_running(m.offices_opened for m in a.months))
                ),
            ],
            target=float(a.target_new_mous) if a.target_new_mous else None,
            target_label=_("Target for new MOUs"),
            label_header=_("Month"),
        )
    if d.gap is not None and d.gap.rows:
        d.charts["gap"] = charts.bar_chart(
            key="chart-gap",
            title=_("Hiring demand against supply by role"),
            labels=[r.role_name for r in d.gap.rows],
            series=[
                charts.Series(_("Demand"), tuple(float(r.demand) for r in d.gap.rows)),
                charts.Series(_("Supply"), tuple(float(r.supply) for r in d.gap.rows)),
            ],
            label_header=_("Job role"),
        )
    d.tables = build_tables(d)


def _running(values: Iterable[int]) -> list[float]:
    total, out = 0, []
    for v in values:
        total += v
        out.append(float(total))
    return out


LEVEL_LABELS = {
    "total": "Total",
    "cohort": "Cohort",
    "operator": "Training operator",
    "course": "Course",
}


def build_tables(d: Dashboard) -> dict[str, ReportTable]:
    tables: dict[str, ReportTable] = {}
    columns = [Column(_("Row type")), Column(_("Name"))]
    for rule in d.rules:
        columns += [
            Column(_("%(rule)s: rate") % {"rule": rule.name}, PERCENT),
            Column(_("%(rule)s: employed") % {"rule": rule.name}, INT),
            Column(_("%(rule)s: counted") % {"rule": rule.name}, INT),
            Column(_("%(rule)s: target") % {"rule": rule.name}, PERCENT),
            Column(_("%(rule)s: hires still needed") % {"rule": rule.name}, INT),
            Column(_("%(rule)s: still in window") % {"rule": rule.name}, INT),
        ]
    columns.insert(2, Column(_("Completers"), INT))
    rows = []
    for line in [*d.lines, *([d.total] if d.total and len(d.cohort_lines) > 1 else [])]:
        completers = line.figures[0].figure.completers if line.figures else 0
        row = [
            Cell(_(LEVEL_LABELS[line.level])),
            Cell(line.label),
            Cell(completers, line.completers_url),
        ]
        for rf in line.figures:
            fig = rf.figure
            row += [
                Cell(fig.rate),
                Cell(fig.numerator, rf.success_url),
                Cell(fig.denominator, rf.counted_url),
                Cell(fig.target),
                Cell(fig.hires_needed, rf.open_url if fig.hires_needed else ""),
                Cell(fig.still_open, rf.open_url),
            ]
        rows.append(tuple(row))
    tables["rates"] = ReportTable(
        "rates", _("Employment rate under each rule set"), tuple(columns), tuple(rows)
    )
    kr = next((r for r in d.rules if r.kind == "kr_training"), None)
    if kr is not None:
        months = sorted(kr.params.windows_months)  # type: ignore[union-attr]
        kr_columns = [
            Column(_("Row type")),
            Column(_("Name")),
            Column(_("Counted (denominator)"), INT),
        ]
        for m in months:
            kr_columns += [
                Column(_("%(m)s months: insured") % {"m": m}, INT),
                Column(_("%(m)s months: not insured") % {"m": m}, INT),
                Column(_("%(m)s months: total") % {"m": m}, INT),
                Column(_("%(m)s months: rate") % {"m": m}, PERCENT),
            ]
        kr_rows = []
        for line in [x for x in d.lines if x.level != "course"]:
            rf = line.figure_for(kr.code)
            if rf is None:
                continue
            row = [Cell(_(LEVEL_LABELS[line.level])), Cell(line.label), Cell(rf.figure.denominator)]
            for window in rf.figure.windows:
                rate = (
                    (Decimal(window.total) / Decimal(rf.figure.denominator)).quantize(
                        Decimal("0.0001")
                    )
                    if rf.figure.denominator
                    else None
                )
                row += [
                    Cell(window.insured),
                    Cell(window.non_insured),
                    Cell(window.total),
                    Cell(rate),
                ]
            kr_rows.append(tuple(row))
        tables["kr_windows"] = ReportTable(
            "kr_windows",
            _("%(rule)s: employed within 3 and 6 months, insured and not") % {"rule": kr.name},
            tuple(kr_columns),
            tuple(kr_rows),
        )
    tables["hires"] = ReportTable(
        "hires",
        _("Hires: where and how soon"),
        (
            Column(_("Cohort")),
            Column(_("Completers"), INT),
            Column(_("Employed or founded a company"), INT),
            Column(_("Hires"), INT),
            Column(_("Share of hires in the city"), PERCENT),
            Column(_("Role-match rate"), PERCENT),
            Column(_("Median days from completion to hire"), DECIMAL),
        ),
        tuple(
            (
                Cell(s.label),
                Cell(s.completers, s.urls.get("completers", "")),
                Cell(s.placed, s.urls.get("placed", "")),
                Cell(s.hires, s.urls.get("hired", "")),
                Cell(s.city_share, s.urls.get("hired_in_city", "")),
                Cell(s.role_match_rate, s.urls.get("hired_in_role", "")),
                Cell(s.median_days),
            )
            for s in d.hire_stats
        ),
        note=_(
            "Role match: the first job's role equals the role the course trains for, "
            "over hires whose role is recorded."
        ),
    )
    for key, chart in d.charts.items():
        if key in ("rates",):
            continue
        tables[f"chart_{key}"] = ReportTable(
            f"chart_{key}",
            chart.title,
            tuple(Column(c) for c in chart.columns),
            tuple(tuple(Cell(v) for v in row) for row in chart.rows),
        )
    if d.funnel:
        tables["chart_funnel"] = ReportTable(
            "chart_funnel",
            d.charts["funnel"].title,
            (Column(_("Stage")), Column(_("People"), INT)),
            tuple((Cell(s.label), Cell(s.count, s.url)) for s in d.funnel),
        )
    if d.gap is not None and d.gap.rows:
        tables["gap"] = ReportTable(
            "gap",
            _("Demand against supply by role"),
            (
                Column(_("Job role")),
                Column(_("Demand"), INT),
                Column(_("Supply"), INT),
                Column(_("Filled in the same month"), INT),
                Column(_("Filled from another month"), INT),
                Column(_("Shortage"), INT),
                Column(_("Surplus"), INT),
            ),
            tuple(
                (
                    Cell(r.role_name),
                    Cell(r.demand),
                    Cell(r.supply),
                    Cell(r.on_time),
                    Cell(r.shifted),
                    Cell(r.shortage),
                    Cell(r.surplus),
                )
                for r in d.gap.rows
            ),
            note=d.gap.source,
        )
        tables.pop("chart_gap", None)
    return tables


# --- the people behind a figure ------------------------------------------------------------

BUCKETS = (
    "completers",
    "enrolled",
    "placed",
    "hired",
    "hired_in_city",
    "hired_in_role",
    "success",
    "counted",
    "open",
)
RULE_BUCKETS = ("success", "counted", "open")


@dataclass(frozen=True)
class PeopleRow:
    trainee: Trainee
    category: str
    deadline: dt.date | None
    first_hire_on: dt.date | None
    hire_in_city: bool | None


def bucket_label(bucket: str) -> str:
    return {
        "completers": _("Completers"),
        "enrolled": _("Enrolled in a course"),
        "placed": _("Employed or founded a company"),
        "hired": _("Hires"),
        "hired_in_city": _("Hired in the city"),
        "hired_in_role": _("Hired into the trained role"),
        "success": _("Counted as employed"),
        "counted": _("In the denominator"),
        "open": _("Not yet employed, window still open"),
    }.get(bucket, bucket)


def people_behind(
    *, actor: Actor, filters: Filters, bucket: str, today: dt.date | None = None
) -> tuple[list[PeopleRow], outcome_selectors.ActiveRule | None]:
    """The trainees behind one figure, only those the actor may see."""
    if not policies.can_view_people_behind_figures(actor) or bucket not in BUCKETS:
        raise PermissionDenied
    today = today or timezone.localdate()
    standings_refresh(today=today)
    visible = policies.trainees_behind_figures_for(actor).values("pk")
    snaps = _apply_snapshot_filters(TraineeSnapshot.objects.filter(trainee_id__in=visible), filters)
    rule = None
    if bucket in RULE_BUCKETS:
        rule = next(
            (r for r in outcome_selectors.rule_sets_in_force(on=today) if r.code == filters.rule),
            None,
        )
        if rule is None:
            raise PermissionDenied
        standings = Standing.objects.filter(rule_code=rule.code, snapshot__in=snaps, counted=True)
        if bucket == "success":
            standings = standings.filter(success=True)
        elif bucket == "open":
            standings = standings.filter(success=False, deadline__gte=today)
        snaps = snaps.filter(pk__in=standings.values("snapshot_id"))
    elif bucket == "enrolled":
        pass
    elif bucket == "completers":
        snaps = snaps.filter(completed_on__isnull=False)
    elif bucket == "placed":
        snaps = snaps.filter(placed=True)
    elif bucket == "hired":
        snaps = snaps.filter(first_hire_on__isnull=False)
    elif bucket == "hired_in_city":
        snaps = snaps.filter(hire_in_city=True)
    elif bucket == "hired_in_role":
        snaps = snaps.filter(hire_in_role=True)
    verdicts = {}
    if rule is not None:
        verdicts = {
            sid: (category, deadline)
            for sid, category, deadline in Standing.objects.filter(
                rule_code=rule.code, snapshot__in=snaps
            ).values_list("snapshot_id", "category", "deadline")
        }
    rows = []
    for snap in snaps.select_related(
        "trainee__course__operator", "trainee__course__cohort"
    ).order_by("trainee__course__cohort__number", "trainee__name", "pk"):
        category, deadline = verdicts.get(snap.pk, ("", None))
        rows.append(
            PeopleRow(
                trainee=snap.trainee,
                category=str(VERDICT_LABELS.get(category, category)) if category else "",
                deadline=deadline,
                first_hire_on=snap.first_hire_on,
                hire_in_city=snap.hire_in_city,
            )
        )
    return rows, rule


def people_table(rows: list[PeopleRow], *, title: str) -> ReportTable:
    return ReportTable(
        "people",
        title,
        (
            Column(_("Name")),
            Column(_("Cohort")),
            Column(_("Training operator")),
            Column(_("Course")),
            Column(_("Status")),
            Column(_("Completed on"), DATE),
            Column(_("Where the rule places them")),
            Column(_("Counting deadline"), DATE),
            Column(_("First hire"), DATE),
            Column(_("Job in the city")),
        ),
        tuple(
            (
                Cell(r.trainee.name, reverse("outcomes:trainee_ledger", args=[r.trainee.pk])),
                Cell(str(r.trainee.course.cohort)),
                Cell(str(r.trainee.course.operator)),
                Cell(r.trainee.course.name),
                Cell(r.trainee.get_status_display()),
                Cell(r.trainee.completed_on),
                Cell(r.category),
                Cell(r.deadline),
                Cell(r.first_hire_on),
                Cell("" if r.hire_in_city is None else (_("Yes") if r.hire_in_city else _("No"))),
            )
            for r in rows
        ),
        personal=True,
    )


# --- filter choices ----------------------------------------------------------------------------


def filter_choices(*, scope: Scope, today: dt.date | None = None) -> dict[str, list]:
    today = today or timezone.localdate()
    courses = Course.objects.select_related("operator", "cohort")
    operators = TrainingOperator.objects.all()
    if scope.operator_ids is not None:
        courses = courses.filter(operator_id__in=scope.operator_ids)
        operators = operators.filter(pk__in=scope.operator_ids)
    return {
        "cohorts": list(Cohort.objects.filter(courses__in=courses).distinct().order_by("number")),
        "operators": list(operators.order_by("name")),
        "courses": list(courses.order_by("cohort__number", "operator__name", "name")),
        "rules": outcome_selectors.rule_sets_in_force(on=today),
    }
