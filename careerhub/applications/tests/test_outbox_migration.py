"""The move into the outbox loses nothing: emails still waiting or failed in the old
job-application table become outbox messages (sent ones are history and stay behind)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("applications", "0003_applied_by_optional"), ("messaging", "0001_initial")]
AFTER = [("applications", "0005_delete_outboundemail")]


@pytest.fixture
def back_to_the_latest_schema():
    """The test runs the database back to old migrations; every later test needs the
    latest schema again (apps add migrations after these two)."""
    yield
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())


@pytest.mark.django_db(transaction=True)
def test_unsent_job_application_emails_become_outbox_messages(back_to_the_latest_schema):
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    OutboundEmail = old.get_model("applications", "OutboundEmail")
    OutboundEmail.objects.create(
        to_email="waiting@example.kr", subject="지원 현황", body="본문 1", status="pending"
    )
    OutboundEmail.objects.create(
        to_email="failed@example.kr",
        subject="지원 현황",
        body="본문 2",
        status="failed",
        attempts=5,
        last_error="SMTP 연결 실패",
    )
    OutboundEmail.objects.create(
        to_email="sent@example.kr", subject="지원 현황", body="본문 3", status="sent"
    )

    executor = MigrationExecutor(connection)
    executor.migrate(AFTER)
    new = executor.loader.project_state(AFTER).apps
    Message = new.get_model("messaging", "Message")
    rows = {m.to_address: m for m in Message.objects.all()}
    assert set(rows) == {"waiting@example.kr", "failed@example.kr"}
    waiting, failed = rows["waiting@example.kr"], rows["failed@example.kr"]
    assert waiting.status == "pending" and waiting.next_attempt_at is not None
    assert waiting.kind == "application_update" and waiting.body == "본문 1"
    assert (failed.status, failed.attempts, failed.last_error) == ("failed", 5, "SMTP 연결 실패")
    assert "applications_outboundemail" not in connection.introspection.table_names()
