"""manage.py privacy_facts — the catalogue as the Markdown table in the README's "Personal data".

The README's table is this command's output with the default settings (a test compares them),
so the README cannot drift from what the notices and the privacy policy say."""

from __future__ import annotations

from django.core.management.base import BaseCommand
from django.utils import translation

from careerhub.core import privacy_catalogue as catalogue


def facts_markdown() -> str:
    with translation.override("en"):
        lines = [
            "| whose | purpose | items | recipients | kept |",
            "| --- | --- | --- | --- | --- |",
        ]
        for p in catalogue.processings():
            cells = (p.subjects, p.purpose, p.items, p.recipients, p.retention)
            lines.append("| " + " | ".join(c.replace("|", "/") for c in cells) + " |")
    return "\n".join(lines) + "\n"


class Command(BaseCommand):
    help = "Print the privacy catalogue (purposes, items, recipients, periods) as Markdown."

    def handle(self, *args, **options):
        self.stdout.write(facts_markdown(), ending="")
