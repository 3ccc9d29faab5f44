"""The conventions every operation follows: cursor pagination, ETag / If-Match (428, 412),
idempotency keys, problem+json for every error, CSRF for the browser session — and the
contract that an API move and a page move of one application conflict the same way."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.core.exceptions import ValidationError
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import timezone

from careerhub.api import errors
from careerhub.api.models import IdempotencyRecord
from careerhub.applications.errors import ApplicationsErrorCode
from careerhub.applications.models import Application, StageChange
from careerhub.hiring.models import JobPosting

pytestmark = pytest.mark.django_db


def post(client, url, data, **headers):
    return client.post(url, json.dumps(data), content_type="application/json", headers=headers)


def _postings(world, n):
    deadline = timezone.localdate() + dt.timedelta(days=10)
    return [
        JobPosting.objects.create(
            company=world.company_x, title=f"공고 {i}", deadline=deadline, status="open"
        )
        for i in range(n)
    ]


def test_cursor_pagination_walks_every_row_once(api_client, world, keys):
    made = {p.pk for p in _postings(world, 5)}
    client = api_client(keys.company_x)
    seen, url, pages = [], f"/api/v1/postings?limit=2&company_id={world.company_x.pk}", 0
    while url:
        response = client.get(url)
        assert response.status_code == 200, response.content
        body = response.json()
        assert len(body["items"]) <= 2
        seen += [p["id"] for p in body["items"]]
        url, pages = body["next"], pages + 1
        # a row added meanwhile (newer than the cursor) never shows up twice
        if pages == 1:
            _postings(world, 1)
    assert pages == 3
    assert len(seen) == len(set(seen)) == 5 and set(seen) == made


@pytest.mark.parametrize(
    ("query", "field"),
    [("limit=0", "limit"), ("limit=101", "limit"), ("cursor=forged", "cursor")],
)
def test_bad_page_parameters_are_field_problems(api_client, keys, query, field):
    response = api_client(keys.company_x).get(f"/api/v1/postings?{query}")
    assert response.status_code == 422
    assert response["Content-Type"].startswith("application/problem+json")
    body = response.json()
    assert body["code"] == "invalid_request"
    assert [e["field"] for e in body["errors"]] == [field]


def test_a_cursor_of_one_list_is_refused_by_another(api_client, world, keys, mx):
    _postings(world, 3)
    client = api_client(keys.office)
    cursor = client.get("/api/v1/postings?limit=1").json()["next"].split("cursor=")[1]
    cursor = cursor.split("&")[0]
    response = client.get(f"/api/v1/applications?cursor={cursor}")
    assert response.status_code == 422


def _application(mx):
    return Application.objects.create(trainee=mx.t1, posting=mx.p1)


def test_etag_and_if_match(api_client, mx, keys):
    application = _application(mx)
    client = api_client(keys.company_x)
    url = f"/api/v1/applications/{application.pk}"
    assert client.get(url)["ETag"] == '"1"'
    moves = f"{url}/moves"
    missing = post(client, moves, {"to_status": "document_pass"})
    assert (missing.status_code, missing.json()["code"]) == (428, "precondition_required")
    stale = post(client, moves, {"to_status": "document_pass"}, **{"If-Match": '"7"'})
    assert (stale.status_code, stale.json()["code"]) == (412, "precondition_failed")
    assert stale["ETag"] == '"1"'
    application.refresh_from_db()
    assert (application.status, application.version) == ("applied", 1)
    assert not StageChange.objects.filter(application=application).exists()
    moved = post(client, moves, {"to_status": "document_pass"}, **{"If-Match": '"1"'})
    assert (moved.status_code, moved["ETag"]) == (200, '"2"')


def test_page_move_then_api_move_with_the_old_etag_is_412(api_client, login, world, mx, keys):
    application = _application(mx)
    etag = api_client(keys.company_x).get(f"/api/v1/applications/{application.pk}")["ETag"]
    page = login(world.users["recruiter_x"])
    moved = page.post(
        reverse("applications:move", args=[application.pk]),
        {"to_status": "document_pass", "version": 1},
    )
    assert moved.status_code == 302
    response = post(
        api_client(keys.company_x),
        f"/api/v1/applications/{application.pk}/moves",
        {"to_status": "rejected", "reason": "다른 지원자 선택"},
        **{"If-Match": etag},
    )
    assert response.status_code == 412
    application.refresh_from_db()
    assert application.status == "document_pass"


def test_api_move_then_page_move_with_the_old_version_is_the_pages_conflict(
    api_client, login, world, mx, keys
):
    application = _application(mx)
    response = post(
        api_client(keys.company_x),
        f"/api/v1/applications/{application.pk}/moves",
        {"to_status": "document_pass"},
        **{"If-Match": '"1"'},
    )
    assert response.status_code == 200
    page = login(world.users["recruiter_x"])
    refused = page.post(
        reverse("applications:move", args=[application.pk]),
        {"to_status": "rejected", "version": 1, "reason": "x"},
    )
    assert refused.status_code == 400
    form_errors = refused.context["move_form"].non_field_errors().as_data()
    assert [e.code for e in form_errors] == [ApplicationsErrorCode.STALE_VERSION]
    application.refresh_from_db()
    assert (application.status, application.version) == ("document_pass", 2)


def test_a_stale_version_found_by_the_service_is_412_with_its_code():
    request = RequestFactory().post("/api/v1/applications/1/moves")
    exc = ValidationError("changed meanwhile", code=ApplicationsErrorCode.STALE_VERSION)
    response = errors.on_service_invalid(request, exc)
    assert response.status_code == 412
    assert json.loads(response.content)["code"] == "stale_version"


def _posting_body(world, title="데이터 엔지니어"):
    deadline = (timezone.localdate() + dt.timedelta(days=20)).isoformat()
    return {"company_id": world.company_x.pk, "title": title, "deadline": deadline}


def test_idempotency_key_replays_the_first_answer(api_client, world, keys):
    client = api_client(keys.company_x)
    first = post(client, "/api/v1/postings", _posting_body(world), **{"Idempotency-Key": "k-1"})
    again = post(client, "/api/v1/postings", _posting_body(world), **{"Idempotency-Key": "k-1"})
    assert first.status_code == again.status_code == 201
    assert first.content == again.content and again["Idempotent-Replayed"] == "true"
    assert JobPosting.objects.filter(title="데이터 엔지니어").count() == 1
    other = post(
        client, "/api/v1/postings", _posting_body(world, "다른 공고"), **{"Idempotency-Key": "k-1"}
    )
    assert (other.status_code, other.json()["code"]) == (422, "idempotency_key_reused")
    assert not JobPosting.objects.filter(title="다른 공고").exists()
    # without a key, every request creates
    post(client, "/api/v1/postings", _posting_body(world))
    post(client, "/api/v1/postings", _posting_body(world))
    assert JobPosting.objects.filter(title="데이터 엔지니어").count() == 3


def test_idempotency_keys_are_per_caller_and_expire(api_client, world, keys):
    post(
        api_client(keys.company_x),
        "/api/v1/postings",
        _posting_body(world),
        **{"Idempotency-Key": "shared"},
    )
    office = post(
        api_client(keys.office),
        "/api/v1/postings",
        _posting_body(world),
        **{"Idempotency-Key": "shared"},
    )
    assert office.status_code == 201 and "Idempotent-Replayed" not in office
    IdempotencyRecord.objects.update(created_at=timezone.now() - dt.timedelta(hours=25))
    late = post(
        api_client(keys.company_x),
        "/api/v1/postings",
        _posting_body(world),
        **{"Idempotency-Key": "shared"},
    )
    assert late.status_code == 201 and "Idempotent-Replayed" not in late
    assert JobPosting.objects.filter(title="데이터 엔지니어").count() == 3


def test_session_writes_need_the_csrf_token(world):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.users["recruiter_x"])
    refused = post(client, "/api/v1/postings", _posting_body(world))
    assert refused.status_code == 403
    assert refused["Content-Type"].startswith("application/problem+json")
    client.get("/api/v1/docs")  # sets the csrftoken cookie
    token = client.cookies["csrftoken"].value
    accepted = post(client, "/api/v1/postings", _posting_body(world), **{"X-CSRFToken": token})
    assert accepted.status_code == 201, accepted.content


def test_service_refusal_is_a_problem_with_the_apps_code_and_field(api_client, world, keys):
    body = {**_posting_body(world), "deadline": "2020-01-01"}
    response = post(api_client(keys.company_x), "/api/v1/postings", body)
    assert response.status_code == 422
    problem = response.json()
    assert problem["code"] == "deadline_past"
    assert problem["errors"][0]["field"] == "deadline"
    assert problem["type"] == "urn:careerhub:problem:deadline_past"


@pytest.mark.parametrize(
    "url",
    ["/api/v1/postings/99999999999999999999", "/api/v1/postings?company_id=99999999999999999999"],
)
def test_an_id_too_large_for_the_database_is_a_field_problem(api_client, keys, url):
    response = api_client(keys.office).get(url)
    assert response.status_code == 422
    assert response.json()["code"] == "invalid_request"


def test_an_overflow_anywhere_is_a_422_not_a_500():
    request = RequestFactory().get("/api/v1/whatever?x=1")
    response = errors.on_overflow(request, OverflowError("Python int too large"))
    assert response.status_code == 422
    assert json.loads(response.content)["code"] == "invalid_request"
