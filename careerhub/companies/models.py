from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from careerhub.core import korean
from careerhub.core.choices import Region
from careerhub.core.models import TimeStampedModel
from careerhub.core.validators import validate_business_number


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
    has_city_office = models.BooleanField(_("office in the city"), default=False)
    city_office_opened_on = models.DateField(_("city office opened on"), null=True, blank=True)
    website = models.URLField(_("website"), blank=True)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        verbose_name = _("company")
        verbose_name_plural = _("companies")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                name="company_business_number_ten_digits",
                condition=models.Q(business_number__regex=r"^[0-9]{10}$"),
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
