import datetime as dt

import pytest
from django.utils import timezone

from careerhub.outcomes import rules
from careerhub.outcomes import selectors as outcome_selectors
from careerhub.outcomes.models import EnrolmentIntent, Outcome, RuleSet
from careerhub.outcomes.tests.conftest import DONE
from careerhub.reports import services
from careerhub.reports.models import RefreshMark, Standing, TraineeSnapshot

pytestmark = pytest.mark.django_db


def _verdicts() -> dict[tuple[int, str], tuple]:
    return {
        (s.snapshot_id, s.rule_code): (s.counted, s.success, s.category, s.deadline)
        for s in Standing.objects.all()
    }


def _calculator_verdicts() -> dict[tuple[int, str], tuple]:
    from careerhub.academy.models import Trainee

    out = {}
    for facts in outcome_selectors.ledger_facts(Trainee.objects.all()):
        for rule in outcome_selectors.rule_sets_in_force(on=timezone.localdate()):
            v = rules.classify(rule.params, facts)
            out[(facts.trainee_id, rule.code)] = (v.counted, v.success, v.category, v.deadline)
    return out


def test_full_refresh_stores_the_calculators_verdict_for_every_completer(ledger, rule_sets):
    result = services.standings_refresh()
    assert result.full
    assert _verdicts() == _calculator_verdicts()
    # Every trainee has a snapshot (바 is still enrolled: a snapshot, no standing).
    from careerhub.academy.models import Trainee

    assert TraineeSnapshot.objects.count() == Trainee.objects.count() == 9
    assert not Standing.objects.filter(snapshot_id=ledger.t["바"].pk).exists()
    # Korean rule windows: 가 insured within 6 months only; 마 not insured within 3 and 6.
    kr = Standing.objects.get(snapshot_id=ledger.t["마"].pk, rule_code="kr-training")
    assert kr.windows == "3:non_insured;6:non_insured"
    assert services.windows_parse(kr.windows) == [(3, "non_insured"), (6, "non_insured")]


def test_snapshot_holds_the_first_hire(ledger, rule_sets):
    services.standings_refresh()
    ga = TraineeSnapshot.objects.get(pk=ledger.t["가"].pk)
    assert (ga.first_hire_on, ga.days_to_hire, ga.placed) == (dt.date(2026, 4, 30), 89, True)
    na = TraineeSnapshot.objects.get(pk=ledger.t["나"].pk)
    assert (na.first_hire_on, na.placed) == (None, True)  # a company, not a hire
    da = TraineeSnapshot.objects.get(pk=ledger.t["다"].pk)
    assert (da.first_hire_on, da.placed) == (None, False)  # only proposed


def test_incremental_refresh_follows_a_confirmed_outcome(ledger, rule_sets, world):
    services.standings_refresh()
    assert services.standings_refresh().trainees == 0  # nothing changed
    da = ledger.t["다"]
    before = Standing.objects.get(snapshot_id=da.pk, rule_code="program-target")
    assert not before.success
    ledger.proposed.status = Outcome.Status.CONFIRMED
    ledger.proposed.verified_by = world.users["staff_a"]
    ledger.proposed.verified_at = timezone.now()
    ledger.proposed.save()
    result = services.standings_refresh()
    assert not result.full and result.trainees == 1
    after = Standing.objects.get(snapshot_id=da.pk, rule_code="program-target")
    assert after.success and after.success_month == 4  # 4-30 < 5-01 <= 5-31
    assert _verdicts() == _calculator_verdicts()


def test_incremental_refresh_follows_an_intent_without_timestamp(ledger, rule_sets):
    services.standings_refresh()
    ra = ledger.t["라"]
    assert Standing.objects.get(snapshot_id=ra.pk, rule_code="cirr").counted
    EnrolmentIntent.objects.create(trainee=ra, intent="study", recorded_on=DONE)
    assert services.standings_refresh().trainees == 1
    assert not Standing.objects.get(snapshot_id=ra.pk, rule_code="cirr").counted


def test_a_new_rule_version_rebuilds_everything(ledger, rule_sets):
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
    result = services.standings_refresh()
    assert result.full
    assert set(
        Standing.objects.filter(rule_code="program-target").values_list("rule_version", flat=True)
    ) == {2}
    assert not Standing.objects.get(
        snapshot_id=ledger.t["가"].pk, rule_code="program-target"
    ).success
    assert RefreshMark.objects.get().rules_signature.count("program-target:2") == 1


def test_success_month_uses_only_episodes_begun_by_then():
    params = rules.ProgramTargetParams()
    done = dt.date(2026, 1, 31)
    job = rules.Episode(outcome_type="employed", start_date=dt.date(2026, 3, 1))
    facts = rules.TraineeFacts(trainee_id=1, completed_on=done, episodes=(job,))
    # add_months(1-31, 1) = 2-28 is before the job; add_months(1-31, 2) = 3-31 is not.
    assert services.success_month(params, facts) == 2
    assert (
        services.success_month(params, rules.TraineeFacts(trainee_id=1, completed_on=done)) is None
    )
    early = rules.Episode(outcome_type="employed", start_date=dt.date(2025, 12, 1))
    facts = rules.TraineeFacts(trainee_id=1, completed_on=done, episodes=(early,))
    assert services.success_month(params, facts) == 0  # employed before completion counts


def test_months_until():
    done = dt.date(2026, 1, 31)
    assert services._months_until(done, dt.date(2026, 1, 31)) == 0
    assert services._months_until(done, dt.date(2026, 2, 28)) == 1
    assert services._months_until(done, dt.date(2026, 3, 1)) == 2
    assert services._months_until(done, dt.date(2026, 4, 30)) == 3
    assert services._months_until(done, dt.date(2026, 5, 1)) == 4


def test_refresh_command(ledger, rule_sets):
    import io

    from django.core.management import call_command

    out = io.StringIO()
    call_command("reports_refresh", "--full", stdout=out)
    assert "full refresh: 9 trainees, 15 standings" in out.getvalue()
    out = io.StringIO()
    call_command("reports_refresh", stdout=out)
    assert "incremental refresh: 0 trainees" in out.getvalue()
