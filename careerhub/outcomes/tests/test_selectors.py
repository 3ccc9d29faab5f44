"""Rates from the database, against the hand-computed ledger in conftest.py."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from careerhub.academy.models import Trainee
from careerhub.outcomes import selectors, services
from careerhub.outcomes.models import Outcome, OutcomeType, RuleSet
from careerhub.outcomes.tests.conftest import DONE, TODAY

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("rule_sets")]


def by_code(table, level, label):
    row = next(r for r in table.rows if r.level == level and r.label == label)
    return {rule.code: fig for rule, fig in zip(table.rules, row.figures, strict=True)}


def test_shipped_rule_sets_are_in_force():
    codes = [r.code for r in selectors.rule_sets_in_force(on=TODAY)]
    assert codes == ["kr-training", "program-target", "cirr"]


def test_latest_effective_version_wins_and_future_versions_wait():
    base = RuleSet.objects.get(code="program-target", version=1)
    RuleSet.objects.create(
        code="program-target",
        version=2,
        kind=base.kind,
        name=base.name,
        effective_from=dt.date(2026, 7, 1),
        parameters={"numerator_types": ["employed"]},
    )
    before = {r.code: r.version for r in selectors.rule_sets_in_force(on=dt.date(2026, 6, 30))}
    after = {r.code: r.version for r in selectors.rule_sets_in_force(on=dt.date(2026, 7, 1))}
    assert before["program-target"] == 1
    assert after["program-target"] == 2


def test_rate_table_by_cohort_operator_and_course(world, ledger):
    table = selectors.rate_table_for(actor=world.actor("office"), as_of=TODAY)
    cohort_row = next(r for r in table.rows if r.level == "cohort" and r.cohort_number == 1)
    figs = {rule.code: fig for rule, fig in zip(table.rules, cohort_row.figures, strict=True)}
    kr = figs["kr-training"]
    # 5 completers (바 is enrolled); 나's startup is an exclusion; 다 is only proposed.
    assert (kr.completers, kr.category("excluded"), kr.denominator, kr.numerator) == (5, 1, 4, 2)
    three, six = kr.windows
    assert (three.insured, three.non_insured) == (1, 1)  # 가 on the 3-month edge, 마
    assert (six.insured, six.non_insured) == (1, 1)
    assert kr.rate == Decimal("0.5000")
    assert kr.hires_needed == 1  # ceil(0.75 × 4) = 3 − 2
    target = figs["program-target"]
    assert (target.denominator, target.numerator, target.hires_needed) == (5, 3, 1)
    assert target.rate == Decimal("0.6000")
    cirr = figs["cirr"]
    assert (cirr.denominator, cirr.numerator) == (5, 3)
    assert cirr.category("in_field_startup") == 1

    op_a = by_code(table, "operator", "운영기관A")
    assert (op_a["kr-training"].denominator, op_a["kr-training"].numerator) == (3, 1)
    assert op_a["kr-training"].hires_needed == 2  # ceil(0.75 × 3) = 3 − 1
    op_b = by_code(table, "operator", "운영기관B")
    assert (op_b["kr-training"].denominator, op_b["kr-training"].numerator) == (1, 1)
    assert op_b["kr-training"].meets_target
    course_a = by_code(table, "course", "1기 과정A")
    assert course_a["program-target"].numerator == 2

    fiscal = {r.label: r for r in table.fiscal_rows}
    assert list(fiscal) == ["2025 회계연도 (2025. 7. 1.–2026. 6. 30.)"]
    assert [r.label for r in table.calendar_rows] == ["2026년"]
    assert table.calendar_rows[0].figures[0].numerator == 2


def test_confirming_a_hire_changes_the_rate(world, ledger):
    before = selectors.cohort_rate_figures(cohort=ledger.cohort, as_of=TODAY)
    ledger.proposed.evidence_reference = "고용보험 취득 2026. 5. 1."
    ledger.proposed.save()
    services.outcome_confirm(
        actor=world.actor("staff_a"), outcome=ledger.proposed, expected_version=1
    )
    after = selectors.cohort_rate_figures(cohort=ledger.cohort, as_of=TODAY)
    assert before["kr-training"].rate == Decimal("0.5000")
    assert after["kr-training"].rate == Decimal("0.7500")
    assert after["kr-training"].hires_needed == 0
    assert (before["program-target"].numerator, after["program-target"].numerator) == (3, 4)


def test_operator_staff_see_only_their_operator(world, ledger):
    table = selectors.rate_table_for(actor=world.actor("staff_b"), as_of=TODAY)
    labels = {r.label for r in table.rows if r.level != "cohort"}
    assert "운영기관B" in labels
    assert "운영기관A" not in labels and "1기 과정A" not in labels
    cohort_row = next(r for r in table.rows if r.level == "cohort" and r.cohort_number == 1)
    assert cohort_row.figures[0].completers == 1  # only 마: B's own completers


def test_committee_sees_aggregates_of_every_operator(world, ledger):
    table = selectors.rate_table_for(actor=world.actor("committee"), as_of=TODAY)
    cohort_row = next(r for r in table.rows if r.level == "cohort" and r.cohort_number == 1)
    assert cohort_row.figures[0].completers == 5


def test_ledger_facts_takes_two_queries(world, ledger, django_assert_num_queries):
    with django_assert_num_queries(2):
        facts = list(selectors.ledger_facts(Trainee.objects.all()))
    assert len(facts) == 5
    assert {len(f.episodes) for f in facts if f.trainee_id == ledger.t["다"].pk} == {0}


def test_cockpit_lists_closing_windows_missing_evidence_and_uninsured(world, ledger):
    staff = world.actor("staff_a")
    t = ledger.t
    services.outcome_record(
        actor=staff,
        trainee=t["라"],
        data={"outcome_type": OutcomeType.MILITARY, "start_date": dt.date(2026, 3, 1)},
    )
    # Today 2026-07-10: the deadline 2026-07-31 is 21 days away.
    cockpit = selectors.cockpit_for(actor=staff, operator=world.op_a, today=dt.date(2026, 7, 10))
    closing = {c.trainee.name: c.days_left for c in cockpit.closing}
    assert closing == {"다": 21, "라": 21}  # 가 placed, 나 founded a company
    assert [o.trainee.name for o in cockpit.exclusions_without_evidence] == ["라"]
    assert [o.trainee.name for o in cockpit.hires_without_insurance] == []
    assert {o.trainee.name for o in cockpit.awaiting_confirmation} == {"다", "라"}
    counts = selectors.operator_cockpit_counts(
        operator_ids=[world.op_a.pk], today=dt.date(2026, 7, 10)
    )
    assert counts == {"awaiting": 2, "closing": 2}
    # Two days after the deadline nothing is closing any more.
    later = selectors.cockpit_for(actor=staff, operator=world.op_a, today=dt.date(2026, 8, 2))
    assert later.closing == ()


def test_cockpit_lists_hires_without_confirmed_insurance(world, ledger):
    ledger.proposed.insurance = "unconfirmed"
    ledger.proposed.save()
    cockpit = selectors.cockpit_for(actor=world.actor("staff_a"), operator=world.op_a, today=TODAY)
    assert [o.trainee.name for o in cockpit.hires_without_insurance] == ["다"]
    assert Outcome.objects.filter(insurance="unconfirmed").count() == 1


def test_trainee_standing_and_deadline(world, ledger):
    standing = {s.rule.code: s.verdict for s in selectors.trainee_standing(trainee=ledger.t["나"])}
    assert standing["kr-training"].category == "excluded"
    assert standing["program-target"].category == "startup"
    assert selectors.trainee_deadline(ledger.t["나"]) == dt.date(2026, 7, 31)
    assert selectors.trainee_deadline(ledger.t["바"]) is None
    assert DONE.day == 31
