"""The README's "Personal data" table is the catalogue, not a copy that can drift."""

from __future__ import annotations

from django.conf import settings as django_settings

from careerhub.privacy.management.commands.privacy_facts import facts_markdown

START, END = "<!-- privacy_facts:start -->\n", "<!-- privacy_facts:end -->"


def test_the_readme_table_is_the_output_of_privacy_facts(settings):
    settings.RETENTION_UNSELECTED_APPLICANT_DAYS = 365  # the defaults the README states
    settings.RETENTION_TRAINEE_YEARS = 3
    settings.ACCESS_RECORD_RETENTION_DAYS = 730
    settings.MESSAGE_RETENTION_DAYS = 180
    readme = (django_settings.BASE_DIR / "README.md").read_text(encoding="utf-8")
    table = readme.split(START, 1)[1].split(END, 1)[0]
    assert table == facts_markdown(), "run ./manage.py privacy_facts and paste it into README"


def test_a_changed_period_changes_the_table(settings):
    settings.RETENTION_TRAINEE_YEARS = 6
    assert "6 years after the end of the program year" in facts_markdown()
