"""Read-only areas of the API (cohorts, courses, rates, recommendations, the gap table): each
key sees exactly what the pages show its organisation; another organisation's object is a 404,
as a missing one; personal data reads are access records."""

from __future__ import annotations

import pytest

from careerhub.core.models import AccessRecord

pytestmark = pytest.mark.django_db


def test_cohorts_and_courses_per_key(api_client, world, keys):
    cohort = world.course_a.cohort_id
    office = api_client(keys.office)
    assert [c["id"] for c in office.get("/api/v1/cohorts").json()["items"]] == [cohort]
    operator_a = api_client(keys.operator_a)
    assert operator_a.get(f"/api/v1/cohorts/{cohort}").json()["employment_target"] == "0.750"
    courses = operator_a.get("/api/v1/courses").json()["items"]
    assert [c["id"] for c in courses] == [world.course_a.pk]
    assert courses[0]["enrolled"] is not None and courses[0]["operator_id"] == world.op_a.pk
    assert operator_a.get(f"/api/v1/courses/{world.course_b.pk}").status_code == 404
    assert (
        api_client(keys.operator_b).get(f"/api/v1/courses/{world.course_b.pk}").status_code == 200
    )
    company = api_client(keys.company_x)
    assert company.get("/api/v1/cohorts").json()["items"] == []
    assert company.get(f"/api/v1/cohorts/{cohort}").status_code == 404
    assert company.get("/api/v1/courses").json()["items"] == []
    filtered = office.get(f"/api/v1/courses?cohort_id={cohort}").json()["items"]
    assert {c["id"] for c in filtered} == {world.course_a.pk, world.course_b.pk}


def test_rates_for_staff_never_for_companies(api_client, world, keys):
    office = api_client(keys.office).get("/api/v1/rates?as_of=2026-12-01")
    assert office.status_code == 200, office.content
    table = office.json()
    assert table["as_of"] == "2026-12-01"
    assert {r["level"] for r in table["rows"]} <= {"cohort", "operator", "course"}
    for row in table["rows"]:
        assert len(row["figures"]) == len(table["rules"])
    operator = api_client(keys.operator_a).get("/api/v1/rates").json()
    labels = {r["label"] for r in operator["rows"] if r["level"] == "operator"}
    assert labels <= {str(world.op_a)}
    assert api_client(keys.company_x).get("/api/v1/rates").status_code == 404
    assert api_client(keys.company_x).get("/api/v1/rule-sets").status_code == 404
    assert api_client(keys.office).get("/api/v1/rule-sets").status_code == 200
    far = api_client(keys.office).get("/api/v1/rates?as_of=0001-01-01")
    assert far.status_code == 422 and far.json()["errors"][0]["field"].endswith("as_of")


def test_recommendations_with_reasons_for_the_trainees_people(api_client, world, mx, keys):
    url = f"/api/v1/trainees/{mx.t1.pk}/recommendations"
    response = api_client(keys.operator_a).get(url)
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["trainee_id"] == mx.t1.pk and body["items"]
    top = body["items"][0]
    assert top["rank"] == 1 and top["reason"] and top["reason_en"] and 0 < top["fit"] <= 1
    assert body["computed_at"].endswith("+09:00")
    record = AccessRecord.objects.get(page="api:recommendation_list")
    assert record.subjects == {"trainees": [mx.t1.pk]}
    for who in ("operator_b", "company_x", "company_y"):
        assert api_client(getattr(keys, who)).get(url).status_code == 404, who


def test_gap_table_for_staff_only(api_client, world, mx, keys):
    response = api_client(keys.office).get("/api/v1/gaps?months=6")
    assert response.status_code == 200, response.content
    table = response.json()
    assert len(table["months"]) == 6
    assert table["total_demand"] == sum(r["demand"] for r in table["rows"])
    assert all(len(r["cells"]) == 6 for r in table["rows"])
    assert api_client(keys.operator_a).get("/api/v1/gaps").status_code == 200
    assert api_client(keys.company_x).get("/api/v1/gaps").status_code == 404
    bad = api_client(keys.office).get("/api/v1/gaps?months=40")
    assert bad.status_code == 422 and bad.json()["code"] == "invalid_request"


def test_no_key_is_a_401(api_client):
    for url in ("/api/v1/cohorts", "/api/v1/courses", "/api/v1/rates", "/api/v1/gaps"):
        response = api_client().get(url)
        assert response.status_code == 401, url
