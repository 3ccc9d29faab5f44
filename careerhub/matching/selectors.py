"""Reads of the matching app, scoped by who asks, returned as plain data where other apps
use them (the gap table is read by the reports app for its chart)."""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.core.cache import cache
from django.db.models import Count, Max, Q, QuerySet
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from careerhub.academy.models import Cohort, Course, Trainee
from careerhub.core.actors import Actor
from careerhub.core.policy import PermissionDenied
from careerhub.core.signatures import data_signature
from careerhub.matching import adapter, policies
from careerhub.matching.models import (
    ApplicationSuggestion,
    Feedback,
    MatchDay,
    MatchResult,
    MatchRound,
    PlanConstraint,
    PlanRun,
    RankList,
    Recommendation,
    RecommendationRun,
)
from careerhub.outcomes.models import Outcome

# --- gap view ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class GapCell:
    month: dt.date  # first day of the month
    demand: int  # headcount companies want to hire in this month
    supply: int  # trainees of the role who become available in this month
    shortage: int  # demand of this month that no supply within max_shift months fills
    surplus: int  # supply of this month that no demand within max_shift months uses


@dataclass(frozen=True)
class GapRow:
    role_code: str
    role_name: str
    demand: int
    supply: int
    on_time: int  # demand filled by supply of the same month
    shifted: int  # demand filled by supply from another month (see the timing gaps)
    shortage: int
    surplus: int
    cells: tuple[GapCell, ...]  # one per month of GapTable.months

    @property
    def balance(self) -> int:
        return self.supply - self.demand


@dataclass(frozen=True)
class TimingGapRow:
    role_code: str
    role_name: str
    demand_month: dt.date
    supply_month: dt.date
    count: int
    months: int  # supply month − demand month: > 0 trainees come too late, < 0 they wait
    explanation: str  # Korean: the months that would close this gap


@dataclass(frozen=True)
class GapTable:
    months: tuple[dt.date, ...]
    rows: tuple[GapRow, ...]  # roles with any demand or supply, biggest shortage first
    timing_gaps: tuple[TimingGapRow, ...]
    max_shift: int
    cohort_id: int | None
    scope_operator_ids: tuple[int, ...]  # supply limited to these operators; () = all

    @property
    def total_demand(self) -> int:
        return sum(r.demand for r in self.rows)

    @property
    def total_supply(self) -> int:
        return sum(r.supply for r in self.rows)

    @property
    def total_shortage(self) -> int:
        return sum(r.shortage for r in self.rows)

    @property
    def total_surplus(self) -> int:
        return sum(r.surplus for r in self.rows)

    @property
    def total_shifted(self) -> int:
        return sum(r.shifted for r in self.rows)


GAP_TABLE_CACHE_SECONDS = 3600  # keyed by the data's signature: a change is a new key


def gap_signature(*, today: dt.date) -> str:
    """Changes whenever anything the gap table counts changes: the openings, the trainees and
    their desired roles (a through table without timestamps whose rows are only added or
    deleted), the courses (track role, end date), the outcomes that place people, and the
    taxonomy's names."""
    through = Trainee.desired_roles.through
    return adapter.digest(
        adapter.openings_signature(today=today),
        adapter.taxonomy_signature(),
        data_signature(
            (Trainee.objects.all(), "updated_at"),
            (through.objects.all(), "pk"),
            (Course.objects.all(), "updated_at"),
            (Outcome.objects.all(), "updated_at"),
        ),
    )


def gap_table_for(
    *,
    actor: Actor,
    cohort: Cohort | int | None = None,
    months: int = 12,
    max_shift: int = 3,
    today: dt.date | None = None,
) -> GapTable:
    """The gap table (``_gap_table``) from the shared cache while nothing it counts changed
    (``gap_signature``), so the office home, the gap view and the dashboards' chart do not
    count every trainee and opening again on each view. Raises ``PermissionDenied`` for
    anyone without access."""
    if not policies.can_view_gaps(actor):
        raise PermissionDenied
    if not 1 <= months <= 36:
        raise ValueError("months must be 1..36")
    today = today or timezone.localdate()
    cohort_id = cohort.pk if isinstance(cohort, Cohort) else cohort
    scope = (
        () if actor.program_staff or actor.committee else tuple(sorted(actor.staff_operator_ids))
    )
    key = "matching:gaps:" + adapter.digest(
        gap_signature(today=today),
        scope,
        cohort_id,
        months,
        max_shift,
        today,
        translation.get_language(),
    )
    return cache.get_or_set(
        key,
        lambda: _gap_table(
            actor=actor, cohort_id=cohort_id, months=months, max_shift=max_shift, today=today
        ),
        GAP_TABLE_CACHE_SECONDS,
    )


def _gap_table(
    *, actor: Actor, cohort_id: int | None, months: int, max_shift: int, today: dt.date
) -> GapTable:
    """Demand (open postings and reported demand: role × hiring month × headcount) against
    supply (trainees not yet placed: role × month they become available) for ``months``
    months from this one, with shortages, surpluses and timing gaps and the months that
    would close them. Aggregates only — no personal data. Demand counts in the first month
    of its hiring window; trainees available already count in this month; a trainee's role
    is their first desired role, else their course's track role. Operator staff see their
    own trainees as supply."""
    first = adapter.month_start(today)
    horizon = tuple(adapter.add_months(first, i) for i in range(months))
    last = horizon[-1]

    def clip(day: dt.date) -> dt.date | None:
        m = max(adapter.month_start(day), first)
        return m if m <= last else None

    demand: Counter[tuple[str, dt.date]] = Counter()
    for opening in adapter.load_openings_current(today=today):
        month = clip(opening.window_start)
        if month is not None:
            demand[(opening.role_code, month)] += opening.headcount

    trainees = adapter.matchable_trainees(policies.gap_supply_trainees_for(actor), today=today)
    if cohort_id is not None:
        trainees = trainees.filter(course__cohort_id=cohort_id)
    supply: Counter[tuple[str, dt.date]] = Counter()
    first_role: dict[int, str] = {}
    through = Trainee.desired_roles.through
    ids = list(trainees.values_list("pk", flat=True))
    for chunk in adapter._chunks(ids):
        for trainee_id, code in (
            through.objects.filter(trainee_id__in=chunk)
            .order_by("trainee_id", "pk")
            .values_list("trainee_id", "jobrole__code")
        ):
            first_role.setdefault(trainee_id, code)
    for pk, track, available, course_end in trainees.values_list(
        "pk", "course__track_role__code", "available_from", "course__end_date"
    ):
        role = first_role.get(pk) or track
        if not role:
            continue
        month = clip(available or (course_end + dt.timedelta(days=1)))
        if month is not None:
            supply[(role, month)] += 1

    report = adapter.analyse_gaps(
        ((r, m, n) for (r, m), n in demand.items()),
        ((r, m, n) for (r, m), n in supply.items()),
        max_shift=max_shift,
    )
    names = adapter.engine_taxonomy().names.roles
    rows = []
    for gap in report.roles:
        cells = tuple(
            GapCell(
                month=m,
                demand=demand.get((gap.role, m), 0),
                supply=supply.get((gap.role, m), 0),
                shortage=int(gap.shortage_by_month.get(m, 0)),
                surplus=int(gap.surplus_by_month.get(m, 0)),
            )
            for m in horizon
        )
        rows.append(
            GapRow(
                role_code=gap.role,
                role_name=names.get(gap.role, gap.role),
                demand=gap.demand,
                supply=gap.supply,
                on_time=gap.on_time,
                shifted=gap.shifted,
                shortage=gap.shortage,
                surplus=gap.surplus,
                cells=cells,
            )
        )
    rows.sort(key=lambda r: (-r.shortage, -r.demand, r.role_name))
    timing = tuple(
        TimingGapRow(
            role_code=g.role,
            role_name=names.get(g.role, g.role),
            demand_month=g.demand_month,
            supply_month=g.supply_month,
            count=g.count,
            months=g.months,
            explanation=g.explanation(names.get(g.role, g.role)),
        )
        for g in report.timing_gaps
    )
    scope = (
        () if actor.program_staff or actor.committee else tuple(sorted(actor.staff_operator_ids))
    )
    return GapTable(
        months=horizon,
        rows=tuple(rows),
        timing_gaps=timing,
        max_shift=max_shift,
        cohort_id=cohort_id,
        scope_operator_ids=scope,
    )


# --- recommendations -----------------------------------------------------------------------------


def talent_pool(*, today: dt.date | None = None) -> QuerySet[Trainee]:
    """The trainees companies can be matched with: they consent to provision to companies,
    have not dropped out and are not yet placed. The recruiter's home counts these and a
    posting's candidates are chosen from these, so the two numbers agree."""
    return adapter.matchable_trainees(
        Trainee.objects.consenting_to_companies(), today=today or timezone.localdate()
    )


def recommendation_items(run: RecommendationRun) -> QuerySet[Recommendation]:
    """The run's items by rank. Each carries its opening's label and company name, so no
    posting, company, demand line or trainee row is joined (a page of twenty items built
    eighty model objects it never read)."""
    return run.items.order_by("rank")


def candidate_items_for(actor: Actor, run: RecommendationRun) -> QuerySet[Recommendation]:
    """A posting's candidate list as the actor may see it (see
    ``policies.candidates_visible_to``): the office all, the company the consenting ones,
    operator staff their own operator's trainees."""
    visible = policies.candidates_visible_to(actor, run.posting).values("pk")
    return recommendation_items(run).filter(trainee__in=visible).select_related("trainee__course")


def feedback_for(*, trainee: Trainee) -> dict[str, Feedback]:
    return {fb.opening_key: fb for fb in Feedback.objects.filter(trainee=trainee)}


def saved_for(*, trainee: Trainee) -> QuerySet[Feedback]:
    return Feedback.objects.filter(trainee=trainee, kind=Feedback.Kind.SAVED).select_related(
        "posting__company"
    )


def dismissed_for(*, trainee: Trainee) -> QuerySet[Feedback]:
    return Feedback.objects.filter(trainee=trainee, kind=Feedback.Kind.DISMISSED)


def open_suggestions_for(*, trainee: Trainee) -> QuerySet[ApplicationSuggestion]:
    return ApplicationSuggestion.objects.filter(
        trainee=trainee, status=ApplicationSuggestion.Status.OPEN
    ).select_related("posting__company", "suggested_by")


@dataclass(frozen=True)
class MissingSkill:
    code: str
    name: str
    trainees: int  # how many of the caseload miss it in their top recommendations


def _latest_run_ids(trainee_ids: Iterable[int] | QuerySet) -> QuerySet:
    """The id of each trainee's latest stored recommendation run, as a subquery."""
    return (
        RecommendationRun.objects.filter(trainee_id__in=trainee_ids)
        .values("trainee_id")
        .annotate(last=Max("pk"))
        .values_list("last", flat=True)
    )


def latest_runs_for(*, trainee_ids: Iterable[int] | QuerySet) -> dict[int, RecommendationRun]:
    """Each trainee's latest stored recommendation run (one query; a trainee's older runs are
    history and never loaded)."""
    latest = _latest_run_ids(trainee_ids)
    return {run.trainee_id: run for run in RecommendationRun.objects.filter(pk__in=latest)}


MISSING_SKILLS_CACHE_SECONDS = 3600  # keyed by the runs it counts: a new run is a new key


def missing_skills_summary_for(
    *, trainee_ids: Iterable[int] | QuerySet, top: int = 5
) -> list[MissingSkill]:
    """``missing_skills_summary`` over these trainees' latest runs, from the shared cache while
    those are their latest runs. A run and its recommendations are never edited (a change makes
    a new run; an erased trainee's runs are deleted), so their ids and the taxonomy's names say
    everything the summary depends on (with each run's time, so an id SQLite hands out again
    after a delete is a new key); the caseload then reads a few hundred ids instead of every
    top recommendation's missing skills."""
    runs = sorted(
        RecommendationRun.objects.filter(pk__in=_latest_run_ids(trainee_ids)).values_list(
            "pk", "created_at"
        )
    )
    key = f"matching:missing:{adapter.digest(runs, top, adapter.taxonomy_signature())}"
    run_ids = [pk for pk, _at in runs]
    return cache.get_or_set(
        key, lambda: missing_skills_summary(run_ids, top=top), MISSING_SKILLS_CACHE_SECONDS
    )


def missing_skills_summary(
    runs: Iterable[RecommendationRun | int], *, top: int = 5
) -> list[MissingSkill]:
    """Required skills most often missing in the top-``top`` recommendations of these runs
    (or run ids), counted once per trainee; the ten most missed, ties by name."""
    per_trainee: dict[int, set[str]] = defaultdict(set)
    for trainee_id, missing in Recommendation.objects.filter(
        run__in=runs, rank__lte=top
    ).values_list("trainee_id", "missing_skills"):
        per_trainee[trainee_id].update(missing or [])
    counts = Counter(code for codes in per_trainee.values() for code in codes)
    names = adapter.engine_taxonomy().names.skills
    # ties by name: the same order in every process (a set's order of strings is not)
    ordered = sorted(counts.items(), key=lambda cn: (-cn[1], names.get(cn[0], cn[0])))
    return [MissingSkill(c, names.get(c, c), n) for c, n in ordered[:10]]


def top_items_by_trainee(
    runs: list[RecommendationRun], *, top: int = 3
) -> dict[int, list[Recommendation]]:
    """Each run's best ``top`` recommendations by trainee, in one query (a caseload)."""
    trainee_of = {run.pk: run.trainee_id for run in runs}
    found: dict[int, list[Recommendation]] = defaultdict(list)
    items = (
        Recommendation.objects.filter(run__in=list(trainee_of), rank__lte=top)
        .only("run_id", "rank", "opening_label", "total")
        .order_by("run_id", "rank")
    )
    for item in items:
        found[trainee_of[item.run_id]].append(item)
    return dict(found)


def consultant_trainees_for(actor: Actor) -> QuerySet[Trainee]:
    """The caseload whose recommendations a consultant (or staff) reviews."""
    qs = policies.recommendation_trainees_visible_to(actor).exclude(pk__in=actor.trainee_ids)
    return adapter.matchable_trainees(qs, today=timezone.localdate()).order_by("name", "pk")


# --- plans ---------------------------------------------------------------------------------------


def plan_runs_for(actor: Actor, *, cohort: Cohort | None = None) -> QuerySet[PlanRun]:
    qs = policies.plan_runs_visible_to(actor)
    if cohort is not None:
        qs = qs.filter(cohort=cohort)
    return qs


def plan_run_summary(run: PlanRun) -> dict:
    placements = run.placements.all()
    reasons = Counter(placements.filter(placed=False).values_list("unplaced_reason", flat=True))
    by_opening = (
        placements.filter(placed=True)
        .values("opening_key", "opening_label")
        .annotate(n=Count("pk"))
        .order_by("-n", "opening_label")
    )
    return {"reasons": dict(reasons), "by_opening": list(by_opening)}


def plan_constraints_for(actor: Actor, *, cohort: Cohort) -> QuerySet[PlanConstraint]:
    return (
        policies.plan_constraints_visible_to(actor)
        .filter(cohort=cohort)
        .order_by("trainee__name", "kind")
    )


# --- match days ----------------------------------------------------------------------------------


def match_days_for(actor: Actor) -> QuerySet[MatchDay]:
    return policies.match_days_visible_to(actor).annotate(
        n_postings=Count("postings", distinct=True), n_trainees=Count("trainees", distinct=True)
    )


def current_round(match_day: MatchDay) -> MatchRound | None:
    return match_day.rounds.order_by("-number").first()


def rank_list_of(round: MatchRound, *, trainee=None, posting=None) -> list[int]:
    owner = {"trainee": trainee} if trainee is not None else {"posting": posting}
    rl = RankList.objects.filter(round=round, **owner).first()
    if rl is None:
        return []
    field = "posting_id" if trainee is not None else "trainee_id"
    return list(rl.entries.order_by("position").values_list(field, flat=True))


def submission_status(round: MatchRound) -> dict[str, set[int]]:
    lists = RankList.objects.filter(round=round)
    return {
        "trainees": set(lists.filter(trainee__isnull=False).values_list("trainee_id", flat=True)),
        "postings": set(lists.filter(posting__isnull=False).values_list("posting_id", flat=True)),
    }


def results_for(actor: Actor, round: MatchRound) -> QuerySet[MatchResult]:
    """Staff see every result; after publication a trainee sees their own and a recruiter
    those of their company's postings."""
    qs = round.results.select_related("trainee", "posting__company", "application")
    if policies.can_manage_match_day(actor, round.match_day):
        return qs
    if round.status != MatchRound.Status.PUBLISHED:
        return qs.none()
    return qs.filter(
        Q(trainee_id__in=actor.trainee_ids)
        | Q(posting__company_id__in=actor.recruiter_company_ids, posting__isnull=False)
    )


def unplaced_reason_label(code: str) -> str:
    from careerhub.matching.models import UnplacedReason

    return str(UnplacedReason(code).label) if code else _("Placed")


# --- home page -----------------------------------------------------------------------------------


def home_figures_for(*, actor: Actor) -> list[tuple[str, int | str, str]]:
    """(label, value, url) rows for the actor's home page "Matching" section."""
    from django.urls import reverse

    rows: list[tuple[str, int | str, str]] = []
    now = timezone.now()
    open_rounds = MatchRound.objects.filter(status=MatchRound.Status.RANKING, deadline__gt=now)
    days_url = reverse("matching:match_day_list")
    if actor.trainee_ids:
        latest = (
            RecommendationRun.objects.filter(trainee_id__in=actor.trainee_ids)
            .order_by("-created_at")
            .first()
        )
        rows.append(
            (
                _("Recommended openings"),
                latest.items.count() if latest else "—",
                reverse("matching:mine"),
            )
        )
        suggestions = ApplicationSuggestion.objects.filter(
            trainee_id__in=actor.trainee_ids, status=ApplicationSuggestion.Status.OPEN
        ).count()
        if suggestions:
            rows.append((_("Suggested by staff"), suggestions, reverse("matching:mine")))
        to_rank = (
            open_rounds.filter(match_day__trainees__trainee_id__in=actor.trainee_ids)
            .exclude(rank_lists__trainee_id__in=actor.trainee_ids)
            .distinct()
            .count()
        )
        rows.append((_("Match days waiting for your ranking"), to_rank, days_url))
    if actor.recruiter_company_ids:
        rows.append(
            (
                _("Match days taking rank lists"),
                open_rounds.filter(
                    match_day__postings__posting__company_id__in=actor.recruiter_company_ids
                )
                .distinct()
                .count(),
                days_url,
            )
        )
    if actor.program_staff or actor.staff_operator_ids:
        latest = (
            policies.plan_runs_visible_to(actor)
            .filter(status="succeeded")
            .order_by("-created_at")
            .first()
        )
        if latest is not None:
            rows.append(
                (
                    _("Latest cohort plan: placed"),
                    f"{latest.placed_count:,} / {latest.trainee_count:,}",
                    reverse("matching:plan_detail", args=[latest.pk]),
                )
            )
        managed = MatchDay.objects.all()
        if not actor.program_staff:
            managed = managed.filter(operator_id__in=actor.staff_operator_ids)
        review = MatchRound.objects.filter(
            status=MatchRound.Status.MATCHED, match_day__in=managed
        ).count()
        rows.append((_("Match day results to review"), review, days_url))
    if policies.can_view_gaps(actor) and (actor.program_staff or actor.committee):
        table = gap_table_for(actor=actor, months=12)
        rows.append(
            (_("Shortage in the next 12 months"), table.total_shortage, reverse("matching:gaps"))
        )
        rows.append(
            (_("Surplus in the next 12 months"), table.total_surplus, reverse("matching:gaps"))
        )
    return rows
