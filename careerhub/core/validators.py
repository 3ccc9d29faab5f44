"""Field validators shared by every app.

``validate_no_resident_number`` is the one rule for 주민등록번호 (resident registration numbers,
and the foreigners' 외국인등록번호 of the same shape): the academy never collects one, so no
free-text field a person fills may hold one — a self-introduction shown to companies, a cover
note, a consulting note, an imported cell. It sits on the model fields (``validators=[...]``) so
every form, service ``full_clean()`` and import enforces it.

What counts: six digits that form a real birth date (YYMMDD), an optional separator (hyphen,
dash, dot or spaces), a seventh digit 1-8 (century and sex; 5-8 are foreigners) and six more
digits, not part of a longer number. The check digit is deliberately NOT required: numbers
issued since October 2020 no longer carry the old checksum, and foreigners' numbers never
followed it reliably, so requiring it would let real numbers through. The shape plus a real
date keeps phone numbers (010-1234-5678), business numbers (123-45-67890), dates
(2026-03-01, 20260301) and receipt numbers (2026-01-00001) out.
"""

from __future__ import annotations

import datetime as dt
import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from careerhub.core import korean
from careerhub.core.errors import CoreErrorCode

_RESIDENT_NUMBER = re.compile(r"(?<!\d)(\d{2})(\d{2})(\d{2})\s*[-–—.]?\s*([1-8])\d{6}(?!\d)")
_CENTURY = {1: 1900, 2: 1900, 5: 1900, 6: 1900, 3: 2000, 4: 2000, 7: 2000, 8: 2000}


def looks_like_resident_number(text: object) -> bool:
    """True when ``text`` holds something shaped like a 주민등록번호 with a real birth date."""
    for match in _RESIDENT_NUMBER.finditer(str(text or "")):
        yy, mm, dd, code = (int(g) for g in match.groups())
        try:
            dt.date(_CENTURY[code] + yy, mm, dd)
        except ValueError:
            continue
        return True
    return False


def validate_no_resident_number(value: object) -> None:
    if looks_like_resident_number(value):
        raise ValidationError(
            _(
                "Do not enter a resident registration number. The academy never collects it; "
                "please remove it."
            ),
            code=CoreErrorCode.RESIDENT_NUMBER,
        )


def validate_free_text(**fields: object) -> None:
    """For text a service stores in a row it does not ``full_clean`` (a history row written with
    ``objects.create``): one ``ValidationError`` naming each field that holds a 주민등록번호."""
    errors = {}
    for name, value in fields.items():
        try:
            validate_no_resident_number(value)
        except ValidationError as exc:
            errors[name] = exc.error_list
    if errors:
        raise ValidationError(errors)


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
