"""Pages: the role × action matrix, IDOR cases, logged profile views, the gap view."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from careerhub.academy.models import Consent
from careerhub.conftest import SIGNED_IN, every_role
from careerhub.core.models import AccessRecord
from careerhub.matching import adapter, services
from careerhub.matching.models import Feedback, MatchRound, PlanRun, RankList

pytestmark = pytest.mark.django_db

# Signed-in roles; anonymous visitors are covered by the project-wide URL matrix.
WHO = SIGNED_IN


def status(login, world, who, url, method="get", data=None):
    client = login(world.users[who])
    return getattr(client, method)(url, data or {}).status_code


TRAINEE_PAGE = every_role(
    {
        "office": 200,
        "staff_a": 200,
        "consultant_a": 200,  # t1's assigned consultant
        "trainee_a1": 200,
        "staff_b": 404,  # another operator's staff
        "recruiter_x": 404,  # never through a trainee's page, consent or not
        "recruiter_y": 404,
        "trainee_b1": 404,  # another trainee
        "committee": 404,
        "nobody": 404,
    },
    among=SIGNED_IN,
)


@pytest.mark.parametrize("who", WHO)
def test_a_trainees_recommendations_page(login, world, mx, who):
    url = reverse("matching:trainee", args=[mx.t1.pk])
    assert status(login, world, who, url) == TRAINEE_PAGE[who]


def test_the_trainee_sees_parts_reasons_and_can_act(login, world, mx):
    client = login(world.users["trainee_a1"])
    response = client.get(reverse("matching:mine"), follow=True)
    html = response.content.decode()
    assert "필수 기술 1/2 충족(부족: 도커)" in html
    assert "<meter" in html
    assert 'name="reason"' in html  # dismiss with a reason
    consultant = login(world.users["consultant_a"]).get(
        reverse("matching:trainee", args=[mx.t1.pk])
    )
    assert 'name="reason"' not in consultant.content.decode()  # read only


def test_feedback_for_another_trainee_is_404_and_writes_nothing(login, world, mx):
    client = login(world.users["trainee_b1"])
    response = client.post(
        reverse("matching:feedback", args=[mx.t1.pk]),
        {"action": "dismiss", "opening": adapter.posting_key(mx.p1.pk), "reason": "role"},
    )
    assert response.status_code == 404
    assert not Feedback.objects.exists()


def test_dismiss_through_the_page_feeds_the_next_run(login, world, mx):
    client = login(world.users["trainee_a1"])
    url = reverse("matching:feedback", args=[mx.t1.pk])
    response = client.post(
        url,
        {
            "action": "dismiss",
            "opening": adapter.posting_key(mx.p2.pk),
            "reason": "role",
            "scope": "role",  # confirmed on the scope page
        },
    )
    assert response.status_code == 302
    html = client.get(reverse("matching:trainee", args=[mx.t1.pk])).content.decode()
    label = f"{world.company_y.name} · {mx.p2.title}"
    assert html.count(label) == 1  # in the dismissed list, no longer recommended
    assert 'data-testid="excluded"' in html


CASELOAD = every_role(
    {
        "office": 200,
        "staff_a": 200,
        "staff_b": 200,
        "consultant_a": 200,
        "recruiter_x": 404,
        "recruiter_y": 404,
        "trainee_a1": 404,
        "trainee_b1": 404,
        "committee": 404,
        "nobody": 404,
    },
    among=SIGNED_IN,
)


@pytest.mark.parametrize("who", WHO)
def test_the_caseload_page(login, world, mx, who):
    assert status(login, world, who, reverse("matching:caseload")) == CASELOAD[who]


def test_a_consultant_sees_only_their_trainees_and_missing_skills(login, world, mx):
    html = login(world.users["consultant_a"]).get(reverse("matching:caseload")).content.decode()
    assert mx.t1.name in html
    assert mx.t2.name not in html  # not assigned to this consultant
    assert "도커" in html  # the skill most often missing


CANDIDATES = every_role(
    {
        "office": 200,
        "staff_a": 404,  # company X is no partner of operator A
        "staff_b": 404,
        "consultant_a": 404,
        "recruiter_x": 200,
        "recruiter_y": 404,  # another company's posting
        "trainee_a1": 404,
        "trainee_b1": 404,
        "committee": 404,
        "nobody": 404,
    },
    among=SIGNED_IN,
)


@pytest.mark.parametrize("who", WHO)
def test_candidates_for_a_posting(login, world, mx, who):
    url = reverse("matching:posting_candidates", args=[mx.p1.pk])
    assert status(login, world, who, url) == CANDIDATES[who]


def test_recruiters_see_only_consenting_candidates_and_the_view_is_logged(login, world, mx):
    Consent.objects.filter(trainee=mx.t2).update(withdrawn_at=timezone.now())
    client = login(world.users["recruiter_x"])
    html = client.get(reverse("matching:posting_candidates", args=[mx.p1.pk])).content.decode()
    assert mx.t1.name in html and mx.t2.name not in html
    listed = AccessRecord.objects.get(page="matching:posting_candidates")
    assert listed.action == AccessRecord.Action.LIST and mx.t1.pk in listed.subjects["trainees"]
    assert mx.t2.pk not in listed.subjects["trainees"]
    detail = reverse("matching:candidate_detail", args=[mx.p1.pk, mx.t1.pk])
    assert client.get(detail).status_code == 200
    viewed = AccessRecord.objects.get(page="matching:candidate_detail")
    assert viewed.actor == world.users["recruiter_x"]
    assert viewed.subjects == {"trainees": [mx.t1.pk]}
    # a trainee without consent: 404, and nothing logged about them
    other = reverse("matching:candidate_detail", args=[mx.p1.pk, mx.t2.pk])
    assert client.get(other).status_code == 404
    assert AccessRecord.objects.filter(page="matching:candidate_detail").count() == 1


PLANS = every_role(
    {
        "office": 200,
        "staff_a": 200,
        "staff_b": 200,
        "consultant_a": 404,
        "recruiter_x": 404,
        "recruiter_y": 404,
        "trainee_a1": 404,
        "trainee_b1": 404,
        "committee": 404,
        "nobody": 404,
    },
    among=SIGNED_IN,
)


@pytest.mark.parametrize("who", WHO)
def test_the_plan_page(login, world, mx, who):
    assert status(login, world, who, reverse("matching:plan_list")) == PLANS[who]


def test_operators_see_their_own_runs_only(login, world, mx):
    own = services.plan_run_request(actor=world.actor("staff_a"), cohort=mx.course.cohort)
    office = services.plan_run_request(actor=world.actor("office"), cohort=mx.course.cohort)
    for who, run, code in (
        ("staff_a", own, 200),
        ("staff_b", own, 404),
        ("staff_a", office, 404),
        ("office", own, 200),
        ("consultant_a", own, 404),
        ("committee", office, 404),
    ):
        assert status(login, world, who, reverse("matching:plan_detail", args=[run.pk])) == code


def test_running_a_plan_from_the_page_and_its_progress(login, world, mx):
    client = login(world.users["office"])
    response = client.post(
        reverse("matching:plan_list"),
        {
            "cohort": mx.course.cohort.pk,
            "candidates_per_trainee": 10,
            "min_fit": 0.4,
            "max_months_apart": 3,
            "include_demand": "on",
        },
    )
    run = PlanRun.objects.get()
    assert response.status_code == 302 and response.url.endswith(f"/plans/{run.pk}/")
    html = client.get(response.url).content.decode()
    assert "백엔드 개발자 채용" in html and run.get_status_display() in html
    fragment = client.get(response.url, HTTP_HX_REQUEST="true")
    assert fragment["HX-Refresh"] == "true"  # finished: the page reloads with the result


def test_a_failed_run_shows_why_on_its_page(login, world, mx, monkeypatch):
    monkeypatch.setattr(adapter.Problem, "plan", lambda *a, **k: 1 / 0)
    run = services.plan_run_request(actor=world.actor("office"), cohort=mx.course.cohort)
    html = login(world.users["office"]).get(reverse("matching:plan_detail", args=[run.pk]))
    assert "ZeroDivisionError" in html.content.decode()


def test_pinning_someone_elses_trainee_is_404_and_writes_nothing(login, world, mx):
    run = services.plan_run_request(actor=world.actor("staff_b"), cohort=mx.course.cohort)
    response = login(world.users["staff_b"]).post(
        reverse("matching:plan_constraint_add", args=[run.pk]),
        {"trainee": mx.t1.pk, "opening": adapter.posting_key(mx.p1.pk), "kind": "pin"},
    )
    assert response.status_code == 404
    from careerhub.matching.models import PlanConstraint

    assert not PlanConstraint.objects.exists()


GAPS = every_role(
    {
        "office": 200,
        "staff_a": 200,
        "staff_b": 200,
        "consultant_a": 404,
        "recruiter_x": 404,
        "recruiter_y": 404,
        "trainee_a1": 404,
        "trainee_b1": 404,
        "committee": 200,
        "nobody": 404,
    },
    among=SIGNED_IN,
)


@pytest.mark.parametrize("who", WHO)
def test_the_gap_view(login, world, mx, who):
    assert status(login, world, who, reverse("matching:gaps")) == GAPS[who]


def test_the_committee_sees_the_gaps_without_personal_data(login, world, mx):
    html = login(world.users["committee"]).get(reverse("matching:gaps")).content.decode()
    assert "백엔드 개발자" in html
    assert 'data-testid="gap-chart"' in html
    for trainee in (mx.t1, mx.t2, world.trainee_b1):
        assert trainee.name not in html and trainee.email not in html


def test_the_gap_table_counts_demand_and_supply(world, mx):
    from careerhub.matching.selectors import gap_table_for

    table = gap_table_for(actor=world.actor("office"), months=6)
    backend = next(r for r in table.rows if r.role_code == "backend")
    assert (backend.demand, backend.supply) == (2, 2)  # p1 + p3; t1 + t2
    next_month = adapter.add_months(timezone.localdate(), 1)
    assert backend.shortage == 0 and backend.shifted == 2
    assert table.timing_gaps[0].supply_month == next_month
    data = next(r for r in table.rows if r.role_code == "data-analyst")
    assert (data.demand, data.supply, data.shortage) == (2, 0, 2)
    assert table.total_shortage == 2
    own = gap_table_for(actor=world.actor("staff_b"), months=6)
    assert "backend" not in {r.role_code for r in own.rows if r.supply}  # only B's trainees


def test_the_gap_table_is_reused_until_what_it_counts_changes(
    world, mx, django_assert_max_num_queries
):
    from careerhub.matching.selectors import gap_table_for

    office = world.actor("office")
    first = gap_table_for(actor=office, months=6)
    with django_assert_max_num_queries(8):  # the signature's aggregates only
        assert gap_table_for(actor=office, months=6) == first
    # each change of what the table counts is seen at once
    backend = lambda t: next(r for r in t.rows if r.role_code == "backend")  # noqa: E731
    mx.t2.available_from = timezone.localdate() + dt.timedelta(days=400)  # past the horizon
    mx.t2.save()
    assert backend(gap_table_for(actor=office, months=6)).supply == 1
    mx.t1.desired_roles.clear()  # the desired roles have no timestamp of their own
    mx.t1.desired_roles.add(mx.data)
    changed = gap_table_for(actor=office, months=6)
    assert next(r for r in changed.rows if r.role_code == "data-analyst").supply == 1
    mx.p3.status = "closed"
    mx.p3.save()
    assert backend(gap_table_for(actor=office, months=6)).demand == 1
    # another scope is another table
    own = gap_table_for(actor=world.actor("staff_b"), months=6)
    assert own.scope_operator_ids and own != gap_table_for(actor=office, months=6)


# --- match days ------------------------------------------------------------------------------


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
        postings={mx.p1.pk: 1},
        trainee_ids=[mx.t1.pk],
    )


MATCH_DAY_LIST = every_role(
    {
        "office": 200,
        "staff_a": 200,
        "staff_b": 200,
        "consultant_a": 404,  # consultants neither run nor take part in match days
        "recruiter_x": 200,
        "recruiter_y": 200,
        "trainee_a1": 200,
        "trainee_b1": 200,
        "committee": 404,
        "nobody": 404,
    },
    among=SIGNED_IN,
)


@pytest.mark.parametrize("who", WHO)
def test_the_match_day_list(login, world, mx, who):
    assert status(login, world, who, reverse("matching:match_day_list")) == MATCH_DAY_LIST[who]


MATCH_DAY = every_role(
    {
        "office": 200,
        "staff_a": 404,  # organised by the program office
        "staff_b": 404,
        "consultant_a": 404,
        "recruiter_x": 200,  # its posting takes part
        "recruiter_y": 404,
        "trainee_a1": 200,  # eligible
        "trainee_b1": 404,
        "committee": 404,
        "nobody": 404,
    },
    among=SIGNED_IN,
)


@pytest.mark.parametrize("who", WHO)
def test_the_match_day_page(login, world, mx, day, who):
    assert status(login, world, who, reverse("matching:match_day", args=[day.pk])) == MATCH_DAY[who]


def test_ranking_for_another_company_is_404_and_writes_nothing(login, world, mx, day):
    response = login(world.users["recruiter_y"]).post(
        reverse("matching:rank_submit", args=[day.pk, "posting", mx.p1.pk]),
        {f"rank_{mx.t1.pk}": "1"},
    )
    assert response.status_code == 404
    assert not RankList.objects.exists()


def test_ranks_must_differ(login, world, mx, day):
    client = login(world.users["recruiter_x"])
    client.post(
        reverse("matching:rank_submit", args=[day.pk, "posting", mx.p1.pk]),
        {f"rank_{mx.t1.pk}": "1", f"rank_{mx.t2.pk}": "1"},
    )
    assert not RankList.objects.exists()


def test_after_the_deadline_the_page_takes_no_lists(login, world, mx, day):
    MatchRound.objects.update(deadline=timezone.now() - dt.timedelta(minutes=1))
    client = login(world.users["trainee_a1"])
    response = client.post(
        reverse("matching:rank_submit", args=[day.pk, "trainee", mx.t1.pk]),
        {f"rank_{mx.p1.pk}": "1"},
        follow=True,
    )
    assert "마감" in response.content.decode() or "deadline" in response.content.decode()
    assert not RankList.objects.exists()


def test_the_recruiters_look_at_eligible_trainees_is_logged(login, world, mx, day):
    login(world.users["recruiter_x"]).get(reverse("matching:match_day", args=[day.pk]))
    record = AccessRecord.objects.get(page="matching:match_day")
    assert record.action == AccessRecord.Action.LIST and record.subject_count > 0


def test_only_organisers_run_and_publish(login, world, mx, day):
    MatchRound.objects.update(deadline=timezone.now() - dt.timedelta(minutes=1))
    for who in ("recruiter_x", "trainee_a1", "staff_a"):
        response = login(world.users[who]).post(
            reverse("matching:round_action", args=[day.pk, "run"])
        )
        assert response.status_code == 404
    assert MatchRound.objects.get().status == MatchRound.Status.RANKING


def test_home_figures_by_role(world, mx, day):
    from careerhub.matching.selectors import home_figures_for

    trainee = {
        label: value for label, value, _url in home_figures_for(actor=world.actor("trainee_a1"))
    }
    assert trainee["순위 제출을 기다리는 매칭데이"] == 1
    recruiter = {lbl: v for lbl, v, _u in home_figures_for(actor=world.actor("recruiter_x"))}
    assert recruiter["순위 접수 중인 매칭데이"] == 1
    assert home_figures_for(actor=world.actor("recruiter_y")) == [
        ("순위 접수 중인 매칭데이", 0, "/matching/match-days/")
    ]
    committee = {lbl: v for lbl, v, _u in home_figures_for(actor=world.actor("committee"))}
    assert committee["향후 12개월 인력 부족"] == 2  # the data-analyst posting: 2 places, no supply
    assert home_figures_for(actor=world.actor("nobody")) == []


# --- ids from the URL or the form go through the policies' getters ----------------------------


def test_operator_staff_see_only_their_own_trainees_among_candidates(login, world, mx):
    """PIPA (issue 12 item 4): a partner operator's staff see their own trainees only."""
    from careerhub.academy.models import OperatorPartnership

    b1 = world.trainee_b1
    b1.available_from = mx.t1.available_from
    b1.save()
    b1.desired_roles.set([mx.backend])
    OperatorPartnership.objects.create(operator=world.op_b, company=world.company_x)
    client = login(world.users["staff_b"])
    html = client.get(reverse("matching:posting_candidates", args=[mx.p1.pk])).content.decode()
    assert b1.name in html
    assert mx.t1.name not in html and mx.t2.name not in html
    listed = AccessRecord.objects.get(page="matching:posting_candidates")
    assert listed.subjects["trainees"] == [b1.pk]
    other = reverse("matching:candidate_detail", args=[mx.p1.pk, mx.t1.pk])
    assert client.get(other).status_code == 404
    assert not AccessRecord.objects.filter(page="matching:candidate_detail").exists()
    own = reverse("matching:candidate_detail", args=[mx.p1.pk, b1.pk])
    assert client.get(own).status_code == 200


def test_a_candidate_off_the_current_list_is_404_even_with_consent(login, world, mx):
    from careerhub.core.tests import factories as f

    client = login(world.users["recruiter_x"])
    client.get(reverse("matching:posting_candidates", args=[mx.p1.pk]))
    late = f.TraineeFactory(course=mx.course, name="늦은등록")  # joins after the list was made
    f.consent(late, Consent.Purpose.PROVISION_COMPANIES)
    response = client.get(reverse("matching:candidate_detail", args=[mx.p1.pk, late.pk]))
    assert response.status_code == 404
    assert not AccessRecord.objects.filter(page="matching:candidate_detail").exists()


def test_undoing_another_trainees_feedback_is_404_and_keeps_it(login, world, mx):
    fb = services.feedback_save(
        actor=world.actor("trainee_b1"),
        trainee=world.trainee_b1,
        opening_key=adapter.posting_key(mx.p1.pk),
    )
    response = login(world.users["trainee_a1"]).post(
        reverse("matching:feedback", args=[mx.t1.pk]), {"action": "undo", "feedback": fb.pk}
    )
    assert response.status_code == 404
    assert Feedback.objects.filter(pk=fb.pk).exists()


def test_applying_to_a_posting_one_cannot_see_is_404(login, world, mx):
    from careerhub.applications.models import Application

    mx.p3.status = "draft"
    mx.p3.save()
    response = login(world.users["trainee_a1"]).post(
        reverse("matching:apply", args=[mx.t1.pk, mx.p3.pk])
    )
    assert response.status_code == 404
    assert not Application.objects.exists()


def test_ranking_for_another_trainee_is_404_and_writes_nothing(login, world, mx, day):
    for who, owner in (("trainee_a1", world.trainee_b1), ("recruiter_x", mx.t1)):
        response = login(world.users[who]).post(
            reverse("matching:rank_submit", args=[day.pk, "trainee", owner.pk]),
            {f"rank_{mx.p1.pk}": "1"},
        )
        assert response.status_code == 404
    assert not RankList.objects.exists()
