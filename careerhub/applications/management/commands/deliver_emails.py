"""``manage.py deliver_emails``: send due emails and retry failed ones (run every minute)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from careerhub.applications.services import email_deliver_due


class Command(BaseCommand):
    help = (
        "Send the emails that are due; failures are retried with back-off, then listed for staff."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        counts = email_deliver_due(limit=1000)
        self.stdout.write(
            f"sent {counts['sent']}, retry later {counts['retry']}, failed {counts['failed']}"
        )
