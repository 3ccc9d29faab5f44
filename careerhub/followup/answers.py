"""What a graduate can answer: the statuses (outcome types, in the ledger's own words), the
salary bands, insurance and why a job ended."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from careerhub.outcomes.models import OutcomeType

STATUSES = (
    OutcomeType.EMPLOYED,
    OutcomeType.STARTUP,
    OutcomeType.FURTHER_STUDY,
    OutcomeType.MILITARY,
    OutcomeType.STILL_SEEKING,
    OutcomeType.NOT_SEEKING,
    OutcomeType.OTHER_EXCLUSION,
)
STATUS_CHOICES = [(s.value, s.label) for s in STATUSES]
# A status that is a moment, not an episode with a start: dated on the day of the answer.
MOMENT_STATUSES = frozenset({OutcomeType.STILL_SEEKING, OutcomeType.NOT_SEEKING})
# Statuses that name an organisation (employer, own company).
WITH_COMPANY = frozenset({OutcomeType.EMPLOYED, OutcomeType.STARTUP})


class SalaryBand(models.TextChoices):
    UNDER_24 = "under_24", _("Under 24 million won a year")
    FROM_24 = "24_30", _("24 to 30 million won a year")
    FROM_30 = "30_36", _("30 to 36 million won a year")
    FROM_36 = "36_42", _("36 to 42 million won a year")
    FROM_42 = "42_48", _("42 to 48 million won a year")
    FROM_48 = "48_plus", _("48 million won a year or more")
    UNSAID = "unsaid", _("I would rather not say")


class InsuranceAnswer(models.TextChoices):
    YES = "yes", _("Yes, I am insured")
    NO = "no", _("No")
    UNKNOWN = "unknown", _("I do not know")


class EndReason(models.TextChoices):
    CONTRACT_ENDED = "contract_ended", _("The contract ended")
    RESIGNED = "resigned", _("Left of their own accord")
    DISMISSED = "dismissed", _("Let go by the company")
    COMPANY_CLOSED = "company_closed", _("The company closed")
    OTHER = "other", _("Another reason")
