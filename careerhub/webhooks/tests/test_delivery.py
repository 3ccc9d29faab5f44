"""Webhook deliveries end to end: the event log's subscriber writes outbox rows in the change's
transaction, only for endpoints whose scope may see the object; the outbox's transport POSTs
them, signed (Standard Webhooks), to a real HTTP server the test starts on 127.0.0.1."""

from __future__ import annotations

import datetime as dt
import json
import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone

from careerhub.applications import services as applications
from careerhub.core.errors import error_codes
from careerhub.core.models import event_record
from careerhub.core.policy import PermissionDenied
from careerhub.hiring import services as hiring
from careerhub.matching.models import PlanRun
from careerhub.matching.services import plans
from careerhub.messaging import services as outbox
from careerhub.messaging.models import Message
from careerhub.outcomes import services as outcomes
from careerhub.outcomes.models import Insurance, Outcome, OutcomeType
from careerhub.webhooks import catalogue, services, signing
from careerhub.webhooks.errors import WebhooksErrorCode
from careerhub.webhooks.models import WebhookDelivery, WebhookEndpoint
from careerhub.webhooks.transport import WebhookTransport

pytestmark = pytest.mark.django_db


def test_signatures_match_the_standard_webhooks_reference_vector():
    """The specification's libraries' test vector (secret, id, timestamp, payload → v1,…)."""
    assert (
        signing.signature(
            secret="whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
            msg_id="msg_p5jXN8AQM9LWM0D4loKWxJek",
            timestamp=1614265330,
            body=b'{"test": 2432232314}',
        )
        == "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="
    )


def _apply_and_move(world, posting, to="document_pass"):
    app = applications.application_create(
        actor=world.actor("trainee_a1"), trainee=world.trainee_a1, posting=posting
    )
    return applications.application_move(
        actor=world.actor("recruiter_x"), application=app, to_status=to, expected_version=1
    )


def _endpoints(world, make_endpoint):
    return {
        "office": make_endpoint("office")[0],
        "op_a": make_endpoint("operator", who="staff_a", operator_id=world.op_a.pk)[0],
        "op_b": make_endpoint("operator", who="staff_b", operator_id=world.op_b.pk)[0],
        "x": make_endpoint("company", company_id=world.company_x.pk)[0],
        "y": make_endpoint("company", company_id=world.company_y.pk)[0],
    }


def _receivers(event_type: str) -> set[int]:
    return set(
        WebhookDelivery.objects.filter(event_type=event_type).values_list("endpoint_id", flat=True)
    )


def test_an_application_move_reaches_only_the_scopes_that_see_it_signed(
    world, posting_x, receiver, make_endpoint
):
    e = _endpoints(world, make_endpoint)
    secrets = {
        endpoint.pk: WebhookEndpoint.objects.get(pk=endpoint.pk).secret for endpoint in e.values()
    }
    app = _apply_and_move(world, posting_x)

    assert _receivers("application.moved") == {e["office"].pk, e["op_a"].pk, e["x"].pk}
    outbox.messages_deliver_due()  # the job application's emails go too
    assert len(receiver.requests) == 3
    ids, reached = set(), set()
    for request in receiver.requests:
        signed_by = [
            pk
            for pk, secret in secrets.items()
            if signing.verify(secret=secret, headers_=request.headers, body=request.body)
        ]
        assert len(signed_by) == 1  # each request verifies with its own endpoint's secret only
        reached.add(signed_by[0])
        assert request.headers["content-type"] == "application/json"
        envelope = json.loads(request.body)
        assert set(envelope) == {"id", "type", "occurred_at", "data"}
        assert envelope["type"] == "application.moved"
        assert envelope["occurred_at"].endswith("+09:00")
        assert envelope["data"] == {
            "application": app.pk,
            "posting": posting_x.pk,
            "company": world.company_x.pk,
            "trainee": world.trainee_a1.pk,
            "from_status": "applied",
            "status": "document_pass",
            "version": 2,
        }
        assert request.headers["webhook-id"] == envelope["id"]
        ids.add(envelope["id"])
    assert reached == {e["office"].pk, e["op_a"].pk, e["x"].pk}
    for delivery in WebhookDelivery.objects.select_related("message"):
        assert delivery.http_status == 200 and delivery.response_ms is not None
        assert delivery.message.status == Message.Status.SENT
        assert delivery.message.external_id in ids
    assert len(ids) == 1  # one event, one id, whichever endpoint receives it


def test_nothing_is_sent_for_a_change_that_was_rolled_back(world, posting_x, make_endpoint):
    make_endpoint("office")
    app = applications.application_create(
        actor=world.actor("trainee_a1"), trainee=world.trainee_a1, posting=posting_x
    )
    with pytest.raises(RuntimeError), transaction.atomic():
        applications.application_move(
            actor=world.actor("recruiter_x"),
            application=app,
            to_status="document_pass",
            expected_version=1,
        )
        assert WebhookDelivery.objects.count() == 1  # written in the change's transaction
        raise RuntimeError("the change fails after the move")
    assert WebhookDelivery.objects.count() == 0
    assert not Message.objects.filter(channel="webhook").exists()


def test_a_500_is_a_failed_attempt_retried_later_with_the_same_id(
    world, posting_x, receiver, make_endpoint
):
    _endpoint, secret = make_endpoint("company", company_id=world.company_x.pk)
    receiver.statuses = [500]
    _apply_and_move(world, posting_x)
    first = outbox.messages_deliver_due()
    assert first["retry"] == 1 and len(receiver.requests) == 1
    delivery = WebhookDelivery.objects.get()
    message = delivery.message
    assert message.status == Message.Status.PENDING and message.attempts == 1
    assert "HTTP 500" in message.last_error
    assert delivery.http_status == 500
    # the outbox's back-off: nothing is due before the next attempt time
    assert outbox.messages_deliver_due()["due"] == 0
    later = outbox.messages_deliver_due(now=timezone.now() + dt.timedelta(minutes=2))
    assert later["sent"] == 1
    delivery.refresh_from_db()
    assert delivery.http_status == 200 and delivery.message.status == Message.Status.SENT
    assert delivery.message.attempts == 2
    assert len(receiver.requests) == 2
    assert receiver.requests[0].headers["webhook-id"] == receiver.requests[1].headers["webhook-id"]
    assert receiver.requests[0].body == receiver.requests[1].body
    assert signing.verify(
        secret=secret, headers_=receiver.requests[1].headers, body=receiver.requests[1].body
    )


def test_two_passes_at_once_deliver_each_event_once(
    world, posting_x, receiver, make_endpoint, monkeypatch
):
    """While the first pass is sending, a second pass runs (on any database): it skips what
    the first claimed, so the receiver gets each delivery exactly once."""
    _endpoints(world, make_endpoint)
    _apply_and_move(world, posting_x)
    nested: list[dict] = []
    real_send = WebhookTransport.send

    def send_and_race(self, message):
        if not nested:
            nested.append(outbox.messages_deliver_due())
        return real_send(self, message)

    monkeypatch.setattr(WebhookTransport, "send", send_and_race)
    outbox.messages_deliver_due()
    assert nested and len(receiver.requests) == 3
    assert len({r.body for r in receiver.requests}) == 1
    assert sorted(WebhookDelivery.objects.values_list("message__attempts", flat=True)) == [1, 1, 1]
    assert set(WebhookDelivery.objects.values_list("message__status", flat=True)) == {"sent"}


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="two writing threads need PostgreSQL (SQLite's in-memory test database refuses a "
    "second writer); on SQLite the nested pass above",
)
@pytest.mark.django_db(transaction=True)
def test_two_delivery_threads_on_separate_connections_post_each_event_once(
    world, posting_x, receiver, make_endpoint
):
    _endpoints(world, make_endpoint)
    for _ in range(4):
        app = applications.application_create(
            actor=world.actor("trainee_a1"), trainee=world.trainee_a1, posting=posting_x
        )
        applications.application_move(
            actor=world.actor("trainee_a1"),
            application=app,
            to_status="withdrawn",
            expected_version=1,
            reason="다른 회사 합격",
        )
    assert WebhookDelivery.objects.count() == 12
    barrier = threading.Barrier(2)
    results: list[dict] = []
    errors: list[BaseException] = []

    def worker():
        try:
            barrier.wait()
            results.append(outbox.messages_deliver_due())
        except BaseException as exc:
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert len(results) == 2
    assert len(receiver.requests) == 12
    pairs = {(r.headers["webhook-id"], r.headers["webhook-signature"]) for r in receiver.requests}
    assert len(pairs) == 12


def test_a_posting_closing_reaches_its_own_company_never_another(
    world, posting_x, receiver, make_endpoint
):
    e = _endpoints(world, make_endpoint)
    hiring.posting_status_change(
        actor=world.actor("recruiter_x"), posting=posting_x, to_status="closed"
    )
    assert _receivers("posting.closed") == {e["office"].pk, e["op_a"].pk, e["x"].pk}
    body = json.loads(WebhookDelivery.objects.filter(event_type="posting.closed")[0].message.body)
    assert body["data"] == {
        "posting": posting_x.pk,
        "company": world.company_x.pk,
        "from_status": "open",
        "status": "closed",
    }
    # a change to another status is not a closing
    event_record(
        actor=None,
        verb="posting.status_changed",
        target=posting_x,
        from_status="closed",
        to_status="open",
    )
    assert WebhookDelivery.objects.count() == 3


def test_a_verified_outcome_reaches_the_operator_and_office_never_a_company(
    world, receiver, make_endpoint
):
    e = _endpoints(world, make_endpoint)
    outcome = Outcome.objects.create(
        trainee=world.trainee_a1,
        status=Outcome.Status.PROPOSED,
        outcome_type=OutcomeType.EMPLOYED,
        employment_type="full_time",
        company=world.company_x,
        company_name="기업X",
        insurance=Insurance.CONFIRMED,
        evidence_reference="고용보험 피보험자격 취득 확인",
        start_date=dt.date(2026, 11, 2),
    )
    outcomes.outcome_confirm(
        actor=world.actor("staff_a"), outcome=outcome, expected_version=outcome.version
    )
    assert _receivers("outcome.verified") == {e["office"].pk, e["op_a"].pk}
    data = json.loads(WebhookDelivery.objects.filter(event_type="outcome.verified")[0].message.body)
    assert data["data"]["outcome"] == outcome.pk
    assert data["data"]["status"] == "confirmed"
    assert data["data"]["start_date"] == "2026-11-02"


def test_a_finished_plan_reaches_the_planning_operator_and_office(world, make_endpoint):
    e = _endpoints(world, make_endpoint)
    run = PlanRun.objects.create(
        cohort=world.course_a.cohort,
        operator=world.op_a,
        parameters=plans._clean_parameters({}),
    )
    run = plans.plan_run_execute(run_id=run.pk)  # nobody is waiting for a job: it fails
    assert run.status == "failed"
    assert _receivers("plan.finished") == {e["office"].pk, e["op_a"].pk}
    body = json.loads(WebhookDelivery.objects.filter(event_type="plan.finished")[0].message.body)
    assert body["data"]["plan_run"] == run.pk and body["data"]["status"] == "failed"


def test_an_endpoint_gets_only_the_events_it_chose(world, posting_x, make_endpoint):
    only_closed, _ = make_endpoint("office", events=["posting.closed"])
    _apply_and_move(world, posting_x)
    assert not WebhookDelivery.objects.exists()
    hiring.posting_status_change(actor=world.actor("office"), posting=posting_x, to_status="filled")
    assert list(WebhookDelivery.objects.values_list("endpoint_id", "event_type")) == [
        (only_closed.pk, "posting.closed")
    ]


def test_a_turned_off_endpoint_gets_nothing_new_and_its_waiting_deliveries_fail(
    world, posting_x, receiver, make_endpoint
):
    endpoint, _ = make_endpoint("office")
    _apply_and_move(world, posting_x)
    services.webhook_endpoint_set_active(
        actor=world.actor("office"), endpoint=endpoint, active=False
    )
    hiring.posting_status_change(actor=world.actor("office"), posting=posting_x, to_status="closed")
    assert WebhookDelivery.objects.count() == 1
    assert outbox.messages_deliver_due()["retry"] == 1
    assert receiver.requests == []
    assert WebhookDelivery.objects.get().message.error_summary


def test_after_a_rotation_both_secrets_sign_for_a_day_then_only_the_new(
    world, posting_x, receiver, make_endpoint
):
    endpoint, old = make_endpoint("office")
    new = services.webhook_endpoint_rotate_secret(actor=world.actor("office"), endpoint=endpoint)
    assert new != old and new.startswith("whsec_")
    _apply_and_move(world, posting_x)
    outbox.messages_deliver_due()
    [request] = receiver.requests
    assert len(request.headers["webhook-signature"].split()) == 2
    assert signing.verify(secret=old, headers_=request.headers, body=request.body)
    assert signing.verify(secret=new, headers_=request.headers, body=request.body)
    endpoint.refresh_from_db()
    assert endpoint.signing_secrets(now=timezone.now() + dt.timedelta(hours=25)) == [new]


def test_a_redirect_is_not_followed(world, posting_x, receiver, make_endpoint):
    make_endpoint("office")
    receiver.redirect_to = "http://169.254.169.254/latest/meta-data/"
    _apply_and_move(world, posting_x)
    assert outbox.messages_deliver_due()["retry"] == 1
    delivery = WebhookDelivery.objects.get()
    assert delivery.http_status == 302
    assert len(receiver.requests) == 1


def test_a_receiver_that_does_not_answer_in_time_is_a_failed_attempt(
    world, posting_x, receiver, make_endpoint, settings
):
    settings.WEBHOOK_TIMEOUT_SECONDS = 0.3
    receiver.delay = 1.0
    make_endpoint("office")
    _apply_and_move(world, posting_x)
    assert outbox.messages_deliver_due()["retry"] == 1
    delivery = WebhookDelivery.objects.get()
    assert delivery.http_status is None and delivery.response_ms >= 250
    assert "timed out" in delivery.message.last_error.lower()


def test_a_target_pointed_inside_since_is_refused_before_connecting(
    world, posting_x, receiver, make_endpoint, settings
):
    make_endpoint("office")
    _apply_and_move(world, posting_x)
    settings.WEBHOOKS_ALLOW_LOOPBACK = False  # the loopback receiver is now "inside"
    assert outbox.messages_deliver_due()["retry"] == 1
    assert receiver.requests == []


def test_a_failing_subscriber_never_undoes_the_change(world, posting_x, make_endpoint, monkeypatch):
    make_endpoint("office")

    def broken(event, obj):
        raise KeyError("a bug in the payload")

    monkeypatch.setattr(
        catalogue,
        "BY_SOURCE",
        {
            k: (v if v.type != "application.moved" else _with(v, data=broken))
            for k, v in catalogue.BY_SOURCE.items()
        },
    )
    app = _apply_and_move(world, posting_x)
    app.refresh_from_db()
    assert app.status == "document_pass"
    assert not WebhookDelivery.objects.exists()


def _with(event_type, **changes):
    import dataclasses

    return dataclasses.replace(event_type, **changes)


def test_an_event_nobody_listens_to_costs_only_its_insert(world, django_assert_num_queries):
    with django_assert_num_queries(1):
        event_record(actor=None, verb="trainee.changed", target=world.trainee_a1)


def test_a_watched_event_without_endpoints_costs_one_select(world, django_assert_num_queries):
    run = PlanRun.objects.create(cohort=world.course_a.cohort, parameters={})
    with django_assert_num_queries(4):  # insert; savepoint, "which endpoints are on?", release
        event_record(actor=None, verb="matching.plan_finished", target=run)


# --- making endpoints ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "url, code",
    [
        ("http://example.com/hook", WebhooksErrorCode.URL_NOT_HTTPS),
        ("ftp://example.com/hook", WebhooksErrorCode.URL_NOT_HTTPS),
        ("https://10.1.2.3/hook", WebhooksErrorCode.URL_NOT_ALLOWED),
        ("https://192.168.0.10/hook", WebhooksErrorCode.URL_NOT_ALLOWED),
        ("https://169.254.169.254/latest/meta-data/", WebhooksErrorCode.URL_NOT_ALLOWED),
        ("https://[::ffff:10.0.0.1]/hook", WebhooksErrorCode.URL_NOT_ALLOWED),
        ("https://[fd00::1]/hook", WebhooksErrorCode.URL_NOT_ALLOWED),
        ("https://0.0.0.0/hook", WebhooksErrorCode.URL_NOT_ALLOWED),
        ("https://localhost/hook", WebhooksErrorCode.URL_NOT_ALLOWED),
        ("https://127.0.0.1:8443/hook", WebhooksErrorCode.URL_NOT_ALLOWED),
        ("https://admin:pw@203.0.113.9/hook", WebhooksErrorCode.URL_NOT_ALLOWED),
        ("http://127.0.0.1:9/hook", WebhooksErrorCode.URL_NOT_HTTPS),
    ],
)
def test_an_address_inside_or_without_https_is_refused_and_nothing_made(world, settings, url, code):
    settings.WEBHOOKS_ALLOW_LOOPBACK = False
    with pytest.raises(ValidationError) as exc:
        services.webhook_endpoint_create(
            actor=world.actor("office"), name="x", url=url, scope="office", events=["plan.finished"]
        )
    assert error_codes(exc.value) == {code}
    assert not WebhookEndpoint.objects.exists()


def test_a_public_https_address_is_accepted(world, settings):
    settings.WEBHOOKS_ALLOW_LOOPBACK = False
    endpoint, secret = services.webhook_endpoint_create(
        actor=world.actor("office"),
        name="ATS",
        url="https://8.8.8.8/hooks",
        scope="office",
        events=["plan.finished"],
    )
    assert endpoint.secret == secret and secret.startswith("whsec_")


@pytest.mark.parametrize(
    "who, scope, owner, allowed",
    [
        ("office", "company", "company_x", True),
        ("office", "operator", "op_b", True),
        ("staff_a", "operator", "op_a", True),
        ("staff_a", "operator", "op_b", False),
        ("staff_a", "office", None, False),
        ("staff_a", "company", "company_x", False),
        ("recruiter_x", "company", "company_x", False),
        ("consultant_a", "operator", "op_a", False),
        ("trainee_a1", "office", None, False),
    ],
)
def test_who_may_make_an_endpoint_for_which_scope(world, receiver, who, scope, owner, allowed):
    owner_kw = {}
    if owner:
        key = "company_id" if scope == "company" else "operator_id"
        owner_kw[key] = getattr(world, owner).pk
    call = lambda: services.webhook_endpoint_create(  # noqa: E731
        actor=world.actor(who),
        name="x",
        url=receiver.url,
        scope=scope,
        events=["plan.finished"],
        **owner_kw,
    )
    if allowed:
        call()
        assert WebhookEndpoint.objects.count() == 1
    else:
        with pytest.raises(PermissionDenied):
            call()
        assert not WebhookEndpoint.objects.exists()


@pytest.mark.parametrize(
    "events, code",
    [([], WebhooksErrorCode.NO_EVENTS), (["trainee.deleted"], WebhooksErrorCode.UNKNOWN_EVENT)],
)
def test_events_must_be_chosen_from_the_catalogue(world, receiver, events, code):
    with pytest.raises(ValidationError) as exc:
        services.webhook_endpoint_create(
            actor=world.actor("office"), name="x", url=receiver.url, scope="office", events=events
        )
    assert error_codes(exc.value) == {code}


def test_a_failed_delivery_is_sent_again_on_request(world, posting_x, receiver, make_endpoint):
    _endpoint, _ = make_endpoint("operator", who="staff_a", operator_id=world.op_a.pk)
    receiver.statuses = [500] * 10
    _apply_and_move(world, posting_x)
    delivery = WebhookDelivery.objects.get()
    now = timezone.now()
    for minutes in (0, 2, 10, 60, 200, 1000):
        outbox.messages_deliver_due(now=now + dt.timedelta(minutes=minutes))
    delivery.refresh_from_db()
    assert delivery.message.status == Message.Status.FAILED
    with pytest.raises(PermissionDenied):
        services.webhook_delivery_redeliver(actor=world.actor("staff_b"), delivery=delivery)
    receiver.statuses = []
    services.webhook_delivery_redeliver(actor=world.actor("staff_a"), delivery=delivery)
    assert outbox.messages_deliver_due()["sent"] == 1
    delivery.refresh_from_db()
    assert delivery.message.status == Message.Status.SENT and delivery.http_status == 200
    with pytest.raises(ValidationError) as exc:
        services.webhook_delivery_redeliver(actor=world.actor("staff_a"), delivery=delivery)
    assert error_codes(exc.value) == {WebhooksErrorCode.NOT_REDELIVERABLE}


def test_a_test_event_is_delivered(world, receiver, make_endpoint):
    endpoint, secret = make_endpoint("company", company_id=world.company_y.pk)
    services.webhook_test_send(actor=world.actor("office"), endpoint=endpoint)
    outbox.messages_deliver_due()
    [request] = receiver.requests
    assert json.loads(request.body)["type"] == "webhook.test"
    assert signing.verify(secret=secret, headers_=request.headers, body=request.body)


def test_a_plan_whose_worker_died_is_reported_finished_as_failed(world, make_endpoint):
    from careerhub.core import runs

    endpoint, _ = make_endpoint("operator", who="staff_a", operator_id=world.op_a.pk)
    long_ago = timezone.now() - dt.timedelta(hours=1)
    run = PlanRun.objects.create(
        cohort=world.course_a.cohort,
        operator=world.op_a,
        parameters={},
        status="running",
        started_at=long_ago,
        heartbeat_at=long_ago,
    )
    runs.runs_reap()
    [delivery] = WebhookDelivery.objects.filter(event_type="plan.finished")
    assert delivery.endpoint == endpoint
    data = json.loads(delivery.message.body)["data"]
    assert data["plan_run"] == run.pk and data["status"] == "failed"
