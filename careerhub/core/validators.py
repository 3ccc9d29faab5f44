from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from careerhub.core import korean
from careerhub.core.errors import CoreErrorCode


def validate_business_number(value: str) -> None:
    if not korean.business_number_is_valid(value):
        raise ValidationError(
            _("Enter a valid business registration number (10 digits, e.g. 123-45-67890)."),
            code=CoreErrorCode.INVALID_BUSINESS_NUMBER,
        )


def validate_phone(value: str) -> None:
    if value and not korean.phone_is_valid(value):
        raise ValidationError(
            _("Enter a valid phone number, e.g. 010-1234-5678."), code=CoreErrorCode.INVALID_PHONE
        )
