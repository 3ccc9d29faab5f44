"""``trainee_enrol``: one service creates a trainee with everything that comes with them."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from careerhub.academy import services
from careerhub.academy.models import (
    Consent,
    PortfolioLink,
    Trainee,
    TraineeSkill,
    TraineeStatusChange,
)
from careerhub.core.models import Event
from careerhub.core.policy import PermissionDenied
from careerhub.core.tests import factories as f

GRANTED = dt.datetime(2026, 4, 1, 12, 0, tzinfo=dt.UTC)


def enrol(world, actor_key="staff_a", **overrides):
    python = f.SkillFactory(code="python", name_ko="파이썬", name_en="Python")
    sql = f.SkillFactory(code="sql", name_ko="SQL", name_en="SQL")
    data = {
        "course": world.course_a,
        "name": " 최신입 ",
        "email": "new@example.kr",
        "phone": "01055550009",
        "birth_date": dt.date(1999, 5, 5),
        "enrolled_on": dt.date(2026, 6, 1),
        "desired_regions": ["gwangju"],
        "introduction": "AI 개발자가 되고 싶습니다.",
        "skills": {python.pk: 2, sql.pk: 1},
        "links": [("포트폴리오", "https://example.kr/me")],
        "consents": {
            Consent.Purpose.COLLECTION: GRANTED,
            Consent.Purpose.PROVISION_OPERATOR: GRANTED,
        },
        "consent_version": "2026-03",
        "reason": "등록 확정 (지원서 2026-03-00001)",
        "reference": "2026-03-00001",
    } | overrides
    return services.trainee_enrol(actor=world.actor(actor_key), **data)


def test_enrol_writes_the_trainee_skills_links_consents_history_and_event(world):
    trainee = enrol(world)
    trainee = Trainee.objects.get(pk=trainee.pk)
    assert (trainee.name, trainee.email, trainee.course) == (
        "최신입",
        "new@example.kr",
        world.course_a,
    )
    assert trainee.status == Trainee.Status.ENROLLED
    assert trainee.enrolled_on == dt.date(2026, 6, 1)
    assert list(trainee.desired_roles.all()) == [world.course_a.track_role]
    assert dict(trainee.skills.values_list("skill__code", "level")) == {"python": 2, "sql": 1}
    assert list(trainee.links.values_list("label", "url")) == [
        ("포트폴리오", "https://example.kr/me")
    ]
    assert sorted(trainee.consents.values_list("purpose", "version", "granted_at")) == [
        (Consent.Purpose.COLLECTION, "2026-03", GRANTED),
        (Consent.Purpose.PROVISION_OPERATOR, "2026-03", GRANTED),
    ]
    change = TraineeStatusChange.objects.get(trainee=trainee)
    assert (change.from_status, change.to_status, change.effective_on) == (
        "",
        "enrolled",
        dt.date(2026, 6, 1),
    )
    assert change.actor == world.users["staff_a"] and "2026-03-00001" in change.reason
    event = Event.objects.get(verb="trainee.enrolled", target_id=str(trainee.pk))
    assert event.actor == world.users["staff_a"]
    assert event.data["reference"] == "2026-03-00001"
    assert event.data["course"] == world.course_a.pk


def test_program_office_may_enrol_in_any_course(world):
    trainee = enrol(world, "office", course=world.course_b)
    assert trainee.course == world.course_b


@pytest.mark.parametrize(
    "actor_key", ["staff_b", "consultant_a", "recruiter_x", "trainee_a1", "committee", "nobody"]
)
def test_refused_actors_write_nothing(world, actor_key):
    before = Trainee.objects.count()
    with pytest.raises(PermissionDenied):
        enrol(world, actor_key)
    assert Trainee.objects.count() == before
    assert not Event.objects.filter(verb="trainee.enrolled").exists()


@pytest.mark.parametrize(
    ("overrides", "field", "code"),
    [
        ({"skills": {1: 9}}, "skills", "invalid_level"),
        ({"consents": {"marketing": GRANTED}}, "consents", "invalid_purpose"),
        ({"desired_regions": ["atlantis"]}, "desired_regions", None),
        ({"phone": "12345"}, "phone", None),
        ({"links": [("포트폴리오", "not an address")]}, "url", "invalid"),
        ({"email": "new@example.kr", "name": ""}, "name", "blank"),
    ],
)
def test_bad_input_is_refused_clearly_and_writes_nothing(world, overrides, field, code):
    counts = (
        Trainee.objects.count(),
        TraineeSkill.objects.count(),
        PortfolioLink.objects.count(),
        Consent.objects.count(),
        TraineeStatusChange.objects.count(),
        Event.objects.count(),
    )
    with pytest.raises(ValidationError) as exc:
        enrol(world, **overrides)
    assert field in exc.value.message_dict
    if code is not None:
        assert code in [e.code for e in exc.value.error_dict[field]]
    assert counts == (
        Trainee.objects.count(),
        TraineeSkill.objects.count(),
        PortfolioLink.objects.count(),
        Consent.objects.count(),
        TraineeStatusChange.objects.count(),
        Event.objects.count(),
    )


def test_the_same_email_twice_in_a_course_is_refused(world):
    enrol(world)
    with pytest.raises(ValidationError):
        services.trainee_enrol(
            actor=world.actor("staff_a"),
            course=world.course_a,
            name="다른 사람",
            email="new@example.kr",
            enrolled_on=dt.date(2026, 6, 1),
        )
    assert Trainee.objects.filter(email="new@example.kr").count() == 1


def test_a_login_is_linked_once_by_staff_of_the_course(world):
    user = f.UserFactory(email="a2@example.kr")
    with pytest.raises(PermissionDenied):
        services.trainee_user_link(
            actor=world.actor("staff_b"), trainee=world.trainee_a2, user=user
        )
    services.trainee_user_link(actor=world.actor("staff_a"), trainee=world.trainee_a2, user=user)
    world.trainee_a2.refresh_from_db()
    assert world.trainee_a2.user == user
    assert Event.objects.filter(verb="trainee.user_linked").count() == 1
    with pytest.raises(ValidationError) as exc:
        services.trainee_user_link(
            actor=world.actor("staff_a"), trainee=world.trainee_a2, user=user
        )
    assert exc.value.code == "has_login"
