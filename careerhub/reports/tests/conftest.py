"""The outcomes app's hand-computed ledger (cohort 1, five completers) reused for reports.

See ``careerhub/outcomes/tests/conftest.py`` for the table; on 2026-06-15, program target:
가 (job 2026-04-30), 나 (company 2026-03-02) and 마 (job 2026-02-10) succeed of five
completers → 3/5 = 60.0 %, one more hire needed for 75 %.
"""

import pytest

from careerhub.outcomes.tests.conftest import DONE, TODAY, Ledger, ledger, rule_sets  # noqa: F401


@pytest.fixture(autouse=True)
def _no_refresh_overlap(settings):
    """Tests run within seconds: count only what changed since the last refresh."""
    settings.REPORTS_REFRESH_OVERLAP_SECONDS = 0


@pytest.fixture(autouse=True)
def _empty_cache():
    """The gap table is cached for a few minutes by scope and day: start each test empty."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()
