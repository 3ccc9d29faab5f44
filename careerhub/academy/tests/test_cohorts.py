"""Starting a cohort (issue 14 item 10): services, policies and pages of cohorts and their
courses. Bad input gets its error code and writes nothing; only the office writes;
operator staff read the cohorts of their own courses."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from careerhub.academy import policies
from careerhub.academy.cohort_services import cohort_save, course_save
from careerhub.academy.errors import AcademyErrorCode as Code
from careerhub.academy.models import Cohort, Course
from careerhub.conftest import every_role
from careerhub.core.errors import error_codes
from careerhub.core.models import Event
from careerhub.core.policy import PermissionDenied
from careerhub.core.tests import factories as f

SEOUL = dt.timezone(dt.timedelta(hours=9))


def at(day: dt.date, hour: int) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, hour, tzinfo=SEOUL)


def cohort_data(**changes) -> dict:
    data = {
        "number": 4,
        "training_start": dt.date(2027, 3, 2),
        "training_end": dt.date(2027, 8, 27),
        "application_opens_at": at(dt.date(2027, 1, 4), 9),
        "application_closes_at": at(dt.date(2027, 2, 5), 18),
        "capacity": 100,
        "employment_target": Decimal("0.750"),
    }
    return data | changes


def saved_codes(actor, cohort=None, **changes) -> set[str]:
    before = (Cohort.objects.count(), Event.objects.count())
    with pytest.raises(ValidationError) as caught:
        cohort_save(actor=actor, cohort=cohort, data=cohort_data(**changes))
    assert (Cohort.objects.count(), Event.objects.count()) == before  # nothing written
    return error_codes(caught.value)


# --- cohort_save ------------------------------------------------------------------------------


def test_the_office_creates_a_cohort_with_its_window_and_an_event(world):
    office = world.actor("office")
    cohort = cohort_save(actor=office, cohort=None, data=cohort_data())
    cohort.refresh_from_db()
    assert (cohort.number, cohort.year, cohort.capacity) == (4, 2027, 100)
    assert cohort.application_closes_at == at(dt.date(2027, 2, 5), 18)
    event = Event.objects.get(verb="cohort.created", target_id=str(cohort.pk))
    assert event.actor == world.users["office"]
    assert event.data["number"] == 4


@pytest.mark.parametrize("key", ["staff_a", "consultant_a", "committee", "trainee_a1", "nobody"])
def test_only_the_office_creates_cohorts(world, key):
    with pytest.raises(PermissionDenied):
        cohort_save(actor=world.actor(key), cohort=None, data=cohort_data())
    assert not Cohort.objects.filter(number=4).exists()


@pytest.mark.parametrize(
    ("changes", "code"),
    [
        ({"number": 3}, Code.COHORT_NUMBER_TAKEN),  # the world's cohort 3
        ({"training_end": dt.date(2027, 3, 2)}, Code.DATES_ORDER),
        ({"application_closes_at": None}, Code.WINDOW_INCOMPLETE),
        ({"application_opens_at": None}, Code.WINDOW_INCOMPLETE),
        ({"application_closes_at": at(dt.date(2027, 1, 3), 18)}, Code.DATES_ORDER),
        ({"application_closes_at": at(dt.date(2027, 3, 2), 9)}, Code.WINDOW_AFTER_TRAINING),
    ],
)
def test_bad_cohorts_are_refused_with_their_code(world, changes, code):
    assert code in saved_codes(world.actor("office"), **changes)


def test_a_cohort_without_a_window_is_fine(world):
    cohort = cohort_save(
        actor=world.actor("office"),
        cohort=None,
        data=cohort_data(application_opens_at=None, application_closes_at=None, capacity=None),
    )
    assert cohort.application_window_state(timezone.now()) == "none"


def test_the_error_is_on_its_field(world):
    with pytest.raises(ValidationError) as caught:
        cohort_save(actor=world.actor("office"), cohort=None, data=cohort_data(number=3))
    assert list(caught.value.error_dict) == ["number"]


def test_editing_keeps_the_courses_inside_the_period_and_the_seats(world):
    office = world.actor("office")
    cohort = world.course_a.cohort  # 2026-03-02 – 2026-11-30, courses A and B (30 each)
    codes = saved_codes(
        office,
        cohort,
        number=3,
        training_start=dt.date(2026, 4, 1),
        training_end=dt.date(2026, 11, 30),
        application_opens_at=None,
        application_closes_at=None,
    )
    assert codes == {Code.COURSE_OUTSIDE_COHORT}
    codes = saved_codes(
        office,
        cohort,
        number=3,
        training_start=dt.date(2026, 3, 2),
        training_end=dt.date(2026, 11, 30),
        application_opens_at=None,
        application_closes_at=None,
        capacity=59,
    )
    assert codes == {Code.OVER_COHORT_CAPACITY}


def test_the_number_is_locked_once_trainees_are_enrolled(world):
    cohort = world.course_a.cohort
    codes = saved_codes(
        world.actor("office"),
        cohort,
        number=7,
        training_start=cohort.training_start,
        training_end=cohort.training_end,
        application_opens_at=None,
        application_closes_at=None,
        capacity=None,
    )
    assert codes == {Code.COHORT_NUMBER_LOCKED}


def test_the_number_of_a_cohort_not_yet_recruiting_can_change(world):
    office = world.actor("office")
    cohort = cohort_save(actor=office, cohort=None, data=cohort_data())
    cohort_save(actor=office, cohort=cohort, data=cohort_data(number=5))
    cohort.refresh_from_db()
    assert cohort.number == 5
    event = Event.objects.get(verb="cohort.updated", target_id=str(cohort.pk))
    assert event.data == {"number": 5}  # only what changed


# --- course_save -----------------------------------------------------------------------------


@pytest.fixture
def cohort4(world):
    return cohort_save(actor=world.actor("office"), cohort=None, data=cohort_data())


def course_data(world, **changes) -> dict:
    return {
        "operator": world.op_a,
        "name": "AI 서비스 개발",
        "track_role": world.course_a.track_role,
        "capacity": 40,
        "start_date": dt.date(2027, 3, 2),
        "end_date": dt.date(2027, 8, 27),
    } | changes


def test_the_office_adds_a_course_with_an_event(world, cohort4):
    course = course_save(
        actor=world.actor("office"), cohort=cohort4, course=None, data=course_data(world)
    )
    assert (course.cohort, course.operator, course.capacity) == (cohort4, world.op_a, 40)
    event = Event.objects.get(verb="course.created", target_id=str(course.pk))
    assert event.data["cohort"] == 4 and event.data["operator"] == str(world.op_a)


@pytest.mark.parametrize(
    ("changes", "code"),
    [
        ({"end_date": dt.date(2027, 3, 1)}, Code.DATES_ORDER),
        ({"start_date": dt.date(2027, 2, 1)}, Code.COURSE_OUTSIDE_COHORT),
        ({"end_date": dt.date(2027, 9, 1)}, Code.COURSE_OUTSIDE_COHORT),
        ({"capacity": 101}, Code.OVER_COHORT_CAPACITY),
    ],
)
def test_bad_courses_are_refused_with_their_code(world, cohort4, changes, code):
    before = (Course.objects.count(), Event.objects.count())
    with pytest.raises(ValidationError) as caught:
        course_save(
            actor=world.actor("office"),
            cohort=cohort4,
            course=None,
            data=course_data(world, **changes),
        )
    assert code in error_codes(caught.value)
    assert (Course.objects.count(), Event.objects.count()) == before


def test_a_second_course_of_the_same_name_and_the_seats_left(world, cohort4):
    office = world.actor("office")
    course_save(actor=office, cohort=cohort4, course=None, data=course_data(world, capacity=70))
    with pytest.raises(ValidationError) as caught:
        course_save(actor=office, cohort=cohort4, course=None, data=course_data(world))
    assert error_codes(caught.value) == {Code.COURSE_NAME_TAKEN, Code.OVER_COHORT_CAPACITY}
    other = course_save(
        actor=office,
        cohort=cohort4,
        course=None,
        data=course_data(world, operator=world.op_b, capacity=30),
    )
    assert other.capacity == 30  # 70 + 30 = the cohort's 100 seats


def test_editing_a_course_with_trainees(world):
    office = world.actor("office")
    course = world.course_a  # trainees A1 and A2
    cohort = course.cohort
    with pytest.raises(ValidationError) as caught:
        course_save(
            actor=office,
            cohort=cohort,
            course=course,
            data={"capacity": 1, "operator": world.op_b},
        )
    assert error_codes(caught.value) == {
        Code.CAPACITY_BELOW_ENROLLED,
        Code.COURSE_OPERATOR_LOCKED,
    }
    course_save(actor=office, cohort=cohort, course=course, data={"capacity": 2})
    course.refresh_from_db()
    assert course.capacity == 2
    assert Event.objects.get(verb="course.updated").data == {"cohort": 3, "capacity": 2}


def test_operator_staff_cannot_add_courses(world, cohort4):
    with pytest.raises(PermissionDenied):
        course_save(
            actor=world.actor("staff_a"), cohort=cohort4, course=None, data=course_data(world)
        )
    assert not cohort4.courses.exists()


# --- policies -------------------------------------------------------------------------------


def test_operator_staff_see_only_cohorts_and_courses_of_their_operator(world, cohort4):
    other = f.CohortFactory(number=9)
    f.CourseFactory(cohort=other)  # another operator's course only
    staff_a = world.actor("staff_a")
    assert set(policies.cohorts_visible_to(staff_a)) == {world.course_a.cohort}
    assert list(policies.cohort_courses_for(staff_a, world.course_a.cohort)) == [world.course_a]
    office = world.actor("office")
    assert set(policies.cohorts_visible_to(office)) == {world.course_a.cohort, cohort4, other}
    for cohort in Cohort.objects.all():
        for key in ("office", "staff_a", "staff_b", "consultant_a", "trainee_a1", "nobody"):
            actor = world.actor(key)
            visible = policies.cohorts_visible_to(actor).filter(pk=cohort.pk).exists()
            assert visible == (
                policies.can_view_cohort_list(actor) and policies.can_view_cohort(actor, cohort)
            )


# --- pages ----------------------------------------------------------------------------------

LIST_ACCESS = every_role(
    {
        "anonymous": 302,
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
    }
)


@pytest.mark.parametrize("key", sorted(LIST_ACCESS))
def test_who_opens_the_cohort_list(as_role, world, key):
    response = as_role(key).get(reverse("academy:cohort_list"))
    assert response.status_code == LIST_ACCESS[key]


def test_the_menu_shows_cohorts_to_the_office_and_staff_only(as_role, world):
    for key, shown in (("office", True), ("staff_a", True), ("consultant_a", False)):
        response = as_role(key).get(reverse("home:index"))
        assert (reverse("academy:cohort_list") in response.content.decode()) is shown, key


def post_cohort(client, **changes):
    data = {
        "number": "4",
        "training_start": "2027-03-02",
        "training_end": "2027-08-27",
        "application_opens_at": "2027-01-04T09:00",
        "application_closes_at": "2027-02-05T18:00",
        "capacity": "100",
        "employment_target": "75",
    } | changes
    return client.post(reverse("academy:cohort_create"), data)


def test_the_office_creates_a_cohort_on_the_page(as_role, world):
    response = post_cohort(as_role("office"))
    cohort = Cohort.objects.get(number=4)
    assert response.status_code == 302
    assert response["Location"] == reverse("academy:cohort_detail", args=[cohort.pk])
    assert cohort.employment_target == Decimal("0.750")
    assert timezone.localtime(cohort.application_opens_at).hour == 9


def test_a_refused_cohort_keeps_what_was_typed_and_names_the_field(as_role, world):
    response = post_cohort(as_role("office"), application_closes_at="2027-03-05T18:00")
    assert response.status_code == 200
    assert not Cohort.objects.filter(number=4).exists()
    form = response.context["form"]
    assert list(form.errors) == ["application_closes_at"]
    assert form["training_start"].value() == "2027-03-02"


def test_staff_read_their_cohort_but_cannot_change_it(as_role, world):
    cohort = world.course_a.cohort
    client = as_role("staff_a")
    page = client.get(reverse("academy:cohort_detail", args=[cohort.pk]))
    assert page.status_code == 200
    assert list(page.context["courses"]) == [world.course_a]
    assert "과정B" not in page.content.decode()
    assert reverse("academy:cohort_edit", args=[cohort.pk]) not in page.content.decode()
    assert client.get(reverse("academy:cohort_edit", args=[cohort.pk])).status_code == 404
    assert post_cohort(client).status_code == 404
    assert not Cohort.objects.filter(number=4).exists()
    edit = reverse("academy:cohort_course_edit", args=[cohort.pk, world.course_a.pk])
    assert client.post(edit, {"capacity": "5"}).status_code == 404
    world.course_a.refresh_from_db()
    assert world.course_a.capacity == 30


def test_the_office_adds_and_edits_a_course_on_the_page(as_role, world, cohort4):
    client = as_role("office")
    data = {
        "operator": world.op_a.pk,
        "name": "컴퓨터 비전",
        "track_role": world.course_a.track_role.pk,
        "capacity": "30",
        "start_date": "2027-03-02",
        "end_date": "2027-08-27",
    }
    url = reverse("academy:cohort_course_create", args=[cohort4.pk])
    assert client.post(url, data).status_code == 302
    course = cohort4.courses.get()
    edit = reverse("academy:cohort_course_edit", args=[cohort4.pk, course.pk])
    refused = client.post(edit, data | {"capacity": "500"})
    assert refused.status_code == 200 and list(refused.context["form"].errors) == ["capacity"]
    assert client.post(edit, data | {"capacity": "25"}).status_code == 302
    course.refresh_from_db()
    assert course.capacity == 25
    # a course of another cohort is not reached through this cohort
    other = reverse("academy:cohort_course_edit", args=[cohort4.pk, world.course_a.pk])
    assert client.get(other).status_code == 404
