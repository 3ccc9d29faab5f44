"""How much of the ledger is known: the knowledge rate and retention after hire (reads only).

**Knowledge rate** (NACE first-destination reporting): of the completers whose window of N
months after completion has passed, the share whose status at that moment is known — and
verified by staff. A rate on 40 % knowledge reads differently from one on 95 %, so every
employment rate is shown beside it. The windows are ``settings.CHECKIN_MONTHS`` (at
completion, 1, 3, 6 and 12 months: the moments graduates are asked, aligned with the rule
sets' 3- and 6-month windows) plus any window of a rule set in force.

The status at the end of window N is known when an episode of the ledger covers that day:

- a job, a company or an exclusion (military service, school, …) that started on or before
  it and had not ended before it;
- a "still seeking" or "not seeking" answer, which describes one moment, reported within
  ``SEEKING_REPORT_DAYS`` of it (the answer to that window's check-in).

"Reported" counts episodes not rejected (proposed or confirmed); "verified" only confirmed
ones. Only verified knowledge is the knowledge rate.

**Retention after hire**: of the confirmed jobs whose start lies N months back or more
(``settings.RETENTION_MONTHS``: 1, 3, 6), the share still going N months after the start
(no end date, or an end date on or after that day). Jobs end through
``services.outcome_end`` (a retention check-in's answer, or staff).

Everything is counted in one pass over ``values()`` rows: two queries per table.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Hashable, Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.db.models import QuerySet

from careerhub.academy.models import Trainee
from careerhub.outcomes import rules
from careerhub.outcomes.models import Outcome, OutcomeType

SEEKING_REPORT_DAYS = 45
SEEKING_TYPES = frozenset({OutcomeType.STILL_SEEKING, OutcomeType.NOT_SEEKING})


def checkin_months() -> tuple[int, ...]:
    """Months after completion at which graduates are asked (0 = at completion)."""
    return tuple(sorted(set(getattr(settings, "CHECKIN_MONTHS", (0, 1, 3, 6, 12)))))


def retention_months() -> tuple[int, ...]:
    """Months after a hire's start at which the employment is followed up."""
    return tuple(sorted(set(getattr(settings, "RETENTION_MONTHS", (1, 3, 6)))))


def rule_window_months(params: rules.RuleParams) -> tuple[int, ...]:
    """The months a rule set counts employment within (CIRR's days rounded to months)."""
    if isinstance(params, rules.KrTrainingParams):
        return tuple(params.windows_months)
    if isinstance(params, rules.ProgramTargetParams):
        return (params.window_months,)
    return (max(1, round(params.window_days / 30)),)


def headline_months(params: rules.RuleParams) -> int:
    if isinstance(params, rules.KrTrainingParams):
        return params.headline_window_months
    return rule_window_months(params)[0]


def _share(part: int, whole: int) -> Decimal | None:
    if not whole:
        return None
    return (Decimal(part) / Decimal(whole)).quantize(Decimal("0.0001"), rounding=ROUND_HALF_UP)


# --- knowledge rate -------------------------------------------------------------------------


@dataclass(frozen=True)
class WindowKnowledge:
    months: int
    reached: int  # completers whose window has ended (the denominator)
    reported: int  # of them, status reported (proposed or confirmed)
    verified: int  # of them, status verified by staff

    @property
    def rate(self) -> Decimal | None:
        """The knowledge rate: verified over reached."""
        return _share(self.verified, self.reached)

    @property
    def reported_rate(self) -> Decimal | None:
        return _share(self.reported, self.reached)

    @property
    def unverified(self) -> int:
        return self.reported - self.verified


@dataclass(frozen=True)
class Knowledge:
    windows: tuple[WindowKnowledge, ...]

    def at(self, months: int) -> WindowKnowledge | None:
        return next((w for w in self.windows if w.months == months), None)

    def for_rate(self, months: int) -> WindowKnowledge | None:
        """The window to show beside a rate counted within ``months``: that one once any
        completer reached it, else the latest window someone reached (None: nobody yet)."""
        exact = self.at(months)
        if exact is not None and exact.reached:
            return exact
        reached = [w for w in self.windows if w.reached and w.months <= months]
        return reached[-1] if reached else None


EMPTY = Knowledge(())


@dataclass
class _Counts:
    reached: int = 0
    reported: int = 0
    verified: int = 0


def _covers(kind: str, start: dt.date, end: dt.date | None, day: dt.date) -> bool:
    if kind in SEEKING_TYPES:
        return abs((start - day).days) <= SEEKING_REPORT_DAYS
    return start <= day and (end is None or end >= day)


def knowledge_for(
    *,
    trainees: QuerySet[Trainee],
    today: dt.date,
    groupings: dict[str, rules.Grouping],
    months: Iterable[int] | None = None,
) -> dict[str, dict[Hashable, Knowledge]]:
    """The knowledge of the completers of ``trainees`` per group of each grouping (a function
    of ``rules.TraineeFacts``: ``cohort_id``, ``operator_id``, ``course_id``,
    ``completed_on``), at each of ``months`` (default: the check-in months)."""
    windows = tuple(sorted(set(months if months is not None else checkin_months())))
    completers = trainees.filter(status=Trainee.Status.COMPLETED, completed_on__isnull=False)
    episodes: dict[int, list[tuple[str, dt.date, dt.date | None, bool]]] = defaultdict(list)
    rows = (
        Outcome.objects.filter(trainee__in=completers.values("pk"))
        .exclude(status=Outcome.Status.REJECTED)
        .values_list("trainee_id", "outcome_type", "start_date", "end_date", "status")
    )
    for tid, kind, start, end, status in rows.iterator(chunk_size=5000):
        episodes[tid].append((kind, start, end, status == Outcome.Status.CONFIRMED))
    counts: dict[str, dict[Hashable, dict[int, _Counts]]] = {name: {} for name in groupings}
    values = completers.values_list(
        "pk", "completed_on", "course__cohort_id", "course__operator_id", "course_id"
    )
    for tid, completed_on, cohort_id, operator_id, course_id in values.iterator(chunk_size=5000):
        facts = rules.TraineeFacts(
            trainee_id=tid,
            completed_on=completed_on,
            cohort_id=cohort_id,
            operator_id=operator_id,
            course_id=course_id,
        )
        mine = episodes.get(tid, [])
        per_window = []
        for m in windows:
            day = rules.add_months(completed_on, m)
            if day > today:
                break
            covering = [confirmed for kind, s, e, confirmed in mine if _covers(kind, s, e, day)]
            per_window.append((m, bool(covering), any(covering)))
        for name, key_of in groupings.items():
            group = counts[name].setdefault(key_of(facts), {})
            for m, reported, verified in per_window:
                c = group.setdefault(m, _Counts())
                c.reached += 1
                c.reported += reported
                c.verified += verified
    return {
        name: {
            key: Knowledge(
                tuple(
                    WindowKnowledge(m, c.reached, c.reported, c.verified)
                    for m, c in ((m, by_window.get(m, _Counts())) for m in windows)
                )
            )
            for key, by_window in by_key.items()
        }
        for name, by_key in counts.items()
    }


# --- retention after hire -------------------------------------------------------------------


@dataclass(frozen=True)
class WindowRetention:
    months: int
    hires: int  # jobs that started at least ``months`` ago (the denominator)
    stayed: int  # of them, still going ``months`` after the start

    @property
    def left(self) -> int:
        return self.hires - self.stayed

    @property
    def rate(self) -> Decimal | None:
        return _share(self.stayed, self.hires)


@dataclass(frozen=True)
class RetentionRow:
    key: Hashable
    label: str
    windows: tuple[WindowRetention, ...]

    def at(self, months: int) -> WindowRetention | None:
        return next((w for w in self.windows if w.months == months), None)


def retention_for(
    *,
    trainees: QuerySet[Trainee],
    today: dt.date,
    by: str,
    months: Iterable[int] | None = None,
) -> list[RetentionRow]:
    """Retention of the confirmed jobs of ``trainees``, per cohort (``by="cohort"``) or per
    employer (``by="company"``; an unregistered employer by its name), largest first."""
    windows = tuple(sorted(set(months if months is not None else retention_months())))
    jobs = Outcome.objects.filter(
        trainee__in=trainees.values("pk"),
        outcome_type=OutcomeType.EMPLOYED,
        status=Outcome.Status.CONFIRMED,
    ).values_list(
        "start_date",
        "end_date",
        "trainee__course__cohort_id",
        "trainee__course__cohort__number",
        "company_id",
        "company__name",
        "company_name",
    )
    counts: dict[Hashable, dict[int, list[int]]] = {}
    labels: dict[Hashable, str] = {}
    for start, end, cohort_id, cohort_number, company_id, company, company_name in jobs.iterator(
        chunk_size=5000
    ):
        if by == "cohort":
            key: Hashable = cohort_id
            labels[key] = str(cohort_number)
        else:
            key = company_id or f"name:{company_name.strip()}"
            labels[key] = company or company_name.strip()
        group = counts.setdefault(key, {})
        for m in windows:
            mark = rules.add_months(start, m)
            if mark > today:
                break
            c = group.setdefault(m, [0, 0])
            c[0] += 1
            c[1] += end is None or end >= mark
    rows = [
        RetentionRow(
            key,
            labels[key],
            tuple(WindowRetention(m, *group.get(m, [0, 0])) for m in windows),
        )
        for key, group in counts.items()
    ]
    if by == "cohort":
        rows.sort(key=lambda r: int(r.label))
    else:
        rows.sort(key=lambda r: (-(r.windows[0].hires if r.windows else 0), r.label))
    return rows
