"""Employer feedback on hires (issue 17, item 7).

About a month after a hire starts (``FEEDBACK_AFTER_DAYS`` after the application's start
date) the company's recruiters are asked, once, how well prepared the hire was in each skill
the posting asked for (1–5 per skill) plus a comment. ``HireFeedback`` is that request — one
per hired application, so a repeated or concurrent daily run never asks twice — and, once
answered, the answer; ``SkillRating`` holds one rating per skill.

The answers are the company's view of one person: the company sees its own; operators and
the program office see only aggregates per course and skill, with small cells hidden
(``careerhub.employer_feedback.selectors.feedback_summary``).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from careerhub.core.models import TimeStampedModel
from careerhub.core.validators import validate_no_resident_number


class HireFeedback(TimeStampedModel):
    application = models.OneToOneField(
        "applications.Application",
        on_delete=models.CASCADE,
        related_name="employer_feedback",
        verbose_name=_("job application"),
    )
    due_on = models.DateField(
        _("asked on"), help_text=_("The hire's start date plus about a month.")
    )
    requested_at = models.DateTimeField(_("request sent at"), null=True, blank=True)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("answered by"),
    )
    comment = models.TextField(
        _("comment"), blank=True, max_length=2000, validators=[validate_no_resident_number]
    )

    class Meta:
        verbose_name = _("employer feedback on a hire")
        verbose_name_plural = _("employer feedback on hires")
        ordering = ["-due_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.application} ({self.due_on})"

    @property
    def is_answered(self) -> bool:
        return self.answered_at is not None


class SkillRating(models.Model):
    class Rating(models.IntegerChoices):
        POOR = 1, _("1 · not prepared")
        WEAK = 2, _("2 · partly prepared")
        ADEQUATE = 3, _("3 · adequately prepared")
        GOOD = 4, _("4 · well prepared")
        EXCELLENT = 5, _("5 · excellently prepared")

    feedback = models.ForeignKey(HireFeedback, on_delete=models.CASCADE, related_name="ratings")
    skill = models.ForeignKey(
        "taxonomy.Skill", on_delete=models.PROTECT, related_name="+", verbose_name=_("skill")
    )
    rating = models.PositiveSmallIntegerField(_("preparation"), choices=Rating.choices)

    class Meta:
        verbose_name = _("skill rating")
        verbose_name_plural = _("skill ratings")
        ordering = ["feedback", "skill__name_en"]
        constraints = [
            models.UniqueConstraint(fields=["feedback", "skill"], name="skillrating_once"),
            models.CheckConstraint(
                name="skillrating_1_5", condition=Q(rating__gte=1, rating__lte=5)
            ),
        ]

    def __str__(self) -> str:
        return f"{self.skill}: {self.rating}"
