"""Employment-rate rule sets: their parameter schemas and the one calculator that reads them.

A ``RuleSet`` row holds a kind, a version, an effective date and a JSON object of parameters.
``parameters_parse`` turns that object into the frozen dataclass of its kind (and refuses
unknown keys, wrong types and impossible values); ``classify`` and ``aggregate`` interpret
it. No other module branches on rule kinds.

Everything here is plain Python over plain values (``TraineeFacts``), so the selectors can
feed it from a single pass over ``values()`` and it can be tested with hand-written tables.

Month arithmetic (``add_months``): the same day number N months later; when that month is
shorter, its last day. 2026-01-31 + 1 month = 2026-02-28, + 3 months = 2026-04-30;
2026-02-28 + 6 months = 2026-08-28. A window of N months after completion runs from the day
after completion to ``add_months(completed_on, N)`` inclusive.
"""

from __future__ import annotations

import calendar
import datetime as dt
import types
import typing
from collections import Counter
from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass, field, fields
from decimal import ROUND_CEILING, ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

# Plain strings on purpose: this module does not import Django models.
EMPLOYED = "employed"
STARTUP = "startup"
FURTHER_STUDY = "further_study"
MILITARY = "military"
EMIGRATION = "emigration"
ILLNESS = "illness"
OTHER_EXCLUSION = "other_exclusion"
STILL_SEEKING = "still_seeking"
NOT_SEEKING = "not_seeking"
OUTCOME_TYPES = (
    EMPLOYED,
    STARTUP,
    FURTHER_STUDY,
    MILITARY,
    EMIGRATION,
    ILLNESS,
    OTHER_EXCLUSION,
    STILL_SEEKING,
    NOT_SEEKING,
)
INSURED, NOT_COVERED, UNCONFIRMED = "confirmed", "not_covered", "unconfirmed"
EMPLOYMENT_TYPES = ("full_time", "part_time", "contract", "freelance", "internship")
INTENTS = ("seek_job", "start_company", "upskill", "study", "undecided")

KR_TRAINING, PROGRAM_TARGET, CIRR = "kr_training", "program_target", "cirr"

# CIRR outcome categories, in the order the standard reports them.
CIRR_CATEGORIES = (
    "in_field_full_time",
    "in_field_contract",
    "in_field_part_time",
    "in_field_startup",
    "out_of_field",
    "continuing_education",
    "not_seeking",
    "still_seeking",
    "no_data",
)


class RuleParameterError(ValueError):
    """The parameters of a rule set do not fit its schema."""


def add_months(day: dt.date, months: int) -> dt.date:
    """``day`` moved ``months`` calendar months on, clamped to the end of a shorter month."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def fiscal_year_of(day: dt.date, start_month: int = 7) -> int:
    """The fiscal year (named by the calendar year it starts in) that holds ``day``."""
    return day.year if day.month >= start_month else day.year - 1


def fiscal_year_bounds(year: int, start_month: int = 7) -> tuple[dt.date, dt.date]:
    first = dt.date(year, start_month, 1)
    return first, add_months(first, 12) - dt.timedelta(days=1)


# --- parameter schemas -------------------------------------------------------------------


def _target_check(value: str) -> None:
    if value == "cohort":
        return
    try:
        share = Decimal(value)
    except InvalidOperation:
        raise RuleParameterError(
            f'target must be "cohort" or a share between 0 and 1, not {value!r}'
        ) from None
    if not Decimal(0) <= share <= Decimal(1):
        raise RuleParameterError(f"target must lie between 0 and 1, not {value}")


def _subset_check(name: str, values: tuple[str, ...], allowed: tuple[str, ...]) -> None:
    unknown = [v for v in values if v not in allowed]
    if unknown:
        raise RuleParameterError(f"{name}: unknown value(s) {', '.join(unknown)}")


@dataclass(frozen=True)
class KrTrainingParams:
    """고용노동부 직업훈련 style: completers minus those already employed and the evidenced
    exclusions; employed within N months of completion, insured and non-insured apart."""

    windows_months: tuple[int, ...] = (3, 6)
    headline_window_months: int = 6
    exclusion_types: tuple[str, ...] = (
        STARTUP,
        FURTHER_STUDY,
        MILITARY,
        EMIGRATION,
        ILLNESS,
        OTHER_EXCLUSION,
    )
    exclusions_need_evidence: bool = True
    illness_min_weeks: int = 3
    subtract_employed_at_completion: bool = True
    unconfirmed_insurance_counts_as: str = "non_insured"  # or "not_employed"
    fiscal_year_start_month: int = 7
    target: str = "cohort"

    def check(self) -> None:
        if not self.windows_months or any(m < 1 or m > 24 for m in self.windows_months):
            raise RuleParameterError("windows_months must list months between 1 and 24")
        if self.headline_window_months not in self.windows_months:
            raise RuleParameterError("headline_window_months must be one of windows_months")
        _subset_check("exclusion_types", self.exclusion_types, OUTCOME_TYPES)
        if EMPLOYED in self.exclusion_types:
            raise RuleParameterError("exclusion_types cannot contain employed")
        if self.unconfirmed_insurance_counts_as not in ("non_insured", "not_employed"):
            raise RuleParameterError(
                'unconfirmed_insurance_counts_as must be "non_insured" or "not_employed"'
            )
        if not 1 <= self.fiscal_year_start_month <= 12:
            raise RuleParameterError("fiscal_year_start_month must be 1-12")
        if self.illness_min_weeks < 0:
            raise RuleParameterError("illness_min_weeks cannot be negative")
        _target_check(self.target)


@dataclass(frozen=True)
class ProgramTargetParams:
    """The program's own target: employed or started a company (취·창업) over completers."""

    numerator_types: tuple[str, ...] = (EMPLOYED, STARTUP)
    window_months: int = 6
    count_employed_before_completion: bool = True
    target: str = "cohort"

    def check(self) -> None:
        _subset_check("numerator_types", self.numerator_types, OUTCOME_TYPES)
        if not self.numerator_types:
            raise RuleParameterError("numerator_types cannot be empty")
        if not 1 <= self.window_months <= 36:
            raise RuleParameterError("window_months must be between 1 and 36")
        _target_check(self.target)


@dataclass(frozen=True)
class CirrParams:
    """CIRR (Council on Integrity in Results Reporting) style: job-seeking graduates by intent
    at enrolment; outcome categories within a number of days after graduation."""

    window_days: int = 180
    seeking_intents: tuple[str, ...] = ("seek_job", "start_company", "undecided")
    missing_intent_is_seeking: bool = True
    in_field_categories: tuple[str, ...] = (
        "in_field_full_time",
        "in_field_contract",
        "in_field_part_time",
        "in_field_startup",
    )
    full_time_types: tuple[str, ...] = ("full_time",)
    contract_types: tuple[str, ...] = ("contract", "freelance", "internship")
    target: str = "cohort"

    def check(self) -> None:
        if not 1 <= self.window_days <= 730:
            raise RuleParameterError("window_days must be between 1 and 730")
        _subset_check("seeking_intents", self.seeking_intents, INTENTS)
        _subset_check("in_field_categories", self.in_field_categories, CIRR_CATEGORIES)
        _subset_check("full_time_types", self.full_time_types, EMPLOYMENT_TYPES)
        _subset_check("contract_types", self.contract_types, EMPLOYMENT_TYPES)
        _target_check(self.target)


RuleParams = KrTrainingParams | ProgramTargetParams | CirrParams
SCHEMAS: dict[str, type[Any]] = {
    KR_TRAINING: KrTrainingParams,
    PROGRAM_TARGET: ProgramTargetParams,
    CIRR: CirrParams,
}


def _coerce(name: str, annotation: Any, value: Any) -> Any:
    origin = typing.get_origin(annotation)
    if origin is tuple:
        if not isinstance(value, list | tuple):
            raise RuleParameterError(f"{name} must be a list")
        (item_type, _ellipsis) = typing.get_args(annotation)
        return tuple(_coerce(name, item_type, v) for v in value)
    if origin in (typing.Union, types.UnionType):
        raise RuleParameterError(f"{name}: unsupported type")  # pragma: no cover - schema bug
    if annotation is bool:
        if not isinstance(value, bool):
            raise RuleParameterError(f"{name} must be true or false")
        return value
    if annotation is int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise RuleParameterError(f"{name} must be a whole number")
        return value
    if annotation is str:
        if not isinstance(value, str):
            raise RuleParameterError(f"{name} must be text")
        return value
    raise RuleParameterError(f"{name}: unsupported type")  # pragma: no cover - schema bug


def parameters_parse(kind: str, data: Any) -> RuleParams:
    """Build and check the parameters of a rule of ``kind``; missing keys take defaults."""
    schema = SCHEMAS.get(kind)
    if schema is None:
        raise RuleParameterError(f"unknown rule kind {kind!r}")
    if not isinstance(data, dict):
        raise RuleParameterError("parameters must be a JSON object")
    hints = typing.get_type_hints(schema)
    known = {f.name for f in fields(schema)}
    unknown = sorted(set(data) - known)
    if unknown:
        raise RuleParameterError(f"unknown parameter(s): {', '.join(unknown)}")
    values = {key: _coerce(key, hints[key], value) for key, value in data.items()}
    params = schema(**values)
    params.check()
    return params


def parameters_as_json(params: RuleParams) -> dict[str, Any]:
    return {
        f.name: list(getattr(params, f.name))
        if isinstance(getattr(params, f.name), tuple)
        else getattr(params, f.name)
        for f in fields(params)
    }


# --- the ledger as plain values ----------------------------------------------------------


@dataclass(frozen=True)
class Episode:
    """One confirmed outcome episode."""

    outcome_type: str
    start_date: dt.date
    end_date: dt.date | None = None
    insurance: str = UNCONFIRMED
    employment_type: str = ""
    in_field: bool = True
    has_evidence: bool = False
    absence_weeks: int | None = None


@dataclass(frozen=True)
class TraineeFacts:
    trainee_id: int
    completed_on: dt.date | None  # None: not a completer (in training or dropped out)
    intent: str | None = None
    episodes: tuple[Episode, ...] = ()
    cohort_id: int = 0
    operator_id: int = 0
    course_id: int = 0


# --- classification: one trainee under one rule ------------------------------------------


@dataclass(frozen=True)
class Verdict:
    """Where one completer falls under one rule set."""

    counted: bool  # in the denominator
    success: bool  # in the numerator (headline)
    category: str  # a label key, see CATEGORY_KEYS
    deadline: dt.date  # last day an outcome still counts for the headline
    window_successes: tuple[tuple[int, str], ...] = ()  # KR: (months, "insured"|"non_insured")

    def open_on(self, today: dt.date) -> bool:
        """Still in the denominator, not yet a success, and the window has not closed."""
        return self.counted and not self.success and today <= self.deadline


def _is_work(ep: Episode) -> bool:
    return ep.outcome_type == EMPLOYED


def classify(params: RuleParams, facts: TraineeFacts) -> Verdict | None:
    """The verdict for one trainee; ``None`` for a non-completer (outside every rule)."""
    if facts.completed_on is None:
        return None
    if isinstance(params, KrTrainingParams):
        return _classify_kr(params, facts, facts.completed_on)
    if isinstance(params, ProgramTargetParams):
        return _classify_target(params, facts, facts.completed_on)
    return _classify_cirr(params, facts, facts.completed_on)


def _kr_insurance(params: KrTrainingParams, ep: Episode) -> str | None:
    if ep.insurance == INSURED:
        return "insured"
    if ep.insurance == NOT_COVERED:
        return "non_insured"
    return "non_insured" if params.unconfirmed_insurance_counts_as == "non_insured" else None


def _kr_exclusion_counts(params: KrTrainingParams, ep: Episode) -> bool:
    if ep.outcome_type not in params.exclusion_types:
        return False
    if params.exclusions_need_evidence and not ep.has_evidence:
        return False
    return not (ep.outcome_type == ILLNESS and (ep.absence_weeks or 0) < params.illness_min_weeks)


def _classify_kr(params: KrTrainingParams, facts: TraineeFacts, done: dt.date) -> Verdict:
    deadline = add_months(done, params.headline_window_months)
    longest = add_months(done, max(params.windows_months))
    work = [ep for ep in facts.episodes if _is_work(ep)]
    if params.subtract_employed_at_completion and any(
        ep.start_date <= done and (ep.end_date is None or ep.end_date >= done) for ep in work
    ):
        return Verdict(
            counted=False, success=False, category="employed_at_completion", deadline=deadline
        )
    successes = []
    for months in sorted(params.windows_months):
        end = add_months(done, months)
        kinds = {_kr_insurance(params, ep) for ep in work if done < ep.start_date <= end} - {None}
        if kinds:
            successes.append((months, "insured" if "insured" in kinds else "non_insured"))
    if not successes and any(
        _kr_exclusion_counts(params, ep) and ep.start_date <= longest for ep in facts.episodes
    ):
        return Verdict(counted=False, success=False, category="excluded", deadline=deadline)
    headline = dict(successes).get(params.headline_window_months)
    category = f"employed_{headline}" if headline else "not_employed"
    return Verdict(
        counted=True,
        success=headline is not None,
        category=category,
        deadline=deadline,
        window_successes=tuple(successes),
    )


def _classify_target(params: ProgramTargetParams, facts: TraineeFacts, done: dt.date) -> Verdict:
    deadline = add_months(done, params.window_months)
    hits = [
        ep
        for ep in facts.episodes
        if ep.outcome_type in params.numerator_types
        and ep.start_date <= deadline
        and (params.count_employed_before_completion or ep.start_date > done)
    ]
    if not hits:
        return Verdict(counted=True, success=False, category="not_employed", deadline=deadline)
    first = min(hits, key=lambda ep: (ep.start_date, ep.outcome_type != EMPLOYED))
    category = "startup" if first.outcome_type == STARTUP else "employed"
    return Verdict(counted=True, success=True, category=category, deadline=deadline)


def _cirr_category(params: CirrParams, episodes: list[Episode]) -> str:
    def best(rank: Callable[[Episode], int | None]) -> int | None:
        ranks = [r for r in (rank(ep) for ep in episodes) if r is not None]
        return min(ranks) if ranks else None

    def work_rank(ep: Episode) -> int | None:
        if ep.outcome_type == STARTUP:
            return 3
        if not _is_work(ep):
            return None
        if not ep.in_field:
            return 4
        if ep.employment_type in params.full_time_types:
            return 0
        if ep.employment_type in params.contract_types:
            return 1
        return 2

    ranked = best(work_rank)
    if ranked is not None:
        return CIRR_CATEGORIES[ranked]
    kinds = {ep.outcome_type for ep in episodes}
    if FURTHER_STUDY in kinds:
        return "continuing_education"
    if kinds & {NOT_SEEKING, MILITARY, EMIGRATION, ILLNESS, OTHER_EXCLUSION}:
        return "not_seeking"
    if STILL_SEEKING in kinds:
        return "still_seeking"
    return "no_data"


def _classify_cirr(params: CirrParams, facts: TraineeFacts, done: dt.date) -> Verdict:
    deadline = done + dt.timedelta(days=params.window_days)
    category = _cirr_category(params, [ep for ep in facts.episodes if ep.start_date <= deadline])
    seeking = (
        facts.intent in params.seeking_intents if facts.intent else params.missing_intent_is_seeking
    )
    return Verdict(
        counted=seeking,
        success=seeking and category in params.in_field_categories,
        category=category,
        deadline=deadline,
    )


# --- aggregation -------------------------------------------------------------------------


@dataclass(frozen=True)
class WindowFigure:
    months: int
    insured: int
    non_insured: int

    @property
    def total(self) -> int:
        return self.insured + self.non_insured


@dataclass
class Tally:
    """Running counts for one group under one rule."""

    completers: int = 0
    denominator: int = 0
    numerator: int = 0
    still_open: int = 0  # counted, not yet a success, window still open today
    categories: Counter[str] = field(default_factory=Counter)
    windows: dict[int, Counter[str]] = field(default_factory=dict)

    def add(self, verdict: Verdict, today: dt.date) -> None:
        self.completers += 1
        self.categories[verdict.category] += 1
        if verdict.counted:
            self.denominator += 1
            if verdict.success:
                self.numerator += 1
            elif today <= verdict.deadline:
                self.still_open += 1
            for months, kind in verdict.window_successes:
                self.windows.setdefault(months, Counter())[kind] += 1


@dataclass(frozen=True)
class RateFigure:
    """One group's rate under one rule: what a table row shows."""

    completers: int
    denominator: int
    numerator: int
    target: Decimal | None
    still_open: int
    categories: tuple[tuple[str, int], ...]
    windows: tuple[WindowFigure, ...] = ()

    @property
    def rate(self) -> Decimal | None:
        if not self.denominator:
            return None
        return (Decimal(self.numerator) / Decimal(self.denominator)).quantize(
            Decimal("0.0001"), rounding=ROUND_HALF_UP
        )

    @property
    def hires_needed(self) -> int | None:
        """More successes needed to reach the target (0 when reached; None without a target)."""
        if self.target is None or not self.denominator:
            return None
        wanted = int((self.target * self.denominator).to_integral_value(rounding=ROUND_CEILING))
        return max(0, wanted - self.numerator)

    @property
    def reachable(self) -> bool:
        """Enough trainees are still inside their window to close the gap."""
        needed = self.hires_needed
        return needed is None or needed <= self.still_open

    @property
    def meets_target(self) -> bool:
        return self.hires_needed == 0

    def category(self, key: str) -> int:
        return dict(self.categories).get(key, 0)


def target_for(params: RuleParams, cohort_target: Decimal | None) -> Decimal | None:
    if params.target == "cohort":
        return cohort_target
    return Decimal(params.target)


def tally_figure(params: RuleParams, tally: Tally, target: Decimal | None) -> RateFigure:
    windows: tuple[WindowFigure, ...] = ()
    if isinstance(params, KrTrainingParams):
        windows = tuple(
            WindowFigure(
                months=m,
                insured=tally.windows.get(m, Counter())["insured"],
                non_insured=tally.windows.get(m, Counter())["non_insured"],
            )
            for m in sorted(params.windows_months)
        )
    return RateFigure(
        completers=tally.completers,
        denominator=tally.denominator,
        numerator=tally.numerator,
        target=target,
        still_open=tally.still_open,
        categories=tuple(sorted(tally.categories.items())),
        windows=windows,
    )


Grouping = Callable[[TraineeFacts], Hashable]


def aggregate_many(
    params: RuleParams,
    facts: Iterable[TraineeFacts],
    *,
    today: dt.date,
    groupings: dict[str, Grouping],
) -> dict[str, dict[Hashable, Tally]]:
    """One pass: classify each completer once and add the verdict to one tally per grouping."""
    result: dict[str, dict[Hashable, Tally]] = {name: {} for name in groupings}
    for one in facts:
        verdict = classify(params, one)
        if verdict is None:
            continue
        for name, key in groupings.items():
            tallies = result[name]
            group = key(one)
            tally = tallies.get(group)
            if tally is None:
                tally = tallies[group] = Tally()
            tally.add(verdict, today)
    return result


def aggregate(
    params: RuleParams, facts: Iterable[TraineeFacts], *, today: dt.date, key: Grouping
) -> dict[Hashable, Tally]:
    return aggregate_many(params, facts, today=today, groupings={"g": key})["g"]
