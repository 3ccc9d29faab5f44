"""standings_refresh_task: what the scheduler enqueues every hour, run by a task worker."""

import pytest
from django.core.management import call_command
from django_tasks_db.models import DBTaskResult

from careerhub.reports.models import RefreshMark, TraineeSnapshot
from careerhub.reports.tasks import standings_refresh_task

pytestmark = pytest.mark.django_db


def test_the_task_refreshes_the_standings_and_reports_the_counts(ledger, rule_sets):
    assert not RefreshMark.objects.exists()
    first = standings_refresh_task.call()
    assert first["full"] is True  # nothing counted yet: everything is built
    assert first["trainees"] == TraineeSnapshot.objects.count() > 0
    mark = RefreshMark.objects.get()
    again = standings_refresh_task.call()
    assert again["full"] is False
    assert again["trainees"] == 0  # nothing changed since
    mark.refresh_from_db()
    assert mark.watermark is not None


# transaction=True: db_worker drops a connection left inside a transaction (PostgreSQL).
@pytest.mark.django_db(transaction=True)
def test_the_scheduled_task_runs_in_the_database_worker(ledger, rule_sets, settings):
    settings.PERIODIC_TASKS = [
        {"name": "standings_refresh", "task": standings_refresh_task.module_path, "every": 3600}
    ]
    call_command("scheduler", "--once")
    queued = DBTaskResult.objects.get()
    assert queued.task_path == "careerhub.reports.tasks.standings_refresh_task"
    call_command("db_worker", "--batch", "--no-startup-delay", "-v", "0")
    queued.refresh_from_db()
    assert queued.status == "SUCCESSFUL"
    assert queued.return_value["trainees"] == TraineeSnapshot.objects.count() > 0
