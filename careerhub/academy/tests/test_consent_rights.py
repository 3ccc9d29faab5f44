"""Issue 12 item 5 and the data-subject rights: what withdrawing each consent stops, the
trainee's own download, correction and erasure requests, and anonymisation."""

from __future__ import annotations

import datetime as dt
import io
import json

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from careerhub.academy import policies, services
from careerhub.academy.errors import AcademyErrorCode
from careerhub.academy.models import Consent, DataRequest, PortfolioLink, Trainee
from careerhub.applications import services as application_services
from careerhub.conftest import ROLE_KEYS, every_role
from careerhub.consulting import policies as consulting_policies
from careerhub.core.models import Event
from careerhub.core.policy import PermissionDenied
from careerhub.core.tests import factories as f
from careerhub.hiring.models import JobPosting
from careerhub.home.navigation import nav_items_for

pytestmark = pytest.mark.django_db

P = Consent.Purpose


def withdraw(world, key, trainee, purpose):
    services.consent_set(actor=world.actor(key), trainee=trainee, purpose=purpose, granted=False)


def codes(exc: ValidationError) -> set[str]:
    found = set()
    if hasattr(exc, "error_dict"):
        for errors in exc.error_dict.values():
            found |= {e.code for e in errors}
    else:
        found |= {e.code for e in exc.error_list}
    return found


@pytest.fixture
def posting(world):
    return JobPosting.objects.create(
        company=world.company_x,
        title="AI 서비스 개발자",
        deadline=timezone.localdate() + dt.timedelta(days=20),
        status="open",
        region="gwangju",
    )


# --- provision to companies: an application already sent keeps the minimum -----------------


def test_after_withdrawal_the_company_keeps_name_and_stage_but_loses_the_profile(
    login, world, posting
):
    t = world.trainee_a1
    t.introduction = "저는 백엔드 개발자가 되고 싶습니다"
    t.save()
    f.consent(t, P.PROVISION_COMPANIES)
    app = application_services.application_create(
        actor=world.actor("trainee_a1"), trainee=t, posting=posting
    )
    recruiter = login(world.users["recruiter_x"])
    detail = reverse("applications:detail", args=[app.pk])
    profile = reverse("applications:profile", args=[app.pk])
    assert profile in recruiter.get(detail).content.decode()
    assert t.introduction in recruiter.get(profile).content.decode()

    withdraw(world, "trainee_a1", t, P.PROVISION_COMPANIES)

    html = recruiter.get(detail).content.decode()
    assert t.name in html and app.get_status_display() in html
    assert profile not in html and t.introduction not in html
    assert recruiter.get(profile).status_code == 404
    assert recruiter.get(reverse("academy:trainee_detail", args=[t.pk])).status_code == 404


# --- provision to the operator: consulting and the employment profile stop -----------------


def test_withdrawing_provision_to_operator_stops_consulting_and_the_profile(login, world):
    t = world.trainee_a1
    t.introduction = "자기소개 문장"
    t.save()
    PortfolioLink.objects.create(trainee=t, label="깃허브", url="https://github.com/example")
    f.consent(t, P.PROVISION_OPERATOR)
    page = reverse("academy:trainee_detail", args=[t.pk])
    assert login(world.users["consultant_a"]).get(page).status_code == 200
    assert consulting_policies.can_book_for(world.actor("trainee_a1"), t)
    assert consulting_policies.can_book_for(world.actor("staff_a"), t)

    withdraw(world, "trainee_a1", t, P.PROVISION_OPERATOR)
    t = Trainee.objects.get(pk=t.pk)

    assert login(world.users["consultant_a"]).get(page).status_code == 404
    html = login(world.users["staff_a"]).get(page).content.decode()
    assert t.name in html and t.email in html  # the training record stays
    assert "자기소개 문장" not in html and "깃허브" not in html
    assert not policies.can_view_trainee_profile(world.actor("staff_a"), t)
    assert "자기소개 문장" in login(world.users["office"]).get(page).content.decode()
    assert not consulting_policies.can_book_for(world.actor("trainee_a1"), t)
    assert not consulting_policies.can_book_for(world.actor("staff_a"), t)
    # giving it again restores both
    services.consent_set(
        actor=world.actor("trainee_a1"), trainee=t, purpose=P.PROVISION_OPERATOR, granted=True
    )
    t = Trainee.objects.get(pk=t.pk)
    assert consulting_policies.can_book_for(world.actor("trainee_a1"), t)
    assert login(world.users["consultant_a"]).get(page).status_code == 200


def test_withdrawing_collection_files_one_erasure_request(world):
    t = world.trainee_a1
    f.consent(t, P.COLLECTION)
    withdraw(world, "trainee_a1", t, P.COLLECTION)
    request = DataRequest.objects.get(trainee=t)
    assert request.kind == DataRequest.Kind.ERASURE and request.is_pending
    assert request.source == DataRequest.Source.CONSENT_WITHDRAWN
    services.consent_set(
        actor=world.actor("trainee_a1"), trainee=t, purpose=P.COLLECTION, granted=True
    )
    withdraw(world, "trainee_a1", t, P.COLLECTION)
    assert DataRequest.objects.filter(trainee=t).count() == 1  # one waiting is enough


# --- requests: create, decide -----------------------------------------------------------------


def test_a_request_needs_its_reason_and_one_waits_at_a_time(world):
    t, actor = world.trainee_a1, world.actor("trainee_a1")
    with pytest.raises(ValidationError) as exc:
        services.data_request_create(actor=actor, trainee=t, kind="correction", reason=" ")
    assert codes(exc.value) == {AcademyErrorCode.REASON_REQUIRED}
    assert not DataRequest.objects.exists()
    services.data_request_create(
        actor=actor, trainee=t, kind="correction", fields="생년월일", reason="날짜가 틀립니다"
    )
    with pytest.raises(ValidationError) as exc:
        services.data_request_create(
            actor=actor, trainee=t, kind="correction", fields="전화", reason="번호가 바뀜"
        )
    assert codes(exc.value) == {AcademyErrorCode.REQUEST_PENDING}
    with pytest.raises(PermissionDenied):  # nobody asks on another trainee's behalf
        services.data_request_create(
            actor=world.actor("trainee_b1"), trainee=t, kind="erasure", reason="x"
        )
    with pytest.raises(PermissionDenied):
        services.data_request_create(
            actor=world.actor("office"), trainee=t, kind="erasure", reason="x"
        )


def test_who_decides_and_a_decision_needs_a_reason(world):
    t = world.trainee_a1
    correction = services.data_request_create(
        actor=world.actor("trainee_a1"), trainee=t, kind="correction", fields="전화", reason="틀림"
    )
    erasure = services.data_request_create(
        actor=world.actor("trainee_a1"), trainee=t, kind="erasure", reason="더 이상 원하지 않음"
    )
    for key in ("staff_b", "consultant_a", "recruiter_x", "committee", "trainee_a1"):
        with pytest.raises(PermissionDenied):
            services.data_request_decide(
                actor=world.actor(key), request=correction, accept=True, reason="ok"
            )
    with pytest.raises(PermissionDenied):  # erasure is the office's decision
        services.data_request_decide(
            actor=world.actor("staff_a"), request=erasure, accept=True, reason="ok"
        )
    with pytest.raises(ValidationError) as exc:
        services.data_request_decide(
            actor=world.actor("staff_a"), request=correction, accept=True, reason=""
        )
    assert codes(exc.value) == {AcademyErrorCode.REASON_REQUIRED}
    correction.refresh_from_db()
    assert correction.is_pending
    services.data_request_decide(
        actor=world.actor("staff_a"), request=correction, accept=True, reason="확인 후 수정"
    )
    correction.refresh_from_db()
    assert correction.status == DataRequest.Status.ACCEPTED
    assert correction.decided_by == world.users["staff_a"] and correction.decided_at
    assert Event.objects.filter(verb="data_request.decided", target_id=str(correction.pk)).exists()
    with pytest.raises(ValidationError) as exc:
        services.data_request_decide(
            actor=world.actor("office"), request=correction, accept=False, reason="again"
        )
    assert codes(exc.value) == {AcademyErrorCode.ALREADY_DECIDED}


def test_accepted_erasure_anonymises_the_trainee_for_good(world, posting):
    t = world.trainee_a1
    t.introduction, t.birth_date = "소개", dt.date(2000, 1, 2)
    t.save()
    PortfolioLink.objects.create(trainee=t, label="깃허브", url="https://github.com/example")
    f.consent(t, P.COLLECTION)
    f.consent(t, P.PROVISION_COMPANIES)
    app = application_services.application_create(
        actor=world.actor("trainee_a1"), trainee=t, posting=posting, cover_note="열심히 하겠습니다"
    )
    user = t.user
    erasure = services.data_request_create(
        actor=world.actor("trainee_a1"), trainee=t, kind="erasure", reason="지워 주세요"
    )
    services.data_request_decide(
        actor=world.actor("office"), request=erasure, accept=True, reason="요청에 따라 삭제"
    )
    t = Trainee.objects.get(pk=t.pk)
    assert t.name == f"삭제된 교육생 #{t.pk}"
    assert world.users["trainee_a1"].email not in t.email and "example.kr" not in t.email
    assert (t.phone, t.birth_date, t.introduction, t.user) == ("", None, "", None)
    assert not t.links.exists()
    assert t.consents.count() == 2 and not t.consents.filter(withdrawn_at__isnull=True).exists()
    assert t.course == world.course_a and t.status == Trainee.Status.ENROLLED  # still counted
    user.refresh_from_db()
    assert not user.is_active and user.name == "" and "trainee_a1" not in user.email
    assert not Trainee.objects.consenting_to_companies().filter(pk=t.pk).exists()
    app.refresh_from_db()  # the application stays for the counts, without the trainee's text
    assert app.cover_note == "" and app.posting == posting
    with pytest.raises(ValidationError) as exc:
        services.trainee_anonymise(actor=world.actor("office"), trainee=t, reason="again")
    assert codes(exc.value) == {AcademyErrorCode.ALREADY_ANONYMISED}
    with pytest.raises(PermissionDenied):
        services.trainee_anonymise(
            actor=world.actor("staff_b"), trainee=world.trainee_b1, reason="x"
        )


# --- pages: matrices ---------------------------------------------------------------------------

DETAIL = every_role(
    {
        "anonymous": 302,
        "nobody": 404,
        "office": 200,
        "staff_a": 200,  # the trainee's operator: corrections
        "staff_b": 404,  # another operator
        "consultant_a": 404,
        "recruiter_x": 404,
        "recruiter_y": 404,
        "trainee_a1": 404,  # their own requests are on "My personal data"
        "trainee_b1": 404,  # another trainee's
        "committee": 404,
    }
)


@pytest.mark.parametrize("key", ROLE_KEYS)
def test_the_request_page(as_role, world, key):
    request = services.data_request_create(
        actor=world.actor("trainee_a1"),
        trainee=world.trainee_a1,
        kind="correction",
        fields="전화",
        reason="틀림",
    )
    url = reverse("academy:data_request_detail", args=[request.pk])
    assert as_role(key).get(url).status_code == DETAIL[key]


def test_an_erasure_request_is_not_the_operators(as_role, world):
    request = services.data_request_create(
        actor=world.actor("trainee_a1"), trainee=world.trainee_a1, kind="erasure", reason="x"
    )
    url = reverse("academy:data_request_detail", args=[request.pk])
    assert as_role("staff_a").get(url).status_code == 404
    assert as_role("office").get(url).status_code == 200


QUEUE = every_role(
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


@pytest.mark.parametrize("key", ROLE_KEYS)
def test_the_queue(as_role, world, key):
    services.data_request_create(
        actor=world.actor("trainee_a1"),
        trainee=world.trainee_a1,
        kind="correction",
        fields="전화",
        reason="틀림",
    )
    response = as_role(key).get(reverse("academy:data_request_queue"))
    assert response.status_code == QUEUE[key]
    if key in ("office", "staff_a", "staff_b"):
        listed = world.trainee_a1.name in response.content.decode()
        assert listed == (key != "staff_b")
    menu = {i.key for i in nav_items_for(world.actor(key), world.users.get(key))}
    assert ("data_requests" in menu) == (QUEUE[key] == 200)


MY_DATA = every_role(
    {
        "anonymous": 302,
        "nobody": 404,
        "office": 404,
        "staff_a": 404,
        "staff_b": 404,
        "consultant_a": 404,
        "recruiter_x": 404,
        "recruiter_y": 404,
        "trainee_a1": 200,
        "trainee_b1": 200,
        "committee": 404,
    }
)


@pytest.mark.parametrize("key", ROLE_KEYS)
def test_my_data_page_and_downloads(as_role, world, key):
    services.data_request_create(
        actor=world.actor("trainee_a1"), trainee=world.trainee_a1, kind="erasure", reason="비밀사유"
    )
    client = as_role(key)
    response = client.get(reverse("academy:my_data"))
    assert response.status_code == MY_DATA[key]
    for fmt in ("json", "xlsx"):
        url = reverse("academy:my_data_download", args=[fmt])
        assert client.get(url).status_code == MY_DATA[key]
    if key == "trainee_b1":  # their own page, never another trainee's request
        assert "비밀사유" not in response.content.decode()
    if key == "trainee_a1":
        assert "비밀사유" in response.content.decode()


def test_the_trainee_asks_and_sees_the_decision(login, world):
    client = login(world.users["trainee_a1"])
    url = reverse("academy:my_data")
    response = client.post(url, {"kind": "correction", "fields": "", "reason": "틀림"})
    assert response.status_code == 200 and not DataRequest.objects.exists()  # fields missing
    client.post(url, {"kind": "correction", "fields": "전화번호", "reason": "번호가 바뀌었습니다"})
    request = DataRequest.objects.get()
    office = login(world.users["office"])
    office.post(
        reverse("academy:data_request_detail", args=[request.pk]),
        {"decision": "refuse", "reason": "증빙이 필요합니다"},
    )
    request.refresh_from_db()
    assert request.status == DataRequest.Status.REFUSED
    html = login(world.users["trainee_a1"]).get(url).content.decode()
    assert "증빙이 필요합니다" in html
    profile = login(world.users["trainee_a1"]).get(
        reverse("academy:trainee_detail", args=[world.trainee_a1.pk])
    )
    assert url in profile.content.decode()  # linked from the trainee's profile


def test_the_download_holds_everything_and_is_recorded(login, world, posting):
    t = world.trainee_a1
    t.introduction = '=HYPERLINK("http://evil.example")'
    t.save()
    f.consent(t, P.PROVISION_COMPANIES)
    application_services.application_create(
        actor=world.actor("trainee_a1"), trainee=t, posting=posting
    )
    client = login(world.users["trainee_a1"])
    data = json.loads(client.get(reverse("academy:my_data_download", args=["json"])).content)
    assert data["profile"]["name"] == t.name and data["profile"]["email"] == t.email
    assert data["consents"][0]["granted_at"] and data["consents"][0]["withdrawn_at"] is None
    assert data["applications"][0]["posting"] == posting.title
    assert data["applications"][0]["stage"]
    assert {"consulting_bookings", "outcomes", "intake_application"} <= set(data)
    events = Event.objects.filter(kind=Event.Kind.DOWNLOAD, target_id=str(t.pk))
    assert events.count() == 1 and events.get().actor == world.users["trainee_a1"]
    body = client.get(reverse("academy:my_data_download", args=["xlsx"])).content
    wb = load_workbook(io.BytesIO(body))
    cells = {c.value: c.data_type for row in wb["profile"].iter_rows() for c in row}
    assert cells[t.introduction] == "s"  # the trainee's text, never a formula
    assert events.count() == 2
