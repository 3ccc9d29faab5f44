"""Hiring demand through the API: a company's system reports and changes its own lines of an
open round (revisions kept, the deadline enforced); the office reads every company's."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.utils import timezone

from careerhub.core.tests import factories as f
from careerhub.hiring.models import DemandLine, DemandRevision, SurveyRound

pytestmark = pytest.mark.django_db


def send(client, method, url, data, **headers):
    return getattr(client, method)(
        url, json.dumps(data), content_type="application/json", headers=headers
    )


@pytest.fixture
def rnd(db):
    now = timezone.now()
    return SurveyRound.objects.create(
        title="2027년 채용 수요 조사",
        opens_at=now - dt.timedelta(days=3),
        closes_at=now + dt.timedelta(days=10),
    )


def test_a_company_reports_and_changes_its_own_demand(api_client, world, keys, rnd):
    f.JobRoleFactory(code="backend")
    f.SkillFactory(code="python")
    company = api_client(keys.company_x)
    rounds = company.get("/api/v1/demand/rounds").json()["items"]
    assert rounds[0]["id"] == rnd.pk and rounds[0]["status"] == "open"
    body = {
        "round_id": rnd.pk,
        "company_id": world.company_x.pk,
        "role": "backend",
        "headcount": 2,
        "earliest_month": "2027-03-15",
        "latest_month": "2027-05-01",
        "skills": [{"skill": "python", "required": True, "level": 3}],
    }
    created = send(company, "post", "/api/v1/demand/lines", body, **{"Idempotency-Key": "d-1"})
    assert created.status_code == 201, created.content
    line = created.json()
    assert line["earliest_month"] == "2027-03-01" and line["skills"][0]["skill"] == "python"
    again = send(company, "post", "/api/v1/demand/lines", body, **{"Idempotency-Key": "d-1"})
    assert again.json()["id"] == line["id"] and DemandLine.objects.count() == 1
    changed = send(company, "patch", f"/api/v1/demand/lines/{line['id']}", {"headcount": 3})
    assert changed.status_code == 200 and changed.json()["headcount"] == 3
    assert changed.json()["skills"] == line["skills"]
    assert DemandRevision.objects.count() == 2
    bad = send(
        company, "patch", f"/api/v1/demand/lines/{line['id']}", {"latest_month": "2027-01-01"}
    )
    assert bad.status_code == 422 and bad.json()["code"] == "window_order"

    # company Y neither sees nor changes it, nor reports for company X
    other = api_client(keys.company_y)
    assert other.get("/api/v1/demand/lines").json()["items"] == []
    assert (
        send(other, "patch", f"/api/v1/demand/lines/{line['id']}", {"headcount": 9}).status_code
        == 404
    )
    assert send(other, "post", "/api/v1/demand/lines", {**body, "role": None}).status_code == 404
    # operators read the summary on the pages, not companies' lines
    assert api_client(keys.operator_a).get("/api/v1/demand/lines").json()["items"] == []
    office = api_client(keys.office).get(f"/api/v1/demand/lines?round_id={rnd.pk}").json()
    assert [x["id"] for x in office["items"]] == [line["id"]]


def test_a_closed_round_refuses_changes(api_client, world, keys, rnd):
    rnd.closes_at = timezone.now() - dt.timedelta(minutes=1)
    rnd.save()
    response = send(
        api_client(keys.company_x),
        "post",
        "/api/v1/demand/lines",
        {
            "round_id": rnd.pk,
            "company_id": world.company_x.pk,
            "headcount": 1,
            "earliest_month": "2027-03-01",
            "latest_month": "2027-03-01",
        },
    )
    assert response.status_code == 422 and response.json()["code"] == "round_closed"
    assert not DemandLine.objects.exists()
