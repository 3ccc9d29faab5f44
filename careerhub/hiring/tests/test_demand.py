"""Demand surveys: the deadline (the request's time decides, in Asia/Seoul), every revision
kept, and the committee's summary of submitted demand."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError

from careerhub.conftest import roles_except
from careerhub.core.models import Event
from careerhub.core.policy import PermissionDenied
from careerhub.hiring import selectors, services
from careerhub.hiring.models import DemandLine, DemandResponse, DemandRevision, SurveyRound
from careerhub.hiring.services import SkillWant

SEOUL = ZoneInfo("Asia/Seoul")


def line_data(roles, **over):
    data = {
        "role": roles["data"],
        "headcount": 2,
        "earliest_month": dt.date(2027, 3, 1),
        "latest_month": dt.date(2027, 5, 1),
        "employment_type": "regular",
        "region": "gwangju",
        "salary_min": 3200,
        "salary_max": 3800,
        "preferential_screening": True,
        "note": "",
    }
    return data | over


def respond(world, survey_round, who="recruiter_x", company=None):
    return services.demand_response_get_or_create(
        actor=world.actor(who), survey_round=survey_round, company=company or world.company_x
    )


def test_every_save_is_a_revision_with_the_whole_answer(world, open_round, roles, skills):
    actor = world.actor("recruiter_x")
    response = respond(world, open_round)
    line = services.demand_line_save(
        actor=actor,
        response=response,
        data=line_data(roles),
        skills=[SkillWant(skills["python"].pk, True, 3), SkillWant(skills["sql"].pk, False, 2)],
    )
    line_id = line.pk
    services.demand_line_save(
        actor=actor, response=response, data=line_data(roles, headcount=4), skills=[], line=line
    )
    services.demand_line_save(
        actor=actor,
        response=response,
        data=line_data(roles, role=roles["ai"], headcount=1),
        skills=[SkillWant(skills["python"].pk, True, 4)],
    )
    services.demand_submit(actor=actor, response=response)
    services.demand_line_delete(actor=actor, line=line)
    revisions = list(response.revisions.order_by("number"))
    assert [(r.number, r.action) for r in revisions] == [
        (1, "line_added"),
        (2, "line_changed"),
        (3, "line_added"),
        (4, "submitted"),
        (5, "line_removed"),
    ]
    assert {r.saved_by for r in revisions} == {world.users["recruiter_x"]}
    first = revisions[0].snapshot
    assert first == [
        {
            "line": line_id,
            "role": "data-analyst",
            "role_name": "데이터 분석가",
            "headcount": 2,
            "earliest_month": "2027-03",
            "latest_month": "2027-05",
            "employment_type": "regular",
            "region": "gwangju",
            "salary_min": 3200,
            "salary_max": 3800,
            "preferential_screening": True,
            "note": "",
            "skills": [
                {"skill": "python", "name": "파이썬", "required": True, "level": 3},
                {"skill": "sql", "name": "SQL", "required": False, "level": 2},
            ],
        }
    ]
    assert revisions[1].snapshot[0]["headcount"] == 4 and revisions[1].snapshot[0]["skills"] == []
    assert len(revisions[3].snapshot) == 2
    assert [x["role"] for x in revisions[4].snapshot] == ["ai-engineer"]
    assert Event.objects.filter(verb__startswith="demand.", target_id=str(response.pk)).count() == 5


def test_months_are_stored_as_first_of_month_and_windows_checked(world, open_round, roles):
    actor = world.actor("recruiter_x")
    response = respond(world, open_round)
    line = services.demand_line_save(
        actor=actor,
        response=response,
        data=line_data(
            roles, earliest_month=dt.date(2027, 3, 17), latest_month=dt.date(2027, 3, 31)
        ),
        skills=[],
    )
    assert (line.earliest_month, line.latest_month) == (dt.date(2027, 3, 1), dt.date(2027, 3, 1))
    for over, code in [
        (
            {"earliest_month": dt.date(2027, 6, 1), "latest_month": dt.date(2027, 5, 1)},
            "window_order",
        ),
        ({"salary_min": 5000, "salary_max": 4000}, "salary_order"),
    ]:
        with pytest.raises(ValidationError) as exc:
            services.demand_line_save(
                actor=actor, response=response, data=line_data(roles, **over), skills=[]
            )
        assert [e.code for errors in exc.value.error_dict.values() for e in errors] == [code]
    assert DemandLine.objects.count() == 1 and DemandRevision.objects.count() == 1


def test_deadline_is_decided_by_the_request_time(world, roles):
    deadline = dt.datetime(2026, 11, 30, 18, 0, tzinfo=SEOUL)
    survey_round = SurveyRound.objects.create(
        title="마감 시험", opens_at=deadline - dt.timedelta(days=30), closes_at=deadline
    )
    actor = world.actor("recruiter_x")
    response = respond(world, survey_round)
    just_before = deadline - dt.timedelta(seconds=1)
    services.demand_line_save(
        actor=actor, response=response, data=line_data(roles), skills=[], now=just_before
    )
    services.demand_submit(actor=actor, response=response, now=just_before)
    for late in (deadline, deadline + dt.timedelta(minutes=1)):
        with pytest.raises(ValidationError) as exc:
            services.demand_line_save(
                actor=actor, response=response, data=line_data(roles), skills=[], now=late
            )
        assert exc.value.code == "round_closed"
        with pytest.raises(ValidationError):
            services.demand_submit(actor=actor, response=response, now=late)
        with pytest.raises(ValidationError):
            services.demand_line_delete(actor=actor, line=response.lines.get(), now=late)
    assert response.revisions.count() == 2
    assert response.lines.count() == 1
    early = deadline - dt.timedelta(days=31)
    with pytest.raises(ValidationError) as exc:
        services.demand_submit(actor=actor, response=response, now=early)
    assert exc.value.code == "round_not_open"


def test_extending_the_deadline_reopens_revision(world, closed_round, roles):
    response = respond(world, closed_round)
    with pytest.raises(ValidationError):
        services.demand_line_save(
            actor=world.actor("recruiter_x"), response=response, data=line_data(roles), skills=[]
        )
    services.survey_round_save(
        actor=world.actor("office"),
        survey_round=closed_round,
        data={"closes_at": closed_round.closes_at + dt.timedelta(days=120)},
    )
    services.demand_line_save(
        actor=world.actor("recruiter_x"), response=response, data=line_data(roles), skills=[]
    )
    assert response.lines.count() == 1


def test_an_empty_answer_cannot_be_submitted(world, open_round):
    response = respond(world, open_round)
    with pytest.raises(ValidationError) as exc:
        services.demand_submit(actor=world.actor("recruiter_x"), response=response)
    assert exc.value.code == "empty_response"
    response.refresh_from_db()
    assert response.status == DemandResponse.Status.DRAFT


def test_a_skill_listed_twice_is_refused(world, open_round, roles, skills):
    response = respond(world, open_round)
    with pytest.raises(ValidationError) as exc:
        services.demand_line_save(
            actor=world.actor("recruiter_x"),
            response=response,
            data=line_data(roles),
            skills=[SkillWant(skills["python"].pk), SkillWant(skills["python"].pk, False)],
        )
    assert exc.value.code == "duplicate_skill"
    assert not DemandLine.objects.exists()


@pytest.mark.parametrize("who", roles_except("office", "recruiter_x"))
def test_others_cannot_answer_for_company_x(world, open_round, roles, who):
    with pytest.raises(PermissionDenied):
        respond(world, open_round, who=who)
    response = respond(world, open_round)
    with pytest.raises(PermissionDenied):
        services.demand_line_save(
            actor=world.actor(who), response=response, data=line_data(roles), skills=[]
        )
    with pytest.raises(PermissionDenied):
        services.demand_submit(actor=world.actor(who), response=response)
    assert not DemandLine.objects.exists() and not DemandRevision.objects.exists()


def test_office_may_enter_demand_on_a_company_s_behalf(world, open_round, roles):
    response = respond(world, open_round, who="office")
    services.demand_line_save(
        actor=world.actor("office"), response=response, data=line_data(roles), skills=[]
    )
    assert response.revisions.get().saved_by == world.users["office"]


def test_line_of_another_response_cannot_be_smuggled_in(world, open_round, roles):
    x = respond(world, open_round)
    y = respond(world, open_round, who="recruiter_y", company=world.company_y)
    y_line = services.demand_line_save(
        actor=world.actor("recruiter_y"), response=y, data=line_data(roles), skills=[]
    )
    with pytest.raises(PermissionDenied):
        services.demand_line_save(
            actor=world.actor("recruiter_x"),
            response=x,
            data=line_data(roles, headcount=9),
            skills=[],
            line=y_line,
        )
    y_line.refresh_from_db()
    assert y_line.headcount == 2


# --- the summary -----------------------------------------------------------------------------


def test_summary_counts_only_submitted_answers_by_role_and_month(world, open_round, roles):
    x = respond(world, open_round)
    y = respond(world, open_round, who="recruiter_y", company=world.company_y)
    ax, ay = world.actor("recruiter_x"), world.actor("recruiter_y")
    services.demand_line_save(actor=ax, response=x, data=line_data(roles, headcount=2), skills=[])
    services.demand_line_save(
        actor=ax,
        response=x,
        data=line_data(roles, role=roles["ai"], headcount=1, earliest_month=dt.date(2027, 4, 1)),
        skills=[],
    )
    services.demand_submit(actor=ax, response=x)
    services.demand_line_save(
        actor=ay,
        response=y,
        data=line_data(roles, headcount=3, preferential_screening=False),
        skills=[],
    )
    summary = selectors.demand_summary(actor=world.actor("committee"), survey_round=open_round)
    assert summary.responses_total == 2 and summary.responses_submitted == 1
    assert summary.total == 3  # Y's draft is not counted
    rows = {r.role_code: r for r in summary.rows}
    assert rows["data-analyst"].by_month == {dt.date(2027, 3, 1): 2}
    assert rows["data-analyst"].preferential == 2 and rows["data-analyst"].companies == 1
    assert rows["ai-engineer"].by_month == {dt.date(2027, 4, 1): 1}
    services.demand_submit(actor=ay, response=y)
    summary = selectors.demand_summary(actor=world.actor("office"), survey_round=open_round)
    data_row = next(r for r in summary.rows if r.role_code == "data-analyst")
    assert data_row.total == 5 and data_row.companies == 2 and data_row.preferential == 2
    assert summary.month_totals == {dt.date(2027, 3, 1): 5, dt.date(2027, 4, 1): 1}


@pytest.mark.parametrize("who", roles_except("office", "staff_a", "staff_b", "committee"))
def test_summary_is_not_for_recruiters_consultants_or_trainees(world, open_round, who):
    with pytest.raises(PermissionDenied):
        selectors.demand_summary(actor=world.actor(who), survey_round=open_round)
