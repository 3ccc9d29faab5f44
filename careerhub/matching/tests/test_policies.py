"""Policies: every getter loads its own object and answers 404 for another trainee's,
company's or operator's — the same 404 as for an id that does not exist."""

from __future__ import annotations

import datetime as dt

import pytest
from django.http import Http404
from django.utils import timezone

from careerhub.academy.models import Consent, OperatorPartnership
from careerhub.core.tests import factories as f
from careerhub.matching import adapter, policies, selectors, services
from careerhub.matching.models import ApplicationSuggestion

pytestmark = pytest.mark.django_db

MISSING = 987654


def key(posting) -> str:
    return adapter.posting_key(posting.pk)


def loads(getter, *args, **kwargs) -> bool:
    try:
        getter(*args, **kwargs)
    except Http404:
        return False
    return True


# --- recommendations -----------------------------------------------------------------------------


def test_recommendation_trainee_get_for(world, mx):
    get = policies.recommendation_trainee_get_for
    assert get(world.actor("trainee_a1"), mx.t1.pk) == mx.t1
    assert get(world.actor("staff_a"), mx.t1.pk) == mx.t1
    assert not loads(get, world.actor("trainee_b1"), mx.t1.pk)  # another trainee
    assert not loads(get, world.actor("staff_b"), mx.t1.pk)  # another operator
    assert not loads(get, world.actor("recruiter_x"), mx.t1.pk)  # consent is no way in here
    assert not loads(get, world.actor("office"), MISSING)
    assert not loads(get, world.actor("office"), "not-a-number")


def test_feedback_get_for(world, mx):
    own = services.feedback_save(
        actor=world.actor("trainee_a1"), trainee=mx.t1, opening_key=key(mx.p1)
    )
    get = policies.feedback_get_for
    assert get(world.actor("trainee_a1"), own.pk, trainee=mx.t1) == own
    assert get(world.actor("consultant_a"), own.pk, trainee=mx.t1) == own
    assert not loads(get, world.actor("trainee_b1"), own.pk, trainee=world.trainee_b1)
    assert not loads(get, world.actor("staff_b"), own.pk, trainee=mx.t1)
    assert not loads(get, world.actor("recruiter_x"), own.pk, trainee=mx.t1)
    # through a trainee the actor may see, but not that trainee's feedback
    assert not loads(get, world.actor("staff_a"), own.pk, trainee=mx.t2)
    assert not loads(get, world.actor("trainee_a1"), MISSING, trainee=mx.t1)


def test_open_suggestion_get_for(world, mx):
    fields = {
        "opening_key": key(mx.p1),
        "posting": mx.p1,
        "opening_label": "p1",
        "company_name": "X",
    }
    open_ = ApplicationSuggestion.objects.create(trainee=mx.t1, **fields)
    declined = ApplicationSuggestion.objects.create(
        trainee=mx.t1,
        status=ApplicationSuggestion.Status.DECLINED,
        **{**fields, "opening_key": key(mx.p3)},
    )
    get = policies.open_suggestion_get_for
    assert get(world.actor("trainee_a1"), open_.pk, trainee=mx.t1) == open_
    assert not loads(get, world.actor("trainee_a1"), declined.pk, trainee=mx.t1)  # closed
    assert not loads(get, world.actor("trainee_b1"), open_.pk, trainee=world.trainee_b1)
    assert not loads(get, world.actor("staff_b"), open_.pk, trainee=mx.t1)
    assert not loads(get, world.actor("staff_a"), open_.pk, trainee=mx.t2)
    assert not loads(get, world.actor("trainee_a1"), MISSING, trainee=mx.t1)


# --- candidates ----------------------------------------------------------------------------------


def test_candidate_posting_get_for(world, mx):
    get = policies.candidate_posting_get_for
    assert get(world.actor("recruiter_x"), mx.p1.pk) == mx.p1
    assert get(world.actor("office"), mx.p1.pk) == mx.p1
    assert not loads(get, world.actor("recruiter_y"), mx.p1.pk)  # another company
    assert not loads(get, world.actor("staff_a"), mx.p1.pk)  # no partner of company X
    assert not loads(get, world.actor("trainee_a1"), mx.p1.pk)
    assert not loads(get, world.actor("recruiter_x"), MISSING)


@pytest.fixture
def listed(world, mx):
    """p1's candidate list with trainees of both operators; both operators partner with X."""
    b1 = world.trainee_b1
    b1.available_from = mx.t1.available_from
    b1.desired_regions = ["gwangju"]
    b1.save()
    b1.desired_roles.set([mx.backend])
    OperatorPartnership.objects.create(operator=world.op_a, company=world.company_x)
    OperatorPartnership.objects.create(operator=world.op_b, company=world.company_x)
    run = services.candidates_refresh(actor=world.actor("office"), posting=mx.p1)
    assert set(run.items.values_list("trainee_id", flat=True)) == {mx.t1.pk, mx.t2.pk, b1.pk}
    return run


def visible(world, who, posting) -> set[int]:
    return set(
        policies.listed_candidates_visible_to(world.actor(who), posting).values_list(
            "pk", flat=True
        )
    )


def test_candidate_lists_are_scoped_by_who_asks(world, mx, listed):
    """PIPA (issue 12 item 4): operator staff see only their own operator's trainees in a
    candidate list; the company its consenting candidates; the program office all."""
    t1, t2, b1 = mx.t1.pk, mx.t2.pk, world.trainee_b1.pk
    assert visible(world, "office", mx.p1) == {t1, t2, b1}
    assert visible(world, "recruiter_x", mx.p1) == {t1, t2, b1}
    assert visible(world, "staff_a", mx.p1) == {t1, t2}
    assert visible(world, "staff_b", mx.p1) == {b1}
    for nobody in ("recruiter_y", "consultant_a", "trainee_a1", "committee", "nobody"):
        assert visible(world, nobody, mx.p1) == set()
    # a consent withdrawn after the list was made hides the trainee from the company at once
    Consent.objects.filter(trainee=mx.t2).update(withdrawn_at=timezone.now())
    assert visible(world, "recruiter_x", mx.p1) == {t1, b1}
    assert visible(world, "office", mx.p1) == {t1, t2, b1}
    items = selectors.candidate_items_for(world.actor("staff_b"), listed)
    assert [i.trainee_id for i in items] == [b1]


def test_candidate_get_for(world, mx, listed):
    get = policies.candidate_get_for
    assert get(world.actor("recruiter_x"), mx.p1, mx.t1.pk) == mx.t1
    assert get(world.actor("staff_b"), mx.p1, world.trainee_b1.pk) == world.trainee_b1
    assert not loads(get, world.actor("staff_b"), mx.p1, mx.t1.pk)  # another operator's
    assert not loads(get, world.actor("staff_a"), mx.p1, world.trainee_b1.pk)
    assert not loads(get, world.actor("recruiter_y"), mx.p1, mx.t1.pk)  # another company
    # consenting, but not on the posting's current list: no profile, not even for the office
    late = f.TraineeFactory(course=mx.course, name="늦은등록")
    f.consent(late, Consent.Purpose.PROVISION_COMPANIES)
    assert not loads(get, world.actor("office"), mx.p1, late.pk)
    assert not loads(get, world.actor("recruiter_x"), mx.p1, late.pk)
    # on the list of p1, not of p3
    OperatorPartnership.objects.create(operator=world.op_a, company=world.company_y)
    assert not loads(get, world.actor("recruiter_y"), mx.p3, mx.t1.pk)
    assert not loads(get, world.actor("office"), mx.p1, MISSING)


# --- cohort plans --------------------------------------------------------------------------------


def test_plan_trainee_get_for(world, mx):
    get = policies.plan_trainee_get_for
    assert get(world.actor("staff_a"), mx.t1.pk) == mx.t1
    assert get(world.actor("office"), world.trainee_b1.pk) == world.trainee_b1
    assert not loads(get, world.actor("staff_b"), mx.t1.pk)  # another operator's
    assert not loads(get, world.actor("consultant_a"), mx.t1.pk)
    assert not loads(get, world.actor("trainee_a1"), mx.t1.pk)
    assert not loads(get, world.actor("staff_a"), MISSING)


def test_plan_courses_for(world, mx):
    assert set(policies.plan_courses_for(world.actor("office"))) == {world.course_a, world.course_b}
    assert set(policies.plan_courses_for(world.actor("staff_a"))) == {world.course_a}
    assert set(policies.plan_courses_for(world.actor("consultant_a"))) == set()


def test_plan_run_and_constraint_get_for(world, mx):
    run = services.plan_run_request(actor=world.actor("staff_a"), cohort=mx.course.cohort)
    constraint = services.plan_constraint_set(
        actor=world.actor("staff_a"),
        cohort=mx.course.cohort,
        trainee=mx.t1,
        opening_key=key(mx.p1),
        kind="exclude",
    )
    assert policies.plan_run_get_for(world.actor("staff_a"), run.pk) == run
    assert policies.plan_constraint_get_for(world.actor("office"), constraint.pk) == constraint
    assert not loads(policies.plan_run_get_for, world.actor("staff_b"), run.pk)
    assert not loads(policies.plan_constraint_get_for, world.actor("staff_b"), constraint.pk)
    assert not loads(policies.plan_run_get_for, world.actor("staff_a"), MISSING)


# --- match days ----------------------------------------------------------------------------------


@pytest.fixture
def day(world, mx):
    now = timezone.now()
    return services.match_day_create(
        actor=world.actor("office"),
        title="매칭데이",
        held_on=timezone.localdate() + dt.timedelta(days=5),
        interview_at=now + dt.timedelta(days=5),
        interview_place="광주 AI 센터",
        deadline=now + dt.timedelta(days=2),
        postings={mx.p1.pk: 1, mx.p2.pk: 1},
        trainee_ids=[mx.t1.pk, world.trainee_b1.pk],
    )


def test_match_day_get_for(world, mx, day):
    get = policies.match_day_get_for
    for who in ("office", "trainee_a1", "trainee_b1", "recruiter_x", "recruiter_y"):
        assert get(world.actor(who), day.pk) == day
    for who in ("staff_a", "consultant_a", "committee"):
        assert not loads(get, world.actor(who), day.pk)
    assert not loads(get, world.actor("office"), MISSING)


def test_rank_trainee_get_for(world, mx, day):
    get = policies.rank_trainee_get_for
    b1 = world.trainee_b1
    assert get(world.actor("trainee_a1"), day, mx.t1.pk) == mx.t1
    assert get(world.actor("staff_b"), day, b1.pk) == b1  # on their trainee's behalf
    assert get(world.actor("office"), day, b1.pk) == b1  # the organiser
    assert not loads(get, world.actor("trainee_a1"), day, b1.pk)  # another trainee
    assert not loads(get, world.actor("staff_b"), day, mx.t1.pk)  # another operator's
    assert not loads(get, world.actor("recruiter_x"), day, mx.t1.pk)
    assert not loads(get, world.actor("office"), day, mx.t2.pk)  # not eligible this day
    assert not loads(get, world.actor("office"), day, MISSING)


def test_rank_posting_get_for(world, mx, day):
    get = policies.rank_posting_get_for
    assert get(world.actor("recruiter_x"), day, mx.p1.pk) == mx.p1
    assert get(world.actor("recruiter_y"), day, mx.p2.pk) == mx.p2
    assert get(world.actor("office"), day, mx.p1.pk) == mx.p1
    assert not loads(get, world.actor("recruiter_y"), day, mx.p1.pk)  # another company
    assert not loads(get, world.actor("recruiter_y"), day, mx.p3.pk)  # not taking part
    assert not loads(get, world.actor("trainee_a1"), day, mx.p1.pk)
    assert not loads(get, world.actor("recruiter_x"), day, MISSING)
    assert policies.can_rank_as_company(world.actor("recruiter_x"), mx.p1)
    assert not policies.can_rank_as_company(world.actor("office"), mx.p1)


# --- page predicates -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("who", "caseload", "candidate_postings", "match_days"),
    [
        ("office", True, True, True),
        ("staff_a", True, True, True),
        ("consultant_a", True, False, False),  # no match days to take part in
        ("recruiter_x", False, True, True),
        ("trainee_a1", False, False, True),
        ("committee", False, False, False),
        ("nobody", False, False, False),
    ],
)
def test_page_predicates(world, who, caseload, candidate_postings, match_days):
    actor = world.actor(who)
    assert policies.can_view_caseload(actor) is caseload
    assert policies.can_view_candidate_postings(actor) is candidate_postings
    assert policies.can_view_match_days(actor) is match_days
