"""Attraction pages and contacts: who may open what (404 otherwise, nothing written)."""

import datetime as dt

import pytest
from django.urls import reverse

from careerhub.companies.models import AttractionTarget, Contact, StageChange
from careerhub.conftest import ROLE_KEYS, every_role, refused, roles_except
from careerhub.core.models import AccessRecord

ATTRACTION = every_role(
    {
        "anonymous": 302,
        "nobody": 404,
        "office": 200,
        "staff_a": 404,
        "staff_b": 404,
        "consultant_a": 404,
        "recruiter_x": 404,
        "recruiter_y": 404,
        "trainee_a1": 404,
        "trainee_b1": 404,
        "committee": 200,
    }
)


@pytest.mark.parametrize("who", ROLE_KEYS)
def test_attraction_page_matrix(as_role, world, who):
    response = as_role(who).get(reverse("companies:attraction"))
    assert response.status_code == ATTRACTION[who]


def test_committee_sees_progress_but_not_the_stalled_list_or_targets_form(login, world):
    response = login(world.users["committee"]).get(reverse("companies:attraction"))
    body = response.content.decode()
    assert "신규 MOU" in body
    assert response.context["stalled"] is None and response.context["target_form"] is None
    before = AttractionTarget.objects.count()
    data = {"target-year": 2026, "target-new_mous": 1, "target-cumulative_mous": 1}
    assert (
        login(world.users["committee"]).post(reverse("companies:attraction"), data).status_code
        == 404
    )
    assert AttractionTarget.objects.count() == before


def test_office_sets_targets_and_sees_progress(login, world):
    client = login(world.users["office"])
    data = {
        "target-year": 2026,
        "target-new_mous": 60,
        "target-cumulative_mous": 310,
        "target-offices": "",
        "target-note": "",
    }
    assert client.post(reverse("companies:attraction") + "?year=2026", data).status_code == 302
    assert AttractionTarget.objects.get(year=2026).cumulative_mous == 310
    body = client.get(reverse("companies:attraction"), {"year": 2026}).content.decode()
    assert "0 / 60" in body and "0 / 310" in body


def test_office_records_a_stage_in_korea_time(login, world):
    client = login(world.users["office"])
    url = reverse("companies:company_stage", args=[world.company_x.pk])
    response = client.post(
        url, {"to_stage": "mou", "effective_at": "2025-12-31T23:30", "note": "협약식"}
    )
    assert response.status_code == 302
    change = StageChange.objects.get(company=world.company_x)
    assert change.effective_at == dt.datetime(2025, 12, 31, 14, 30, tzinfo=dt.UTC)
    assert change.recorded_by == world.users["office"]
    body = client.get(reverse("companies:company_detail", args=[world.company_x.pk])).content
    assert "2025. 12. 31. 23:30" in body.decode()


def test_refused_stage_is_explained_in_korean(login, world):
    client = login(world.users["office"])
    url = reverse("companies:company_stage", args=[world.company_x.pk])
    response = client.post(url, {"to_stage": "office", "effective_at": "2025-01-01T10:00"})
    assert response.status_code == 200
    assert "올바르게 선택해 주세요" in response.content.decode()
    assert not StageChange.objects.exists()


@pytest.mark.parametrize("who", roles_except("office"))
def test_only_office_records_stages(as_role, world, who):
    client = as_role(who)
    url = reverse("companies:company_stage", args=[world.company_x.pk])
    assert client.post(
        url, {"to_stage": "prospect", "effective_at": "2025-01-01T10:00"}
    ).status_code == refused(who)
    assert not StageChange.objects.exists()


def test_stage_history_is_only_on_the_office_page(login, world):
    client = login(world.users["office"])
    client.post(
        reverse("companies:company_stage", args=[world.company_x.pk]),
        {"to_stage": "talks", "effective_at": "2025-01-01T10:00"},
    )
    for who in ("recruiter_x", "staff_a", "staff_b", "committee"):
        body = (
            login(world.users[who])
            .get(reverse("companies:company_detail", args=[world.company_x.pk]))
            .content.decode()
        )
        assert "단계 이력" not in body
    body = (
        login(world.users["office"])
        .get(reverse("companies:company_detail", args=[world.company_x.pk]))
        .content.decode()
    )
    assert "단계 이력" in body and "협의 중" in body


# --- contacts: personal data ----------------------------------------------------------------


@pytest.fixture
def contact(world):
    return Contact.objects.create(
        company=world.company_x, name="정담당", email="jung@x.kr", phone="01098765432"
    )


CONTACTS_SEEN = {"office", "recruiter_x"}


@pytest.mark.parametrize("who", ROLE_KEYS)
def test_contacts_are_shown_only_to_office_and_own_recruiters(as_role, world, contact, who):
    response = as_role(who).get(reverse("companies:company_detail", args=[world.company_x.pk]))
    if response.status_code == refused(who):
        assert who not in CONTACTS_SEEN
        return
    body = response.content.decode()
    assert ("010-9876-5432" in body) is (who in CONTACTS_SEEN)
    logged = AccessRecord.objects.filter(actor=world.users[who], subjects__has_key="contacts")
    assert logged.exists() is (who in CONTACTS_SEEN)


@pytest.mark.parametrize("who", roles_except(*CONTACTS_SEEN))
def test_contact_edit_and_delete_idor(as_role, world, contact, who):
    client = as_role(who)
    args = [world.company_x.pk, contact.pk]
    assert client.get(reverse("companies:contact_edit", args=args)).status_code == refused(who)
    response = client.post(reverse("companies:contact_edit", args=args), {"name": "바뀜"})
    assert response.status_code == refused(who)
    assert client.post(reverse("companies:contact_delete", args=args)).status_code == refused(who)
    contact.refresh_from_db()
    assert contact.name == "정담당"


def test_recruiter_cannot_reach_a_contact_through_own_company_url(login, world, contact):
    """Company Y's recruiter puts X's contact id under Y's URL: 404, nothing changes."""
    client = login(world.users["recruiter_y"])
    args = [world.company_y.pk, contact.pk]
    assert (
        client.post(reverse("companies:contact_edit", args=args), {"name": "바뀜"}).status_code
        == 404
    )
    assert client.post(reverse("companies:contact_delete", args=args)).status_code == 404
    assert Contact.objects.filter(pk=contact.pk, name="정담당").exists()


def test_recruiter_adds_a_main_contact_with_a_checked_phone(login, world, contact):
    client = login(world.users["recruiter_x"])
    url = reverse("companies:contact_create", args=[world.company_x.pk])
    bad = client.post(url, {"name": "새담당", "phone": "12345"})
    assert "올바른 전화번호" in bad.content.decode()
    assert Contact.objects.count() == 1
    ok = client.post(url, {"name": "새담당", "phone": "010-1111-2222", "is_primary": "on"})
    assert ok.status_code == 302
    new = Contact.objects.get(name="새담당")
    assert new.phone == "01011112222" and new.is_primary
    second = client.post(url, {"name": "또담당", "is_primary": "on"})
    assert second.status_code == 302
    assert list(Contact.objects.filter(is_primary=True).values_list("name", flat=True)) == [
        "또담당"
    ]
