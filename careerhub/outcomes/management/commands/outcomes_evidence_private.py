"""Move evidence files still in public media storage into private storage (as migration
0005 did); run again after restoring a file it reported missing. Safe to run any time."""

from django.core.management.base import BaseCommand

from careerhub.outcomes.evidence import evidence_move_to_private
from careerhub.outcomes.models import Outcome


class Command(BaseCommand):
    help = "Move evidence files from MEDIA_ROOT into private storage under random names."

    def handle(self, *args, **options):
        report = evidence_move_to_private(Outcome)
        for pk, old, new in report.moved:
            self.stdout.write(f"outcome {pk}: {old} -> private {new}")
        for pk, old in report.unrecognised:
            self.stdout.write(f"outcome {pk}: {old} is not PDF, PNG or JPEG (kept as .bin)")
        for pk, old in report.missing:
            self.stderr.write(f"outcome {pk}: {old} is missing")
        self.stdout.write(
            f"{len(report.moved)} moved, {report.already_private} already private, "
            f"{len(report.missing)} missing"
        )
