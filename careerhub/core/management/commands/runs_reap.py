"""``manage.py runs_reap``: fail the background runs whose worker is gone, once.

The scheduler does this every minute (``careerhub.core.tasks.runs_reap_task``); the command
is for an installation without it, or to see at once what a dead worker left behind."""

from django.core.management.base import BaseCommand

from careerhub.core.runs import runs_reap


class Command(BaseCommand):
    help = "Mark background runs whose worker stopped (no heartbeat) as failed."

    def handle(self, *args, **options) -> None:
        reaped = runs_reap()
        for r in reaped:
            self.stdout.write(f"{r.label} {r.pk}: {r.was} -> failed ({r.reason})")
        self.stdout.write(f"{len(reaped)} run(s) reaped.")
