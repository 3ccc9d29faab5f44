"""manage.py retention_enforce [--dry-run] — destroy personal data past its retention period."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from careerhub.privacy.models import DestructionRecord
from careerhub.privacy.retention import retention_enforce


class Command(BaseCommand):
    help = (
        "Destroy or irreversibly anonymise personal data whose retention period has ended "
        "(applicants not enrolled, trainees, evidence files, access records) and write the "
        "destruction register. Run it daily. --dry-run only counts."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Print what would be destroyed per category; change nothing.",
        )

    def handle(self, *args, dry_run: bool = False, **options):
        result = retention_enforce(dry_run=dry_run)
        labels = dict(DestructionRecord.Category.choices)
        head = "dry run: would destroy" if dry_run else f"run {result.run_id}: destroyed"
        self.stdout.write(head)
        for category, count in result.counts.items():
            self.stdout.write(f"  {category}: {count}  ({labels[category]})")
        if dry_run:
            self.stdout.write("nothing was changed")
