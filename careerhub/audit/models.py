"""The program office's monthly review of the access records (PIPC safety-measure standard §8)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AccessReview(models.Model):
    """The office's confirmation that a month's access records were reviewed, with its note.

    The reviewer is kept as an id and an email snapshot, so the confirmation outlives the user.
    """

    month = models.DateField(_("month"), unique=True, help_text=_("The first day of the month."))
    reviewed_at = models.DateTimeField(_("reviewed at"))
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reviewer_email = models.CharField(_("reviewer's email"), max_length=254, blank=True)
    note = models.TextField(_("note"), max_length=4000)

    class Meta:
        verbose_name = _("access review")
        verbose_name_plural = _("access reviews")
        ordering = ["-month"]

    def __str__(self) -> str:
        return f"{self.month:%Y-%m}"
