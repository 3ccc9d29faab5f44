"""Match days (rank lists both sides, results) and companies (the pipeline stage only for the
program office) through the API, with the other organisation's keys refused as 404."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.utils import timezone

from careerhub.companies.models import Stage
from careerhub.core.models import AccessRecord
from careerhub.matching import services
from careerhub.matching.models import RankList

pytestmark = pytest.mark.django_db


def put(client, url, data):
    return client.put(url, json.dumps(data), content_type="application/json")


@pytest.fixture
def day(world, mx):
    now = timezone.now()
    return services.match_day_create(
        actor=world.actor("office"),
        title="매칭데이",
        held_on=timezone.localdate() + dt.timedelta(days=5),
        interview_at=now + dt.timedelta(days=5),
        interview_place="광주 AI 센터",
        deadline=now + dt.timedelta(days=2),
        postings={mx.p1.pk: 1, mx.p2.pk: 1},
        trainee_ids=[mx.t1.pk, world.trainee_b1.pk],
    )


def test_rank_lists_of_both_sides_and_results(api_client, world, mx, keys, day):
    base = f"/api/v1/match-days/{day.pk}"
    company = api_client(keys.company_x)
    listed = company.get("/api/v1/match-days").json()["items"]
    assert [d["id"] for d in listed] == [day.pk]
    assert listed[0]["current_round"]["status"] == "ranking"
    submitted = put(company, f"{base}/rank-lists/postings/{mx.p1.pk}", {"ordered_ids": [mx.t1.pk]})
    assert submitted.status_code == 200, submitted.content
    assert RankList.objects.filter(posting=mx.p1).count() == 1
    read = company.get(f"{base}/rank-lists/postings/{mx.p1.pk}").json()
    assert read == {"round": 1, "ordered_ids": [mx.t1.pk]}
    assert AccessRecord.objects.get(page="api:rank_list_posting_read").subjects == {
        "trainees": [mx.t1.pk]
    }
    # company X cannot rank company Y's posting, nor read it
    assert company.get(f"{base}/rank-lists/postings/{mx.p2.pk}").status_code == 404
    assert (
        put(company, f"{base}/rank-lists/postings/{mx.p2.pk}", {"ordered_ids": []}).status_code
        == 404
    )
    # a trainee's list through the office key (organiser); a posting outside the round: 422
    office = api_client(keys.office)
    url = f"{base}/rank-lists/trainees/{mx.t1.pk}"
    assert put(office, url, {"ordered_ids": [mx.p1.pk, mx.p2.pk]}).status_code == 200
    assert office.get(url).json()["ordered_ids"] == [mx.p1.pk, mx.p2.pk]
    bad = put(office, url, {"ordered_ids": [mx.p3.pk]})
    assert bad.status_code == 422 and bad.json()["code"] == "not_in_round"
    dup = put(office, url, {"ordered_ids": [mx.p1.pk, mx.p1.pk]})
    assert dup.status_code == 422 and dup.json()["code"] == "duplicate_choice"
    assert office.get(url).json()["ordered_ids"] == [mx.p1.pk, mx.p2.pk]  # unchanged
    # operator B's key: not an organiser, and trainee A1 is not its trainee
    assert api_client(keys.operator_b).get(url).status_code == 404
    # results: empty until the round is matched; organisers only while under review
    assert office.get(f"{base}/results").json()["items"] == []
    assert company.get(f"{base}/results").json()["items"] == []


def test_companies_show_the_stage_to_the_office_only(api_client, world, keys):
    world.company_x.stage = Stage.MOU
    world.company_x.stage_since = timezone.now()
    world.company_x.save()
    office = api_client(keys.office).get(f"/api/v1/companies/{world.company_x.pk}").json()
    assert office["stage"] == "mou" and office["stage_since"].endswith("+09:00")
    operator = api_client(keys.operator_a)
    read = operator.get(f"/api/v1/companies/{world.company_x.pk}").json()
    assert read["stage"] is None and read["stage_since"] is None
    listed = operator.get("/api/v1/companies").json()["items"]
    assert {c["id"] for c in listed} == {world.company_x.pk, world.company_y.pk}
    assert all(c["stage"] is None for c in listed)
    company = api_client(keys.company_x)
    assert [c["id"] for c in company.get("/api/v1/companies").json()["items"]] == [
        world.company_x.pk
    ]
    assert company.get(f"/api/v1/companies/{world.company_y.pk}").status_code == 404
    history = f"/api/v1/companies/{world.company_x.pk}/stages"
    assert api_client(keys.office).get(history).status_code == 200
    assert operator.get(history).status_code == 404
    assert company.get(history).status_code == 404
    staged = api_client(keys.office).get("/api/v1/companies?stage=mou").json()["items"]
    assert [c["id"] for c in staged] == [world.company_x.pk]
