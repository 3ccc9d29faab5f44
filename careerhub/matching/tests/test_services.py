"""Services: database → engine → stored results, feedback, plans, match days."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.utils import timezone

from careerhub.academy.models import Consent
from careerhub.applications.models import Application
from careerhub.core.models import Event
from careerhub.core.policy import PermissionDenied
from careerhub.matching import adapter, services
from careerhub.matching.models import (
    ApplicationSuggestion,
    Feedback,
    MatchResult,
    MatchRound,
    PlanConstraint,
    PlanPlacement,
    PlanRun,
    Recommendation,
    RecommendationRun,
    RunStatus,
    UnplacedReason,
)

pytestmark = pytest.mark.django_db


def key(posting) -> str:
    return adapter.posting_key(posting.pk)


# --- adapter round trip ----------------------------------------------------------------------


def test_round_trip_scores_and_explains_the_hand_checked_case(world, mx):
    run = services.recommendations_refresh(actor=world.actor("trainee_a1"), trainee=mx.t1)
    items = {i.opening_key: i for i in run.items.all()}
    assert run.subject == RecommendationRun.Subject.TRAINEE
    assert run.considered == 3
    first = items[key(mx.p1)]
    assert first.total == pytest.approx(0.818)
    assert (first.role_fit, first.skill_fit, first.timing_fit, first.region_fit) == (
        pytest.approx(1.0),
        pytest.approx(0.48),
        pytest.approx(1.0),
        pytest.approx(1.0),
    )
    assert first.missing_skills == ["docker"]
    assert sorted(first.matched_skills) == ["python", "sql"]
    assert (first.required_met, first.required_total) == (1, 2)
    assert "필수 기술 1/2 충족(부족: 도커)" in first.reason
    assert first.posting_id == mx.p1.pk
    assert first.company_name == world.company_x.name
    data = items[key(mx.p2)]
    assert data.total == pytest.approx(0.55)
    assert (data.role_fit, data.region_fit) == (0.0, 0.0)
    # p3: role 1, Python 2 held at 3 (declared) → skills 0.8, timing 1, region 1 → 0.93
    assert items[key(mx.p3)].total == pytest.approx(0.93)
    assert first.verified_skills == [] and "검증된 기술" not in first.reason
    assert [i.rank for i in run.items.order_by("rank")] == [1, 2, 3]
    assert list(run.items.order_by("rank").values_list("opening_key", flat=True)) == [
        key(mx.p3),
        key(mx.p1),
        key(mx.p2),
    ]


def test_unchanged_inputs_reuse_the_stored_run_and_a_change_recomputes(world, mx):
    actor = world.actor("trainee_a1")
    first = services.recommendations_refresh(actor=actor, trainee=mx.t1)
    assert services.recommendations_refresh(actor=actor, trainee=mx.t1).pk == first.pk
    mx.p2.title = "데이터 분석가 (수정)"
    mx.p2.save()
    second = services.recommendations_refresh(actor=actor, trainee=mx.t1)
    assert second.pk != first.pk
    assert RecommendationRun.objects.filter(trainee=mx.t1).count() == 2


def test_levels_map_onto_the_engine_scale():
    assert [adapter.engine_level(v) for v in (1, 2, 3, 4, 5, None)] == [1, 1, 2, 3, 4, 2]


def test_demand_lines_without_a_posting_are_openings(world, mx):
    from careerhub.hiring.models import DemandLine, DemandResponse, SurveyRound

    now = timezone.now()
    rnd = SurveyRound.objects.create(
        title="2027 수요",
        opens_at=now - dt.timedelta(days=10),
        closes_at=now - dt.timedelta(days=1),
    )
    response = DemandResponse.objects.create(
        round=rnd, company=world.company_y, status="submitted", submitted_at=now
    )
    month = adapter.add_months(timezone.localdate(), 1)
    line = DemandLine.objects.create(
        response=response, role=mx.backend, headcount=3, earliest_month=month, latest_month=month
    )
    keys = [o.key for o in adapter.load_openings(today=timezone.localdate())]
    assert adapter.demand_key(line.pk) in keys
    mx.p3.demand_line = line
    mx.p3.save()
    keys = [o.key for o in adapter.load_openings(today=timezone.localdate())]
    assert adapter.demand_key(line.pk) not in keys  # the posting took it up


# --- feedback --------------------------------------------------------------------------------


def test_dismissing_for_the_role_removes_every_opening_of_that_role_next_time(world, mx):
    actor = world.actor("trainee_a1")
    services.recommendations_refresh(actor=actor, trainee=mx.t1)
    services.feedback_dismiss(
        actor=actor,
        trainee=mx.t1,
        opening_key=key(mx.p2),
        reason=Feedback.Reason.ROLE,
        scope=Feedback.Scope.ROLE,  # the trainee confirmed the whole role
    )
    run = services.recommendations_refresh(actor=actor, trainee=mx.t1)
    assert set(run.items.values_list("opening_key", flat=True)) == {key(mx.p1), key(mx.p3)}
    assert run.excluded["roles"] == ["data-analyst"]
    services.feedback_dismiss(
        actor=actor, trainee=mx.t1, opening_key=key(mx.p3), reason=Feedback.Reason.TIMING
    )
    run = services.recommendations_refresh(actor=actor, trainee=mx.t1)
    assert list(run.items.values_list("opening_key", flat=True)) == [key(mx.p1)]
    assert Event.objects.filter(verb="matching.dismissed").count() == 2


def test_a_dismissal_needs_a_reason_and_nothing_is_stored_without_one(world, mx):
    with pytest.raises(ValidationError) as exc:
        services.feedback_dismiss(
            actor=world.actor("trainee_a1"), trainee=mx.t1, opening_key=key(mx.p1), reason=""
        )
    assert exc.value.error_dict["reason"][0].code == "reason_required"
    assert not Feedback.objects.exists()


def test_saving_replaces_a_dismissal_and_only_the_trainee_decides(world, mx):
    actor = world.actor("trainee_a1")
    services.feedback_dismiss(
        actor=actor, trainee=mx.t1, opening_key=key(mx.p1), reason=Feedback.Reason.OTHER
    )
    services.feedback_save(actor=actor, trainee=mx.t1, opening_key=key(mx.p1))
    assert list(Feedback.objects.values_list("kind", flat=True)) == ["saved"]
    for who in ("staff_a", "consultant_a", "office", "trainee_b1"):
        with pytest.raises(PermissionDenied):
            services.feedback_save(actor=world.actor(who), trainee=mx.t1, opening_key=key(mx.p2))
    assert Feedback.objects.count() == 1


def test_apply_from_a_recommendation_goes_through_the_applications_service(world, mx):
    app = services.recommendation_apply(
        actor=world.actor("trainee_a1"), trainee=mx.t1, posting=mx.p1
    )
    assert app.status == "applied" and app.on_behalf is False
    assert Event.objects.filter(verb="application.created").count() == 1


# --- candidates and consent ------------------------------------------------------------------


def test_candidates_are_only_trainees_who_consent_to_provision(world, mx):
    # t1, t2 consent (conftest), b1 consents in the shared world; withdraw t2's
    Consent.objects.filter(trainee=mx.t2).update(withdrawn_at=timezone.now())
    run = services.candidates_refresh(actor=world.actor("recruiter_x"), posting=mx.p1)
    ids = set(run.items.values_list("trainee_id", flat=True))
    assert mx.t1.pk in ids
    assert mx.t2.pk not in ids
    assert world.trainee_a2.pk not in ids or world.trainee_a2.pk == mx.t2.pk
    assert run.parameters["pool"] == "consenting"


def test_candidates_only_for_the_recruiters_own_postings(world, mx):
    with pytest.raises(PermissionDenied):
        services.candidates_refresh(actor=world.actor("recruiter_y"), posting=mx.p1)
    assert not RecommendationRun.objects.exists()


def test_viewing_a_candidate_needs_consent(world, mx):
    """The check only: the view records the access (test_web)."""
    with pytest.raises(PermissionDenied):  # no candidate list yet: nobody is on it
        services.candidate_viewed(actor=world.actor("recruiter_x"), posting=mx.p1, trainee=mx.t1)
    services.candidates_refresh(actor=world.actor("recruiter_x"), posting=mx.p1)
    services.candidate_viewed(actor=world.actor("recruiter_x"), posting=mx.p1, trainee=mx.t1)
    Consent.objects.filter(trainee=mx.t1).update(withdrawn_at=timezone.now())
    with pytest.raises(PermissionDenied):
        services.candidate_viewed(actor=world.actor("recruiter_x"), posting=mx.p1, trainee=mx.t1)


# --- cohort plan -----------------------------------------------------------------------------


def plan(world, mx, who="office", **params):
    return services.plan_run_request(
        actor=world.actor(who), cohort=mx.course.cohort, parameters=params or None
    )


def placement(run, trainee) -> PlanPlacement:
    return run.placements.get(trainee=trainee)


def test_the_plan_places_the_most_trainees_then_the_best_fit(world, mx):
    run = plan(world, mx)
    assert run.status == RunStatus.SUCCEEDED, run.error
    # two backend places (p1, p3) for two backend trainees of course A; b1 has no backend role
    p_t1, p_t2 = placement(run, mx.t1), placement(run, mx.t2)
    assert p_t1.placed and p_t2.placed
    # t2 (Python 2) cannot meet p1's Python 3; the optimum gives t2 p3, t1 p1
    assert (p_t1.opening_key, p_t2.opening_key) == (key(mx.p1), key(mx.p3))
    assert run.placed_count == 2
    assert run.input_snapshot["trainees"][0]["skills"]
    assert run.parameters["min_fit"] == services.DEFAULT_PLAN_PARAMETERS["min_fit"]
    assert run.requested_by == world.users["office"]
    assert run.progress == 100 and run.finished_at is not None


def test_pins_and_exclusions_shape_the_next_run(world, mx):
    actor = world.actor("office")
    cohort = mx.course.cohort
    services.plan_constraint_set(
        actor=actor, cohort=cohort, trainee=mx.t2, opening_key=key(mx.p1), kind="pin"
    )
    services.plan_constraint_set(
        actor=actor, cohort=cohort, trainee=mx.t1, opening_key=key(mx.p3), kind="exclude"
    )
    run = plan(world, mx)
    assert run.status == RunStatus.SUCCEEDED, run.error
    pinned = placement(run, mx.t2)
    assert pinned.placed and pinned.pinned and pinned.opening_key == key(mx.p1)
    left = placement(run, mx.t1)
    assert not left.placed
    assert left.unplaced_reason == UnplacedReason.TAKEN  # p1 pinned to t2, p3 excluded
    assert run.input_snapshot["pins"] == [[mx.t2.pk, key(mx.p1)]]
    assert run.input_snapshot["exclusions"] == [[mx.t1.pk, key(mx.p3)]]


def test_every_fitting_opening_excluded_is_named_as_the_reason(world, mx):
    actor = world.actor("office")
    for p in (mx.p1, mx.p3):
        services.plan_constraint_set(
            actor=actor, cohort=mx.course.cohort, trainee=mx.t1, opening_key=key(p), kind="exclude"
        )
    run = plan(world, mx)
    assert placement(run, mx.t1).unplaced_reason == UnplacedReason.EXCLUDED


def test_unplaced_for_timing_when_the_role_hires_much_later(world, mx):
    mx.t1.available_from = adapter.add_months(timezone.localdate(), 9)
    mx.t1.save()
    run = plan(world, mx)
    assert placement(run, mx.t1).unplaced_reason == UnplacedReason.TIMING


def test_pinning_more_trainees_than_places_is_refused(world, mx):
    actor = world.actor("office")
    services.plan_constraint_set(
        actor=actor, cohort=mx.course.cohort, trainee=mx.t1, opening_key=key(mx.p1), kind="pin"
    )
    with pytest.raises(ValidationError) as exc:
        services.plan_constraint_set(
            actor=actor, cohort=mx.course.cohort, trainee=mx.t2, opening_key=key(mx.p1), kind="pin"
        )
    assert exc.value.code == "too_many_pins"
    assert PlanConstraint.objects.count() == 1


def test_operator_staff_pin_only_their_own_trainees(world, mx):
    with pytest.raises(PermissionDenied):
        services.plan_constraint_set(
            actor=world.actor("staff_b"),
            cohort=mx.course.cohort,
            trainee=mx.t1,
            opening_key=key(mx.p1),
            kind="pin",
        )
    assert not PlanConstraint.objects.exists()


def test_operator_staff_plan_only_their_trainees_and_the_run_is_theirs(world, mx):
    run = plan(world, mx, who="staff_b")
    assert run.operator_id == world.op_b.pk
    assert set(run.placements.values_list("trainee_id", flat=True)) == {world.trainee_b1.pk}


def test_bad_parameters_are_refused_before_anything_is_stored(world, mx):
    with pytest.raises(ValidationError) as exc:
        plan(world, mx, min_fit="많이")
    assert "min_fit" in exc.value.error_dict
    assert not PlanRun.objects.exists()


def test_a_failed_run_says_why_and_leaves_earlier_results_intact(world, mx, monkeypatch):
    good = plan(world, mx)
    assert good.status == RunStatus.SUCCEEDED
    before = list(good.placements.values_list("trainee_id", "opening_key", "placed"))

    def explode(self, *args, **kwargs):
        raise RuntimeError("solver ran out of memory")

    monkeypatch.setattr(adapter.Problem, "plan", explode)
    bad = plan(world, mx)
    assert bad.status == RunStatus.FAILED
    assert "solver ran out of memory" in bad.error
    assert bad.finished_at is not None
    assert not bad.placements.exists()
    good.refresh_from_db()
    assert good.status == RunStatus.SUCCEEDED
    assert list(good.placements.values_list("trainee_id", "opening_key", "placed")) == before


@pytest.mark.django_db(transaction=True)  # the worker closes its connection when done
def test_the_database_queue_runs_the_plan_when_the_worker_runs(world, mx, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    run = plan(world, mx)
    assert run.status == RunStatus.QUEUED and run.task_id
    call_command("db_worker", batch=True, no_startup_delay=True, verbosity=0)
    run.refresh_from_db()
    assert run.status == RunStatus.SUCCEEDED, run.error
    assert run.placements.filter(placed=True).count() == 2


def test_a_refusing_task_backend_fails_the_run_with_the_reason(world, mx, monkeypatch):
    from careerhub.matching import tasks

    class Down:
        def enqueue(self, *args, **kwargs):
            raise ConnectionError("redis is down")

    monkeypatch.setattr(tasks, "plan_run_task", Down())
    run = plan(world, mx)
    assert run.status == RunStatus.FAILED and "redis is down" in run.error


def test_plan_placements_become_suggestions_once(world, mx):
    run = plan(world, mx)
    actor = world.actor("office")
    assert services.plan_suggest_applications(actor=actor, run=run) == 2
    assert services.plan_suggest_applications(actor=actor, run=run) == 0
    suggestion = ApplicationSuggestion.objects.get(trainee=mx.t1)
    assert suggestion.opening_key == key(mx.p1) and suggestion.reason
    services.recommendation_apply(actor=world.actor("trainee_a1"), trainee=mx.t1, posting=mx.p1)
    suggestion.refresh_from_db()
    assert suggestion.status == ApplicationSuggestion.Status.APPLIED


# --- match day -------------------------------------------------------------------------------


def make_day(world, mx, who="office", **over):
    now = timezone.now()
    args = {
        "title": "11월 매칭데이",
        "held_on": timezone.localdate() + dt.timedelta(days=7),
        "interview_at": now + dt.timedelta(days=7),
        "interview_place": "광주 AI 센터 3층",
        "deadline": now + dt.timedelta(days=3),
        "postings": {mx.p1.pk: 1, mx.p3.pk: 1},
        "trainee_ids": [mx.t1.pk, mx.t2.pk],
    }
    args.update(over)
    return services.match_day_create(actor=world.actor(who), **args)


def pass_deadline(rnd: MatchRound) -> None:
    MatchRound.objects.filter(pk=rnd.pk).update(deadline=timezone.now() - dt.timedelta(minutes=1))
    rnd.refresh_from_db()


def test_match_day_from_rank_lists_to_published_applications(world, mx):
    day = make_day(world, mx)
    rnd = day.rounds.get()
    services.rank_list_submit(
        actor=world.actor("trainee_a1"), round=rnd, trainee=mx.t1, ordered_ids=[mx.p1.pk, mx.p3.pk]
    )
    services.rank_list_submit(
        actor=world.actor("staff_a"), round=rnd, trainee=mx.t2, ordered_ids=[mx.p1.pk]
    )
    services.rank_list_submit(
        actor=world.actor("recruiter_x"), round=rnd, posting=mx.p1, ordered_ids=[mx.t2.pk, mx.t1.pk]
    )
    services.rank_list_submit(
        actor=world.actor("recruiter_y"), round=rnd, posting=mx.p3, ordered_ids=[mx.t1.pk]
    )
    with pytest.raises(ValidationError) as exc:
        services.match_round_run(actor=world.actor("office"), round=rnd)
    assert exc.value.code == "before_deadline"
    pass_deadline(rnd)
    with pytest.raises(ValidationError) as exc:
        services.rank_list_submit(
            actor=world.actor("trainee_a1"), round=rnd, trainee=mx.t1, ordered_ids=[mx.p3.pk]
        )
    assert exc.value.code == "deadline_passed"
    services.match_round_run(actor=world.actor("office"), round=rnd)
    rnd.refresh_from_db()
    assert rnd.status == MatchRound.Status.MATCHED and rnd.blocking_pairs == 0
    got = dict(rnd.results.values_list("trainee_id", "posting_id"))
    # t1 proposes p1, p1 prefers t2 → t1 goes on to p3
    assert got == {mx.t1.pk: mx.p3.pk, mx.t2.pk: mx.p1.pk}
    r1 = rnd.results.get(trainee=mx.t1)
    assert (r1.trainee_choice, r1.company_choice) == (2, 1)
    assert not Application.objects.exists()  # nothing before publication
    mail.outbox.clear()
    services.match_round_publish(actor=world.actor("office"), round=rnd)
    rnd.refresh_from_db()
    assert rnd.status == MatchRound.Status.PUBLISHED and rnd.published_at
    apps = Application.objects.order_by("trainee_id")
    assert [(a.trainee_id, a.posting_id, a.status) for a in apps] == sorted(
        [
            (mx.t1.pk, mx.p3.pk, "interview_scheduled"),
            (mx.t2.pk, mx.p1.pk, "interview_scheduled"),
        ]
    )
    assert all(a.interview_place == "광주 AI 센터 3층" and a.on_behalf for a in apps)
    assert MatchResult.objects.filter(application__isnull=False).count() == 2
    # nobody is left unmatched and no place is unfilled: no second round
    with pytest.raises(ValidationError) as exc:
        services.match_round_open_next(
            actor=world.actor("office"), match_day=day, deadline=timezone.now() + dt.timedelta(1)
        )
    assert exc.value.code == "nothing_left"


def test_a_second_round_takes_the_unmatched_and_the_unfilled(
    world, mx, django_capture_on_commit_callbacks
):
    day = make_day(world, mx, postings={mx.p1.pk: 1, mx.p3.pk: 1})
    rnd = day.rounds.get()
    services.rank_list_submit(
        actor=world.actor("trainee_a1"), round=rnd, trainee=mx.t1, ordered_ids=[mx.p1.pk]
    )
    services.rank_list_submit(
        actor=world.actor("recruiter_x"), round=rnd, posting=mx.p1, ordered_ids=[mx.t1.pk]
    )
    pass_deadline(rnd)
    services.match_round_run(actor=world.actor("office"), round=rnd)
    rnd.refresh_from_db()
    with pytest.raises(ValidationError) as exc:
        services.match_round_open_next(
            actor=world.actor("office"), match_day=day, deadline=timezone.now() + dt.timedelta(1)
        )
    assert exc.value.code == "round_open"
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.match_round_publish(actor=world.actor("office"), round=rnd)
    assert any(mx.t2.email in m.to for m in mail.outbox)  # unmatched: told by email
    second = services.match_round_open_next(
        actor=world.actor("office"), match_day=day, deadline=timezone.now() + dt.timedelta(1)
    )
    assert second.number == 2
    assert services.round_trainee_ids(second) == [mx.t2.pk]
    assert services.round_capacities(second) == {mx.p3.pk: 1}
    with pytest.raises(ValidationError) as exc:
        services.rank_list_submit(
            actor=world.actor("recruiter_x"), round=second, posting=mx.p1, ordered_ids=[mx.t2.pk]
        )
    assert exc.value.code == "not_in_round"


def test_rank_lists_refuse_strangers_and_foreign_choices(world, mx):
    day = make_day(world, mx)
    rnd = day.rounds.get()
    with pytest.raises(PermissionDenied):  # another company's posting
        services.rank_list_submit(
            actor=world.actor("recruiter_y"), round=rnd, posting=mx.p1, ordered_ids=[mx.t1.pk]
        )
    with pytest.raises(PermissionDenied):  # another trainee's list
        services.rank_list_submit(
            actor=world.actor("trainee_b1"), round=rnd, trainee=mx.t1, ordered_ids=[mx.p1.pk]
        )
    with pytest.raises(PermissionDenied):  # another operator's staff
        services.rank_list_submit(
            actor=world.actor("staff_b"), round=rnd, trainee=mx.t1, ordered_ids=[mx.p1.pk]
        )
    with pytest.raises(ValidationError) as exc:
        services.rank_list_submit(
            actor=world.actor("trainee_a1"), round=rnd, trainee=mx.t1, ordered_ids=[mx.p2.pk]
        )
    assert exc.value.code == "not_in_round"
    with pytest.raises(ValidationError) as exc:
        services.rank_list_submit(
            actor=world.actor("trainee_a1"),
            round=rnd,
            trainee=mx.t1,
            ordered_ids=[mx.p1.pk, mx.p1.pk],
        )
    assert exc.value.code == "duplicate_choice"
    assert not rnd.rank_lists.exists()


def test_match_day_only_with_consenting_own_trainees(world, mx):
    from careerhub.academy.models import OperatorPartnership

    OperatorPartnership.objects.create(operator=world.op_a, company=world.company_x)
    OperatorPartnership.objects.create(operator=world.op_a, company=world.company_y)
    with pytest.raises(ValidationError) as exc:
        make_day(world, mx, who="staff_a", trainee_ids=[mx.t1.pk, world.trainee_b1.pk])
    assert exc.value.error_dict["trainees"][0].code == "not_eligible"
    Consent.objects.filter(trainee=mx.t2).update(withdrawn_at=timezone.now())
    with pytest.raises(ValidationError):
        make_day(world, mx, trainee_ids=[mx.t2.pk])
    from careerhub.matching.models import MatchDay

    assert not MatchDay.objects.exists()


def test_publishing_is_all_or_nothing_when_a_posting_closed(world, mx):
    day = make_day(world, mx)
    rnd = day.rounds.get()
    services.rank_list_submit(
        actor=world.actor("trainee_a1"), round=rnd, trainee=mx.t1, ordered_ids=[mx.p1.pk]
    )
    services.rank_list_submit(
        actor=world.actor("recruiter_x"), round=rnd, posting=mx.p1, ordered_ids=[mx.t1.pk]
    )
    pass_deadline(rnd)
    services.match_round_run(actor=world.actor("office"), round=rnd)
    mx.p1.status = "closed"
    mx.p1.save()
    with pytest.raises(ValidationError) as exc:
        services.match_round_publish(actor=world.actor("office"), round=MatchRound.objects.get())
    assert exc.value.code == "posting_not_open"
    assert not Application.objects.exists()
    assert MatchRound.objects.get().status == MatchRound.Status.MATCHED


def test_recommendation_rows_hold_every_part(world, mx):
    services.recommendations_refresh(actor=world.actor("trainee_a1"), trainee=mx.t1)
    row = Recommendation.objects.get(opening_key=key(mx.p1))
    assert row.reason_en.startswith("same role")
