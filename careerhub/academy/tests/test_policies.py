"""Role × object matrix for trainees and courses, including the IDOR cases."""

import pytest
from django.http import Http404

from careerhub.academy import policies
from careerhub.conftest import ROLE_KEYS, every_role

# who → which trainees they may see
TRAINEE_VISIBILITY = every_role(
    {
        "anonymous": set(),
        "office": {"trainee_a1", "trainee_a2", "trainee_b1"},
        "staff_a": {"trainee_a1", "trainee_a2"},
        "staff_b": {"trainee_b1"},
        "consultant_a": {"trainee_a1"},  # assigned to them only
        "recruiter_x": {"trainee_b1"},  # only who consented to provision to companies
        "recruiter_y": {"trainee_b1"},
        "trainee_a1": {"trainee_a1"},  # themselves only
        "trainee_b1": {"trainee_b1"},
        "committee": set(),  # summaries only, no personal records
        "nobody": set(),
    }
)


@pytest.mark.parametrize("who", ROLE_KEYS)
@pytest.mark.parametrize("which", ["trainee_a1", "trainee_a2", "trainee_b1"])
def test_trainee_view_matrix(world, who, which):
    actor = world.actor(who)
    trainee = getattr(world, which)
    allowed = which in TRAINEE_VISIBILITY[who]
    assert policies.can_view_trainee(actor, trainee) is allowed
    # The queryset rule and the predicate agree.
    assert policies.trainees_visible_to(actor).filter(pk=trainee.pk).exists() is allowed
    if allowed:
        assert policies.trainee_get_for(actor, trainee.pk) == trainee
    else:
        with pytest.raises(Http404):
            policies.trainee_get_for(actor, trainee.pk)


@pytest.mark.parametrize("who", ROLE_KEYS)
def test_missing_and_forbidden_answer_the_same(world, who):
    actor = world.actor(who)
    with pytest.raises(Http404) as missing:
        policies.trainee_get_for(actor, 999999)
    with pytest.raises(Http404):
        policies.trainee_get_for(actor, "not-a-number")
    if "trainee_a2" not in TRAINEE_VISIBILITY[who]:
        with pytest.raises(Http404) as forbidden:
            policies.trainee_get_for(actor, world.trainee_a2.pk)
        assert str(forbidden.value) == str(missing.value)


EDIT = {
    "office": {"trainee_a1", "trainee_a2", "trainee_b1"},
    "staff_a": {"trainee_a1", "trainee_a2"},
    "staff_b": {"trainee_b1"},
    "trainee_a1": {"trainee_a1"},
    "trainee_b1": {"trainee_b1"},
}
STATUS = {
    "office": {"trainee_a1", "trainee_a2", "trainee_b1"},
    "staff_a": {"trainee_a1", "trainee_a2"},
    "staff_b": {"trainee_b1"},
}
CONTACT = {
    "office": {"trainee_a1", "trainee_a2", "trainee_b1"},
    "staff_a": {"trainee_a1", "trainee_a2"},
    "staff_b": {"trainee_b1"},
    "consultant_a": {"trainee_a1"},
    "trainee_a1": {"trainee_a1"},
    "trainee_b1": {"trainee_b1"},
}


@pytest.mark.parametrize("who", ROLE_KEYS)
@pytest.mark.parametrize("which", ["trainee_a1", "trainee_a2", "trainee_b1"])
def test_trainee_edit_status_contact_matrix(world, who, which):
    actor = world.actor(who)
    trainee = getattr(world, which)
    assert policies.can_edit_trainee_profile(actor, trainee) is (which in EDIT.get(who, set()))
    assert policies.can_change_trainee_status(actor, trainee) is (which in STATUS.get(who, set()))
    assert policies.can_view_trainee_contact(actor, trainee) is (which in CONTACT.get(who, set()))


def test_withdrawn_consent_hides_trainee_from_recruiters(world):
    consent = world.trainee_b1.consents.get()
    from django.utils import timezone

    consent.withdrawn_at = timezone.now()
    consent.save()
    actor = world.actor("recruiter_x")
    world.trainee_b1.refresh_from_db()
    assert not policies.can_view_trainee(actor, world.trainee_b1)
    assert not policies.trainees_visible_to(actor).exists()


def test_inactive_membership_grants_nothing(world):
    world.users["staff_a"].memberships.update(is_active=False)
    actor = world.actor("staff_a")
    assert not policies.trainees_visible_to(actor).exists()
    assert not policies.can_view_trainee(actor, world.trainee_a1)


COURSE_VISIBILITY = every_role(
    {
        "anonymous": set(),
        "office": {"course_a", "course_b"},
        "committee": {"course_a", "course_b"},
        "staff_a": {"course_a"},
        "staff_b": {"course_b"},
        "consultant_a": {"course_a"},
        "trainee_a1": {"course_a"},
        "trainee_b1": {"course_b"},
        "recruiter_x": set(),
        "recruiter_y": set(),
        "nobody": set(),
    }
)


@pytest.mark.parametrize("who", ROLE_KEYS)
@pytest.mark.parametrize("which", ["course_a", "course_b"])
def test_course_matrix(world, who, which):
    actor = world.actor(who)
    course = getattr(world, which)
    allowed = which in COURSE_VISIBILITY[who]
    assert policies.can_view_course(actor, course) is allowed
    assert policies.courses_visible_to(actor).filter(pk=course.pk).exists() is allowed
    if not allowed:
        with pytest.raises(Http404):
            policies.course_get_for(actor, course.pk)
    editable = (
        who == "office"
        or (who == "staff_a" and which == "course_a")
        or (who == "staff_b" and which == "course_b")
    )
    assert policies.can_edit_course(actor, course) is editable
    assert policies.can_view_course_roster(actor, course) is editable
