"""The demo's cohort-3 recruitment is what the real selection would produce."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.db import transaction

from careerhub.academy.models import Course, Trainee
from careerhub.intake import services
from careerhub.intake.models import Application, ApplicationChoice
from careerhub.intake.selection import place


@pytest.fixture(scope="module")
def demo(django_db_setup: None, django_db_blocker: object) -> Iterator[None]:
    from careerhub.demo.builder import demo_build

    with django_db_blocker.unblock(), transaction.atomic():  # type: ignore[attr-defined]
        yield demo_build()
        transaction.set_rollback(True)


@pytest.mark.django_db
def test_565_applications_flow_into_the_existing_trainees(demo):
    apps = Application.objects.filter(cohort__number=3)
    assert apps.count() == 565
    trainees = Trainee.objects.filter(course__cohort__number=3)
    linked = apps.filter(trainee__isnull=False)
    assert linked.count() == trainees.count()
    assert set(linked.values_list("trainee__course_id", "trainee__email")) == set(
        trainees.values_list("course_id", "email")
    )
    for course in Course.objects.filter(cohort__number=3):
        held = ApplicationChoice.objects.filter(course=course, outcome="enrolled").count()
        assert held == course.trainees.count() <= course.capacity
    assert demo.totals["cohort3_applications"] == 565


@pytest.mark.django_db
def test_stored_outcomes_match_the_selection_service(demo):
    cohort = Application.objects.filter(cohort__number=3).first().cohort
    inputs = services.selection_inputs(cohort=cohort)
    capacities = dict(Course.objects.filter(cohort=cohort).values_list("pk", "capacity"))
    result = place(candidates=inputs.candidates, capacities=capacities, ranking=inputs.ranking)
    stored = dict(
        ApplicationChoice.objects.filter(
            application__cohort=cohort, outcome="enrolled"
        ).values_list("application_id", "course_id")
    )
    assert {a: c for a, c in result.assigned.items() if c is not None} == stored
    waitlisted = {
        (c.course_id, c.application_id): c.waitlist_position
        for c in ApplicationChoice.objects.filter(application__cohort=cohort, outcome="waitlisted")
    }
    assert waitlisted == {
        (course, app): i
        for course, people in result.waitlist.items()
        for i, app in enumerate(people, start=1)
    }
