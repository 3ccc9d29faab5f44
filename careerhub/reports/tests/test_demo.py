"""The dashboard against the demo program's ledger, recomputed here without the calculator."""

import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from careerhub.academy.models import Cohort, Trainee, TrainingOperator
from careerhub.accounts.actors import actor_for
from careerhub.accounts.models import User
from careerhub.outcomes import selectors as outcome_selectors
from careerhub.outcomes.models import EXCLUSION_TYPES, Outcome, OutcomeType
from careerhub.outcomes.rules import add_months
from careerhub.reports import selectors, services

pytestmark = pytest.mark.django_db


def _program_target(trainees) -> tuple[int, int]:
    """Employed or founded a company within six months of completion, over completers."""
    completers = list(trainees.filter(status=Trainee.Status.COMPLETED))
    hits = 0
    for t in completers:
        deadline = add_months(t.completed_on, 6)
        if Outcome.objects.filter(
            trainee=t,
            status=Outcome.Status.CONFIRMED,
            outcome_type__in=[OutcomeType.EMPLOYED, OutcomeType.STARTUP],
            start_date__lte=deadline,
        ).exists():
            hits += 1
    return hits, len(completers)


def _kr_training(trainees) -> tuple[int, int]:
    """고용노동부 style: completers − employed at completion − evidenced exclusions;
    employed (any insurance) within six months after completion."""
    numerator = denominator = 0
    for t in trainees.filter(status=Trainee.Status.COMPLETED):
        done, deadline = t.completed_on, add_months(t.completed_on, 6)
        confirmed = Outcome.objects.filter(trainee=t, status=Outcome.Status.CONFIRMED)
        jobs = confirmed.filter(outcome_type=OutcomeType.EMPLOYED)
        if any(j.start_date <= done and (j.end_date is None or j.end_date >= done) for j in jobs):
            continue
        if any(done < j.start_date <= deadline for j in jobs):
            numerator += 1
            denominator += 1
            continue
        excluded = any(
            o.outcome_type in EXCLUSION_TYPES
            and o.has_evidence
            and o.start_date <= deadline
            and not (o.outcome_type == OutcomeType.ILLNESS and (o.absence_weeks or 0) < 3)
            for o in confirmed
        )
        if not excluded:
            denominator += 1
    return numerator, denominator


def test_demo_dashboard_equals_the_ledger(settings):
    settings.REPORTS_REFRESH_OVERLAP_SECONDS = 0
    call_command("seed_demo", stdout=io.StringIO())
    today = timezone.localdate()
    office = actor_for(User.objects.get(email="office@demo.careerhub.kr"))
    services.standings_refresh()
    d = selectors.dashboard_for(
        actor=office, scope=selectors.office_scope(office), filters=selectors.Filters(), today=today
    )
    checked = 0
    for line in d.lines:
        if line.level == "course":
            continue
        trainees = Trainee.objects.filter(course__cohort=line.cohort)
        if line.level == "operator":
            (operator,) = [o for o in TrainingOperator.objects.all() if str(o) == line.label]
            trainees = trainees.filter(course__operator=operator)
        target = line.figure_for("program-target").figure
        kr = line.figure_for("kr-training").figure
        assert (target.numerator, target.denominator) == _program_target(trainees), line.label
        assert (kr.numerator, kr.denominator) == _kr_training(trainees), line.label
        checked += target.denominator
    assert checked > 100  # cohorts 1 and 2 have completers with outcomes
    # All three rule sets, every row, equal the outcomes app's own rate table.
    table = outcome_selectors.rate_table_for(actor=office, as_of=today)
    theirs = {(r.level, r.label, r.cohort_number): r.figures for r in table.rows}
    for line in d.lines:
        assert (
            tuple(rf.figure for rf in line.figures)
            == theirs[(line.level, line.label, line.cohort.number)]
        )
    # The page shows the cohort-1 headline rate as computed above.
    first = Cohort.objects.get(number=1)
    hits, completers = _program_target(Trainee.objects.filter(course__cohort=first))
    assert completers and d.total is not None
    fig = next(x for x in d.cohort_lines if x.cohort == first).figure_for("program-target")
    assert fig.figure.rate is not None
    assert abs(float(fig.figure.rate) - hits / completers) < 0.00005
