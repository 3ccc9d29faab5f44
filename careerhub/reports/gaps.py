"""Demand against supply for the dashboards, from the matching app's gap table.

``matching.selectors.gap_table_for`` owns the definition (open postings and reported demand
by role × hiring month against trainees not yet placed by role × month available, analysed
by ``matchengine.analyse_gaps``) and caches it until something it counts changes, per
scope, cohort, day and language. Only counts and the timing sentences cross this boundary:
no names. The sentence saying where the counts come from is said here, in the reader's
language.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils.translation import gettext as _

from careerhub.core import korean
from careerhub.core.actors import Actor


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


@dataclass(frozen=True)
class _GapCounts:
    """The table's counts and months, without the trainees' and openings' details."""

    first: dt.date
    last: dt.date
    max_shift: int
    rows: tuple[GapRow, ...]
    explanations: tuple[str, ...]


def _gap_counts(*, actor: Actor, cohort_id: int | None, today: dt.date) -> _GapCounts:
    from careerhub.matching import selectors as matching_selectors

    table = matching_selectors.gap_table_for(actor=actor, cohort=cohort_id, today=today)
    return _GapCounts(
        first=table.months[0],
        last=table.months[-1],
        max_shift=table.max_shift,
        rows=tuple(
            GapRow(
                role_name=r.role_name,
                demand=r.demand,
                supply=r.supply,
                on_time=r.on_time,
                shifted=r.shifted,
                shortage=r.shortage,
                surplus=r.surplus,
            )
            for r in table.rows
        ),
        explanations=tuple(g.explanation for g in table.timing_gaps),
    )


def gap_view(*, actor: Actor, cohort_id: int | None, today: dt.date) -> GapView:
    counts = _gap_counts(actor=actor, cohort_id=cohort_id, today=today)
    first, last = counts.first, counts.last
    return GapView(
        source=_(
            "Demand: open postings and reported hiring demand, %(first)s to %(last)s. "
            "Supply: trainees not yet employed, by the month they become available "
            "(from the matching gap analysis; a month's shift or less counts as filled "
            "up to %(shift)s months)."
        )
        % {
            "first": korean.format_month(first),
            "last": korean.format_month(last),
            "shift": counts.max_shift,
        },
        rows=counts.rows,
        explanations=counts.explanations,
    )
