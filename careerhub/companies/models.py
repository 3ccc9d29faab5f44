from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from careerhub.core import korean
from careerhub.core.choices import Region
from careerhub.core.models import TimeStampedModel
from careerhub.core.validators import (
    validate_business_number,
    validate_no_resident_number,
    validate_phone,
)


class Stage(models.TextChoices):
    """The company-attraction pipeline (기업 유치), in order; ``dropped`` ends talks."""

    PROSPECT = "prospect", _("Prospect")
    TALKS = "talks", _("In talks")
    MOU = "mou", _("MOU signed")
    OFFICE = "office", _("Office opened in the city")
    HIRING = "hiring", _("Hiring here")
    DROPPED = "dropped", _("Talks ended")


OFFICE_STAGES = (Stage.OFFICE, Stage.HIRING)
MOU_STAGES = (Stage.MOU, Stage.OFFICE, Stage.HIRING)

STAGE_TRANSITIONS: dict[str | None, frozenset[str]] = {
    None: frozenset({Stage.PROSPECT, Stage.TALKS, Stage.MOU}),
    Stage.PROSPECT: frozenset({Stage.TALKS, Stage.MOU, Stage.DROPPED}),
    Stage.TALKS: frozenset({Stage.PROSPECT, Stage.MOU, Stage.DROPPED}),
    Stage.MOU: frozenset({Stage.OFFICE}),
    Stage.OFFICE: frozenset({Stage.HIRING}),
    Stage.HIRING: frozenset({Stage.OFFICE}),
    Stage.DROPPED: frozenset({Stage.PROSPECT, Stage.TALKS}),
}
"""Every allowed stage change, in one table. An office opens only after an MOU, an MOU is
never undone (it counts towards the targets for good), and "hiring here" can pause."""


class Company(TimeStampedModel):
    class Size(models.TextChoices):
        STARTUP = "startup", _("Start-up")
        SMALL = "small", _("Small business")
        MEDIUM = "medium", _("Medium-sized business")
        MIDSIZE = "midsize", _("Mid-sized enterprise")
        LARGE = "large", _("Large enterprise")
        PUBLIC = "public", _("Public institution")

    name = models.CharField(_("company name"), max_length=200)
    business_number = models.CharField(
        _("business registration number"),
        max_length=10,
        unique=True,
        validators=[validate_business_number],
        help_text=_("Ten digits; stored without hyphens, shown as 123-45-67890."),
    )
    size = models.CharField(_("size"), max_length=16, choices=Size.choices, default=Size.SMALL)
    sector = models.CharField(_("sector"), max_length=100, blank=True)
    hq_region = models.CharField(
        _("headquarters region"), max_length=16, choices=Region.choices, default=Region.SEOUL
    )
    has_city_office = models.BooleanField(
        _("office in the city"),
        default=False,
        help_text=_("Set by the attraction pipeline when the office-opened stage is recorded."),
    )
    city_office_opened_on = models.DateField(_("city office opened on"), null=True, blank=True)
    stage = models.CharField(  # noqa: DJ001 - NULL means "not in the pipeline", unlike any stage
        _("attraction stage"),
        max_length=16,
        choices=Stage.choices,
        null=True,
        blank=True,
        help_text=_("Empty for companies outside the attraction pipeline (e.g. member companies)."),
    )
    stage_since = models.DateTimeField(_("in this stage since"), null=True, blank=True)
    website = models.URLField(_("website"), blank=True)
    description = models.TextField(
        _("description"), blank=True, validators=[validate_no_resident_number]
    )

    class Meta:
        verbose_name = _("company")
        verbose_name_plural = _("companies")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                name="company_business_number_ten_digits",
                condition=models.Q(business_number__regex=r"^[0-9]{10}$"),
            ),
            # One source of truth: inside the pipeline, the city office follows the stage.
            models.CheckConstraint(
                name="company_office_follows_stage",
                condition=models.Q(stage__isnull=True)
                | models.Q(
                    stage__in=OFFICE_STAGES,
                    has_city_office=True,
                    city_office_opened_on__isnull=False,
                    stage_since__isnull=False,
                )
                | (
                    ~models.Q(stage__in=OFFICE_STAGES)
                    & models.Q(
                        has_city_office=False,
                        city_office_opened_on__isnull=True,
                        stage_since__isnull=False,
                    )
                ),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def business_number_display(self) -> str:
        return korean.format_business_number(self.business_number)

    def clean(self) -> None:
        self.business_number = korean.business_number_normalize(self.business_number)
        super().clean()


class StageChange(models.Model):
    """One step of a company through the pipeline: when it happened and who recorded it."""

    company = models.ForeignKey(
        Company, on_delete=models.CASCADE, related_name="stage_changes", verbose_name=_("company")
    )
    from_stage = models.CharField(_("from stage"), max_length=16, choices=Stage.choices, blank=True)
    to_stage = models.CharField(_("to stage"), max_length=16, choices=Stage.choices)
    effective_at = models.DateTimeField(_("happened at"), db_index=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    note = models.CharField(
        _("note"), max_length=300, blank=True, validators=[validate_no_resident_number]
    )

    class Meta:
        verbose_name = _("stage change")
        verbose_name_plural = _("stage changes")
        ordering = ["company", "effective_at", "pk"]
        constraints = [
            models.CheckConstraint(
                name="stage_change_moves", condition=~models.Q(from_stage=models.F("to_stage"))
            ),
        ]
        indexes = [models.Index(fields=["to_stage", "effective_at"])]

    def __str__(self) -> str:
        return f"{self.company}: {self.from_stage or '-'} → {self.to_stage}"


class Contact(TimeStampedModel):
    """A person at a company (personal data: program office and the company's recruiters)."""

    company = models.ForeignKey(
        Company, on_delete=models.CASCADE, related_name="contacts", verbose_name=_("company")
    )
    name = models.CharField(_("name"), max_length=100)
    position = models.CharField(_("position"), max_length=100, blank=True)
    department = models.CharField(_("department"), max_length=100, blank=True)
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True, validators=[validate_phone])
    is_primary = models.BooleanField(_("main contact"), default=False)
    note = models.CharField(
        _("note"), max_length=300, blank=True, validators=[validate_no_resident_number]
    )

    class Meta:
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")
        ordering = ["company", "-is_primary", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["company"],
                condition=models.Q(is_primary=True),
                name="contact_one_primary_per_company",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.company})"


class AttractionTarget(TimeStampedModel):
    """The year's attraction targets: new MOUs this year and MOUs in total by its end."""

    year = models.PositiveSmallIntegerField(
        _("year"), unique=True, validators=[MinValueValidator(2019), MaxValueValidator(2100)]
    )
    new_mous = models.PositiveIntegerField(_("new MOUs this year"))
    cumulative_mous = models.PositiveIntegerField(_("MOUs in total by year end"))
    offices = models.PositiveIntegerField(_("new offices this year"), null=True, blank=True)
    note = models.CharField(
        _("note"), max_length=300, blank=True, validators=[validate_no_resident_number]
    )

    class Meta:
        verbose_name = _("attraction target")
        verbose_name_plural = _("attraction targets")
        ordering = ["-year"]

    def __str__(self) -> str:
        return str(self.year)
