"""Cohort plans through the API: start, poll, read placements; the same policies as the
plan pages (the office any cohort, an operator its own trainees, nobody else)."""

from __future__ import annotations

import json

import pytest

from careerhub.core.models import AccessRecord
from careerhub.matching.models import PlanRun
from careerhub.webhooks.models import WebhookDelivery
from careerhub.webhooks.services import webhook_endpoint_create

pytestmark = pytest.mark.django_db


def post(client, url, data, **headers):
    return client.post(url, json.dumps(data), content_type="application/json", headers=headers)


def test_an_operator_starts_polls_and_reads_its_plan(
    api_client, world, mx, keys, immediate_tasks, settings
):
    settings.WEBHOOKS_ALLOW_LOOPBACK = True
    webhook_endpoint_create(
        actor=world.actor("staff_a"),
        name="LMS",
        url="http://127.0.0.1:9/hooks",
        scope="operator",
        operator_id=world.op_a.pk,
        events=["plan.finished"],
    )
    operator = api_client(keys.operator_a)
    started = post(
        operator,
        "/api/v1/plans",
        {"cohort_id": world.course_a.cohort_id, "parameters": {"min_fit": 0.1}},
        **{"Idempotency-Key": "plan-1"},
    )
    assert started.status_code == 202, started.content
    run = started.json()
    assert run["operator_id"] == world.op_a.pk and run["parameters"]["min_fit"] == 0.1
    again = post(
        operator,
        "/api/v1/plans",
        {"cohort_id": world.course_a.cohort_id, "parameters": {"min_fit": 0.1}},
        **{"Idempotency-Key": "plan-1"},
    )
    assert again.json()["id"] == run["id"] and PlanRun.objects.count() == 1

    polled = operator.get(f"/api/v1/plans/{run['id']}")
    assert polled.status_code == 200
    assert polled.json()["status"] == "succeeded" and polled.json()["progress"] == 100
    assert polled.json()["finished_at"].endswith("+09:00")

    placements = operator.get(f"/api/v1/plans/{run['id']}/placements?placed=true")
    assert placements.status_code == 200, placements.content
    items = placements.json()["items"]
    assert {i["trainee_id"] for i in items} <= {mx.t1.pk, mx.t2.pk} and items
    assert all(i["placed"] and i["reason"] and 0 < i["fit"] <= 1 for i in items)
    record = AccessRecord.objects.get(page="api:plan_placements")
    assert record.subjects == {"trainees": [i["trainee_id"] for i in items]}

    listed = operator.get(f"/api/v1/plans?cohort_id={world.course_a.cohort_id}")
    assert [r["id"] for r in listed.json()["items"]] == [run["id"]]
    # the run's end went to the operator's webhook
    assert WebhookDelivery.objects.filter(event_type="plan.finished").count() == 1


@pytest.mark.parametrize("who", ["operator_b", "company_x", "consultant_a"])
def test_others_neither_see_nor_start_an_operators_plan(
    api_client, world, mx, keys, immediate_tasks, who
):
    run = post(
        api_client(keys.operator_a), "/api/v1/plans", {"cohort_id": world.course_a.cohort_id}
    ).json()
    other = api_client(getattr(keys, who))
    assert other.get(f"/api/v1/plans/{run['id']}").status_code == 404
    assert other.get(f"/api/v1/plans/{run['id']}/placements").status_code == 404
    assert other.get("/api/v1/plans").json()["items"] == []
    refused = post(other, "/api/v1/plans", {"cohort_id": world.course_a.cohort_id})
    if who == "operator_b":  # operator B plans its own trainees of the cohort (none placed)
        assert refused.status_code == 202
        assert refused.json()["operator_id"] == world.op_b.pk
    else:
        assert refused.status_code == 404
        assert refused.headers["Content-Type"].startswith("application/problem+json")


def test_bad_parameters_are_a_422_with_field_errors(api_client, world, keys):
    response = post(
        api_client(keys.office),
        "/api/v1/plans",
        {"cohort_id": world.course_a.cohort_id, "parameters": {"min_fit": 3}},
    )
    assert response.status_code == 422
    assert response.json()["code"] == "invalid_request"
    assert not PlanRun.objects.exists()


def test_a_course_of_another_operator_is_not_found(api_client, world, keys):
    response = post(
        api_client(keys.operator_a),
        "/api/v1/plans",
        {"cohort_id": world.course_b.cohort_id, "course_id": world.course_b.pk},
    )
    assert response.status_code == 404
    assert not PlanRun.objects.exists()


def test_no_key_is_a_401(api_client):
    assert api_client().get("/api/v1/plans").status_code == 401
