"""Outcome pages: role × page matrix, IDOR attempts that write nothing, forms in Korean."""

from __future__ import annotations

import pytest
from django.urls import reverse

from careerhub.conftest import ROLE_KEYS, every_role, refused, roles_except
from careerhub.core.models import AccessRecord
from careerhub.outcomes.models import Outcome, OutcomeRevision

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("rule_sets")]

RATES = every_role(
    {
        "anonymous": 302,
        "nobody": 404,
        "office": 200,
        "staff_a": 200,
        "staff_b": 200,
        "consultant_a": 200,
        "recruiter_x": 404,
        "recruiter_y": 404,
        "trainee_a1": 404,
        "trainee_b1": 404,
        "committee": 200,
    }
)
COCKPIT = every_role(
    {
        "anonymous": 302,
        "nobody": 404,
        "office": 200,
        "staff_a": 200,
        "staff_b": 200,
        "consultant_a": 404,
        "recruiter_x": 404,
        "recruiter_y": 404,
        "trainee_a1": 404,
        "trainee_b1": 404,
        "committee": 404,
    }
)
# The ledger of 가 (operator A's completer).
LEDGER = every_role(
    {
        "anonymous": 302,
        "nobody": 404,
        "office": 200,
        "staff_a": 200,
        "staff_b": 404,
        "consultant_a": 404,
        "recruiter_x": 404,
        "recruiter_y": 404,
        "trainee_a1": 404,
        "trainee_b1": 404,
        "committee": 404,
    }
)


@pytest.mark.parametrize("who", ROLE_KEYS)
def test_rates_page(as_role, world, ledger, who):
    response = as_role(who).get(reverse("outcomes:rates") + "?as_of=2026-06-15")
    assert response.status_code == RATES[who]
    if response.status_code == 200:
        body = response.content.decode()
        assert "직업훈련 취업률" in body
        assert "/outcomes/trainees/" not in body  # aggregates only: no trainee is named
        if who in ("office", "committee"):
            assert "50.0%" in body and "60.0%" in body


@pytest.mark.parametrize("who", ROLE_KEYS)
def test_cockpit_page(as_role, world, ledger, who):
    response = as_role(who).get(reverse("outcomes:cockpit"))
    assert response.status_code == COCKPIT[who]


def test_cockpit_of_another_operator_is_404(login, world, ledger):
    client = login(world.users["staff_b"])
    assert client.get(reverse("outcomes:cockpit") + f"?operator={world.op_a.pk}").status_code == 404
    assert client.get(reverse("outcomes:cockpit") + f"?operator={world.op_b.pk}").status_code == 200


@pytest.mark.parametrize("who", ROLE_KEYS)
def test_trainee_ledger_matrix_and_access_log(as_role, world, ledger, who):
    trainee = ledger.t["가"]
    response = as_role(who).get(reverse("outcomes:trainee_ledger", args=[trainee.pk]))
    assert response.status_code == LEDGER[who]
    logged = AccessRecord.objects.filter(
        page="outcomes:trainee_ledger", subjects__trainees=[trainee.pk]
    ).count()
    assert logged == (1 if response.status_code == 200 else 0)


def test_trainee_sees_own_ledger_read_only(login, world):
    client = login(world.users["trainee_a1"])
    response = client.get(reverse("outcomes:my_outcomes"), follow=True)
    assert response.status_code == 200
    assert "성과 기록하기" not in response.content.decode()
    new_url = reverse("outcomes:outcome_new", args=[world.trainee_a1.pk])
    assert client.get(new_url).status_code == 404


def test_consultant_reads_the_ledger_of_an_assigned_trainee_only(login, world):
    client = login(world.users["consultant_a"])
    ledger_of = lambda t: reverse("outcomes:trainee_ledger", args=[t.pk])  # noqa: E731
    assert client.get(ledger_of(world.trainee_a1)).status_code == 200
    assert client.get(ledger_of(world.trainee_a2)).status_code == 404


def test_staff_record_an_outcome_through_the_form(login, world):
    client = login(world.users["staff_a"])
    url = reverse("outcomes:outcome_new", args=[world.trainee_a1.pk])
    response = client.post(
        url,
        {
            "outcome_type": "employed",
            "start_date": "2026-12-01",
            "employment_type": "full_time",
            "company_name": "빛고을데이터",
            "insurance": "unconfirmed",
            "in_field": "on",
        },
    )
    assert response.status_code == 302
    outcome = Outcome.objects.get()
    assert outcome.status == "proposed" and outcome.company_name == "빛고을데이터"


def test_a_bad_form_shows_korean_errors_and_stores_nothing(login, world):
    client = login(world.users["staff_a"])
    url = reverse("outcomes:outcome_new", args=[world.trainee_a1.pk])
    response = client.post(url, {"outcome_type": "employed", "start_date": "2026-12-01"})
    body = response.content.decode()
    assert response.status_code == 200
    assert 'role="alert"' in body
    assert "고용주를 입력하세요." in body
    assert not Outcome.objects.exists()


@pytest.mark.parametrize("who", roles_except("office", "staff_a"))
def test_confirm_and_edit_by_others_are_404_and_write_nothing(as_role, world, ledger, who):
    client = as_role(who)
    outcome = ledger.proposed
    response = client.post(reverse("outcomes:outcome_confirm", args=[outcome.pk]), {"version": 1})
    assert response.status_code == refused(who)
    response = client.post(
        reverse("outcomes:outcome_edit", args=[outcome.pk]),
        {"version": 1, "outcome_type": "employed", "start_date": "2026-05-02"},
    )
    assert response.status_code == refused(who)
    outcome.refresh_from_db()
    assert (outcome.status, outcome.version) == ("proposed", 1)
    assert not OutcomeRevision.objects.filter(outcome=outcome).exists()


def test_confirm_without_evidence_says_why_in_korean(login, world, ledger):
    outcome = ledger.proposed
    outcome.evidence_reference = ""
    outcome.save()
    client = login(world.users["staff_a"])
    response = client.post(
        reverse("outcomes:outcome_confirm", args=[outcome.pk]), {"version": 1}, follow=True
    )
    assert "증빙" in response.content.decode()
    outcome.refresh_from_db()
    assert outcome.status == "proposed"


def test_stale_edit_form_shows_the_conflict(login, world, ledger):
    outcome = ledger.proposed
    Outcome.objects.filter(pk=outcome.pk).update(version=2)  # someone else saved meanwhile
    client = login(world.users["staff_a"])
    response = client.post(
        reverse("outcomes:outcome_edit", args=[outcome.pk]),
        {
            "version": 1,
            "outcome_type": "employed",
            "start_date": "2026-05-02",
            "company_name": "광주에이아이",
            "employment_type": "full_time",
            "insurance": "confirmed",
            "in_field": "on",
            "evidence_reference": "고용보험",
        },
    )
    assert response.status_code == 200
    assert "다른 사람이" in response.content.decode()
    outcome.refresh_from_db()
    assert outcome.start_date.isoformat() == "2026-05-01"


def test_rule_sets_page_lists_versions(login, world):
    response = login(world.users["committee"]).get(reverse("outcomes:rule_sets"))
    body = response.content.decode()
    assert response.status_code == 200
    assert "고용노동부 방식" in body and "사업 목표 취·창업률" in body and "CIRR 방식" in body
    # parameters in words, not their keys and codes (issue 14, Korean)
    assert "numerator_types" not in body and "'employed'" not in body and "True" not in body
    assert "Counted as a success" in body or "성과로 인정하는 결과" in body
