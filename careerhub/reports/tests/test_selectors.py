import re
from decimal import Decimal

import pytest

from careerhub.core.policy import PermissionDenied
from careerhub.outcomes import selectors as outcome_selectors
from careerhub.reports import selectors, services
from careerhub.reports.tests.conftest import TODAY

pytestmark = pytest.mark.django_db


def _office(world, **filters):
    services.standings_refresh()
    actor = world.actor("office")
    return selectors.dashboard_for(
        actor=actor,
        scope=selectors.office_scope(actor),
        filters=selectors.Filters(**filters),
        today=TODAY,
    )


def _cohort_line(d, cohort):
    return next(line for line in d.cohort_lines if line.cohort == cohort)


def test_hand_computed_program_target_figure(world, ledger, rule_sets):
    d = _office(world, cohort_id=ledger.cohort.pk)
    fig = _cohort_line(d, ledger.cohort).figure_for("program-target").figure
    assert (fig.completers, fig.numerator, fig.denominator) == (5, 3, 5)
    assert fig.rate == Decimal("0.6000")
    assert fig.target == Decimal("0.750")
    assert fig.hires_needed == 1  # ceil(0.75 × 5) = 4 − 3
    assert fig.still_open == 2  # 다 and 라: deadline 2026-07-31 is after 2026-06-15


def test_every_row_equals_the_outcome_rate_table(world, ledger, rule_sets):
    d = _office(world)
    table = outcome_selectors.rate_table_for(actor=world.actor("office"), as_of=TODAY)
    expected = {(row.level, row.label, row.cohort_number): row.figures for row in table.rows}
    assert len(expected) == len(d.lines) == len(table.rows)
    for line in d.lines:
        theirs = expected[(line.level, line.label, line.cohort.number)]
        ours = tuple(rf.figure for rf in line.figures)
        assert ours == theirs, line.label


def test_hire_stats(world, ledger, rule_sets):
    d = _office(world, cohort_id=ledger.cohort.pk)
    (stats,) = d.hire_stats
    assert (stats.completers, stats.placed, stats.hires) == (5, 3, 2)
    # 가: 2026-01-31 → 04-30 = 89 days; 마: → 02-10 = 10 days.
    assert stats.median_days == Decimal("49.5")


def test_filters_narrow_to_an_operator_and_a_period(world, ledger, rule_sets):
    d = _office(world, operator_id=world.op_b.pk)
    fig = _cohort_line(d, ledger.cohort).figure_for("program-target").figure
    assert (fig.numerator, fig.denominator) == (1, 1)  # 마 only
    empty = _office(world, period_to=ledger.cohort.training_start)
    assert _cohort_line(empty, ledger.cohort).figure_for("program-target").figure.completers == 0


def test_headline_rule_follows_the_filter(world, ledger, rule_sets):
    assert _office(world).headline.code == "program-target"
    assert _office(world, rule="kr-training").headline.code == "kr-training"
    assert _office(world, rule="no-such-rule").headline.code == "program-target"


def test_trend_is_cumulative_by_month_since_completion(world, ledger, rule_sets):
    d = _office(world, cohort_id=ledger.cohort.pk)
    trend = d.trend[ledger.cohort.pk]
    # 마 succeeds in month 1 (02-10), 나 in month 2 (03-02), 가 in month 3 (04-30) of 5.
    assert trend[:5] == [
        Decimal("0"),
        Decimal("0.2"),
        Decimal("0.4"),
        Decimal("0.6"),
        Decimal("0.6"),
    ]
    assert trend[5] is None  # 2026-06-30 has not come yet on 2026-06-15
    assert "chart-trend" in d.charts["trend"].svg


def test_operator_scope_counts_only_its_own(world, ledger, rule_sets):
    services.standings_refresh()
    actor = world.actor("staff_a")
    d = selectors.dashboard_for(
        actor=actor,
        scope=selectors.operator_scope(actor, world.op_a),
        filters=selectors.Filters(),
        today=TODAY,
    )
    assert {line.label for line in d.lines if line.level == "operator"} == {str(world.op_a)}
    fig = _cohort_line(d, ledger.cohort).figure_for("program-target").figure
    assert (fig.numerator, fig.denominator) == (2, 4)
    assert d.cockpit is not None and d.attraction is None
    with pytest.raises(PermissionDenied):
        selectors.operator_scope(actor, world.op_b)


def test_committee_scope_links_to_nobody(world, ledger, rule_sets):
    services.standings_refresh()
    actor = world.actor("committee")
    d = selectors.dashboard_for(
        actor=actor,
        scope=selectors.committee_scope(actor),
        filters=selectors.Filters(),
        today=TODAY,
    )
    assert all(not rf.success_url for line in d.lines for rf in line.figures)
    assert all(not cell.url for table in d.tables.values() for row in table.rows for cell in row)
    assert d.funnel == []
    with pytest.raises(PermissionDenied):
        selectors.office_scope(actor)


def test_people_behind_a_figure_are_scoped(world, ledger, rule_sets):
    services.standings_refresh()
    filters = selectors.Filters(cohort_id=ledger.cohort.pk, rule="program-target")
    rows, _rule = selectors.people_behind(
        actor=world.actor("office"), filters=filters, bucket="success", today=TODAY
    )
    assert {r.trainee.name for r in rows} == {"가", "나", "마"}
    rows, _rule = selectors.people_behind(
        actor=world.actor("staff_a"), filters=filters, bucket="success", today=TODAY
    )
    assert {r.trainee.name for r in rows} == {"가", "나"}  # 마 belongs to operator B
    rows, _rule = selectors.people_behind(
        actor=world.actor("office"), filters=filters, bucket="open", today=TODAY
    )
    assert {r.trainee.name for r in rows} == {"다", "라"}
    for who in ("committee", "recruiter_x", "trainee_a1", "nobody"):
        with pytest.raises(PermissionDenied):
            selectors.people_behind(actor=world.actor(who), filters=filters, bucket="success")


def test_selectors_only_read(world, ledger, rule_sets):
    """Counting and listing people write nothing: the standings are refreshed by the views
    (``services.standings_refresh``), not on the read path."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from careerhub.reports.models import RefreshMark, Standing

    actor = world.actor("office")
    filters = selectors.Filters(cohort_id=ledger.cohort.pk, rule="program-target")
    with CaptureQueriesContext(connection) as before_refresh:
        d = selectors.dashboard_for(
            actor=actor, scope=selectors.office_scope(actor), filters=filters, today=TODAY
        )
        rows, _rule = selectors.people_behind(
            actor=actor, filters=filters, bucket="success", today=TODAY
        )
    # Nothing refreshed yet: nothing counted, and the selectors did not refresh either.
    assert _cohort_line(d, ledger.cohort).figure_for("program-target").figure.completers == 0
    assert rows == []
    assert not RefreshMark.objects.exists() and not Standing.objects.exists()

    services.standings_refresh()
    with CaptureQueriesContext(connection) as after_refresh:
        d = selectors.dashboard_for(
            actor=actor, scope=selectors.office_scope(actor), filters=filters, today=TODAY
        )
        rows, _rule = selectors.people_behind(
            actor=actor, filters=filters, bucket="success", today=TODAY
        )
    assert _cohort_line(d, ledger.cohort).figure_for("program-target").figure.numerator == 3
    assert {r.trainee.name for r in rows} == {"가", "나", "마"}
    for query in [*before_refresh.captured_queries, *after_refresh.captured_queries]:
        sql = query["sql"].lstrip().upper()
        # a streamed read (.iterator()) on PostgreSQL is a server-side cursor over a SELECT
        sql = re.sub(r'^DECLARE "[^"]+" NO SCROLL CURSOR (WITH(OUT)? HOLD )?FOR ', "", sql)
        assert sql.startswith("SELECT") and "FOR UPDATE" not in sql, sql


def test_counts_are_cached_per_standings_generation(world, ledger, rule_sets):
    """A refresh that changed a standing starts a new generation: the next read counts
    afresh instead of reusing the cached counts."""
    from django.utils import timezone

    from careerhub.outcomes.models import Outcome

    first = _cohort_line(_office(world, cohort_id=ledger.cohort.pk), ledger.cohort)
    assert first.figure_for("program-target").figure.numerator == 3
    ledger.proposed.status = Outcome.Status.CONFIRMED
    ledger.proposed.verified_by = world.users["staff_a"]
    ledger.proposed.verified_at = timezone.now()
    ledger.proposed.save()
    then = _cohort_line(_office(world, cohort_id=ledger.cohort.pk), ledger.cohort)
    assert then.figure_for("program-target").figure.numerator == 4  # 다 now counts


def test_the_rate_lines_are_reused_until_the_standings_or_the_names_change(
    world, ledger, rule_sets
):
    """The lines, knowledge and retention are cached per standings generation and the
    signature of cohorts, operators and courses: a renamed operator or a new cohort target
    shows at once, and an unchanged dashboard does not count them again."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as cold:
        first = _office(world, cohort_id=ledger.cohort.pk)
    with CaptureQueriesContext(connection) as warm:
        again = _office(world, cohort_id=ledger.cohort.pk)
    assert len(warm) < len(cold) - 5
    assert [line.label for line in again.lines] == [line.label for line in first.lines]

    operator = world.course_a.operator
    operator.name = "새 이름 교육기관"
    operator.save()
    renamed = _office(world, cohort_id=ledger.cohort.pk)
    assert "새 이름 교육기관" in {line.label for line in renamed.lines}

    ledger.cohort.employment_target = Decimal("0.500")
    ledger.cohort.save()
    target = _cohort_line(_office(world, cohort_id=ledger.cohort.pk), ledger.cohort)
    assert target.figure_for("program-target").figure.target == Decimal("0.500")
