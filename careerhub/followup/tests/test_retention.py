"""Retention after hire (issue 17, item 3): questions 1, 3 and 6 months after a job's start,
to the trainee and — with the company's agreement — its recruiter; an early leaver's job
gets its end date and reason and the trainee is back in the matching pool."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from careerhub.academy.models import Trainee
from careerhub.core.errors import error_codes
from careerhub.core.policy import PermissionDenied
from careerhub.followup import services, tokens
from careerhub.followup.errors import FollowupErrorCode
from careerhub.followup.models import CheckIn, EmployerAgreement
from careerhub.followup.tests.conftest import TODAY, completer
from careerhub.followup.tests.test_checkins import at, run
from careerhub.matching import adapter
from careerhub.messaging.models import Message
from careerhub.outcomes import knowledge
from careerhub.outcomes.models import Outcome, OutcomeType


def _job(trainee, company, start: dt.date, staff) -> Outcome:
    return Outcome.objects.create(
        trainee=trainee,
        outcome_type=OutcomeType.EMPLOYED,
        employment_type="full_time",
        company=company,
        start_date=start,
        evidence_reference="고용보험",
        status=Outcome.Status.CONFIRMED,
        verified_by=staff,
        verified_at=timezone.now(),
    )


@pytest.fixture
def hires(world, cohort2):
    staff = world.users["staff_a"]
    one = completer(cohort2, "한달", dt.date(2026, 1, 15))
    three = completer(cohort2, "석달", dt.date(2026, 1, 15))
    early = completer(cohort2, "초기", dt.date(2026, 1, 15))
    return {
        "1 month": _job(one, world.company_x, dt.date(2026, 6, 15), staff),
        "3 months": _job(three, world.company_y, dt.date(2026, 4, 15), staff),
        "2 weeks": _job(early, world.company_x, dt.date(2026, 7, 1), staff),
    }


def test_jobs_are_followed_at_1_3_and_6_months_and_the_employer_only_if_it_agreed(world, hires):
    services.agreement_set(
        actor=world.actor("recruiter_x"), company_id=world.company_x.pk, agree=True
    )
    with pytest.raises(PermissionDenied):  # company Y's decision is not company X's to make
        services.agreement_set(
            actor=world.actor("recruiter_x"), company_id=world.company_y.pk, agree=True
        )
    counts = run(TODAY)
    assert (counts["retention"], counts["employers"]) == (2, 1)
    rows = set(
        CheckIn.objects.filter(kind=CheckIn.Kind.RETENTION).values_list(
            "job_id", "months", "respondent", "to_address"
        )
    )
    one, three = hires["1 month"], hires["3 months"]
    assert rows == {
        (one.pk, 1, "trainee", one.trainee.email),
        (one.pk, 1, "employer", world.users["recruiter_x"].email),  # company X agreed
        (three.pk, 3, "trainee", three.trainee.email),  # company Y did not: trainee only
    }
    assert Message.objects.filter(kind="retention").count() == 3
    assert run(TODAY)["retention"] == 0  # never twice


def test_an_early_leaver_gets_an_end_date_and_returns_to_the_matching_pool(world, hires, client):
    run(TODAY)
    job = hires["3 months"]
    trainee = job.trainee
    pool = Trainee.objects.filter(pk=trainee.pk)
    assert not adapter.matchable_trainees(pool, today=TODAY).exists()  # placed
    checkin = CheckIn.objects.get(job=job, respondent="trainee")
    url = reverse("followup_public:answer", args=[tokens.answer_token(checkin)])
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {"continues": "no", "end_date": "2026-07-10", "reason": "resigned", "detail": ""},
    )
    assert response.status_code == 302
    job.refresh_from_db()
    assert job.end_date == dt.date(2026, 7, 10)
    assert job.end_reason  # the reason, in words
    assert job.status == Outcome.Status.CONFIRMED  # when and where it started still holds
    assert job.revisions.filter(change="ended").exists()
    assert adapter.matchable_trainees(pool, today=TODAY).exists()  # back in the pool
    # a week on: the unanswered question about the other job is reminded, this one is not
    assert run(TODAY + dt.timedelta(days=7))["reminders"] == 1
    assert CheckIn.objects.get(job=hires["1 month"]).reminded_at is not None
    # retention at 3 months per cohort and per company
    cohort = knowledge.retention_for(trainees=Trainee.objects.all(), today=TODAY, by="cohort")
    assert [(w.months, w.hires, w.stayed) for w in cohort[0].windows] == [
        (1, 2, 2),
        (3, 1, 0),
        (6, 0, 0),
    ]
    company = {
        r.label: r.at(3)
        for r in knowledge.retention_for(trainees=Trainee.objects.all(), today=TODAY, by="company")
    }
    assert (company["기업Y"].hires, company["기업Y"].rate) == (1, 0)


def test_a_continuing_job_stays_placed_and_bad_end_dates_are_refused(world, hires):
    run(TODAY)
    checkin = CheckIn.objects.get(job=hires["1 month"], respondent="trainee")
    with pytest.raises(ValidationError) as exc:
        services.retention_answer(
            checkin=checkin, continues=False, end_date=dt.date(2026, 6, 1), reason="resigned"
        )
    assert error_codes(exc.value) == {FollowupErrorCode.END_DATE}
    services.retention_answer(checkin=checkin, continues=True, now=at(TODAY))
    hires["1 month"].refresh_from_db()
    assert hires["1 month"].end_date is None
    assert checkin.answer_status == "continues"


def test_withdrawing_the_agreement_stops_the_employer_questions(world, hires):
    services.agreement_set(
        actor=world.actor("recruiter_x"), company_id=world.company_x.pk, agree=True
    )
    services.agreement_set(
        actor=world.actor("recruiter_x"), company_id=world.company_x.pk, agree=False
    )
    assert not EmployerAgreement.objects.exists()
    assert run(TODAY)["employers"] == 0


def test_the_employer_answers_from_its_link_and_agrees_from_its_page(world, hires, client):
    client.force_login(world.users["recruiter_x"])
    page = client.get(reverse("followup:employer"))
    assert page.status_code == 200 and world.company_x.name in page.content.decode()
    assert world.company_y.name not in page.content.decode()
    client.post(reverse("followup:employer_set", args=[world.company_x.pk]), {"agree": "yes"})
    assert EmployerAgreement.objects.get().recruiter == world.users["recruiter_x"]
    refused = client.post(
        reverse("followup:employer_set", args=[world.company_y.pk]), {"agree": "yes"}
    )
    assert refused.status_code == 404
    client.logout()

    run(TODAY)
    checkin = CheckIn.objects.get(job=hires["1 month"], respondent="employer")
    url = reverse("followup_public:answer", args=[tokens.answer_token(checkin)])
    body = client.get(url).content.decode()
    assert "stop/" not in body  # the opt-out is the graduate's, not the employer's
    response = client.post(
        url, {"continues": "no", "end_date": "2026-07-01", "reason": "dismissed"}
    )
    assert response.status_code == 302
    hires["1 month"].refresh_from_db()
    assert hires["1 month"].end_date == dt.date(2026, 7, 1)
    assert hires["1 month"].revisions.filter(change="ended").count() == 1
    checkin.refresh_from_db()
    assert (checkin.answer_status, checkin.answer["reason"]) == ("left", "dismissed")
    # the graduate's own question about the same job stays open, and may still be answered
    assert CheckIn.objects.get(job=hires["1 month"], respondent="trainee").answered_at is None
