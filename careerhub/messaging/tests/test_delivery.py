"""The outbox: enqueue in the caller's transaction, claim before sending, back-off, the lease,
one connection per pass, links from SITE_URL, retention."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from django.core import mail
from django.db import connection, transaction
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from careerhub.messaging import services, transport
from careerhub.messaging.links import absolute_url, site_protocol_and_domain
from careerhub.messaging.models import Message, MessageBatch
from careerhub.messaging.services import Draft
from careerhub.messaging.tests import helpers

pytestmark = pytest.mark.django_db
TASK = "careerhub.messaging.tasks.messages_deliver_task"


def enqueue(n: int = 1, **overrides) -> list[Message]:
    return [
        services.message_enqueue(
            kind=overrides.get("kind", "test"),
            to_address=overrides.get("to_address", f"person{i}@example.kr"),
            subject=f"제목 {i}",
            body=f"본문 {i}",
            operator_id=overrides.get("operator_id"),
            secret=overrides.get("secret", False),
        )
        for i in range(n)
    ]


@pytest.fixture(autouse=True)
def server_up(settings):
    helpers.mail_server_up(settings)


# --- enqueue ------------------------------------------------------------------------------


def test_a_message_exists_only_if_the_change_that_caused_it_is_kept():
    with pytest.raises(RuntimeError), transaction.atomic():
        enqueue(1)
        raise RuntimeError("the change fails")
    assert not Message.objects.exists()
    [message] = enqueue(1)
    assert message.status == Message.Status.PENDING and message.next_attempt_at is not None


def test_commit_enqueues_one_delivery_task_however_many_messages(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks, transaction.atomic():
        enqueue(3)
        services.messages_enqueue_bulk(
            drafts=[Draft(kind="test", to_address="a@example.kr", subject="s", body="b")]
        )
    assert len(callbacks) == 1
    assert DBTaskResult.objects.filter(task_path=TASK).count() == 1
    assert not mail.outbox  # the request sent nothing


def test_a_queue_that_is_down_loses_nothing(django_capture_on_commit_callbacks, monkeypatch):
    class QueueDown:
        def enqueue(self, *args, **kwargs):
            raise ConnectionError("queue down")

    monkeypatch.setattr("careerhub.messaging.tasks.messages_deliver_task", QueueDown())
    with django_capture_on_commit_callbacks(execute=True):
        enqueue(2)
    assert Message.objects.filter(status="pending").count() == 2
    assert services.messages_deliver_due()["sent"] == 2  # the scheduled pass sends them


def test_an_empty_address_is_refused():
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as exc:
        enqueue(1, to_address=" ")
    assert exc.value.code == "no_address"
    assert not Message.objects.exists()


# --- delivery -----------------------------------------------------------------------------


def test_a_pass_sends_each_due_message_once_over_one_connection():
    enqueue(5)
    counts = services.messages_deliver_due()
    assert counts["sent"] == 5 and len(mail.outbox) == 5
    assert helpers.OPENS == ["locmem"]  # one connection for the whole pass
    assert set(Message.objects.values_list("status", flat=True)) == {"sent"}
    assert services.messages_deliver_due()["sent"] == 0 and len(mail.outbox) == 5
    assert mail.outbox[0].extra_headers["X-Careerhub-Message"]


def test_a_message_claimed_twice_is_sent_once():
    [message] = enqueue(1)
    now = timezone.now()
    first = services.message_claim(pk=message.pk, now=now)
    second = services.message_claim(pk=message.pk, now=now)
    assert first is not None and second is None
    assert first.status == "sending" and first.attempts == 1


def test_a_second_pass_running_while_the_first_sends_skips_what_it_claimed(monkeypatch):
    """Two workers at once (on any database): while the first pass is inside send(), a second
    pass runs; neither sends a message the other has claimed."""
    enqueue(3)
    real_send = transport.Sender.send
    nested: list[dict] = []
    raced: list[bool] = []

    def send_and_race(self, message):
        if not raced:
            raced.append(True)
            nested.append(services.messages_deliver_due())
        return real_send(self, message)

    monkeypatch.setattr(transport.Sender, "send", send_and_race)
    outer = services.messages_deliver_due()
    assert outer["sent"] + nested[0]["sent"] == 3
    assert sorted(m.to[0] for m in mail.outbox) == [f"person{i}@example.kr" for i in range(3)]


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="two writing threads need PostgreSQL (SQLite's shared in-memory test database "
    "refuses a second writer instead of waiting); on SQLite the claim-twice tests above",
)
@pytest.mark.django_db(transaction=True)
def test_two_deliveries_racing_on_separate_connections_send_each_message_once():
    """Two threads, two database connections, both passes at once: each message once (the
    conditional UPDATE's row lock decides; the loser sees rowcount 0)."""
    enqueue(40)
    barrier = threading.Barrier(2)
    results: list[dict] = []
    errors: list[BaseException] = []

    def worker():
        try:
            barrier.wait()
            results.append(services.messages_deliver_due())
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
    assert sum(r["sent"] for r in results) == 40
    assert len(mail.outbox) == 40
    assert len({m.to[0] for m in mail.outbox}) == 40
    assert Message.objects.filter(status="sent", attempts=1).count() == 40


def test_failures_back_off_then_fail_for_staff(settings):
    helpers.mail_server_down(settings)
    [message] = enqueue(1)
    start = timezone.now()
    waits = [dt.timedelta(minutes=1), dt.timedelta(minutes=5), dt.timedelta(minutes=30)]
    waits += [dt.timedelta(hours=2), dt.timedelta(hours=12)]
    now = start
    for attempt, wait in enumerate(waits, start=1):
        counts = services.messages_deliver_due(now=now)
        message.refresh_from_db()
        assert counts["retry"] == 1
        assert (message.status, message.attempts) == ("pending", attempt)
        assert message.next_attempt_at == now + wait
        assert "ConnectionRefusedError" in message.error_detail  # for the mail server's admin
        assert "Error" not in message.error_summary  # in words, for staff
        # not due before its time
        assert services.messages_deliver_due(now=now + wait / 2)["due"] == 0
        now = now + wait
    counts = services.messages_deliver_due(now=now)
    message.refresh_from_db()
    assert counts["failed"] == 1
    assert (message.status, message.attempts) == ("failed", services.MAX_ATTEMPTS)
    assert message.next_attempt_at is None
    assert services.messages_deliver_due(now=now + dt.timedelta(days=5))["due"] == 0


def test_a_server_that_is_down_is_tried_once_per_pass_not_once_per_message(settings):
    helpers.mail_server_down(settings)
    enqueue(4)
    counts = services.messages_deliver_due()
    assert counts["retry"] == 4
    assert helpers.OPENS == ["smtp"]
    assert all(m.last_error for m in Message.objects.all())
    helpers.mail_server_up(settings)
    helpers.everything_due()
    assert services.messages_deliver_due()["sent"] == 4 and len(mail.outbox) == 4


def test_a_claim_whose_worker_died_is_failed_never_resent():
    [message] = enqueue(1)
    claimed_at = timezone.now() - services.LEASE - dt.timedelta(seconds=1)
    Message.objects.filter(pk=message.pk).update(next_attempt_at=claimed_at)
    assert services.message_claim(pk=message.pk, now=claimed_at)  # then the worker died
    counts = services.messages_deliver_due()
    message.refresh_from_db()
    assert counts["interrupted"] == 1 and counts["sent"] == 0
    assert message.status == "failed"
    assert message.last_error == services.interrupted_reason()
    assert not mail.outbox


def test_a_fresh_claim_is_left_alone():
    [message] = enqueue(1)
    services.message_claim(pk=message.pk, now=timezone.now())  # another pass is sending it
    assert services.messages_deliver_due() == {
        "sent": 0,
        "retry": 0,
        "failed": 0,
        "interrupted": 0,
        "due": 0,
    }
    message.refresh_from_db()
    assert message.status == "sending"


def test_a_secret_body_is_erased_once_sent():
    [secret, plain] = enqueue(1, secret=True) + enqueue(1)
    services.messages_deliver_due()
    secret.refresh_from_db()
    plain.refresh_from_db()
    assert secret.status == "sent" and secret.body == ""
    assert plain.body == "본문 0"
    assert any(m.body == "본문 0" for m in mail.outbox)


def test_the_deliver_command_and_its_old_name_run_one_pass():
    from io import StringIO

    from django.core.management import call_command

    enqueue(2)
    out = StringIO()
    call_command("messages_deliver", stdout=out)
    assert "sent 2" in out.getvalue() and len(mail.outbox) == 2
    enqueue(1)
    call_command("deliver_emails", stdout=out)
    assert len(mail.outbox) == 3


def test_the_task_runs_a_pass(settings):
    from careerhub.messaging.tasks import messages_deliver_task

    enqueue(2)
    counts = messages_deliver_task.call()
    assert counts["sent"] == 2 and len(mail.outbox) == 2


# --- bulk ---------------------------------------------------------------------------------


def test_a_bulk_send_is_one_batch_with_progress(django_assert_max_num_queries):
    batch = services.message_batch_create(title="결과 안내", kind="test")
    drafts = [
        Draft(kind="test", to_address=f"p{i}@example.kr", subject="결과", body="본문")
        for i in range(300)
    ]
    # a few multi-row INSERTs (SQLite caps the rows per statement): no query per message
    with django_assert_max_num_queries(10):
        services.messages_enqueue_bulk(drafts=drafts, batch=batch)
    assert not mail.outbox
    assert batch.counts() == {"total": 300, "sent": 0, "failed": 0, "waiting": 300, "retrying": 0}
    services.messages_deliver_due(limit=120)
    assert batch.counts()["sent"] == 120 and batch.counts()["waiting"] == 180
    services.messages_deliver_due(limit=500)
    assert batch.counts() == {"total": 300, "sent": 300, "failed": 0, "waiting": 0, "retrying": 0}


# --- links and retention ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("site", "path", "expected"),
    [
        ("https://careerhub.example.kr", "/applications/87/", "https://careerhub.example.kr/applications/87/"),
        ("https://careerhub.example.kr/", "applications/87/", "https://careerhub.example.kr/applications/87/"),
        ("https://example.kr/careerhub", "/apply/a/x/", "https://example.kr/careerhub/apply/a/x/"),
        ("https://example.kr/careerhub", "/careerhub/apply/a/x/", "https://example.kr/careerhub/apply/a/x/"),
        ("https://example.kr", "https://other.kr/x/", "https://other.kr/x/"),
    ],
)  # fmt: skip
def test_links_are_absolute_from_site_url(settings, site, path, expected):
    settings.SITE_URL = site
    assert absolute_url(path) == expected


def test_protocol_and_domain_for_the_password_reset_template(settings):
    settings.SITE_URL = "https://careerhub.example.kr"
    assert site_protocol_and_domain() == ("https", "careerhub.example.kr")


def test_old_settled_messages_are_purged_and_waiting_ones_kept():
    old_sent, old_pending, new_sent = enqueue(3)
    Message.objects.filter(pk__in=[old_sent.pk, new_sent.pk]).update(status="sent")
    long_ago = timezone.now() - dt.timedelta(days=200)
    Message.objects.filter(pk__in=[old_sent.pk, old_pending.pk]).update(created_at=long_ago)
    batch = services.message_batch_create(title="옛 안내")
    MessageBatch.objects.filter(pk=batch.pk).update(created_at=long_ago)
    deleted = services.messages_purge(before=timezone.now() - dt.timedelta(days=180))
    assert deleted == 1
    assert set(Message.objects.values_list("pk", flat=True)) == {old_pending.pk, new_sent.pk}
    assert not MessageBatch.objects.exists()
