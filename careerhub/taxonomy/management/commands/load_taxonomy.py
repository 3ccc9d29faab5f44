"""``manage.py load_taxonomy``: upsert the curated roles and skills shipped with the app."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from careerhub.taxonomy.services import KIND_LABELS, TaxonomyDataError, taxonomy_load_curated


class Command(BaseCommand):
    help = "Load the curated job-role and skill taxonomy (idempotent)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--path",
            default=None,
            help="A taxonomy JSON file to load instead of the one shipped with the app.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            result = taxonomy_load_curated(actor=None, path=options["path"])
        except TaxonomyDataError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            self.style.SUCCESS(
                _("Curated taxonomy loaded: %(created)d created, %(updated)d updated.")
                % {"created": result.total_created, "updated": result.total_updated}
            )
        )
        for kind, label in KIND_LABELS.items():
            if not (result.created.get(kind) or result.updated.get(kind)):
                continue
            self.stdout.write(
                _("  %(label)s: %(created)d created, %(updated)d updated")
                % {
                    "label": label,
                    "created": result.created.get(kind, 0),
                    "updated": result.updated.get(kind, 0),
                }
            )
