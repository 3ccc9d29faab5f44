"""Input rules of the application form: no resident registration number, ever."""

from __future__ import annotations

import datetime as dt
import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from careerhub.intake.errors import IntakeErrorCode

# 주민등록번호: YYMMDD, an optional separator, then a gender/century digit 1-8 and six digits.
_RRN = re.compile(r"(?<!\d)(\d{2})(\d{2})(\d{2})\s*[-–—.]?\s*([1-8])\d{6}(?!\d)")


def looks_like_resident_number(text: str) -> bool:
    """True when ``text`` holds something shaped like a 주민등록번호 with a real birth date."""
    for match in _RRN.finditer(text or ""):
        yy, mm, dd, code = (int(g) for g in match.groups())
        century = {1: 1900, 2: 1900, 5: 1900, 6: 1900, 3: 2000, 4: 2000, 7: 2000, 8: 2000}[code]
        try:
            dt.date(century + yy, mm, dd)
        except ValueError:
            continue
        return True
    return False


def validate_no_resident_number(value: str) -> None:
    if looks_like_resident_number(value):
        raise ValidationError(
            _(
                "Do not enter a resident registration number. The academy never collects it; "
                "please remove it."
            ),
            code=IntakeErrorCode.RESIDENT_NUMBER,
        )
