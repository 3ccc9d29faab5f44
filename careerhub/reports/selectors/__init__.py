"""Reads for the dashboards and reports, scoped by who asks. They only read.

Every rate comes from the outcome calculator: the standings are its verdicts, kept up to date
by ``services.standings_refresh`` (called by the views before they read, and nightly by
``manage.py reports_refresh``); here they are counted with GROUP BY, put back into the
calculator's ``rules.Tally`` and turned into ``rules.RateFigure`` by ``rules.tally_figure``
(rate, target, hires still needed). Nothing here decides who counts.

Where each part lives:

- ``filters``: ``Filters`` (what the URL keeps) and ``filter_choices``;
- ``figures``: the figures a dashboard shows and how each is counted;
- ``dashboard``: ``dashboard_for``, which assembles them for one scope;
- ``charts_and_tables``: the charts and the tables (page and Excel) drawn from the figures;
- ``people``: the people behind a figure (``people_behind``, ``people_table``).

Who may see which operators (``Scope`` and the ``*_scope`` functions) is decided in
``reports.policies``; the names are re-exported here for callers that read them with the rest.
"""

from careerhub.reports.gaps import GapRow, GapView
from careerhub.reports.policies import Scope, committee_scope, office_scope, operator_scope
from careerhub.reports.selectors.charts_and_tables import LEVEL_LABELS, build_tables
from careerhub.reports.selectors.dashboard import (
    COUNTS_CACHE_SECONDS,
    MAX_COURSE_ROWS,
    dashboard_for,
    standings_generation,
)
from careerhub.reports.selectors.figures import (
    TREND_COHORTS,
    TREND_MONTHS,
    Dashboard,
    FunnelStep,
    HireStats,
    RateLine,
    RuleFigure,
)
from careerhub.reports.selectors.filters import Filters, filter_choices
from careerhub.reports.selectors.people import (
    BUCKETS,
    RULE_BUCKETS,
    PeopleRow,
    bucket_label,
    people_behind,
    people_table,
)

__all__ = [
    "BUCKETS",
    "COUNTS_CACHE_SECONDS",
    "LEVEL_LABELS",
    "MAX_COURSE_ROWS",
    "RULE_BUCKETS",
    "TREND_COHORTS",
    "TREND_MONTHS",
    "Dashboard",
    "Filters",
    "FunnelStep",
    "GapRow",
    "GapView",
    "HireStats",
    "PeopleRow",
    "RateLine",
    "RuleFigure",
    "Scope",
    "bucket_label",
    "build_tables",
    "committee_scope",
    "dashboard_for",
    "filter_choices",
    "office_scope",
    "operator_scope",
    "people_behind",
    "people_table",
    "standings_generation",
]
