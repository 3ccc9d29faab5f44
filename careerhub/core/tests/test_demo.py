"""The demo program: counts, validity, idempotency, determinism and the demo logins."""

from __future__ import annotations

import datetime as dt
import io
import random
from collections import Counter
from collections.abc import Iterator

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from careerhub.academy.models import (
    Cohort,
    Consent,
    Course,
    OperatorPartnership,
    Trainee,
    TraineeSkill,
    TraineeStatusChange,
    TrainingOperator,
)
from careerhub.accounts.actors import actor_for
from careerhub.accounts.models import Membership, Role, User
from careerhub.companies.models import Company
from careerhub.consulting import policies as consulting_policies
from careerhub.consulting import services as consulting_services
from careerhub.consulting.models import Booking, Slot, booking_cutoff
from careerhub.core import korean
from careerhub.core.choices import Region
from careerhub.core.models import event_record
from careerhub.core.policy import PermissionDenied
from careerhub.demo import names
from careerhub.demo.builder import DEMO_PASSWORD, DemoSummary, catalog_load, demo_build
from careerhub.demo.live import live_demo_ensure, next_cohort_dates
from careerhub.demo.plan import SkillCatalog, program_plan
from careerhub.demo.program import DEMO_TODAY
from careerhub.demo.report import display_width, summary_lines

CATALOG = SkillCatalog(
    role_names={"ai-engineer": "AI 엔지니어", "data-analyst": "데이터 분석가"},
    role_skills={
        "ai-engineer": (("python", 2), ("pytorch", 2), ("docker", 1)),
        "data-analyst": (("python", 2), ("sql", 2), ("tableau", 1)),
    },
    skill_names={"python": "Python", "pytorch": "PyTorch", "sql": "SQL", "git": "Git"},
    skill_pool=("docker", "git", "python", "pytorch", "sql", "tableau"),
)


@pytest.fixture(scope="module")
def demo(django_db_setup: None, django_db_blocker: object) -> Iterator[DemoSummary]:
    """One build shared by the module, rolled back at its end."""
    with django_db_blocker.unblock(), transaction.atomic():  # type: ignore[attr-defined]
        yield demo_build()
        transaction.set_rollback(True)


def model_counts() -> dict[str, int]:
    return {m._meta.label: m._default_manager.count() for m in apps.get_models()}


# --- the plan, without a database ---------------------------------------------------------


def test_same_seed_gives_the_same_plan() -> None:
    assert program_plan(seed=7, catalog=CATALOG) == program_plan(seed=7, catalog=CATALOG)


def test_another_seed_gives_other_people() -> None:
    first = program_plan(seed=7, catalog=CATALOG)
    second = program_plan(seed=8, catalog=CATALOG)
    assert [t.name for t in first.trainees] != [t.name for t in second.trainees]
    assert [c.business_number for c in first.companies] != [
        c.business_number for c in second.companies
    ]


def test_plan_companies_are_unique_and_checksummed() -> None:
    plan = program_plan(seed=7, catalog=CATALOG)
    numbers = [c.business_number for c in plan.companies]
    assert len(plan.companies) == 145
    assert len(set(numbers)) == 145
    assert len({c.name for c in plan.companies}) == 145
    assert all(korean.business_number_is_valid(n) for n in numbers)
    assert sum(c.has_city_office for c in plan.companies) == 97


@pytest.mark.parametrize("seed", range(20))
def test_generated_business_numbers_pass_the_checksum(seed: int) -> None:
    rng = random.Random(seed)
    for _ in range(50):
        assert korean.business_number_is_valid(names.business_number(rng))


def test_status_dates_follow_the_status() -> None:
    for t in program_plan(seed=7, catalog=CATALOG).trainees:
        if t.status == "enrolled":
            assert t.dropped_on is None and t.completed_on is None
        elif t.status == "dropped":
            assert t.dropped_on is not None and t.completed_on is None
            assert t.enrolled_on < t.dropped_on < DEMO_TODAY
        else:
            assert t.completed_on is not None and t.dropped_on is None
            assert t.completed_on <= DEMO_TODAY


def test_display_width_counts_hangul_twice() -> None:
    assert display_width("교육생 a") == 8


# --- the database -------------------------------------------------------------------------


@pytest.mark.django_db
def test_counts_mirror_the_program(demo: DemoSummary) -> None:
    assert TrainingOperator.objects.count() == 3
    assert set(TrainingOperator.objects.values_list("kind", flat=True)) == {
        "institute",
        "association",
        "edu_company",
    }
    institute = TrainingOperator.objects.get(kind="institute")
    assert OperatorPartnership.objects.filter(operator=institute).count() == 31
    assert Company.objects.count() == 145
    assert Company.objects.filter(has_city_office=True).count() == 97
    assert not Company.objects.filter(has_city_office=True, city_office_opened_on=None).exists()
    assert list(Cohort.objects.order_by("number").values_list("number", flat=True)) == [
        1,
        2,
        3,
        4,
    ]
    cohort3 = Trainee.objects.filter(course__cohort__number=3)
    assert 280 <= cohort3.count() <= 300
    assert cohort3.filter(status="enrolled").count() > 0.9 * cohort3.count()
    earlier = Trainee.objects.filter(course__cohort__number__lt=3)
    assert 60 <= earlier.count() <= 120
    assert not earlier.filter(status="enrolled").exists()
    assert earlier.filter(status="completed").count() > 0.8 * earlier.count()
    assert demo.totals["cohort3_trainees"] == cohort3.count()


@pytest.mark.django_db
def test_every_business_number_is_valid(demo: DemoSummary) -> None:
    for number in Company.objects.values_list("business_number", flat=True):
        assert korean.business_number_is_valid(number), number


@pytest.mark.django_db
def test_cohort_3_application_window_is_past_and_capacities_sum_to_300(demo: DemoSummary) -> None:
    cohort = Cohort.objects.get(number=3)
    assert cohort.application_closes_at.date() < DEMO_TODAY < cohort.training_end
    assert sum(Course.objects.filter(cohort=cohort).values_list("capacity", flat=True)) == 300
    for course in Course.objects.filter(cohort=cohort):
        assert course.trainees.count() <= course.capacity


@pytest.mark.django_db
def test_trainees_are_complete_and_valid(demo: DemoSummary) -> None:
    trainees = list(Trainee.objects.prefetch_related("desired_roles", "skills", "consents"))
    for t in trainees:
        t.full_clean(exclude=["course", "user", "consultant"], validate_unique=False)
        assert korean.phone_is_valid(t.phone) and t.phone.isdigit()
        assert set(t.desired_regions) <= set(Region.values)
        assert 1 <= len(t.desired_roles.all()) <= 3
        assert len(t.skills.all()) >= 4
        assert {c.purpose for c in t.consents.all()} >= {"collection", "provision_operator"}
    shared = sum(t.has_consent("provision_companies") for t in trainees)
    assert 0.7 < shared / len(trainees) < 0.9
    gwangju_first = sum(t.desired_regions[0] == "gwangju" for t in trainees)
    assert gwangju_first > 0.75 * len(trainees)
    assert not TraineeSkill.objects.exclude(level__range=(1, 5)).exists()
    assert len({t.email for t in trainees}) == len(trainees)


@pytest.mark.django_db
def test_earlier_cohorts_have_their_status_history(demo: DemoSummary) -> None:
    for t in Trainee.objects.filter(course__cohort__number__lt=3):
        changes = list(TraineeStatusChange.objects.filter(trainee=t).order_by("effective_on"))
        assert [c.to_status for c in changes] == ["enrolled", t.status]
        assert changes[-1].effective_on == (t.completed_on or t.dropped_on)


@pytest.mark.django_db
def test_running_again_creates_nothing(demo: DemoSummary) -> None:
    before = model_counts()
    again = demo_build()
    assert again.created_total == 0
    assert model_counts() == before
    assert again.totals == demo.totals


@pytest.mark.django_db
def test_database_holds_what_the_seed_generates(demo: DemoSummary) -> None:
    plan = program_plan(seed=demo.seed, catalog=catalog_load())
    stored = set(Trainee.objects.values_list("email", "name", "phone"))
    assert stored == {(t.email, t.name, t.phone) for t in plan.trainees}
    assert set(Company.objects.values_list("business_number", "name")) == {
        (c.business_number, c.name) for c in plan.companies
    }


EXPECTED_LOGINS = {
    "office@demo.careerhub.kr": (Role.PROGRAM_STAFF, None),
    "institute@demo.careerhub.kr": (Role.OPERATOR_STAFF, "institute"),
    "association@demo.careerhub.kr": (Role.OPERATOR_STAFF, "association"),
    "coding@demo.careerhub.kr": (Role.OPERATOR_STAFF, "edu_company"),
    "consultant@demo.careerhub.kr": (Role.CONSULTANT, "association"),
    "consultant-institute@demo.careerhub.kr": (Role.CONSULTANT, "institute"),
    "consultant-coding@demo.careerhub.kr": (Role.CONSULTANT, "edu_company"),
    "recruiter@demo.careerhub.kr": (Role.RECRUITER, None),
    "trainee@demo.careerhub.kr": (Role.TRAINEE, None),
    "trainee-association@demo.careerhub.kr": (Role.TRAINEE, None),
    "trainee-coding@demo.careerhub.kr": (Role.TRAINEE, None),
    "committee@demo.careerhub.kr": (Role.COMMITTEE, None),
}


@pytest.mark.django_db
@pytest.mark.parametrize("email", sorted(EXPECTED_LOGINS))
def test_demo_login_has_its_role(demo: DemoSummary, email: str) -> None:
    role, operator_kind = EXPECTED_LOGINS[email]
    user = User.objects.get(email=email)
    assert user.check_password(DEMO_PASSWORD)
    membership = Membership.objects.get(user=user)
    assert membership.role == role
    assert (membership.operator.kind if membership.operator else None) == operator_kind
    assert role in actor_for(user).roles


@pytest.mark.django_db
def test_consultant_has_40_association_trainees(demo: DemoSummary) -> None:
    consultant = User.objects.get(email="consultant@demo.careerhub.kr")
    consultees = Trainee.objects.filter(consultant=consultant)
    assert consultees.count() == 40
    assert set(consultees.values_list("course__operator__kind", "course__cohort__number")) == {
        ("association", 3)
    }


@pytest.mark.django_db
def test_recruiter_and_trainee_logins_are_linked(demo: DemoSummary) -> None:
    recruiter = Membership.objects.get(user__email="recruiter@demo.careerhub.kr")
    assert recruiter.company.has_city_office
    trainee = Trainee.objects.get(user__email="trainee@demo.careerhub.kr")
    assert trainee.course.cohort.number == 3
    assert trainee.has_consent(Consent.Purpose.PROVISION_COMPANIES)
    assert actor_for(trainee.user).trainee_ids == frozenset({trainee.pk})


TRAINEE_LOGINS = {
    "trainee@demo.careerhub.kr": "institute",
    "trainee-association@demo.careerhub.kr": "association",
    "trainee-coding@demo.careerhub.kr": "edu_company",
}


@pytest.mark.django_db
@pytest.mark.parametrize("email", sorted(TRAINEE_LOGINS))
def test_each_trainee_login_books_a_slot_of_its_own_operators_consultant(
    demo: DemoSummary, email: str
) -> None:
    """Issue 14 item 11: every operator has a trainee login and a consultant with open slots
    in the coming days (from the day the demo was built), and the trainee can book one."""
    user = User.objects.get(email=email)
    trainee = Trainee.objects.select_related("course__operator").get(user=user)
    assert trainee.course.operator.kind == TRAINEE_LOGINS[email]
    assert trainee.course.cohort.number == 3 and trainee.status == "enrolled"
    actor = actor_for(user)
    bookable = (
        consulting_policies.slots_visible_to(actor)
        .filter(
            starts_at__gt=timezone.now() + booking_cutoff(),
            starts_at__lt=timezone.now() + dt.timedelta(days=14),
            withdrawn_at__isnull=True,
            operator=trainee.course.operator,
            consultant__memberships__role=Role.CONSULTANT,
            consultant__memberships__operator=trainee.course.operator,
        )
        .exclude(bookings__status="booked")
        .order_by("starts_at")
    )
    assert bookable.count() >= 8
    slot = bookable.first()
    booking = consulting_services.booking_create(
        actor=actor, slot=slot, trainee=trainee, session_type="resume"
    )
    assert Booking.objects.get(pk=booking.pk).slot.consultant.email.startswith("consultant")
    other = Slot.objects.exclude(operator=trainee.course.operator).filter(
        starts_at__gt=timezone.now() + booking_cutoff()
    )
    with pytest.raises(PermissionDenied):
        consulting_services.booking_create(
            actor=actor, slot=other.first(), trainee=trainee, session_type="resume"
        )


@pytest.mark.django_db
def test_every_consultant_login_has_its_operators_trainee_in_its_caseload(
    demo: DemoSummary,
) -> None:
    for consultant, trainee in (
        ("consultant-institute", "trainee"),
        ("consultant-coding", "trainee-coding"),
    ):
        user = User.objects.get(email=f"{consultant}@demo.careerhub.kr")
        consultees = Trainee.objects.filter(consultant=user)
        assert consultees.filter(user__email=f"{trainee}@demo.careerhub.kr").exists()
        assert 5 <= consultees.count() <= 11
        operator = Membership.objects.get(user=user).operator
        assert set(consultees.values_list("course__operator", flat=True)) == {operator.pk}


@pytest.mark.django_db
def test_cohort_4_is_open_for_applications_today(demo: DemoSummary, client) -> None:
    """Issue 14 item 10: the public application page has cohort 4 to apply to."""
    cohort = Cohort.objects.get(number=4)
    now = timezone.now()
    assert cohort.application_window_state(now) == "open"
    assert timezone.localdate(cohort.application_closes_at) < cohort.training_start
    courses = Course.objects.filter(cohort=cohort)
    assert {c.operator.kind for c in courses} == {"institute", "association", "edu_company"}
    assert sum(c.capacity for c in courses) <= cohort.capacity
    for course in courses:
        assert (course.start_date, course.end_date) == (cohort.training_start, cohort.training_end)
        course.full_clean()
    page = client.get(reverse("intake_public:apply", args=[4]))
    assert page.status_code == 200
    assert all(c.name in page.content.decode() for c in courses)


@pytest.mark.django_db
def test_cohort_4_dates_follow_the_day_the_demo_is_built() -> None:
    for today in (dt.date(2026, 12, 4), dt.date(2027, 2, 28), dt.date(2027, 6, 6)):
        dates = next_cohort_dates(today)
        opens, closes = dates["application_opens_at"], dates["application_closes_at"]
        assert opens.date() < today < closes.date() < dates["training_start"]
        assert dates["training_start"].weekday() == 0
        assert dates["training_end"].weekday() == 4


def _live_again(today: dt.date) -> Counter[str]:
    from careerhub.demo.program import OPERATORS
    from careerhub.taxonomy.models import JobRole

    created: Counter[str] = Counter()
    live_demo_ensure(
        operators={o.key: TrainingOperator.objects.get(name=o.name) for o in OPERATORS},
        roles=dict(JobRole.objects.values_list("code", "pk")),
        consultants=[],
        created=created,
        today=today,
    )
    return created


@pytest.mark.django_db
def test_a_later_run_moves_an_untouched_past_cohort_4_to_its_day(demo: DemoSummary) -> None:
    later = timezone.localdate() + dt.timedelta(days=90)
    _live_again(later)
    cohort = Cohort.objects.get(number=4)
    assert timezone.localdate(cohort.application_opens_at) < later
    assert later < timezone.localdate(cohort.application_closes_at) < cohort.training_start
    assert set(Course.objects.filter(cohort=cohort).values_list("start_date", "end_date")) == {
        (cohort.training_start, cohort.training_end)
    }
    assert Course.objects.filter(cohort=cohort).count() == 6
    assert _live_again(later) == Counter()  # the same day again: nothing


@pytest.mark.django_db
def test_a_cohort_4_changed_by_hand_is_left_as_it_is(demo: DemoSummary) -> None:
    cohort = Cohort.objects.get(number=4)
    event_record(actor=None, verb="cohort.updated", target=cohort, capacity=200)
    before = (cohort.application_opens_at, cohort.application_closes_at, cohort.training_start)
    _live_again(timezone.localdate() + dt.timedelta(days=90))
    cohort.refresh_from_db()
    assert (cohort.application_opens_at, cohort.application_closes_at, cohort.training_start) == (
        before
    )


@pytest.mark.django_db
def test_admin_is_a_superuser(demo: DemoSummary) -> None:
    admin = User.objects.get(email="admin@demo.careerhub.kr")
    assert admin.is_superuser and admin.is_staff
    assert admin.check_password(DEMO_PASSWORD)


@pytest.mark.django_db
def test_passwords_are_kept_unless_reset(demo: DemoSummary) -> None:
    user = User.objects.get(email="office@demo.careerhub.kr")
    user.set_password("changed-by-hand")
    user.save()
    demo_build()
    user.refresh_from_db()
    assert user.check_password("changed-by-hand")
    demo_build(reset_passwords=True)
    user.refresh_from_db()
    assert user.check_password(DEMO_PASSWORD)


@pytest.mark.django_db
def test_command_prints_the_logins(demo: DemoSummary) -> None:
    out = io.StringIO()
    call_command("seed_demo", stdout=out)
    text = out.getvalue()
    assert "새로 만든 행: 0" in text
    assert "4기 지원 접수 중: 과정 6개" in text
    assert DEMO_PASSWORD in text
    for email in [*EXPECTED_LOGINS, "admin@demo.careerhub.kr"]:
        assert email in text
    assert summary_lines(demo)[0].startswith("데모 데이터 준비 완료")


def test_a_demo_trainee_has_an_interview_invite_and_its_update(demo: DemoSummary) -> None:
    """Issue 17, "Done when": a trainee receives an interview invite that their calendar accepts
    and updates — in the outbox, for the trainee, a REQUEST and its update (same UID, SEQUENCE
    0 then 1), on a day after the build in Asia/Seoul."""
    import icalendar

    from careerhub.applications.models import Application
    from careerhub.messaging.models import Message

    [application] = Application.objects.filter(interview_round=1, trainee__user__isnull=False)
    address = application.trainee.user.email
    assert address.endswith("@demo.careerhub.kr")
    invites = [
        icalendar.Calendar.from_ical(m.attachment)
        for m in Message.objects.filter(
            to_address=address, attachment_type__startswith="text/calendar"
        ).order_by("pk")
    ]
    assert [c["METHOD"] for c in invites] == ["REQUEST", "REQUEST"]
    first, update = (c.walk("VEVENT")[0] for c in invites)
    assert first["UID"] == update["UID"] and (first["SEQUENCE"], update["SEQUENCE"]) == (0, 1)
    assert update.decoded("DTSTART") == application.interview_at
    assert update["DTSTART"].params["TZID"] == "Asia/Seoul"
    assert application.interview_at.date() > timezone.localdate()
