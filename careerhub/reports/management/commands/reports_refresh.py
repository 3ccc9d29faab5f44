"""Bring the dashboards' standings up to date (nightly: ``--full`` rebuilds every trainee)."""

from django.core.management.base import BaseCommand

from careerhub.reports.services import standings_refresh


class Command(BaseCommand):
    help = "Refresh the standings the dashboards count (only what changed, or --full)."

    def add_arguments(self, parser):
        parser.add_argument("--full", action="store_true", help="Rebuild every trainee.")

    def handle(self, *args, **options):
        result = standings_refresh(full=options["full"])
        self.stdout.write(
            f"{'full' if result.full else 'incremental'} refresh: {result.trainees} trainees, "
            f"{result.standings} standings in {result.seconds:.1f} s"
        )
