"""The program office opens and closes recruitment by hand (issue 14 item 10): the same two
moments of the window decide, for the public form as for everything else."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from careerhub.core.errors import error_codes
from careerhub.core.models import Event
from careerhub.core.policy import PermissionDenied
from careerhub.core.tests import factories as f
from careerhub.intake import services
from careerhub.intake.errors import IntakeErrorCode as Code
from careerhub.intake.models import Application, SelectionRun
from careerhub.intake.tests.conftest import CLOSES, DURING, OPENS, SEOUL, apply, at

BEFORE = dt.datetime(2026, 3, 1, 10, 0, tzinfo=SEOUL)
AFTER = dt.datetime(2026, 4, 20, 10, 0, tzinfo=SEOUL)
LATER = dt.datetime(2026, 5, 8, 18, 0, tzinfo=SEOUL)


@pytest.fixture
def recruiting(cohort):
    """The intake ``cohort`` (window 2026-03-16 09:00 – 04-17 18:00), training from June."""
    cohort.training_start, cohort.training_end = dt.date(2026, 6, 1), dt.date(2026, 12, 18)
    cohort.save()
    return cohort


def window_moments(cohort):
    cohort.refresh_from_db()
    return cohort.application_opens_at, cohort.application_closes_at


def test_opening_an_upcoming_window_opens_it_now(world, recruiting):
    with at(BEFORE):
        services.recruitment_open(actor=world.actor("office"), cohort=recruiting, closes_at=LATER)
        assert services.window_for(recruiting).is_open is False  # the caller's stale copy
        recruiting.refresh_from_db()
        assert services.window_for(recruiting).is_open
    assert window_moments(recruiting) == (BEFORE, LATER)
    event = Event.objects.get(verb="cohort.recruitment_opened")
    assert event.actor == world.users["office"]
    assert dt.datetime.fromisoformat(event.data["previous_closes_at"]) == CLOSES


def test_reopening_a_closed_window_keeps_its_opening(world, recruiting):
    with at(AFTER):
        services.recruitment_open(actor=world.actor("office"), cohort=recruiting, closes_at=LATER)
    assert window_moments(recruiting) == (OPENS, LATER)


def test_closing_moves_the_close_to_now_and_the_form_refuses(world, recruiting):
    with at(DURING):
        services.recruitment_close(actor=world.actor("office"), cohort=recruiting)
    assert window_moments(recruiting) == (OPENS, DURING)
    assert Event.objects.filter(verb="cohort.recruitment_closed").count() == 1
    later = DURING + dt.timedelta(minutes=1)
    with pytest.raises(ValidationError) as caught:
        apply(recruiting, 1, [recruiting.courses.first()], when=later)
    assert error_codes(caught.value) == {Code.DEADLINE_PASSED}
    assert not Application.objects.exists()


@pytest.mark.parametrize(
    ("when", "closes_at", "code"),
    [
        (DURING, LATER, Code.RECRUITMENT_OPEN),  # already open
        (AFTER, AFTER - dt.timedelta(hours=1), Code.CLOSES_IN_PAST),
        (AFTER, dt.datetime(2026, 6, 1, 9, 0, tzinfo=SEOUL), Code.CLOSES_AFTER_TRAINING),
    ],
)
def test_refused_openings_say_why_and_change_nothing(world, recruiting, when, closes_at, code):
    with at(when), pytest.raises(ValidationError) as caught:
        services.recruitment_open(
            actor=world.actor("office"), cohort=recruiting, closes_at=closes_at
        )
    assert error_codes(caught.value) == {code}
    assert window_moments(recruiting) == (OPENS, CLOSES)
    assert not Event.objects.filter(verb__startswith="cohort.recruitment").exists()


def test_published_results_cannot_be_reopened(world, recruiting):
    SelectionRun.objects.create(
        cohort=recruiting, run_at=timezone.now(), published_at=timezone.now()
    )
    with at(AFTER), pytest.raises(ValidationError) as caught:
        services.recruitment_open(actor=world.actor("office"), cohort=recruiting, closes_at=LATER)
    assert error_codes(caught.value) == {Code.PUBLISHED}
    assert window_moments(recruiting) == (OPENS, CLOSES)


def test_closing_what_is_not_open_is_refused(world, recruiting):
    with at(AFTER), pytest.raises(ValidationError) as caught:
        services.recruitment_close(actor=world.actor("office"), cohort=recruiting)
    assert error_codes(caught.value) == {Code.NOT_OPEN}
    assert window_moments(recruiting) == (OPENS, CLOSES)


@pytest.mark.parametrize("key", ["staff_a", "consultant_a", "trainee_a1", "committee", "nobody"])
def test_only_the_office_opens_and_closes(world, recruiting, key):
    with at(DURING), pytest.raises(PermissionDenied):
        services.recruitment_close(actor=world.actor(key), cohort=recruiting)
    with at(AFTER), pytest.raises(PermissionDenied):
        services.recruitment_open(actor=world.actor(key), cohort=recruiting, closes_at=LATER)
    assert window_moments(recruiting) == (OPENS, CLOSES)


# --- the buttons on the cohort page --------------------------------------------------------


def test_the_office_closes_and_reopens_on_the_cohort_page(as_role, world, recruiting):
    client = as_role("office")
    back = reverse("academy:cohort_detail", args=[recruiting.pk])
    with at(DURING):
        response = client.post(reverse("intake:recruitment_close", args=[recruiting.pk]))
    assert response.status_code == 302 and response["Location"] == back
    assert window_moments(recruiting) == (OPENS, DURING)
    with at(AFTER):
        response = client.post(
            reverse("intake:recruitment_open", args=[recruiting.pk]),
            {"closes_at": "2026-05-08T18:00"},
        )
    assert response["Location"] == back
    assert window_moments(recruiting) == (OPENS, LATER)


def test_a_refused_opening_is_shown_and_changes_nothing(as_role, world, recruiting):
    client = as_role("office")
    with at(AFTER):
        response = client.post(
            reverse("intake:recruitment_open", args=[recruiting.pk]),
            {"closes_at": "2026-06-05T18:00"},
            follow=True,
        )
    shown = list(response.context["messages"])
    assert len(shown) == 1 and shown[0].level_tag == "error"
    assert "2026. 6. 1." in shown[0].message
    assert window_moments(recruiting) == (OPENS, CLOSES)


def test_operator_staff_get_404_and_nothing_changes(as_role, world, recruiting):
    client = as_role("staff_a")
    with at(DURING):
        response = client.post(reverse("intake:recruitment_close", args=[recruiting.pk]))
    assert response.status_code == 404
    assert window_moments(recruiting) == (OPENS, CLOSES)


def test_a_cohort_without_courses_cannot_open(world):
    empty = f.CohortFactory(
        number=8, training_start=dt.date(2026, 6, 1), training_end=dt.date(2026, 12, 18)
    )
    with at(BEFORE), pytest.raises(ValidationError) as caught:
        services.recruitment_open(actor=world.actor("office"), cohort=empty, closes_at=LATER)
    assert error_codes(caught.value) == {Code.NO_COURSES}
    assert window_moments(empty) == (None, None)


def test_the_funnel_counts_each_applicant_once_and_leaves_out_withdrawals(world, cohort):
    """Applicants (not choices) in the cohort's totals, choices per course; a withdrawn
    application counts nowhere."""
    from django.utils import timezone

    from careerhub.accounts.actors import actor_for
    from careerhub.intake.models import ApplicationChoice
    from careerhub.intake.selectors import funnel_for

    both = apply(cohort, 1, [world.course_a, world.course_b])
    apply(cohort, 2, [world.course_a])
    gone = apply(cohort, 3, [world.course_b])
    gone.withdrawn_at = timezone.now()
    gone.save(update_fields=["withdrawn_at"])
    choices = ApplicationChoice.objects.filter(application=both)
    choices.update(total_score=80)  # screened for both courses: one applicant
    choices.filter(course=world.course_a).update(outcome=ApplicationChoice.Outcome.SELECTED)

    totals, rows = funnel_for(actor=actor_for(world.users["office"]), cohort=cohort)
    assert (totals.applications, totals.screened, totals.selected) == (2, 1, 1)
    by_course = {r.course_id: (r.applications, r.screened, r.selected) for r in rows}
    assert by_course[world.course_a.pk] == (2, 1, 1)
    assert by_course[world.course_b.pk] == (1, 1, 0)
