"""What the recruitment services share: error shapes and the publication check."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from careerhub.intake.errors import IntakeErrorCode
from careerhub.intake.models import (
    ApplicationChoice,
    SelectionRun,
)

Outcome = ApplicationChoice.Outcome


def _field_error(field: str, message: str, code: IntakeErrorCode) -> ValidationError:
    """A field's error that keeps its code, also readable as ``exc.code``."""
    error = ValidationError({field: ValidationError(message, code=code)})
    error.code = code
    return error


def _published(cohort_id: int) -> bool:
    return SelectionRun.objects.filter(cohort_id=cohort_id, published_at__isnull=False).exists()


def _not_published(cohort_id: int) -> None:
    if _published(cohort_id):
        raise ValidationError(
            _("The results are published; screening and selection can no longer change."),
            code=IntakeErrorCode.PUBLISHED,
        )
