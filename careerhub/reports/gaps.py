"""Demand against supply for the dashboards, from the matching app's gap table.

``matching.selectors.gap_table_for`` owns the definition (open postings and reported demand
by role × hiring month against trainees not yet placed by role × month available, analysed
by ``matchengine.analyse_gaps``). It reads every unplaced trainee, so on a national-scale
program it is the slowest part of a dashboard; being a planning view rather than a ledger
figure, it is kept in the cache for ``GAP_CACHE_SECONDS`` per scope, cohort and day.
Only counts cross this boundary: no names.
"""

from __future__ import annotations

import datetime as dt

from django.core.cache import cache
from django.utils.translation import gettext as _

from careerhub.core.actors import Actor

GAP_CACHE_SECONDS = 300


def gap_view(*, actor: Actor, cohort_id: int | None, today: dt.date):
    from careerhub.matching import selectors as matching_selectors
    from careerhub.reports.selectors import GapRow, GapView

    scope = "all" if actor.program_staff or actor.committee else sorted(actor.staff_operator_ids)
    key = f"reports:gap:{scope}:{cohort_id}:{today.isoformat()}"
    cached = cache.get(key)
    if cached is not None:
        return cached
    table = matching_selectors.gap_table_for(actor=actor, cohort=cohort_id, today=today)
    first, last = table.months[0], table.months[-1]
    view = GapView(
        source=_(
            "Demand: open postings and reported hiring demand, %(first)s to %(last)s. "
            "Supply: trainees not yet employed, by the month they become available "
            "(from the matching gap analysis; a month's shift or less counts as filled "
            "up to %(shift)s months)."
        )
        % {
            "first": f"{first.year}. {first.month}.",
            "last": f"{last.year}. {last.month}.",
            "shift": table.max_shift,
        },
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
    cache.set(key, view, GAP_CACHE_SECONDS)
    return view
