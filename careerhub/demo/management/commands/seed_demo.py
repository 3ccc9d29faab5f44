"""``manage.py seed_demo``: build the demo program (idempotent, same data for the same seed)."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from careerhub.demo.builder import DemoDataError, demo_build
from careerhub.demo.plan import DEFAULT_SEED
from careerhub.demo.report import summary_lines
from careerhub.taxonomy.services import TaxonomyDataError


class Command(BaseCommand):
    help = (
        "Build a realistic demo program: three operators, cohorts 1-3 with about 300 "
        "trainees in cohort 3, cohort 4 open for applications from today, 145 companies, "
        "a demo login for every role (a trainee and a consultant per operator, with open "
        "consulting slots on the coming weekdays). Running it again adds nothing."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--seed",
            type=int,
            default=DEFAULT_SEED,
            help=(
                f"Random seed (default {DEFAULT_SEED}). Same seed, same data. Use another "
                "seed only on an empty database: records are matched by natural key, so a "
                "second seed on top of the first adds its companies and people beside them."
            ),
        )
        parser.add_argument(
            "--reset-passwords",
            action="store_true",
            help="Set every demo login's password back to the demo password.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.perf_counter()
        try:
            summary = demo_build(seed=options["seed"], reset_passwords=options["reset_passwords"])
        except (DemoDataError, TaxonomyDataError) as exc:
            raise CommandError(str(exc)) from exc
        seconds = time.perf_counter() - started
        self.stdout.write("\n".join(summary_lines(summary, seconds=seconds)))
