"""Fill the Korean catalogue from a tab-separated file of ``msgid<TAB>msgstr`` lines
(``msgctxt<TAB>msgid<TAB>msgstr`` for a string with a translation context, ``pgettext``).

Used after ``makemessages``: entries that already have a translation keep it unless the file
gives a new one; fuzzy guesses from makemessages are never kept. Prints what is still missing.
"""

from pathlib import Path

import polib
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "Merge msgid<TAB>msgstr lines into locale/ko/LC_MESSAGES/django.po."

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="*", help="TSV files with msgid<TAB>msgstr lines")
        parser.add_argument("--locale", default="ko")

    def handle(self, *args, files, locale, **options):
        po_path = Path(settings.LOCALE_PATHS[0]) / locale / "LC_MESSAGES" / "django.po"
        if not po_path.exists():
            raise CommandError(f"{po_path} does not exist: run makemessages first")
        given: dict[tuple[str | None, str], str] = {}
        for name in files:
            for number, line in enumerate(Path(name).read_text(encoding="utf-8").splitlines(), 1):
                if not line.strip() or line.startswith("#"):
                    continue
                if "\t" not in line:
                    raise CommandError(f"{name}:{number}: expected msgid<TAB>msgstr")
                parts = [part.replace("\\n", "\n") for part in line.split("\t")]
                if len(parts) == 3:
                    context, msgid, msgstr = parts
                    given[(context, msgid)] = msgstr
                else:
                    msgid, msgstr = line.split("\t", 1)
                    given[(None, msgid.replace("\\n", "\n"))] = msgstr.replace("\\n", "\n")
        catalogue = polib.pofile(str(po_path))
        catalogue.metadata["Plural-Forms"] = "nplurals=1; plural=0;"
        catalogue.metadata["Language"] = locale
        missing = []
        for entry in catalogue:
            if entry.obsolete:
                continue
            if "fuzzy" in entry.flags:
                entry.flags.remove("fuzzy")
                entry.msgstr = ""
                if entry.msgid_plural:
                    entry.msgstr_plural = {0: ""}
            key = (entry.msgctxt or None, entry.msgid)
            if key in given:
                if entry.msgid_plural:
                    entry.msgstr_plural = {0: given[key]}
                else:
                    entry.msgstr = given[key]
            done = entry.msgstr_plural.get(0) if entry.msgid_plural else entry.msgstr
            if not done:
                missing.append(entry.msgid)
        catalogue.save()
        for msgid in missing:
            self.stdout.write(f"missing: {msgid!r}")
        self.stdout.write(f"{len(missing)} untranslated")
