"""The retention run: what is past its period is destroyed, registered and stays destroyed;
nothing else is touched; a dry run only counts; the daily task runs the same code."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from careerhub.academy.models import Trainee
from careerhub.academy.services import is_anonymised
from careerhub.accounts.models import User
from careerhub.core.models import AccessRecord, Event
from careerhub.intake.models import Application, ApplicationChoice
from careerhub.messaging.models import Message
from careerhub.outcomes.models import Outcome
from careerhub.privacy.models import DestructionRecord
from careerhub.privacy.retention import SYSTEM_ACTOR, retention_enforce

Category = DestructionRecord.Category

EXPECTED = {
    Category.UNSELECTED_APPLICANTS: 2,  # not selected + declined, results 400 days ago
    Category.EVIDENCE_FILES: 1,
    Category.TRAINEES: 1,
    Category.TRAINEE_APPLICATIONS: 1,
    Category.ACCESS_RECORDS: 1,
    Category.MESSAGES: 1,  # a sent email 200 days old
}
NOTHING = dict.fromkeys(EXPECTED, 0)


@pytest.fixture
def old_access_record(world):
    AccessRecord.objects.create(
        at=timezone.now() - dt.timedelta(days=800), action="view", page="academy:trainee_detail"
    )
    AccessRecord.objects.create(action="view", page="academy:trainee_detail")  # kept
    old = Message.objects.create(kind="test", to_address="a@example.kr", body="b", status="sent")
    Message.objects.filter(pk=old.pk).update(created_at=timezone.now() - dt.timedelta(days=200))
    Message.objects.create(kind="test", to_address="b@example.kr", body="b", status="sent")


def snapshot():
    """Everything a run could change, to compare before and after."""
    return (
        sorted(Application.objects.values_list("pk", "name", "email", "phone", "motivation")),
        sorted(ApplicationChoice.objects.values_list("pk", "outcome")),
        sorted(Trainee.objects.values_list("pk", "name", "email", "phone", "user_id")),
        sorted(User.objects.values_list("pk", "email", "is_active")),
        sorted(Outcome.objects.values_list("pk", "evidence_file")),
        AccessRecord.objects.count(),
        DestructionRecord.objects.count(),
    )


def file_exists(outcome: Outcome) -> bool:
    return outcome.evidence_file.storage.exists(outcome.evidence_file.name)


def test_run_destroys_what_is_past_its_period_and_registers_the_counts(
    retention, old_access_record
):
    r = retention
    past_login = r.past_trainee.user
    evidence_name = r.past_evidence.evidence_file.name
    assert file_exists(r.past_evidence)

    result = retention_enforce()

    assert result.counts == EXPECTED
    # applicants not selected, results published longer ago than the period: gone
    assert not Application.objects.filter(pk__in=[r.unselected_old.pk, r.declined_old.pk]).exists()
    assert not ApplicationChoice.objects.filter(application_id=r.unselected_old.pk).exists()
    # a selected applicant and an applicant of recent results: untouched
    for kept in (r.selected_old, r.unselected_new):
        again = Application.objects.get(pk=kept.pk)
        assert (again.name, again.email, again.phone) == (kept.name, kept.email, kept.phone)
    # the trainee past the period: anonymised, login erased, application deleted
    trainee = Trainee.objects.get(pk=r.past_trainee.pk)
    assert is_anonymised(trainee)
    assert "최과거" not in trainee.name and trainee.phone == "" and trainee.user_id is None
    past_login.refresh_from_db()
    assert not past_login.is_active and "erased" in past_login.email
    assert not Application.objects.filter(pk=r.past_application.pk).exists()
    # the expired evidence file is deleted from storage; the outcome stays for the rates
    outcome = Outcome.objects.get(pk=r.past_evidence.pk)
    assert not outcome.evidence_file
    assert not r.past_evidence.evidence_file.storage.exists(evidence_name)
    # the boundary trainee (period ends next 1 January) and this year's trainees: untouched
    boundary = Trainee.objects.get(pk=r.boundary_trainee.pk)
    assert boundary.name == "정경계" and not is_anonymised(boundary)
    assert file_exists(Outcome.objects.get(pk=r.boundary_evidence.pk))
    assert Trainee.objects.get(pk=world_trainee_pk(r)).name == "김가영"
    assert AccessRecord.objects.count() == 1
    # the register: one row per category, the counts, no personal data
    rows = {d.category: d.count for d in DestructionRecord.objects.filter(run_id=result.run_id)}
    assert rows == EXPECTED
    fields = {f.name for f in DestructionRecord._meta.get_fields()}
    assert fields == {"id", "run_id", "category", "count", "at"}
    # who did it: the system actor, events without a person
    destroyed = Event.objects.filter(verb="application.destroyed")
    assert destroyed.count() == 3 and not destroyed.filter(actor__isnull=False).exists()
    assert SYSTEM_ACTOR.user is None and SYSTEM_ACTOR.program_staff


def world_trainee_pk(r) -> int:
    return Trainee.objects.get(name="김가영").pk


def test_running_twice_destroys_nothing_more(retention, old_access_record):
    retention_enforce()
    after_first = snapshot()[:-1]
    second = retention_enforce()
    assert second.counts == NOTHING
    assert snapshot()[:-1] == after_first
    assert DestructionRecord.objects.filter(run_id=second.run_id).count() == len(EXPECTED)
    assert not DestructionRecord.objects.filter(run_id=second.run_id, count__gt=0).exists()


def test_dry_run_changes_nothing_and_prints_the_counts(retention, old_access_record):
    before = snapshot()
    out = StringIO()
    call_command("retention_enforce", "--dry-run", stdout=out)
    assert snapshot() == before
    assert not DestructionRecord.objects.exists()
    assert file_exists(retention.past_evidence)
    text = out.getvalue()
    assert "dry run" in text and "nothing was changed" in text
    for category, count in EXPECTED.items():
        assert f"{category}: {count}" in text


def test_the_command_destroys_and_prints_what_it_did(retention, old_access_record):
    out = StringIO()
    call_command("retention_enforce", stdout=out)
    text = out.getvalue()
    for category, count in EXPECTED.items():
        assert f"{category}: {count}" in text
    assert DestructionRecord.objects.filter(category=Category.TRAINEES, count=1).exists()
    assert is_anonymised(Trainee.objects.get(pk=retention.past_trainee.pk))


def test_the_daily_task_runs_the_same_code(settings, retention, old_access_record):
    from careerhub.privacy.tasks import retention_enforce_task

    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    result = retention_enforce_task.enqueue()
    assert result.return_value == {str(k): v for k, v in EXPECTED.items()}
    assert is_anonymised(Trainee.objects.get(pk=retention.past_trainee.pk))
    assert DestructionRecord.objects.filter(category=Category.UNSELECTED_APPLICANTS, count=2)


def test_the_periods_are_settings(settings, retention):
    settings.RETENTION_UNSELECTED_APPLICANT_DAYS = 500  # results were published 400 days ago
    settings.RETENTION_TRAINEE_YEARS = 5  # the past cohort is 4 years old
    result = retention_enforce(dry_run=True)
    assert result.counts[Category.UNSELECTED_APPLICANTS] == 0
    assert result.counts[Category.TRAINEES] == 0
    assert result.counts[Category.EVIDENCE_FILES] == 0
    settings.RETENTION_UNSELECTED_APPLICANT_DAYS = 90  # now the recent results are due too
    settings.RETENTION_TRAINEE_YEARS = 2  # and the boundary cohort
    result = retention_enforce(dry_run=True)
    assert result.counts[Category.UNSELECTED_APPLICANTS] == 3
    assert result.counts[Category.TRAINEES] == 2
    assert result.counts[Category.EVIDENCE_FILES] == 2
