"""The destruction register (파기 대장): what the retention run destroyed, never whose."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class DestructionRecord(models.Model):
    """One category of one retention run: how many records were destroyed, and when.

    Written only by a real run (a dry run changes nothing, not even this register). It holds
    no personal data: the category, the count, the time and the run's id that ties a run's
    rows together."""

    class Category(models.TextChoices):
        UNSELECTED_APPLICANTS = (
            "unselected_applicants",
            _("Applications of applicants not enrolled"),
        )
        TRAINEES = "trainees", _("Trainee records (anonymised)")
        TRAINEE_APPLICATIONS = "trainee_applications", _("Applications of those trainees")
        EVIDENCE_FILES = "evidence_files", _("Evidence files")
        ACCESS_RECORDS = "access_records", _("Access records")
        MESSAGES = "outbox_messages", _("Sent and failed messages (emails)")

    run_id = models.UUIDField(_("run"), db_index=True, editable=False)
    category = models.CharField(_("category"), max_length=32, choices=Category.choices)
    count = models.PositiveIntegerField(_("records destroyed"))
    at = models.DateTimeField(_("destroyed at"), db_index=True)

    class Meta:
        verbose_name = _("destruction record")
        verbose_name_plural = _("destruction register")
        ordering = ["-at", "category"]
        constraints = [
            models.UniqueConstraint(fields=["run_id", "category"], name="destruction_once_per_run"),
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.category}: {self.count}"
