"""``manage.py messages_deliver``: one delivery pass of the outbox (the scheduler runs the same
pass every minute as ``careerhub.messaging.tasks.messages_deliver_task``)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from careerhub.messaging.services import messages_deliver_due


class Command(BaseCommand):
    help = (
        "Send the messages that are due; failures are retried with back-off, then listed for staff."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--limit", type=int, default=2000)

    def handle(self, *args: Any, **options: Any) -> None:
        counts = messages_deliver_due(limit=options["limit"])
        self.stdout.write(
            "sent {sent}, retry later {retry}, failed {failed}, interrupted {interrupted}".format(
                **counts
            )
        )
