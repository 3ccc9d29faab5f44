"""The two flows of issue 15's "Done when", each through the API with its key alone:

- a company's system publishes a posting, reads its consenting candidates with reasons, moves
  an application to hired and reads the outcome of the hire;
- an operator's system reads its trainees and reports an outcome with evidence.
"""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from careerhub.academy.models import Consent, Trainee
from careerhub.api.models import ApiKey
from careerhub.applications.models import Application
from careerhub.core.models import AccessRecord, Event
from careerhub.outcomes.models import Outcome

pytestmark = pytest.mark.django_db


def post(client, url, data, **headers):
    return client.post(url, json.dumps(data), content_type="application/json", headers=headers)


def test_company_publishes_a_posting_and_reads_consenting_candidates(api_client, world, mx, keys):
    company = api_client(keys.company_x)
    deadline = (timezone.localdate() + dt.timedelta(days=20)).isoformat()
    created = post(
        company,
        "/api/v1/postings",
        {
            "company_id": world.company_x.pk,
            "title": "AI 백엔드 개발자",
            "role": "backend",
            "region": "gwangju",
            "headcount": 2,
            "deadline": deadline,
            "skills": [{"skill": "python", "required": True, "level": 3}],
        },
    )
    assert created.status_code == 201, created.content
    posting = created.json()
    assert posting["status"] == "draft" and posting["skills"][0]["skill"] == "python"
    assert posting["created_at"].endswith("+09:00")
    opened = post(company, f"/api/v1/postings/{posting['id']}/status", {"status": "open"})
    assert opened.status_code == 200, opened.content
    assert opened.json()["status"] == "open" and opened.json()["published_at"]

    # one of the two consenting trainees withdraws: the company no longer sees them
    Consent.objects.filter(trainee=mx.t2).update(withdrawn_at=timezone.now())
    listed = company.get(f"/api/v1/postings/{posting['id']}/candidates")
    assert listed.status_code == 200, listed.content
    candidates = listed.json()
    shown = [c["trainee_id"] for c in candidates]
    consenting = set(Trainee.objects.consenting_to_companies().values_list("pk", flat=True))
    assert mx.t1.pk in shown and mx.t2.pk not in shown and set(shown) <= consenting
    assert all(c["reason"] and c["reason_en"] and 0 < c["fit"] <= 1 for c in candidates)
    record = AccessRecord.objects.get(page="api:posting_candidates")
    assert record.actor == world.users["recruiter_x"]
    assert record.subjects == {"trainees": shown}
    assert record.detail["api_key"] == ApiKey.objects.get(acts_for=world.users["recruiter_x"]).pk
    assert Event.objects.get(verb="posting.created").data["api_key"]

    # the other company's key sees neither the draft's candidates nor may it edit
    other = api_client(keys.company_y)
    assert other.get(f"/api/v1/postings/{posting['id']}/candidates").status_code == 404
    patch = other.patch(
        f"/api/v1/postings/{posting['id']}", {"title": "x"}, content_type="application/json"
    )
    assert patch.status_code == 404
    closed = post(company, f"/api/v1/postings/{posting['id']}/status", {"status": "closed"})
    assert closed.json()["status"] == "closed"


def _move(client, application_id, etag, **data):
    return post(client, f"/api/v1/applications/{application_id}/moves", data, **{"If-Match": etag})


def test_company_moves_an_application_to_hired_and_reads_the_outcome(api_client, world, mx, keys):
    operator = api_client(keys.operator_a)
    created = post(
        operator,
        "/api/v1/applications",
        {
            "trainee_id": mx.t1.pk,
            "posting_id": mx.p1.pk,
            "behalf_consent": "2026-03-02 상담 중 구두 동의",
        },
    )
    assert created.status_code == 201, created.content
    application_id = created.json()["id"]
    etag = created["ETag"]
    company = api_client(keys.company_x)
    interview = (timezone.now() + dt.timedelta(days=3)).isoformat()
    steps = [
        ({"to_status": "document_pass"}, company),
        (
            {
                "to_status": "interview_scheduled",
                "interview_at": interview,
                "interview_place": "본사",
            },
            company,
        ),
        ({"to_status": "interview_done"}, company),
        ({"to_status": "offer", "offer_salary": 38_000_000}, company),
        ({"to_status": "accepted"}, operator),  # the trainee's side accepts (staff for them)
        ({"to_status": "hired", "start_date": "2027-01-04"}, company),
    ]
    for data, client in steps:
        response = _move(client, application_id, etag, **data)
        assert response.status_code == 200, (data, response.content)
        assert response.json()["status"] == data["to_status"]
        assert response["ETag"] != etag
        etag = response["ETag"]
    read = company.get(f"/api/v1/applications/{application_id}")
    assert read.status_code == 200
    body = read.json()
    assert body["status"] == "hired" and body["start_date"] == "2027-01-04"
    assert body["outcome"]["status"] == "proposed"
    assert body["interview_at"].endswith("+09:00")
    assert [h["to_status"] for h in body["history"]][-1] == "hired"
    outcome = Outcome.objects.get(pk=body["outcome"]["id"])
    assert outcome.company_id == world.company_x.pk
    # a company never reads the outcome ledger itself, as on the pages
    assert company.get(f"/api/v1/outcomes/{outcome.pk}").status_code == 404
    moved = Event.objects.filter(verb="application.moved", target_id=str(application_id))
    assert all(e.actor_id and e.data.get("api_key") for e in moved)


def test_company_key_cannot_move_for_the_trainee_or_another_company(api_client, world, mx, keys):
    application = Application.objects.create(trainee=mx.t1, posting=mx.p1, status="offer")
    company = api_client(keys.company_x)
    refused = _move(company, application.pk, '"1"', to_status="accepted")
    assert refused.status_code == 422
    assert refused.json()["code"] == "illegal_transition"
    assert (
        _move(
            api_client(keys.company_y), application.pk, '"1"', to_status="rejected", reason="x"
        ).status_code
        == 404
    )


def test_operator_reads_its_trainees_and_reports_an_outcome(api_client, world, keys, private_root):
    operator = api_client(keys.operator_a)
    listed = operator.get("/api/v1/trainees")
    assert listed.status_code == 200, listed.content
    ids = {t["id"] for t in listed.json()["items"]}
    assert ids == {world.trainee_a1.pk, world.trainee_a2.pk}
    assert AccessRecord.objects.filter(page="api:trainee_list", action="list").exists()
    detail = operator.get(f"/api/v1/trainees/{world.trainee_a1.pk}").json()
    assert detail["contact"]["email"] == world.trainee_a1.email
    assert {c["purpose"] for c in detail["consents"]} == set(Consent.Purpose.values)
    assert operator.get(f"/api/v1/trainees/{world.trainee_b1.pk}").status_code == 404

    reported = post(
        operator,
        "/api/v1/outcomes",
        {
            "trainee_id": world.trainee_a2.pk,
            "outcome_type": "employed",
            "start_date": "2026-12-01",
            "company_name": "광주에이아이",
            "employment_type": "full_time",
            "insurance": "confirmed",
        },
    )
    assert reported.status_code == 201, reported.content
    outcome = reported.json()
    assert outcome["status"] == "proposed"
    pdf = SimpleUploadedFile("재직증명서.pdf", b"%PDF-1.4 test", content_type="application/pdf")
    uploaded = operator.post(
        f"/api/v1/outcomes/{outcome['id']}/evidence",
        {"evidence_file": pdf},
        headers={"If-Match": reported["ETag"]},
    )
    assert uploaded.status_code == 200, uploaded.content
    assert uploaded.json()["has_evidence_file"]
    stored = Outcome.objects.get(pk=outcome["id"])
    assert (private_root / stored.evidence_file.name).read_bytes() == b"%PDF-1.4 test"
    confirmed = post(
        operator, f"/api/v1/outcomes/{outcome['id']}/confirm", {}, **{"If-Match": uploaded["ETag"]}
    )
    assert confirmed.status_code == 200, confirmed.content
    assert confirmed.json()["status"] == "confirmed"
    # the other operator neither reads nor reports for operator A's trainees
    other = api_client(keys.operator_b)
    assert other.get(f"/api/v1/outcomes/{outcome['id']}").status_code == 404
    refused = post(
        other,
        "/api/v1/outcomes",
        {
            "trainee_id": world.trainee_a2.pk,
            "outcome_type": "still_seeking",
            "start_date": "2026-12-01",
        },
    )
    assert refused.status_code == 404


def test_company_key_sees_only_consenting_trainees_without_contact(api_client, world, keys):
    company = api_client(keys.company_x)
    ids = {t["id"] for t in company.get("/api/v1/trainees").json()["items"]}
    assert ids == {world.trainee_b1.pk}  # the only one who consented to companies
    detail = company.get(f"/api/v1/trainees/{world.trainee_b1.pk}").json()
    assert detail["contact"] is None
    assert company.get(f"/api/v1/trainees/{world.trainee_a1.pk}").status_code == 404
