"""Projects and assessments as evidence: verified skills, who may record, what companies see."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from careerhub.academy import selectors, services
from careerhub.academy.models import AssessmentScore, OperatorPartnership, Project, TraineeSkill
from careerhub.conftest import ROLE_KEYS, every_role
from careerhub.core.models import Event
from careerhub.core.policy import PermissionDenied
from careerhub.core.tests import factories as f


@pytest.fixture
def python(db):
    return f.SkillFactory(code="python", name_ko="파이썬", name_en="Python")


@pytest.fixture
def project(world, python):
    OperatorPartnership.objects.create(operator=world.op_a, company=world.company_x)
    return services.project_save(
        actor=world.actor("staff_a"),
        course=world.course_a,
        data={
            "company": world.company_x,
            "team_name": "1팀",
            "topic": "불량 검출",
            "mentor_name": "최멘토",
            "starts_on": dt.date(2026, 9, 1),
            "ends_on": dt.date(2026, 11, 20),
        },
        skill_ids=[python.pk],
        members={world.trainee_a1.pk: "모델링", world.trainee_a2.pk: "데이터"},
    )


def _verified(trainee):
    return set(
        TraineeSkill.objects.filter(trainee=trainee, verified=True).values_list(
            "skill__code", flat=True
        )
    )


def test_passing_company_evaluation_verifies_the_project_skills(world, project):
    assert _verified(world.trainee_a1) == set()
    services.project_evaluate(
        actor=world.actor("recruiter_x"),
        project=project,
        score=85,
        comment="우수",
        evaluated_by="최멘토",
        evaluated_on=dt.date(2026, 11, 21),
    )
    assert _verified(world.trainee_a1) == {"python"} == _verified(world.trainee_a2)
    row = TraineeSkill.objects.get(trainee=world.trainee_a1)
    assert row.level == 3 and "불량 검출 85/100" in row.evidence
    assert selectors.verified_skill_codes(
        trainee_ids=[world.trainee_a1.pk, world.trainee_b1.pk]
    ) == {
        world.trainee_a1.pk: frozenset({"python"}),
        world.trainee_b1.pk: frozenset(),
    }
    services.project_evaluate(
        actor=world.actor("staff_a"),
        project=project,
        score=60,
        comment="",
        evaluated_by="x",
        evaluated_on=dt.date(2026, 11, 22),
    )
    assert _verified(world.trainee_a1) == set()  # the evidence is gone, the skill stays
    assert TraineeSkill.objects.filter(trainee=world.trainee_a1).exists()


def test_another_company_or_operator_cannot_evaluate(world, project):
    for role in ("recruiter_y", "staff_b", "consultant_a"):
        with pytest.raises(PermissionDenied):
            services.project_evaluate(
                actor=world.actor(role),
                project=project,
                score=99,
                comment="",
                evaluated_by="x",
                evaluated_on=dt.date(2026, 11, 21),
            )
    project.refresh_from_db()
    assert project.evaluation_score is None


def test_members_must_belong_to_the_course(world, python):
    with pytest.raises(ValidationError) as exc:
        services.project_save(
            actor=world.actor("staff_a"),
            course=world.course_a,
            data={
                "company": world.company_x,
                "team_name": "2팀",
                "topic": "t",
                "starts_on": dt.date(2026, 9, 1),
                "ends_on": dt.date(2026, 9, 2),
            },
            skill_ids=[python.pk],
            members={world.trainee_b1.pk: ""},
        )
    assert exc.value.error_dict["members"][0].code == "member_not_in_course"
    assert not Project.objects.exists()


def test_passed_assessment_verifies_and_failed_does_not(world, python):
    assessment = services.assessment_create(
        actor=world.actor("staff_a"),
        course=world.course_a,
        data={
            "kind": "coding_test",
            "title": "파이썬 코딩테스트",
            "held_on": dt.date(2026, 10, 1),
            "max_score": 100,
            "pass_score": 60,
        },
        skill_ids=[python.pk],
    )
    services.assessment_scores_record(
        actor=world.actor("staff_a"),
        assessment=assessment,
        scores={world.trainee_a1.pk: 72, world.trainee_a2.pk: 59},
    )
    assert _verified(world.trainee_a1) == {"python"} and _verified(world.trainee_a2) == set()
    with pytest.raises(ValidationError):
        services.assessment_scores_record(
            actor=world.actor("staff_a"), assessment=assessment, scores={world.trainee_a2.pk: 101}
        )
    with pytest.raises(ValidationError):
        services.assessment_scores_record(
            actor=world.actor("staff_a"), assessment=assessment, scores={world.trainee_b1.pk: 90}
        )
    with pytest.raises(PermissionDenied):
        services.assessment_scores_record(
            actor=world.actor("staff_b"), assessment=assessment, scores={world.trainee_a2.pk: 90}
        )
    assert AssessmentScore.objects.count() == 2
    assert Event.objects.filter(verb="assessment.scores_recorded").count() == 1


def test_profile_edit_keeps_verified_skills(world, python, project):
    services.project_evaluate(
        actor=world.actor("staff_a"),
        project=project,
        score=90,
        comment="",
        evaluated_by="x",
        evaluated_on=dt.date(2026, 11, 21),
    )
    services.trainee_update_profile(
        actor=world.actor("trainee_a1"), trainee=world.trainee_a1, data={}, skills={}
    )
    assert _verified(world.trainee_a1) == {"python"}


def test_profile_shows_verified_skill_and_companies_see_project_trainees_first(
    world, login, project
):
    services.project_evaluate(
        actor=world.actor("staff_a"),
        project=project,
        score=90,
        comment="",
        evaluated_by="x",
        evaluated_on=dt.date(2026, 11, 21),
    )
    f.consent(world.trainee_a2)
    html = (
        login(world.users["staff_a"])
        .get(reverse("academy:trainee_detail", args=[world.trainee_a1.pk]))
        .content.decode()
    )
    assert "badge verified" in html and "불량 검출" in html
    pool = list(selectors.trainee_list_for(actor=world.actor("recruiter_y")))
    assert pool == [world.trainee_a2, world.trainee_b1]  # a2 has an evaluated project


PROJECT_PAGE = every_role(
    {
        "anonymous": 302,
        "nobody": 404,
        "office": 200,
        "staff_a": 200,
        "staff_b": 404,  # the other operator
        "consultant_a": 200,  # works for the project's operator
        "recruiter_x": 200,  # the project's company
        "recruiter_y": 404,  # the other company
        "trainee_a1": 200,  # a member
        "trainee_b1": 404,  # another trainee
        "committee": 404,
    }
)


@pytest.mark.parametrize("who", ROLE_KEYS)
def test_project_page_matrix(world, as_role, project, who):
    response = as_role(who).get(reverse("academy:project_detail", args=[project.pk]))
    assert response.status_code == PROJECT_PAGE[who]


def test_project_and_assessment_pages_for_staff(world, login, python):
    OperatorPartnership.objects.create(operator=world.op_a, company=world.company_x)
    client = login(world.users["staff_a"])
    response = client.post(
        reverse("academy:project_create", args=[world.course_a.pk]),
        {
            "company": world.company_x.pk,
            "team_name": "3팀",
            "topic": "챗봇",
            "mentor_name": "",
            "mentor_title": "",
            "starts_on": "2026-09-01",
            "ends_on": "2026-10-01",
            "skill_names": "파이썬",
            "members": [world.trainee_a1.pk],
        },
    )
    project = Project.objects.get()
    assert response.status_code == 302 and list(project.members.all()) == [world.trainee_a1]
    response = client.post(
        reverse("academy:assessment_create", args=[world.course_a.pk]),
        {
            "kind": "skill_test",
            "title": "SQL 평가",
            "held_on": "2026-10-02",
            "max_score": 100,
            "pass_score": 60,
            "skill_names": "파이썬, 없는기술",
        },
    )
    assert response.status_code == 200 and "없는기술" in response.content.decode()
    assert (
        login(world.users["staff_b"])
        .get(reverse("academy:project_create", args=[world.course_a.pk]))
        .status_code
        == 404
    )
