"""Who sees which applicants: predicates and querysets agree, for every role."""

from __future__ import annotations

import pytest

from careerhub.conftest import ROLE_KEYS, every_role
from careerhub.intake import policies
from careerhub.intake.tests.conftest import apply


@pytest.fixture
def apps(world, cohort):
    """only_a chose A; only_b chose B; both chose B first and A second."""
    return {
        "only_a": apply(cohort, 1, [world.course_a]),
        "only_b": apply(cohort, 2, [world.course_b]),
        "both": apply(cohort, 3, [world.course_b, world.course_a]),
    }


EXPECTED_APPLICATIONS = every_role(
    {
        "anonymous": set(),
        "nobody": set(),
        "office": {"only_a", "only_b", "both"},
        "staff_a": {"only_a", "both"},
        "staff_b": {"only_b", "both"},
        "consultant_a": set(),
        "recruiter_x": set(),
        "recruiter_y": set(),
        "trainee_a1": set(),
        "trainee_b1": set(),
        "committee": set(),
    }
)


@pytest.mark.parametrize("role", ROLE_KEYS)
def test_applications_visible(world, apps, role):
    actor = world.actor(role)
    visible = set(policies.applications_visible_to(actor).values_list("pk", flat=True))
    expected = {apps[k].pk for k in EXPECTED_APPLICATIONS[role]}
    assert visible == expected
    for key, app in apps.items():
        assert policies.can_view_application(actor, app) == (key in EXPECTED_APPLICATIONS[role])


@pytest.mark.parametrize("role", ROLE_KEYS)
def test_choices_visible_only_for_own_courses(world, apps, role):
    """An applicant with choices at two operators is visible to each only through their own
    course's choice: operator A never learns that "both" also chose B's course."""
    actor = world.actor(role)
    visible = set(policies.choices_visible_to(actor).values_list("application_id", "course_id"))
    all_choices = {
        (c.application_id, c.course_id) for app in apps.values() for c in app.choices.all()
    }
    own_course = {
        "office": {world.course_a.pk, world.course_b.pk},
        "staff_a": {world.course_a.pk},
        "staff_b": {world.course_b.pk},
    }.get(role, set())
    assert visible == {pair for pair in all_choices if pair[1] in own_course}
    for app in apps.values():
        for choice in app.choices.all():
            assert policies.can_view_choice(actor, choice) == (choice.course_id in own_course)


# (screen course A, run the selection, publish it, import applications); the rest: none.
ACTIONS = every_role(
    {
        "office": (True, True, True, False),
        "staff_a": (True, True, False, True),
        "staff_b": (False, True, False, True),
    }
    | {
        key: (False, False, False, False)
        for key in ROLE_KEYS
        if key not in ("office", "staff_a", "staff_b")
    }
)


@pytest.mark.parametrize("role", ROLE_KEYS)
def test_action_matrix(world, cohort, role):
    screen_a, run, publish, import_ = ACTIONS[role]
    actor = world.actor(role)
    assert policies.can_screen_course(actor, world.course_a) == screen_a
    assert policies.can_run_selection(actor, cohort) == run
    assert policies.can_publish_selection(actor, cohort) == publish
    assert policies.can_import_applications(actor, cohort) == import_
    assert policies.can_view_intake(actor) == (role in ("office", "staff_a", "staff_b"))
    assert (world.course_a in policies.screenable_courses_for(actor)) == screen_a
