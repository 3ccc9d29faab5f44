"""``manage.py import_onet``: import O*NET occupations, titles, technologies and relations."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from careerhub.taxonomy.services import (
    KIND_LABELS,
    TaxonomyDataError,
    taxonomy_import_onet,
    taxonomy_load_curated,
)


class Command(BaseCommand):
    help = (
        "Import job roles, alternate titles, technology skills and related occupations from "
        "the O*NET database files (tab-separated text)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--path",
            default=None,
            help="Folder with the O*NET text files (default: SHARED_DATA_DIR/onet).",
        )
        scope = parser.add_mutually_exclusive_group()
        scope.add_argument(
            "--soc-prefix",
            default="15-",
            help='Import occupations whose O*NET-SOC code starts with this (default "15-": '
            "computer and mathematical occupations).",
        )
        scope.add_argument("--all", action="store_true", help="Import every occupation.")
        parser.add_argument(
            "--skip-curated",
            action="store_true",
            help="Do not (re)load the curated taxonomy first; O*NET technologies then match "
            "only skills already in the database.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["path"]) if options["path"] else settings.SHARED_DATA_DIR / "onet"
        if not path.is_dir():
            raise CommandError(
                _(
                    "O*NET folder not found: %(path)s. Put the O*NET text files there or pass "
                    "--path."
                )
                % {"path": path}
            )
        prefix = None if options["all"] else options["soc_prefix"]
        started = time.monotonic()
        try:
            if not options["skip_curated"]:
                taxonomy_load_curated(actor=None)
            result = taxonomy_import_onet(actor=None, path=path, soc_prefix=prefix)
        except TaxonomyDataError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            self.style.SUCCESS(
                _("O*NET import finished in %(seconds).1f s (%(scope)s).")
                % {
                    "seconds": time.monotonic() - started,
                    "scope": _("all occupations")
                    if prefix is None
                    else _("SOC prefix %(prefix)s") % {"prefix": prefix},
                }
            )
        )
        for kind, label in KIND_LABELS.items():
            self.stdout.write(
                _("  %(label)s: %(created)d created, %(updated)d updated")
                % {
                    "label": label,
                    "created": result.created.get(kind, 0),
                    "updated": result.updated.get(kind, 0),
                }
            )
