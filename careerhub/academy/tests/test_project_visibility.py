"""Issue 14 item 4: a project listed on a trainee's profile opens for whoever may read that
profile (one rule), and is a link only where it opens."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from careerhub.academy import policies, services
from careerhub.academy.models import Consent, OperatorPartnership
from careerhub.conftest import ROLE_KEYS, every_role
from careerhub.core.models import AccessRecord


@pytest.fixture
def project(world):
    """Company X's project in operator A's course, with trainees A1 and A2."""
    OperatorPartnership.objects.create(operator=world.op_a, company=world.company_x)
    return services.project_save(
        actor=world.actor("staff_a"),
        course=world.course_a,
        data={
            "company": world.company_x,
            "team_name": "1팀",
            "topic": "불량 검출",
            "mentor_name": "",
            "starts_on": dt.date(2026, 9, 1),
            "ends_on": dt.date(2026, 11, 20),
        },
        skill_ids=[],
        members={world.trainee_a1.pk: "", world.trainee_a2.pk: ""},
    )


def _consent(world, trainee, granted=True, purpose=Consent.Purpose.PROVISION_COMPANIES):
    """Grant or withdraw a consent row as the trainee's own choice would (A2 has no login)."""
    if granted:
        Consent.objects.create(trainee=trainee, purpose=purpose, granted_at=timezone.now())
        return
    if not Consent.objects.filter(trainee=trainee, purpose=purpose).exists():
        Consent.objects.create(trainee=trainee, purpose=purpose, granted_at=timezone.now())
    Consent.objects.filter(trainee=trainee, purpose=purpose, withdrawn_at__isnull=True).update(
        withdrawn_at=timezone.now()
    )


# Trainee A2 (a member, no login) consents to provision to companies: company Y's recruiter
# may now read A2's profile, so the project it lists opens for them too.
WITH_A2_CONSENT = every_role(
    {
        "anonymous": 302,
        "nobody": 404,
        "office": 200,
        "staff_a": 200,
        "staff_b": 404,
        "consultant_a": 200,
        "recruiter_x": 200,  # the project's company
        "recruiter_y": 200,  # may read A2's profile, which lists the project
        "trainee_a1": 200,  # a member
        "trainee_b1": 404,  # another trainee may not read A2's profile
        "committee": 404,
    }
)


@pytest.mark.parametrize("who", ROLE_KEYS)
def test_project_opens_for_whoever_may_read_a_members_profile(world, as_role, project, who):
    _consent(world, world.trainee_a2)
    actor = world.actor(who)
    allowed = WITH_A2_CONSENT[who] == 200
    # The predicate and the queryset say the same.
    assert policies.can_view_project(actor, project) is allowed
    assert policies.projects_visible_to(actor).filter(pk=project.pk).exists() is allowed
    assert (
        as_role(who).get(reverse("academy:project_detail", args=[project.pk])).status_code
        == WITH_A2_CONSENT[who]
    )


@pytest.mark.parametrize("who", ROLE_KEYS)
def test_profile_rule_queryset_agrees_with_the_predicate(world, project, who):
    _consent(world, world.trainee_a2)
    _consent(world, world.trainee_a1, granted=False, purpose=Consent.Purpose.PROVISION_OPERATOR)
    actor = world.actor(who)
    visible = set(policies.trainee_profiles_visible_to(actor).values_list("pk", flat=True))
    for trainee in (world.trainee_a1, world.trainee_a2, world.trainee_b1):
        assert (trainee.pk in visible) is policies.can_view_trainee_profile(actor, trainee)


def test_recruiter_with_consent_opens_the_linked_project_and_the_access_is_recorded(
    world, login, project
):
    _consent(world, world.trainee_a2)
    client = login(world.users["recruiter_y"])
    profile = client.get(reverse("academy:trainee_detail", args=[world.trainee_a2.pk]))
    url = reverse("academy:project_detail", args=[project.pk])
    assert profile.status_code == 200 and f'href="{url}"' in profile.content.decode()
    page = client.get(url)
    assert page.status_code == 200
    html = page.content.decode()
    # Only members whose profile the recruiter may read are shown: A2, not A1.
    assert world.trainee_a2.name in html and world.trainee_a1.name not in html
    assert "Save the evaluation" not in html and "평가 저장" not in html  # not their company
    record = AccessRecord.objects.filter(page="academy:project_detail").get()
    assert record.actor == world.users["recruiter_y"]
    assert record.subjects == {"trainees": [world.trainee_a2.pk]}


def test_without_consent_neither_profile_nor_project_opens(world, login, project):
    client = login(world.users["recruiter_y"])
    assert (
        client.get(reverse("academy:trainee_detail", args=[world.trainee_a2.pk])).status_code == 404
    )
    assert client.get(reverse("academy:project_detail", args=[project.pk])).status_code == 404


def test_withdrawn_consent_closes_the_project_again(world, login, project):
    _consent(world, world.trainee_a2)
    client = login(world.users["recruiter_y"])
    url = reverse("academy:project_detail", args=[project.pk])
    assert client.get(url).status_code == 200
    _consent(world, world.trainee_a2, granted=False)
    assert client.get(url).status_code == 404
    assert not policies.can_view_project(world.actor("recruiter_y"), project)


def test_another_companys_recruiter_sees_the_project_only_through_a_consenting_member(
    world, login, project
):
    """Trainee B1 (consenting) is on no project of company X: company Y gains nothing."""
    client = login(world.users["recruiter_y"])
    profile = client.get(reverse("academy:trainee_detail", args=[world.trainee_b1.pk]))
    assert profile.status_code == 200
    assert client.get(reverse("academy:project_detail", args=[project.pk])).status_code == 404


def test_a_project_the_viewer_cannot_open_is_listed_without_a_link(world, login, project):
    """A1 moved to operator B's course and withdrew consent to provision to operators:
    operator B's staff see A1's training record, which lists the project of operator A's
    course — as text, since its page would answer 404 for them."""
    trainee = world.trainee_a1
    trainee.course = world.course_b
    trainee.save(update_fields=["course"])
    _consent(world, trainee, granted=False, purpose=Consent.Purpose.PROVISION_OPERATOR)
    client = login(world.users["staff_b"])
    url = reverse("academy:project_detail", args=[project.pk])
    html = client.get(reverse("academy:trainee_detail", args=[trainee.pk])).content.decode()
    assert "불량 검출" in html and f'href="{url}"' not in html
    assert client.get(url).status_code == 404
    # Operator A's staff still open it, and their copy of the profile links it.
    client = login(world.users["staff_a"])
    trainee.course = world.course_a
    trainee.save(update_fields=["course"])
    html = client.get(reverse("academy:trainee_detail", args=[trainee.pk])).content.decode()
    assert f'href="{url}"' in html
