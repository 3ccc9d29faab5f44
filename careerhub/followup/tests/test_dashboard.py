"""The dashboards show each rate with its knowledge rate, and retention per cohort and company
(issue 17, items 2–3); the page, Excel and PDF share the tables."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils import translation

from careerhub.followup import services
from careerhub.followup.models import CheckIn
from careerhub.followup.tests.conftest import TODAY, completer
from careerhub.followup.tests.test_checkins import at
from careerhub.outcomes.services import outcome_confirm
from careerhub.reports import selectors
from careerhub.reports import services as report_services
from careerhub.reports.policies import committee_scope, office_scope


def _dashboard(actor, scope=None):
    report_services.standings_refresh(today=TODAY)
    with translation.override("en"):  # the column labels, before the Korean catalogue merge
        return selectors.dashboard_for(
            actor=actor,
            scope=scope or office_scope(actor),
            filters=selectors.Filters(),
            today=TODAY,
        )


def test_knowledge_rate_beside_each_rate_moves_with_verification(world, cohort2, rule_sets):
    graduates = [completer(cohort2, n, dt.date(2026, 1, 15)) for n in "가나다라"]
    services.checkins_run(today=TODAY, now=at(TODAY))
    office = world.actor("office")
    line = next(x for x in _dashboard(office).lines if x.cohort and x.cohort.number == 2)
    assert (line.known.months, line.known.reached, line.known.verified) == (6, 4, 0)

    checkin = CheckIn.objects.get(trainee=graduates[0])
    services.checkin_answer(
        checkin=checkin,
        answer=services.GraduateAnswer(
            status="employed",
            start_date=dt.date(2026, 3, 2),
            company_name="광주에이아이",
            employment_type="full_time",
        ),
    )
    outcome = checkin.proposed
    outcome.evidence_reference = "고용보험 이력 확인"
    outcome.save()
    d = _dashboard(office)
    line = next(x for x in d.lines if x.cohort and x.cohort.number == 2)
    assert line.known.verified == 0 and line.known.reported == 1  # proposed: not yet known
    outcome_confirm(actor=world.actor("staff_a"), outcome=outcome, expected_version=1)
    d = _dashboard(office)
    line = next(x for x in d.lines if x.cohort and x.cohort.number == 2)
    assert (line.known.verified, str(line.known.rate)) == (1, "0.2500")
    rates = d.tables["rates"]
    column = [c.label for c in rates.columns].index("Knowledge rate")
    row = next(r for r in rates.rows if r[1].value == line.label)
    assert str(row[column].value) == "0.2500"
    assert "knowledge" in d.tables and "retention_cohorts" in d.tables
    assert "retention_companies" in d.tables
    # the committee sees summaries: retention per cohort, never per company
    summary = _dashboard(world.actor("committee"), committee_scope(world.actor("committee")))
    assert "retention_companies" not in summary.tables


def test_the_office_dashboard_page_shows_knowledge_and_retention(world, cohort2, client, rule_sets):
    completer(cohort2, "가", dt.date(2026, 1, 15))
    client.force_login(world.users["office"])
    response = client.get(reverse("reports:office"))
    assert response.status_code == 200
    body = response.content.decode()
    assert 'id="knowledge-heading"' in body and 'id="retention-heading"' in body
    xlsx = client.get(reverse("reports:office_xlsx"))
    assert xlsx.status_code == 200
