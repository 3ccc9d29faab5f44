"""Pages of the academy app: who may open what, and IDOR attempts that must write nothing."""

import datetime as dt

import pytest
from django.urls import reverse

from careerhub.academy.models import Trainee, TraineeStatusChange
from careerhub.conftest import ROLE_KEYS, every_role, roles_except
from careerhub.core.models import AccessRecord, Event


def test_anonymous_is_sent_to_login(client, world):
    for url in [
        reverse("academy:trainee_list"),
        reverse("academy:course_list"),
        reverse("academy:trainee_detail", args=[world.trainee_a1.pk]),
    ]:
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:login"))


LIST_ACCESS = every_role(
    {
        "anonymous": 302,
        "office": 200,
        "staff_a": 200,
        "staff_b": 200,
        "consultant_a": 200,
        "recruiter_x": 200,
        "recruiter_y": 200,
        "trainee_a1": 404,
        "trainee_b1": 404,
        "committee": 404,
        "nobody": 404,
    }
)


@pytest.mark.parametrize("who", ROLE_KEYS)
def test_trainee_list_shows_only_visible_trainees(as_role, world, who):
    response = as_role(who).get(reverse("academy:trainee_list"))
    assert response.status_code == LIST_ACCESS[who]
    if response.status_code != 200:
        return
    body = response.content.decode()
    expected = {
        "office": {"김가영", "이나래", "박다솜"},
        "staff_a": {"김가영", "이나래"},
        "staff_b": {"박다솜"},
        "consultant_a": {"김가영"},
        "recruiter_x": {"박다솜"},
        "recruiter_y": {"박다솜"},  # consented to every company
    }[who]
    for name in {"김가영", "이나래", "박다솜"}:
        assert (name in body) is (name in expected), name


def test_recruiter_list_hides_contact_details(login, world):
    body = login(world.users["recruiter_x"]).get(reverse("academy:trainee_list")).content.decode()
    assert world.trainee_b1.email not in body
    assert "010-1234-5678" not in body


DETAIL = every_role(
    {  # who → trainee → status code
        "anonymous": {"trainee_a1": 302, "trainee_a2": 302, "trainee_b1": 302},
        "office": {"trainee_a1": 200, "trainee_a2": 200, "trainee_b1": 200},
        "staff_a": {"trainee_a1": 200, "trainee_a2": 200, "trainee_b1": 404},
        "staff_b": {"trainee_a1": 404, "trainee_a2": 404, "trainee_b1": 200},
        "consultant_a": {"trainee_a1": 200, "trainee_a2": 404, "trainee_b1": 404},
        "recruiter_x": {"trainee_a1": 404, "trainee_a2": 404, "trainee_b1": 200},
        "recruiter_y": {"trainee_a1": 404, "trainee_a2": 404, "trainee_b1": 200},
        "trainee_a1": {"trainee_a1": 200, "trainee_a2": 404, "trainee_b1": 404},
        "trainee_b1": {"trainee_a1": 404, "trainee_a2": 404, "trainee_b1": 200},
        "committee": {"trainee_a1": 404, "trainee_a2": 404, "trainee_b1": 404},
        "nobody": {"trainee_a1": 404, "trainee_a2": 404, "trainee_b1": 404},
    }
)


@pytest.mark.parametrize("who", ROLE_KEYS)
@pytest.mark.parametrize("which", ["trainee_a1", "trainee_a2", "trainee_b1"])
def test_trainee_detail_matrix(as_role, world, who, which):
    trainee = getattr(world, which)
    response = as_role(who).get(reverse("academy:trainee_detail", args=[trainee.pk]))
    assert response.status_code == DETAIL[who][which]


def test_profile_views_by_others_are_logged(login, world):
    login(world.users["recruiter_x"]).get(
        reverse("academy:trainee_detail", args=[world.trainee_b1.pk])
    )
    record = AccessRecord.objects.get()
    assert record.action == AccessRecord.Action.VIEW and record.page == "academy:trainee_detail"
    assert record.actor == world.users["recruiter_x"]
    assert record.subjects == {"trainees": [world.trainee_b1.pk]}


def test_own_profile_view_is_not_logged_as_access(login, world):
    client = login(world.users["trainee_a1"])
    response = client.get(reverse("academy:my_profile"))
    assert response.status_code == 302
    assert client.get(response["Location"]).status_code == 200
    assert not AccessRecord.objects.exists()


def test_recruiter_detail_hides_contact(login, world):
    body = (
        login(world.users["recruiter_x"])
        .get(reverse("academy:trainee_detail", args=[world.trainee_b1.pk]))
        .content.decode()
    )
    assert world.trainee_b1.email not in body


def _status_post(client, trainee, **data):
    payload = {"status": "dropped", "effective_on": "2026-05-01", "reason": "취업"} | data
    return client.post(reverse("academy:trainee_status", args=[trainee.pk]), payload)


@pytest.mark.parametrize("who", roles_except("office", "staff_a"))
def test_status_change_idor_is_refused_and_writes_nothing(as_role, world, who):
    response = _status_post(as_role(who), world.trainee_a1)
    assert response.status_code == (302 if who == "anonymous" else 404)
    world.trainee_a1.refresh_from_db()
    assert world.trainee_a1.status == Trainee.Status.ENROLLED
    assert not TraineeStatusChange.objects.exists()


def test_operator_staff_marks_dropout(login, world):
    response = _status_post(login(world.users["staff_a"]), world.trainee_a1)
    assert response.status_code == 302
    world.trainee_a1.refresh_from_db()
    assert world.trainee_a1.status == Trainee.Status.DROPPED
    assert world.trainee_a1.dropped_on == dt.date(2026, 5, 1)
    change = TraineeStatusChange.objects.get()
    assert change.actor == world.users["staff_a"]
    assert (change.from_status, change.to_status) == ("enrolled", "dropped")


def test_dropout_without_reason_is_refused_in_korean(login, world):
    client = login(world.users["staff_a"])
    response = _status_post(client, world.trainee_a1, reason="")
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "중도탈락 사유를 입력하세요" in page
    world.trainee_a1.refresh_from_db()
    assert world.trainee_a1.status == Trainee.Status.ENROLLED
    assert not TraineeStatusChange.objects.exists()


def test_future_status_date_is_refused(login, world):
    client = login(world.users["staff_a"])
    _status_post(client, world.trainee_a1, status="completed", effective_on="2999-01-01")
    world.trainee_a1.refresh_from_db()
    assert world.trainee_a1.status == Trainee.Status.ENROLLED


EDIT = every_role(
    {
        "anonymous": 302,
        "office": 200,
        "staff_a": 200,
        "trainee_a1": 200,
        "staff_b": 404,
        "consultant_a": 404,
        "recruiter_x": 404,
        "recruiter_y": 404,
        "trainee_b1": 404,
        "committee": 404,
        "nobody": 404,
    }
)


@pytest.mark.parametrize("who", ROLE_KEYS)
def test_profile_edit_matrix(as_role, world, who):
    url = reverse("academy:trainee_edit", args=[world.trainee_a1.pk])
    client = as_role(who)
    assert client.get(url).status_code == EDIT[who]
    response = client.post(url, {"phone": "010-9999-8888", "introduction": "바뀜"})
    world.trainee_a1.refresh_from_db()
    if EDIT[who] == 200:
        assert response.status_code == 302
        assert world.trainee_a1.phone == "01099998888"
    else:
        assert response.status_code == EDIT[who]
        assert world.trainee_a1.phone == "01012345678"


def test_profile_edit_rejects_bad_phone_and_keeps_data(login, world):
    client = login(world.users["trainee_a1"])
    url = reverse("academy:trainee_edit", args=[world.trainee_a1.pk])
    response = client.post(
        url, {"phone": "12-34", "introduction": "새 소개", "desired_regions": ["gwangju"]}
    )
    assert response.status_code == 200
    assert "올바른 전화번호를 입력하세요" in response.content.decode()
    world.trainee_a1.refresh_from_db()
    assert world.trainee_a1.phone == "01012345678"
    assert world.trainee_a1.introduction == ""


def test_profile_edit_saves_regions_and_roles(login, world):
    client = login(world.users["trainee_a1"])
    role = world.course_a.track_role
    response = client.post(
        reverse("academy:trainee_edit", args=[world.trainee_a1.pk]),
        {
            "phone": "010-2222-3333",
            "desired_regions": ["gwangju", "seoul"],
            "desired_roles": [role.pk],
            "available_from": "2026-12-01",
        },
    )
    assert response.status_code == 302
    world.trainee_a1.refresh_from_db()
    assert world.trainee_a1.desired_regions == ["gwangju", "seoul"]
    assert list(world.trainee_a1.desired_roles.all()) == [role]
    assert Event.objects.filter(verb="trainee.profile_updated").count() == 1


COURSE = every_role(
    {
        "anonymous": (302, 302),
        "office": (200, 200),
        "committee": (200, 200),
        "staff_a": (200, 404),
        "staff_b": (404, 200),
        "consultant_a": (200, 404),
        "trainee_a1": (200, 404),
        "trainee_b1": (404, 200),
        "recruiter_x": (404, 404),
        "recruiter_y": (404, 404),
        "nobody": (404, 404),
    }
)


@pytest.mark.parametrize("who", ROLE_KEYS)
def test_course_detail_matrix(as_role, world, who):
    client = as_role(who)
    got = tuple(
        client.get(reverse("academy:course_detail", args=[c.pk])).status_code
        for c in (world.course_a, world.course_b)
    )
    assert got == COURSE[who]


@pytest.mark.parametrize("who", ["committee", "consultant_a", "trainee_a1"])
def test_course_roster_hidden_from_non_staff(login, world, who):
    body = (
        login(world.users[who])
        .get(reverse("academy:course_detail", args=[world.course_a.pk]))
        .content.decode()
    )
    assert "이나래" not in body


def test_course_roster_shown_to_operator_staff(login, world):
    body = (
        login(world.users["staff_a"])
        .get(reverse("academy:course_detail", args=[world.course_a.pk]))
        .content.decode()
    )
    assert "이나래" in body and "김가영" in body


def test_course_list_counts(login, world):
    response = login(world.users["office"]).get(reverse("academy:course_list"))
    courses = {c.name: c for c in response.context["courses"]}
    assert courses["과정A"].enrolled == 2
    assert courses["과정B"].enrolled == 1


def _skill_rows(rows):
    data = {
        "skills-TOTAL_FORMS": str(len(rows)),
        "skills-INITIAL_FORMS": "0",
        "skills-MIN_NUM_FORMS": "0",
        "skills-MAX_NUM_FORMS": "40",
    }
    for i, (name, level) in enumerate(rows):
        data[f"skills-{i}-name"] = name
        data[f"skills-{i}-level"] = str(level)
    return data


@pytest.fixture
def python_skill(db):
    from careerhub.taxonomy.models import Skill, SkillAlias

    skill = Skill.objects.create(code="python", name_ko="파이썬", name_en="Python")
    SkillAlias.objects.create(skill=skill, alias="python3")
    return skill


def test_trainee_edits_skills_by_any_alias(login, world, python_skill):
    client = login(world.users["trainee_a1"])
    response = client.post(
        reverse("academy:trainee_edit", args=[world.trainee_a1.pk]),
        {"phone": "010-1234-5678"} | _skill_rows([("python3", 4), ("", 1)]),
    )
    assert response.status_code == 302
    assert dict(world.trainee_a1.skills.values_list("skill__code", "level")) == {"python": 4}


def test_unknown_and_duplicate_skills_are_refused_and_nothing_changes(login, world, python_skill):
    from careerhub.academy.models import TraineeSkill

    TraineeSkill.objects.create(trainee=world.trainee_a1, skill=python_skill, level=2)
    client = login(world.users["trainee_a1"])
    url = reverse("academy:trainee_edit", args=[world.trainee_a1.pk])
    unknown = client.post(
        url, {"phone": "", "introduction": "바뀜"} | _skill_rows([("코볼로봇", 3)])
    )
    assert "알 수 없는 기술입니다: 코볼로봇" in unknown.content.decode()
    twice = client.post(url, {"phone": ""} | _skill_rows([("파이썬", 3), ("Python", 5)]))
    assert "두 번 입력" in twice.content.decode()
    world.trainee_a1.refresh_from_db()
    assert world.trainee_a1.introduction == ""
    assert dict(world.trainee_a1.skills.values_list("skill__code", "level")) == {"python": 2}


def test_trainee_grants_and_withdraws_company_consent(login, world):
    from careerhub.academy.models import Consent

    client = login(world.users["trainee_a1"])
    page = client.get(reverse("academy:trainee_detail", args=[world.trainee_a1.pk]))
    assert "채용 기업 제3자 제공" in page.content.decode()
    url = reverse("academy:trainee_consent", args=[world.trainee_a1.pk])
    client.post(url, {"purpose": "provision_companies", "granted": "1"})
    assert world.trainee_a1.has_consent(Consent.Purpose.PROVISION_COMPANIES)
    client.post(url, {"purpose": "provision_companies", "granted": "0"})
    world.trainee_a1.refresh_from_db()
    assert not Trainee.objects.get(pk=world.trainee_a1.pk).has_consent(
        Consent.Purpose.PROVISION_COMPANIES
    )


@pytest.mark.parametrize("who", roles_except("trainee_a1"))
def test_nobody_else_can_consent_for_a_trainee(as_role, world, who):
    from careerhub.academy.models import Consent

    response = as_role(who).post(
        reverse("academy:trainee_consent", args=[world.trainee_a1.pk]),
        {"purpose": "provision_companies", "granted": "1"},
    )
    assert response.status_code == (302 if who == "anonymous" else 404)
    assert not Consent.objects.filter(trainee=world.trainee_a1).exists()


def test_bad_consent_request_changes_nothing(login, world):
    from careerhub.academy.models import Consent

    client = login(world.users["trainee_a1"])
    client.post(
        reverse("academy:trainee_consent", args=[world.trainee_a1.pk]),
        {"purpose": "sell-to-anyone", "granted": "1"},
    )
    assert not Consent.objects.filter(trainee=world.trainee_a1).exists()
