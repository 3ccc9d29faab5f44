"""Issue 12 item 5: withdrawing consent to provision to companies takes effect at once —
the trainee leaves every company-side list and page on the next request, stored lists
included (withdrawal through the trainee's own consent form, the real path)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from careerhub.academy.models import Consent
from careerhub.matching import services
from careerhub.matching.models import RecommendationRun

pytestmark = pytest.mark.django_db


def _withdraw(login, world, trainee):
    response = login(world.users["trainee_a1"]).post(
        reverse("academy:trainee_consent", args=[trainee.pk]),
        {"purpose": Consent.Purpose.PROVISION_COMPANIES, "granted": "0"},
    )
    assert response.status_code == 302


def test_withdrawal_removes_the_trainee_from_every_company_page_at_once(login, world, mx):
    now = timezone.now()
    day = services.match_day_create(
        actor=world.actor("office"),
        title="매칭데이",
        held_on=timezone.localdate() + dt.timedelta(days=5),
        interview_at=now + dt.timedelta(days=5),
        interview_place="광주 AI 센터",
        deadline=now + dt.timedelta(days=2),
        postings={mx.p1.pk: 1},
        trainee_ids=[mx.t1.pk, mx.t2.pk],
    )
    recruiter = login(world.users["recruiter_x"])
    candidates = reverse("matching:posting_candidates", args=[mx.p1.pk])
    candidate = reverse("matching:candidate_detail", args=[mx.p1.pk, mx.t1.pk])
    pool = reverse("academy:trainee_list")
    profile = reverse("academy:trainee_detail", args=[mx.t1.pk])
    match_day = reverse("matching:match_day", args=[day.pk])
    # before: the trainee is on the company's stored candidate list, in the pool, ranked
    assert mx.t1.name in recruiter.get(candidates).content.decode()
    runs = RecommendationRun.objects.filter(posting=mx.p1).count()
    assert recruiter.get(candidate).status_code == 200
    assert mx.t1.name in recruiter.get(pool).content.decode()
    assert recruiter.get(profile).status_code == 200
    assert f'name="rank_{mx.t1.pk}"' in recruiter.get(match_day).content.decode()

    _withdraw(login, world, mx.t1)

    recruiter = login(world.users["recruiter_x"])
    html = recruiter.get(candidates).content.decode()
    assert mx.t1.name not in html and mx.t2.name in html
    # the same stored list, not a recomputed one: the consent check is what removed them
    assert RecommendationRun.objects.filter(posting=mx.p1).count() == runs
    assert recruiter.get(candidate).status_code == 404
    assert mx.t1.name not in recruiter.get(pool).content.decode()
    assert recruiter.get(profile).status_code == 404
    html = recruiter.get(match_day).content.decode()
    assert f'name="rank_{mx.t1.pk}"' not in html and f'name="rank_{mx.t2.pk}"' in html
    # the trainee's own operator keeps the training record
    staff = login(world.users["staff_a"])
    assert staff.get(reverse("academy:trainee_detail", args=[mx.t1.pk])).status_code == 200


def test_withdrawing_provision_to_operator_hides_recommendations_from_operator_side(
    login, world, mx
):
    from careerhub.academy import services as academy_services

    url = reverse("matching:trainee", args=[mx.t1.pk])
    Consent.objects.create(
        trainee=mx.t1, purpose=Consent.Purpose.PROVISION_OPERATOR, granted_at=timezone.now()
    )
    for key in ("staff_a", "consultant_a", "office", "trainee_a1"):
        assert login(world.users[key]).get(url).status_code == 200, key
    academy_services.consent_set(
        actor=world.actor("trainee_a1"),
        trainee=mx.t1,
        purpose=Consent.Purpose.PROVISION_OPERATOR,
        granted=False,
    )
    for key in ("staff_a", "consultant_a"):
        assert login(world.users[key]).get(url).status_code == 404, key
    for key in ("office", "trainee_a1"):
        assert login(world.users[key]).get(url).status_code == 200, key
    caseload = login(world.users["staff_a"]).get(reverse("matching:caseload")).content.decode()
    assert mx.t1.name not in caseload and mx.t2.name in caseload
