"""Applying, duplicates, screening, selection, overrides, publication, enrolment, moving up."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from careerhub.academy import hooks
from careerhub.academy import services as academy_services
from careerhub.academy.models import Consent, Trainee, TraineeStatusChange
from careerhub.core.models import Event
from careerhub.core.policy import PermissionDenied
from careerhub.core.tests import factories as f
from careerhub.intake import services
from careerhub.intake.models import Application, ApplicationChoice, SelectionOverride
from careerhub.intake.tests.conftest import (
    AFTER,
    BASE_URL,
    CLOSES,
    CONSENTS,
    DURING,
    OPENS,
    apply,
    at,
    one_stage,
    person,
)

Outcome = ApplicationChoice.Outcome
pytestmark = pytest.mark.django_db(transaction=False)


def submit(cohort, courses, n=1, **overrides):
    return services.application_submit(
        cohort=cohort,
        data=person(n, **overrides),
        course_ids=[c.pk for c in courses],
        consents=CONSENTS,
        base_url=BASE_URL,
    )


# --- the deadline ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("moment", "accepted"),
    [
        (OPENS - dt.timedelta(seconds=1), False),
        (OPENS, True),
        (CLOSES - dt.timedelta(seconds=1), True),
        (CLOSES, True),
        (CLOSES + dt.timedelta(seconds=1), False),
        # The same instants written in UTC: Seoul is UTC+9, so 18:00 KST is 09:00 UTC.
        (dt.datetime(2026, 4, 17, 8, 59, 59, tzinfo=dt.UTC), True),
        (dt.datetime(2026, 4, 17, 9, 0, 1, tzinfo=dt.UTC), False),
        # 18:00:01 in Los Angeles is long after the Seoul deadline.
        (dt.datetime(2026, 4, 17, 1, 59, 59, tzinfo=ZoneInfo("America/Los_Angeles")), True),
        (dt.datetime(2026, 4, 17, 2, 0, 1, tzinfo=ZoneInfo("America/Los_Angeles")), False),
    ],
)
def test_deadline_edges(world, cohort, moment, accepted):
    with at(moment):
        if accepted:
            application = submit(cohort, [world.course_a])
            assert application.submitted_at == moment
        else:
            with pytest.raises(ValidationError) as exc:
                submit(cohort, [world.course_a])
            assert exc.value.code in ("deadline_passed", "not_open")
    assert Application.objects.count() == (1 if accepted else 0)


def test_refusal_after_deadline_states_the_deadline_in_seoul_time(world, cohort):
    with at(CLOSES + dt.timedelta(seconds=1)), pytest.raises(ValidationError) as exc:
        submit(cohort, [world.course_a])
    assert "2026. 4. 17. 18:00" in exc.value.messages[0]
    assert not mail.outbox


def test_changes_after_the_deadline_are_refused(world, cohort):
    application = apply(cohort, 1, [world.course_a])
    with at(CLOSES + dt.timedelta(seconds=1)), pytest.raises(ValidationError) as exc:
        services.application_update(
            application=application,
            data=person(1, motivation="바꿉니다"),
            course_ids=[world.course_b.pk],
            base_url=BASE_URL,
        )
    assert exc.value.code == "deadline_passed"
    application.refresh_from_db()
    assert application.motivation == "AI 개발자가 되고 싶습니다."
    assert list(application.choices.values_list("course_id", flat=True)) == [world.course_a.pk]


# --- applying --------------------------------------------------------------------------


def test_submit_gives_receipt_sends_confirmation_and_records_event(world, cohort):
    with at(DURING):
        application = submit(cohort, [world.course_b, world.course_a], phone="010-5555-0001")
    assert application.receipt_number == "2026-03-00001"
    assert application.phone == "01055550001"
    assert application.email_confirmed_at is None
    assert [(c.rank, c.course_id) for c in application.choices.order_by("rank")] == [
        (1, world.course_b.pk),
        (2, world.course_a.pk),
    ]
    assert len(mail.outbox) == 1
    assert "2026-03-00001" in mail.outbox[0].subject
    assert "/apply/confirm/" in mail.outbox[0].body and "/apply/a/" in mail.outbox[0].body
    assert Event.objects.filter(verb="application.submitted").count() == 1
    with at(DURING):
        second = submit(cohort, [world.course_a], n=2)
    assert second.receipt_number == "2026-03-00002"


@pytest.mark.parametrize("missing", ["collection", "provision_operator"])
def test_both_consents_are_required(world, cohort, missing):
    with at(DURING), pytest.raises(ValidationError) as exc:
        services.application_submit(
            cohort=cohort,
            data=person(1),
            course_ids=[world.course_a.pk],
            consents=[c for c in CONSENTS if c != missing],
            base_url=BASE_URL,
        )
    assert exc.value.code == "consent_required"
    assert not Application.objects.exists()


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("motivation", "제 주민번호는 980105-1234567 입니다"),
        ("experience", "9801051234567"),
        ("skills_text", "파이썬, 980105 2234567"),
        ("major", "030105-3234567"),
    ],
)
def test_resident_registration_numbers_are_refused_in_free_text(world, cohort, field, value):
    with at(DURING), pytest.raises(ValidationError) as exc:
        submit(cohort, [world.course_a], **{field: value})
    assert field in exc.value.message_dict
    assert not Application.objects.exists()


def test_numbers_that_are_not_resident_numbers_pass(world, cohort):
    with at(DURING):
        application = submit(
            cohort, [world.course_a], experience="2019-2023 근무, 사번 9913451234567"
        )
    assert application.pk


@pytest.mark.parametrize(
    ("course_ids", "code"),
    [([], "no_choice"), ("same", "repeated_choice"), ("other_cohort", "unknown_course")],
)
def test_bad_choices_are_refused(world, cohort, course_ids, code):
    if course_ids == "same":
        course_ids = [world.course_a, world.course_a]
    elif course_ids == "other_cohort":
        course_ids = [f.CourseFactory(cohort=f.CohortFactory(number=9))]
    with at(DURING), pytest.raises(ValidationError) as exc:
        submit(cohort, course_ids)
    assert exc.value.error_dict["choices"][0].code == code
    assert not Application.objects.exists()


# --- duplicates --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "changes",
    [
        {"email": "APPLICANT1@example.kr", "name": "다른사람", "phone": "010-9999-0000"},
        {"email": "other@example.kr", "name": "지원자 1", "phone": "01055550001"},
    ],
    ids=["same-email-any-case", "same-name-birth-phone"],
)
def test_duplicate_is_refused_and_owner_gets_their_link(world, cohort, changes):
    first = apply(cohort, 1, [world.course_a])
    mail.outbox.clear()
    with at(DURING), pytest.raises(services.DuplicateApplication) as exc:
        submit(cohort, [world.course_b], n=1, **changes)
    assert exc.value.code == "duplicate"
    assert exc.value.existing == first
    assert Application.objects.count() == 1
    assert list(first.choices.values_list("course_id", flat=True)) == [world.course_a.pk]
    assert [m.to for m in mail.outbox] == [["applicant1@example.kr"]]  # the owner, not the caller
    assert Event.objects.filter(verb="application.duplicate_refused").count() == 1


def test_same_person_may_apply_to_another_cohort(world, cohort):
    apply(cohort, 1, [world.course_a])
    other = f.CohortFactory(
        number=4,
        application_opens_at=OPENS,
        application_closes_at=CLOSES,
    )
    course = f.CourseFactory(cohort=other)
    with at(DURING):
        assert submit(other, [course]).receipt_number.endswith("00001")


def test_database_refuses_a_duplicate_even_when_the_check_is_raced(world, cohort):
    """Two requests both pass the duplicate check; the unique constraints catch the second."""
    from django.db import IntegrityError, transaction

    apply(cohort, 1, [world.course_a])
    clone = Application.objects.get()
    clone.pk = None
    clone.receipt_seq, clone.receipt_number = 99, "X-99"
    with pytest.raises(IntegrityError), transaction.atomic():
        clone.save()
    clone.pk = None
    clone.email = "different@example.kr"
    with pytest.raises(IntegrityError), transaction.atomic():
        clone.save()  # same name + birth date + phone
    assert Application.objects.count() == 1


def test_race_lost_in_the_database_answers_as_a_duplicate(world, cohort, monkeypatch):
    apply(cohort, 1, [world.course_a])
    monkeypatch.setattr(
        "careerhub.intake.services.applying.duplicate_of",
        _first_call_none(services.duplicate_of),
    )
    with at(DURING), pytest.raises(services.DuplicateApplication):
        submit(cohort, [world.course_a], n=1)
    assert Application.objects.count() == 1


def _first_call_none(real):
    calls = {"n": 0}

    def fake(**kwargs):
        calls["n"] += 1
        return None if calls["n"] == 1 else real(**kwargs)

    return fake


def test_update_changes_fields_and_choices_and_reconfirms_a_new_email(world, cohort):
    application = apply(cohort, 1, [world.course_a])
    old_version = application.access_version
    mail.outbox.clear()
    with at(DURING):
        services.application_update(
            application=application,
            data=person(1, email="new@example.kr", motivation="새 동기"),
            course_ids=[world.course_b.pk, world.course_a.pk],
            base_url=BASE_URL,
        )
    application.refresh_from_db()
    assert application.email == "new@example.kr" and application.motivation == "새 동기"
    assert application.email_confirmed_at is None
    assert application.access_version == old_version + 1
    assert list(application.choices.order_by("rank").values_list("course_id", flat=True)) == [
        world.course_b.pk,
        world.course_a.pk,
    ]
    assert sorted(m.to[0] for m in mail.outbox) == ["applicant1@example.kr", "new@example.kr"]


def test_update_cannot_take_another_applicants_details(world, cohort):
    apply(cohort, 1, [world.course_a])
    second = apply(cohort, 2, [world.course_a])
    with at(DURING), pytest.raises(ValidationError) as exc:
        services.application_update(
            application=second,
            data=person(2, email="applicant1@example.kr"),
            course_ids=[world.course_a.pk],
            base_url=BASE_URL,
        )
    assert exc.value.code == "duplicate"
    second.refresh_from_db()
    assert second.email == "applicant2@example.kr"


# --- screening, selection, overrides ------------------------------------------------------


@pytest.fixture
def screened(world, cohort):
    """Course A (2 places: capacity 4, 2 trainees already in) and B (1 place: capacity 2, one
    trainee in). Five applicants with scores:
    p1: A>B, A 90 · p2: A, A 80 · p3: B>A, B 95 A 85 · p4: A>B, A 70 B 60 · p5: B, B 50."""
    world.course_a.capacity, world.course_b.capacity = 4, 2
    world.course_a.save()
    world.course_b.save()
    stage_a, stage_b = one_stage(world.course_a, min_score="40"), one_stage(world.course_b)
    a, b = world.course_a, world.course_b
    plan = {
        1: [(a, 90), (b, None)],
        2: [(a, 80)],
        3: [(b, 95), (a, 85)],
        4: [(a, 70), (b, 60)],
        5: [(b, 50)],
    }
    apps = {}
    for n, picks in plan.items():
        apps[n] = apply(cohort, n, [course for course, _ in picks])
    staff = world.actor("office")
    with at(AFTER):
        for n, picks in plan.items():
            for course, score in picks:
                if score is None:
                    continue
                choice = apps[n].choices.get(course=course)
                stage = stage_a if course == a else stage_b
                services.scores_record(
                    actor=staff, choice=choice, scores={stage.pk: Decimal(score)}
                )
    return apps


def outcomes(apps):
    return {
        n: [(c.course.name, c.outcome, c.waitlist_position) for c in app.choices.order_by("rank")]
        for n, app in apps.items()
    }


def test_selection_respects_preferences_and_capacities(world, screened, cohort):
    with at(AFTER):
        run = services.selection_run(actor=world.actor("staff_a"), cohort=cohort)
    assert outcomes(screened) == {
        1: [("과정A", "selected", None), ("과정B", "closed", None)],  # B never scored p1: moot
        2: [("과정A", "selected", None)],
        3: [("과정B", "selected", None), ("과정A", "closed", None)],  # not held by choice 2
        4: [("과정A", "waitlisted", 1), ("과정B", "waitlisted", 1)],
        5: [("과정B", "waitlisted", 2)],
    }
    assert run.summary[str(world.course_a.pk)] == {"places": 2, "selected": 2, "waitlisted": 1}
    assert ApplicationChoice.objects.get(
        application=screened[3], course=world.course_b
    ).total_score == Decimal("95.00")
    assert not mail.outbox or all("결과" not in m.subject for m in mail.outbox)


def test_selection_is_refused_while_applications_are_open(world, cohort):
    with at(DURING), pytest.raises(ValidationError) as exc:
        services.selection_run(actor=world.actor("office"), cohort=cohort)
    assert exc.value.code == "window_open"


def test_scores_are_refused_before_the_deadline_and_out_of_range(world, cohort):
    application = apply(cohort, 1, [world.course_a])
    stage = one_stage(world.course_a, max_score="50")
    choice = application.choices.get()
    with at(DURING), pytest.raises(ValidationError) as exc:
        services.scores_record(
            actor=world.actor("staff_a"), choice=choice, scores={stage.pk: Decimal(10)}
        )
    assert exc.value.code == "window_open"
    with at(AFTER), pytest.raises(ValidationError) as exc:
        services.scores_record(
            actor=world.actor("staff_a"), choice=choice, scores={stage.pk: Decimal(51)}
        )
    assert f"stage_{stage.pk}" in exc.value.message_dict
    assert not choice.scores.exists()


def test_another_operator_cannot_score_or_override(world, screened):
    choice = screened[2].choices.get()  # course A
    with at(AFTER):
        with pytest.raises(PermissionDenied):
            services.scores_record(actor=world.actor("staff_b"), choice=choice, scores={})
        with pytest.raises(PermissionDenied):
            services.override_set(
                actor=world.actor("staff_b"), choice=choice, kind="exclude", reason="x"
            )
        with pytest.raises(PermissionDenied):
            services.scores_record(actor=world.actor("consultant_a"), choice=choice, scores={})
    assert not SelectionOverride.objects.exists()


def test_pass_mark_makes_an_applicant_ineligible(world, screened, cohort):
    stage = world.course_a.screening_stages.get()
    choice = screened[4].choices.get(course=world.course_a)
    with at(AFTER):
        services.scores_record(
            actor=world.actor("staff_a"), choice=choice, scores={stage.pk: Decimal(39)}
        )
        services.selection_run(actor=world.actor("staff_a"), cohort=cohort)
    choice.refresh_from_db()
    assert choice.outcome == Outcome.NOT_SELECTED
    assert choice.total_score == Decimal("39.00")


def test_overrides_change_the_ranking_and_are_logged(world, screened, cohort):
    staff = world.actor("staff_a")
    p4_a = screened[4].choices.get(course=world.course_a)
    p2_a = screened[2].choices.get(course=world.course_a)
    with at(AFTER):
        with pytest.raises(ValidationError) as exc:
            services.override_set(actor=staff, choice=p4_a, kind="priority", reason="  ")
        assert exc.value.code == "reason_required"
        services.override_set(
            actor=staff, choice=p4_a, kind="priority", reason="지역 인재 우선 선발"
        )
        services.override_set(actor=staff, choice=p2_a, kind="exclude", reason="서류 허위 기재")
        services.selection_run(actor=staff, cohort=cohort)
    assert outcomes({4: screened[4], 2: screened[2], 1: screened[1]}) == {
        4: [("과정A", "selected", None), ("과정B", "closed", None)],
        2: [("과정A", "not_selected", None)],
        1: [("과정A", "selected", None), ("과정B", "closed", None)],
    }
    override = SelectionOverride.objects.get(choice=p4_a)
    assert (override.created_by, override.reason) == (world.users["staff_a"], "지역 인재 우선 선발")
    events = Event.objects.filter(verb="selection.override_set").order_by("pk")
    assert [(e.actor, e.data["override"], e.data["reason"]) for e in events] == [
        (world.users["staff_a"], "priority", "지역 인재 우선 선발"),
        (world.users["staff_a"], "exclude", "서류 허위 기재"),
    ]
    exclusion = SelectionOverride.objects.get(choice=p2_a)
    with at(AFTER):
        services.override_revoke(actor=staff, override=exclusion)
        services.selection_run(actor=staff, cohort=cohort)
    exclusion.refresh_from_db()
    assert exclusion.revoked_by == world.users["staff_a"] and exclusion.revoked_at is not None
    assert Event.objects.filter(verb="selection.override_revoked").count() == 1
    p2_a.refresh_from_db()
    assert (p2_a.outcome, p2_a.waitlist_position) == (Outcome.WAITLISTED, 1)


def test_unconfirmed_email_is_not_selected(world, cohort):
    application = apply(cohort, 1, [world.course_a], confirm=False)
    stage = one_stage(world.course_a)
    with at(AFTER):
        services.scores_record(
            actor=world.actor("office"),
            choice=application.choices.get(),
            scores={stage.pk: Decimal(99)},
        )
        services.selection_run(actor=world.actor("office"), cohort=cohort)
    assert application.choices.get().outcome == Outcome.NOT_SELECTED


# --- publication, enrolment, moving up ------------------------------------------------------


@pytest.fixture
def published(world, screened, cohort):
    with at(AFTER):
        run = services.selection_run(actor=world.actor("staff_a"), cohort=cohort)
        mail.outbox.clear()
        with pytest.raises(PermissionDenied):
            services.selection_publish(actor=world.actor("staff_a"), run=run, base_url=BASE_URL)
        services.selection_publish(actor=world.actor("office"), run=run, base_url=BASE_URL)
    return screened


def test_publish_emails_every_applicant_and_freezes_selection(world, published, cohort):
    assert len(mail.outbox) == 5
    body = next(m.body for m in mail.outbox if m.to == ["applicant4@example.kr"])
    assert "1지망 과정A: 예비 합격 (예비 1번)" in body
    with at(AFTER), pytest.raises(ValidationError) as exc:
        services.selection_run(actor=world.actor("office"), cohort=cohort)
    assert exc.value.code == "published"


def test_accepting_creates_the_trainee_with_profile_skills_consents_and_history(world, published):
    f.SkillFactory(code="python", name_ko="파이썬", name_en="Python")
    application = published[1]
    with at(AFTER):
        trainee = services.offer_accept(application=application, base_url=BASE_URL)
    assert trainee.course == world.course_a and trainee.status == Trainee.Status.ENROLLED
    assert (trainee.name, trainee.email, trainee.phone) == (
        "지원자1",
        "applicant1@example.kr",
        "01055550001",
    )
    assert trainee.desired_regions == ["gwangju"]
    assert list(trainee.skills.values_list("skill__code", flat=True)) == ["python"]
    assert sorted(trainee.consents.values_list("purpose", flat=True)) == [
        Consent.Purpose.COLLECTION,
        Consent.Purpose.PROVISION_OPERATOR,
    ]
    change = TraineeStatusChange.objects.get(trainee=trainee)
    assert change.to_status == "enrolled" and "2026-03-00001" in change.reason
    assert trainee.user.email == "applicant1@example.kr" and not trainee.user.has_usable_password()
    application.refresh_from_db()
    assert application.trainee == trainee
    assert application.choices.get(course=world.course_a).outcome == Outcome.ENROLLED
    assert "password-reset" in mail.outbox[-1].body
    with at(AFTER), pytest.raises(ValidationError) as exc:
        services.offer_accept(application=application, base_url=BASE_URL)
    assert exc.value.code == "no_offer"
    assert Trainee.objects.filter(email="applicant1@example.kr").count() == 1


def test_enrolment_goes_through_academy_with_the_publishers_rights(world, published):
    with at(AFTER):
        trainee = services.offer_accept(application=published[1], base_url=BASE_URL)
    enrolled = Event.objects.get(verb="trainee.enrolled", target_id=str(trainee.pk))
    assert enrolled.actor == world.users["office"]  # who published the offer
    assert enrolled.data["reference"] == published[1].receipt_number
    accepted = Event.objects.get(verb="application.place_accepted")
    assert accepted.actor is None  # the applicant, through their link


def test_enrolment_is_refused_clearly_when_the_publisher_lost_their_rights(world, published):
    world.users["office"].memberships.update(is_active=False)
    with at(AFTER), pytest.raises(ValidationError) as exc:
        services.offer_accept(application=published[1], base_url=BASE_URL)
    assert exc.value.code == "enrolment_refused"
    assert not Trainee.objects.filter(email="applicant1@example.kr").exists()
    assert published[1].choices.get(course=world.course_a).outcome == Outcome.SELECTED


def test_declining_moves_the_waitlist_up_and_notifies(world, published):
    """p1 declines A: p4 (waitlisted 1st at A, holding nothing) gets A, is emailed, and
    leaves B's waitlist; B's waitlist keeps p5."""
    mail.outbox.clear()
    with at(AFTER):
        services.offer_decline(application=published[1], base_url=BASE_URL)
    assert outcomes({1: published[1], 4: published[4], 5: published[5]}) == {
        1: [("과정A", "declined", None), ("과정B", "closed", None)],
        4: [("과정A", "selected", None), ("과정B", "closed", None)],
        5: [("과정B", "waitlisted", 2)],
    }
    assert [m.to for m in mail.outbox] == [["applicant4@example.kr"]]
    assert Event.objects.filter(verb="application.moved_up").count() == 1


def test_moving_up_releases_a_lower_place_to_the_next(world, cohort):
    """q1 holds B (2nd choice) and waits at A; when A frees a place q1 moves up and B's place
    goes to q2, the next on B's waitlist."""
    world.course_a.capacity, world.course_b.capacity = 3, 2  # 1 place each (trainees in)
    world.course_a.save()
    world.course_b.save()
    sa, sb = one_stage(world.course_a), one_stage(world.course_b)
    a0 = apply(cohort, 1, [world.course_a])
    q1 = apply(cohort, 2, [world.course_a, world.course_b])
    q2 = apply(cohort, 3, [world.course_b])
    office = world.actor("office")
    with at(AFTER):
        for app, stage, course, score in [
            (a0, sa, world.course_a, 90),
            (q1, sa, world.course_a, 80),
            (q1, sb, world.course_b, 80),
            (q2, sb, world.course_b, 70),
        ]:
            services.scores_record(
                actor=office,
                choice=app.choices.get(course=course),
                scores={stage.pk: Decimal(score)},
            )
        run = services.selection_run(actor=office, cohort=cohort)
        services.selection_publish(actor=office, run=run, base_url=BASE_URL)
        assert outcomes({2: q1, 3: q2}) == {
            2: [("과정A", "waitlisted", 1), ("과정B", "selected", None)],
            3: [("과정B", "waitlisted", 1)],
        }
        services.offer_decline(application=a0, base_url=BASE_URL)
    assert outcomes({2: q1, 3: q2}) == {
        2: [("과정A", "selected", None), ("과정B", "closed", None)],
        3: [("과정B", "selected", None)],
    }


def test_a_dropout_frees_a_place_only_in_the_first_week(world, published):
    with at(AFTER):
        trainee = services.offer_accept(application=published[1], base_url=BASE_URL)
        services.offer_accept(application=published[2], base_url=BASE_URL)
    course = world.course_a
    course.start_date = dt.date(2026, 6, 1)
    course.end_date = dt.date(2026, 12, 18)
    course.save()
    trainee.status, trainee.dropped_on, trainee.drop_reason = (
        "dropped",
        dt.date(2026, 6, 5),
        "개인 사정",
    )
    trainee.save()
    assert services.free_places(course) == 1
    late = dt.datetime(2026, 6, 9, 9, tzinfo=ZoneInfo("Asia/Seoul"))
    with at(late):
        assert (
            services.places_refill(actor=world.actor("staff_a"), course=course, base_url=BASE_URL)
            == []
        )
    with at(late - dt.timedelta(days=1)):
        promoted = services.places_refill(
            actor=world.actor("staff_a"), course=course, base_url=BASE_URL
        )
    assert promoted == [published[4]]
    with pytest.raises(PermissionDenied):
        services.places_refill(actor=world.actor("staff_b"), course=course, base_url=BASE_URL)


def _week_one_dropout(world, published):
    """p1 and p2 enrol in A; A starts 2026-06-01; p4 waits first at A."""
    with at(AFTER):
        trainee = services.offer_accept(application=published[1], base_url=BASE_URL)
        services.offer_accept(application=published[2], base_url=BASE_URL)
    course = world.course_a
    course.start_date, course.end_date = dt.date(2026, 6, 1), dt.date(2026, 12, 18)
    course.save()
    return trainee


def _drop(world, trainee, actor_key="staff_a", notes=None):
    return academy_services.trainee_change_status(
        actor=world.actor(actor_key),
        trainee=trainee,
        status=Trainee.Status.DROPPED,
        effective_on=dt.date(2026, 6, 5),
        reason="개인 사정",
        base_url=BASE_URL,
        notes=notes,
    )


WEEK_ONE = dt.datetime(2026, 6, 8, 9, tzinfo=ZoneInfo("Asia/Seoul"))


def test_a_week_one_dropout_recorded_in_academy_refills_the_place(world, published):
    trainee = _week_one_dropout(world, published)
    notes: list[str] = []
    with at(WEEK_ONE):
        _drop(world, trainee, notes=notes)
    assert published[4].choices.get(course=world.course_a).outcome == Outcome.SELECTED
    moved = Event.objects.get(verb="application.moved_up")
    assert moved.actor == world.users["staff_a"]  # the refill ran with the dropout's actor
    assert len(notes) == 1 and "지원자4" in notes[0]


def test_a_failing_refill_undoes_the_dropout(world, published, monkeypatch):
    trainee = _week_one_dropout(world, published)

    def broken(*args, **kwargs):
        raise RuntimeError("refill failed")

    monkeypatch.setattr("careerhub.intake.services.places._refill", broken)
    with at(WEEK_ONE), pytest.raises(RuntimeError):
        _drop(world, trainee)
    trainee.refresh_from_db()
    assert trainee.status == Trainee.Status.ENROLLED
    assert TraineeStatusChange.objects.filter(trainee=trainee).count() == 1  # enrolment only
    assert published[4].choices.get(course=world.course_a).outcome == Outcome.WAITLISTED


def test_a_caller_without_rights_cannot_trigger_a_refill(world, published):
    trainee = _week_one_dropout(world, published)
    with at(WEEK_ONE), pytest.raises(PermissionDenied):
        _drop(world, trainee, "staff_b")
    dropped = hooks.TraineeDropped(
        trainee_id=trainee.pk,
        course_id=world.course_a.pk,
        dropped_on=dt.date(2026, 6, 5),
        base_url=BASE_URL,
    )
    for key in ("staff_b", "consultant_a", "nobody"):
        with at(WEEK_ONE), pytest.raises(PermissionDenied):
            services.trainee_dropped_receive(actor=world.actor(key), dropped=dropped)
    assert published[4].choices.get(course=world.course_a).outcome == Outcome.WAITLISTED
    assert not Event.objects.filter(verb="application.moved_up").exists()


def test_withdrawn_applicants_are_skipped(world, cohort):
    application = apply(cohort, 1, [world.course_a])
    with at(DURING):
        services.application_withdraw(application=application)
    stage = one_stage(world.course_a)
    with at(AFTER):
        services.scores_record(
            actor=world.actor("office"),
            choice=application.choices.get(),
            scores={stage.pk: Decimal(99)},
        )
        services.selection_run(actor=world.actor("office"), cohort=cohort)
    assert application.choices.get().outcome == Outcome.NOT_SELECTED


def test_an_erased_trainee_loses_the_recruitment_application_they_came_through(world, cohort):
    """An accepted erasure request (not only the end of retention) destroys the intake
    application too: it holds the name, contacts and answers the trainee wrote."""
    from careerhub.academy import services as academy_services
    from careerhub.intake.models import Application
    from careerhub.intake.tests.conftest import apply

    application = apply(cohort, 1, [world.course_a])
    Application.objects.filter(pk=application.pk).update(trainee=world.trainee_a1)
    other = apply(cohort, 2, [world.course_a])
    academy_services.trainee_anonymise(
        actor=world.actor("office"), trainee=world.trainee_a1, reason="erasure request"
    )
    assert not Application.objects.filter(pk=application.pk).exists()
    assert Application.objects.filter(pk=other.pk).exists()
