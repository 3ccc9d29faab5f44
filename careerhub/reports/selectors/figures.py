"""The figures of a dashboard and how they are counted.

A ``Dashboard`` holds ``RateLine``s (total, cohort, operator, course), each with one
``RuleFigure`` per rule set in force, plus ``HireStats`` per cohort, the intake
``FunnelStep``s, the demand-and-supply gap and the trend by month since completion.

The counting reads the standings (the calculator's stored verdicts) with GROUP BY and hands
the counts back to the calculator (``rules.tally_figure``); nothing here decides who counts.
Every figure may link to the people behind it (``people_url``) when the scope allows links.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Hashable
from dataclasses import dataclass, field
from decimal import Decimal
from urllib.parse import urlencode

from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext as _

from careerhub.academy.models import Cohort
from careerhub.core.paths import fixed_path
from careerhub.outcomes import knowledge as outcome_knowledge
from careerhub.outcomes import rules
from careerhub.outcomes import selectors as outcome_selectors
from careerhub.reports import charts
from careerhub.reports.gaps import GapView
from careerhub.reports.models import Standing, TraineeSnapshot
from careerhub.reports.policies import Scope
from careerhub.reports.selectors.filters import Filters
from careerhub.reports.services import windows_parse
from careerhub.reports.tables import ReportTable

TREND_MONTHS = 12
TREND_COHORTS = 5


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
    # how much of the line's ledger is known and verified, at each check-in window, and at
    # the window of the headline rule (shown beside every rate: careerhub.outcomes.knowledge)
    knowledge: outcome_knowledge.Knowledge = outcome_knowledge.EMPTY
    known: outcome_knowledge.WindowKnowledge | None = None

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
    knowledge_months: tuple[int, ...] = ()
    headline_months: int | None = None
    retention_cohorts: list[outcome_knowledge.RetentionRow] = field(default_factory=list)
    retention_companies: list[outcome_knowledge.RetentionRow] | None = None

    @property
    def cohort_lines(self) -> list[RateLine]:
        return [line for line in self.lines if line.level == "cohort"]


def people_url(scope: Scope, filters: Filters, **extra: object) -> str:
    if not scope.links:
        return ""
    params = filters.params(**extra)
    if scope.operator is not None:
        params["operator"] = str(scope.operator.pk)
    # a dashboard links thousands of figures to this one page
    return f"{fixed_path('reports:people')}?{urlencode(params)}"


def tallies_by_level(
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


def hire_counts(snaps: QuerySet[TraineeSnapshot]) -> dict:
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


def hire_stats_lines(
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
                name: people_url(scope, filters, bucket=name, **extra)
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


def trend_counts(standing_qs: QuerySet[Standing], rule_code: str) -> dict[int, Counter[int]]:
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


def add_trend(dashboard: Dashboard, by_cohort: dict[int, Counter[int]]) -> None:
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
