"""The dashboards' refresh off the read path: a read that finds nothing changed takes no lock
and writes nothing; a read after a change refreshes it as before."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from careerhub.outcomes.models import Outcome, RuleSet
from careerhub.reports import services
from careerhub.reports.models import RefreshMark, Standing

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def no_overlap(settings):
    # the overlap re-reads changes of the seconds before the last refresh; the fixtures made
    # every trainee a moment ago, so without it "nothing changed" is not yet true
    settings.REPORTS_REFRESH_OVERLAP_SECONDS = 0


def _writes(queries) -> list[str]:
    return [
        q["sql"]
        for q in queries
        if q["sql"].lstrip().upper().startswith(("UPDATE", "INSERT", "DELETE"))
        or "FOR UPDATE" in q["sql"].upper()
    ]


def test_the_first_read_builds_the_standings(ledger, rule_sets):
    result = services.standings_refresh_for_read()
    assert result is not None and result.full
    assert Standing.objects.exists()


def test_a_read_without_changes_takes_no_lock_and_writes_nothing(ledger, rule_sets):
    services.standings_refresh()
    mark = RefreshMark.objects.get()
    with CaptureQueriesContext(connection) as queries:
        assert services.standings_refresh_for_read() is None
    assert _writes(queries) == []
    again = RefreshMark.objects.get()
    assert (again.refreshed_at, again.generation) == (mark.refreshed_at, mark.generation)


def test_a_read_after_a_confirmed_outcome_refreshes_it(ledger, rule_sets, world):
    services.standings_refresh()
    generation = RefreshMark.objects.get().generation
    ledger.proposed.status = Outcome.Status.CONFIRMED
    ledger.proposed.verified_by = world.users["staff_a"]
    ledger.proposed.verified_at = timezone.now()
    ledger.proposed.save()
    result = services.standings_refresh_for_read()
    assert result is not None and not result.full and result.trainees == 1
    assert RefreshMark.objects.get().generation == generation + 1
    assert Standing.objects.get(snapshot_id=ledger.t["다"].pk, rule_code="program-target").success


def test_a_read_under_a_new_rule_version_rebuilds_everything(ledger, rule_sets):
    services.standings_refresh()
    base = RuleSet.objects.get(code="program-target", version=1)
    RuleSet.objects.create(
        code="program-target",
        version=2,
        kind=base.kind,
        name=base.name,
        effective_from=dt.date(2026, 1, 1),
        parameters=base.parameters | {"window_months": 2},
    )
    result = services.standings_refresh_for_read()
    assert result is not None and result.full
    assert set(
        Standing.objects.filter(rule_code="program-target").values_list("rule_version", flat=True)
    ) == {2}


def test_the_dashboard_reads_without_writing(login, ledger, rule_sets, world):
    services.standings_refresh()
    client = login(world.users["office"])
    client.get("/reports/office/")  # the session's own writes settle first
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/reports/office/").status_code == 200
    writes = [q for q in _writes(queries) if "reports_" in q]
    assert writes == []
