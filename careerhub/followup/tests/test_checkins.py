"""Check-in rounds on fixed dates, answers, reminders, opt-out, follow-ups and the knowledge
rate (issue 17, item 1–2). ``TODAY`` is 2026-07-15; the run is called with explicit dates."""

from __future__ import annotations

import datetime as dt
import secrets
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.core import signing
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone, translation

from careerhub.core.errors import error_codes
from careerhub.core.policy import PermissionDenied
from careerhub.followup import selectors, services, tokens
from careerhub.followup.errors import FollowupErrorCode
from careerhub.followup.models import CheckIn, OptOut
from careerhub.followup.tests.conftest import TODAY, completer
from careerhub.messaging.models import Message
from careerhub.outcomes import knowledge
from careerhub.outcomes import selectors as outcome_selectors
from careerhub.outcomes.models import Outcome, OutcomeType
from careerhub.outcomes.services import outcome_confirm

SEOUL = ZoneInfo("Asia/Seoul")


def at(day: dt.date, hour: int = 10) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour), tzinfo=SEOUL)


def run(day: dt.date) -> dict:
    return services.checkins_run(today=day, now=at(day))


def asked(kind=CheckIn.Kind.GRADUATE) -> dict[str, int]:
    return dict(CheckIn.objects.filter(kind=kind).values_list("trainee__name", "months"))


@pytest.fixture
def due(world, cohort2):
    """One completer exactly at each window on TODAY, and some that are not due."""
    c = cohort2
    return {
        "at completion": completer(c, "영", TODAY),
        "1 month": completer(c, "일", dt.date(2026, 6, 15)),
        "3 months": completer(c, "삼", dt.date(2026, 4, 15)),
        "6 months": completer(c, "육", dt.date(2026, 1, 15)),
        "12 months": completer(c, "십이", dt.date(2025, 7, 15)),
        "1 month tomorrow": completer(c, "내일", dt.date(2026, 6, 16)),
        "2 months": completer(c, "이", dt.date(2026, 5, 15)),
        "6 months, 5 days ago (missed run, caught up)": completer(c, "오일", dt.date(2026, 1, 10)),
        "6 months, 10 days ago (too late)": completer(c, "십일", dt.date(2026, 1, 5)),
        "3 months, job verified": completer(c, "취업", dt.date(2026, 4, 15)),
        "3 months, job only proposed": completer(c, "제안", dt.date(2026, 4, 15)),
        "6 months, opted out": completer(c, "거부", dt.date(2026, 1, 15)),
    }


@pytest.fixture
def settled(due, world):
    staff = world.users["staff_a"]
    Outcome.objects.create(
        trainee=due["3 months, job verified"],
        outcome_type=OutcomeType.EMPLOYED,
        employment_type="full_time",
        company_name="광주에이아이",
        start_date=dt.date(2026, 5, 1),
        evidence_reference="고용보험",
        status=Outcome.Status.CONFIRMED,
        verified_by=staff,
        verified_at=timezone.now(),
    )
    Outcome.objects.create(
        trainee=due["3 months, job only proposed"],
        outcome_type=OutcomeType.EMPLOYED,
        employment_type="full_time",
        company_name="광주에이아이",
        start_date=dt.date(2026, 5, 1),
    )
    OptOut.objects.create(trainee=due["6 months, opted out"])
    return due


def test_a_round_asks_exactly_those_at_a_window_today_and_never_twice(settled):
    counts = run(TODAY)
    assert asked() == {
        "영": 0,
        "일": 1,
        "삼": 3,
        "육": 6,
        "십이": 12,
        "오일": 6,
        "제안": 3,
    }
    assert counts["graduates"] == 7
    messages = Message.objects.filter(kind="checkin")
    assert messages.count() == 7
    one = messages.get(to_address=settled["6 months"].email)
    assert one.secret  # the answer link is for the graduate only
    assert one.subjects == {"trainees": [settled["6 months"].pk]}
    checkin = CheckIn.objects.get(trainee=settled["6 months"])
    assert tokens.answer_token(checkin).split(":")[0] in one.body
    assert checkin.due_on == TODAY
    assert CheckIn.objects.get(
        trainee=settled["6 months, 5 days ago (missed run, caught up)"]
    ).due_on == dt.date(2026, 7, 10)

    # the same day again, and the next day: nobody is asked twice, nobody new is due
    assert run(TODAY)["graduates"] == 0
    assert run(TODAY + dt.timedelta(days=1))["graduates"] == 1  # "내일" reaches 1 month
    assert asked()["내일"] == 1
    assert Message.objects.filter(kind="checkin").count() == 8


def test_month_ends_clamp_like_the_rule_sets_windows(world, cohort2):
    late_jan = completer(cohort2, "말일", dt.date(2026, 1, 31))
    run(dt.date(2026, 2, 27))
    assert not CheckIn.objects.filter(trainee=late_jan, months=1).exists()
    run(dt.date(2026, 2, 28))  # 2026-01-31 + 1 month = 2026-02-28 (rules.add_months)
    assert CheckIn.objects.get(trainee=late_jan, months=1).due_on == dt.date(2026, 2, 28)


def test_one_reminder_after_seven_days_to_those_who_did_not_answer(settled):
    run(TODAY)
    answered = CheckIn.objects.get(trainee=settled["1 month"])
    services.retention_answer  # noqa: B018 - the graduate below answers through the service
    services.checkin_answer(
        checkin=answered,
        answer=services.GraduateAnswer(status=OutcomeType.NOT_SEEKING),
        now=at(TODAY + dt.timedelta(days=2)),
    )
    assert run(TODAY + dt.timedelta(days=6))["reminders"] == 0
    counts = run(TODAY + dt.timedelta(days=7))
    assert counts["reminders"] == 6  # seven asked, one answered
    reminded = Message.objects.filter(kind="checkin_reminder")
    assert answered.to_address not in set(reminded.values_list("to_address", flat=True))
    assert run(TODAY + dt.timedelta(days=8))["reminders"] == 0  # once only
    assert reminded.count() == 6


def test_an_answer_becomes_a_proposed_outcome_and_counts_only_once_verified(
    settled, world, client, rule_sets
):
    run(TODAY)
    checkin = CheckIn.objects.get(trainee=settled["6 months"])
    trainee = checkin.trainee
    code = outcome_selectors.rule_sets_in_force(on=TODAY)
    target_rule = next(r.code for r in code if r.kind == "program_target")

    def figures():
        rate = outcome_selectors.cohort_rate_figures(cohort=trainee.course.cohort, as_of=TODAY)
        know = knowledge.knowledge_for(
            trainees=trainee.course.cohort.courses.first().trainees.all(),
            today=TODAY,
            groupings={"cohort": lambda f: f.cohort_id},
        )["cohort"][trainee.course.cohort_id]
        return rate[target_rule].numerator, know.at(6)

    numerator_before, know_before = figures()
    url = reverse("followup_public:answer", args=[tokens.answer_token(checkin)])
    response = client.post(
        url,
        {
            "status": "employed",
            "start_date": "2026-06-01",
            "company_name": "",
            "business_number": world.company_x.business_number,
            "job_title": "데이터 분석가",
            "employment_type": "full_time",
            "insurance": "yes",
            "salary_band": "30_36",
            "detail": "",
        },
    )
    assert response.status_code == 302
    checkin.refresh_from_db()
    outcome = checkin.proposed
    assert outcome.status == Outcome.Status.PROPOSED
    assert outcome.source == Outcome.Source.TRAINEE
    assert outcome.company == world.company_x  # found by its business number
    assert outcome.start_date == dt.date(2026, 6, 1)
    assert checkin.answer["salary_band"] == "30_36"
    # proposed: neither the rate nor the (verified) knowledge rate moves
    numerator, know = figures()
    assert numerator == numerator_before
    assert know.verified == know_before.verified
    assert know.reported == know_before.reported + 1
    # the link now says it was answered; a second post proposes nothing
    assert client.get(url).status_code == 200
    assert client.post(url, {"status": "still_seeking"}).status_code == 409
    assert Outcome.objects.filter(trainee=trainee).count() == 1

    outcome.evidence_reference = "재직증명서 확인"
    outcome.save()
    outcome_confirm(actor=world.actor("staff_a"), outcome=outcome, expected_version=1)
    numerator, know = figures()
    assert numerator == numerator_before + 1
    assert know.verified == know_before.verified + 1
    assert know.rate > (know_before.rate or Decimal(0))


def test_an_invalid_answer_is_refused_with_field_errors_and_nothing_written(settled, client):
    run(TODAY)
    checkin = CheckIn.objects.get(trainee=settled["6 months"])
    url = reverse("followup_public:answer", args=[tokens.answer_token(checkin)])
    with translation.override("en"):
        response = client.post(
            url,
            {"status": "employed", "business_number": "123-45-67890"},
            HTTP_ACCEPT_LANGUAGE="en",
        )
    assert response.status_code == 400
    form = response.context["form"]
    assert set(form.errors) >= {"start_date", "business_number", "employment_type"}
    checkin.refresh_from_db()
    assert checkin.answered_at is None
    assert not Outcome.objects.filter(trainee=checkin.trainee).exists()


def test_still_seeking_goes_on_the_consultants_follow_up_list(world, cohort2, client):
    trainee = completer(
        cohort2, "구직", dt.date(2026, 6, 15), consultant=world.users["consultant_a"]
    )
    run(TODAY)
    checkin = CheckIn.objects.get(trainee=trainee)
    services.checkin_answer(
        checkin=checkin,
        answer=services.GraduateAnswer(status=OutcomeType.STILL_SEEKING, detail="데이터 직무"),
        now=at(TODAY),
    )
    checkin.refresh_from_db()
    assert checkin.follow_up_due_on == TODAY + dt.timedelta(days=7)
    assert checkin.proposed.outcome_type == OutcomeType.STILL_SEEKING
    note = Message.objects.get(kind="checkin_follow_up")
    assert note.to_address == world.users["consultant_a"].email
    assert list(selectors.follow_ups_for(actor=world.actor("consultant_a"))) == [checkin]
    assert list(selectors.follow_ups_for(actor=world.actor("staff_a"))) == [checkin]
    assert not selectors.follow_ups_for(actor=world.actor("staff_b")).exists()
    with pytest.raises(PermissionDenied):
        services.follow_up_done(actor=world.actor("staff_b"), checkin=checkin, note="전화함")

    client.force_login(world.users["consultant_a"])
    page = client.get(reverse("followup:follow_ups"))
    assert page.status_code == 200 and "구직" in page.content.decode()
    done = client.post(
        reverse("followup:follow_up_done", args=[checkin.pk]), {"note": "전화 상담, 공고 3건 안내"}
    )
    assert done.status_code == 302
    checkin.refresh_from_db()
    assert checkin.follow_up_done_at is not None
    assert checkin.follow_up_by == world.users["consultant_a"]
    assert not selectors.follow_ups_for(actor=world.actor("consultant_a")).exists()


def test_opt_out_stops_questions_and_reminders(settled, client):
    run(TODAY)
    trainee = settled["6 months"]
    url = reverse("followup_public:opt_out", args=[tokens.opt_out_token(trainee.pk)])
    assert client.get(url).status_code == 200
    assert not OptOut.objects.filter(trainee=trainee).exists()  # GET only asks
    assert client.post(url).status_code == 200
    assert OptOut.objects.filter(trainee=trainee).exists()
    run(TODAY + dt.timedelta(days=7))
    reminded = set(
        Message.objects.filter(kind="checkin_reminder").values_list("to_address", flat=True)
    )
    assert trainee.email not in reminded
    run(dt.date(2026, 7, 15) + dt.timedelta(days=184))  # 12 months after completion
    assert not CheckIn.objects.filter(trainee=trainee, months=12).exists()


def test_expired_and_forged_links_are_refused(settled, client, settings):
    run(TODAY)
    checkin = CheckIn.objects.get(trainee=settled["6 months"])
    token = tokens.answer_token(checkin)
    good = reverse("followup_public:answer", args=[token])
    assert client.get(good).status_code == 200
    forged = [
        secrets.token_urlsafe(32),
        token[:-1] + ("A" if token[-1] != "A" else "B"),
        signing.dumps({"c": checkin.pk, "t": checkin.trainee_id + 1}, salt=tokens.ANSWER_SALT),
        tokens.opt_out_token(checkin.trainee_id),  # another kind of link
    ]
    for bad in forged:
        response = client.get(reverse("followup_public:answer", args=[bad]))
        assert response.status_code == 404, bad
    settings.CHECKIN_LINK_MAX_AGE_DAYS = 0
    expired = client.get(good)
    assert expired.status_code == 410
    with translation.override("ko"):
        assert "만료" in expired.content.decode()  # the page says so in Korean
    assert client.post(good, {"status": "not_seeking"}).status_code == 410
    assert not Outcome.objects.filter(trainee=checkin.trainee).exists()


def test_the_rounds_page_counts_sent_answered_and_verified(settled, world, client):
    run(TODAY)
    checkin = CheckIn.objects.get(trainee=settled["6 months"])
    services.checkin_answer(
        checkin=checkin, answer=services.GraduateAnswer(status=OutcomeType.NOT_SEEKING)
    )
    outcome_confirm(actor=world.actor("staff_a"), outcome=checkin.proposed, expected_version=1)
    other = CheckIn.objects.get(trainee=settled["6 months, 5 days ago (missed run, caught up)"])
    services.checkin_answer(
        checkin=other, answer=services.GraduateAnswer(status=OutcomeType.STILL_SEEKING)
    )
    rows = {(r.kind, r.months): r for r in selectors.rounds_for(actor=world.actor("office"))}
    six = rows[(CheckIn.Kind.GRADUATE, 6)]
    assert (six.sent, six.answered, six.verified, six.awaiting) == (2, 2, 1, 1)
    assert not selectors.rounds_for(actor=world.actor("staff_b"))
    client.force_login(world.users["staff_a"])
    page = client.get(reverse("followup:rounds"))
    assert page.status_code == 200
    assert [c.pk for c in page.context["awaiting"]] == [other.pk]


def test_errors_of_the_services_carry_codes(settled):
    run(TODAY)
    checkin = CheckIn.objects.get(trainee=settled["6 months"])
    with pytest.raises(ValidationError) as exc:
        services.checkin_answer(checkin=checkin, answer=services.GraduateAnswer(status="employed"))
    assert FollowupErrorCode.REQUIRED in error_codes(exc.value)
    services.checkin_answer(
        checkin=checkin, answer=services.GraduateAnswer(status=OutcomeType.NOT_SEEKING)
    )
    with pytest.raises(ValidationError) as exc:
        services.checkin_answer(
            checkin=checkin, answer=services.GraduateAnswer(status=OutcomeType.NOT_SEEKING)
        )
    assert error_codes(exc.value) == {FollowupErrorCode.ALREADY_ANSWERED}


def test_an_erased_trainees_answers_are_cleared_and_counts_kept(settled, world):
    from careerhub.academy import hooks

    run(TODAY)
    checkin = CheckIn.objects.get(trainee=settled["6 months"])
    services.checkin_answer(
        checkin=checkin,
        answer=services.GraduateAnswer(status=OutcomeType.STILL_SEEKING, detail="개인 사정"),
    )
    hooks.trainee_anonymised_send(
        actor=world.actor("office"),
        anonymised=hooks.TraineeAnonymised(trainee_id=checkin.trainee_id, reason="erasure"),
    )
    checkin.refresh_from_db()
    assert (checkin.answer, checkin.to_address) == ({}, "")
    assert checkin.answered_at is not None and checkin.answer_status == "still_seeking"


def test_the_rounds_page_warns_when_a_rule_window_is_never_asked(
    world, client, rule_sets, settings
):
    client.force_login(world.users["office"])
    assert client.get(reverse("followup:rounds")).context["unasked_windows"] == []
    settings.CHECKIN_MONTHS = [0, 1, 12]  # the shipped rule sets count within 3 and 6 months
    assert client.get(reverse("followup:rounds")).context["unasked_windows"] == [3, 6]


def test_the_consultants_home_counts_the_graduates_to_follow_up(world, cohort2):
    from careerhub.home.selectors import home_sections_for

    trainee = completer(
        cohort2, "구직", dt.date(2026, 6, 15), consultant=world.users["consultant_a"]
    )
    run(TODAY)
    services.checkin_answer(
        checkin=CheckIn.objects.get(trainee=trainee),
        answer=services.GraduateAnswer(status=OutcomeType.STILL_SEEKING),
    )
    figures = {
        f.url: f.value
        for s in home_sections_for(actor=world.actor("consultant_a"))
        for f in s.figures
    }
    assert figures[reverse("followup:follow_ups")] == 1
