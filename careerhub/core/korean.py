"""Korean formats: dates (2026. 3. 1.), phones (010-1234-5678), money (1,234,000원) and
business registration numbers (사업자등록번호, 123-45-67890) with their checksum."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

from django.utils import timezone

_NON_DIGITS = re.compile(r"\D")

# Weights of the 사업자등록번호 checksum (국세청 rule): the ninth digit also adds floor(d*5/10).
_BRN_WEIGHTS = (1, 3, 7, 1, 3, 7, 1, 3, 5)


def digits_only(value: str) -> str:
    return _NON_DIGITS.sub("", value or "")


def business_number_is_valid(value: str) -> bool:
    """True when ``value`` (hyphens optional) has ten digits and a correct check digit."""
    raw = (value or "").strip()
    if not re.fullmatch(r"\d{3}-?\d{2}-?\d{5}", raw):
        return False
    digits = [int(c) for c in digits_only(raw)]
    total = sum(d * w for d, w in zip(digits[:9], _BRN_WEIGHTS, strict=True))
    total += (digits[8] * 5) // 10
    return (10 - total % 10) % 10 == digits[9]


def business_number_normalize(value: str) -> str:
    """The stored form: ten digits, no hyphens."""
    return digits_only(value)


def format_business_number(value: str) -> str:
    digits = digits_only(value)
    if len(digits) != 10:
        return value or ""
    return f"{digits[:3]}-{digits[3:5]}-{digits[5:]}"


def phone_normalize(value: str) -> str:
    return digits_only(value)


def phone_is_valid(value: str) -> bool:
    digits = digits_only(value)
    if re.fullmatch(r"01[016789]\d{7,8}", digits):
        return True
    if re.fullmatch(r"02\d{7,8}", digits):
        return True
    if re.fullmatch(r"0[3-6]\d\d{7,8}|070\d{8}", digits):
        return True
    return bool(re.fullmatch(r"1[5-9]\d{6}", digits))


def format_phone(value: str) -> str:
    """010-1234-5678, 02-123-4567, 062-123-4567, 1588-1234; anything else unchanged."""
    d = digits_only(value)
    if re.fullmatch(r"1[5-9]\d{6}", d):
        return f"{d[:4]}-{d[4:]}"
    if d.startswith("02") and len(d) in (9, 10):
        return f"02-{d[2:-4]}-{d[-4:]}"
    if d.startswith("0") and len(d) in (10, 11):
        return f"{d[:3]}-{d[3:-4]}-{d[-4:]}"
    return value or ""


def format_date(value: dt.date | dt.datetime | None) -> str:
    """2026. 3. 1. — the form Korean offices write dates in."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        value = timezone.localtime(value) if timezone.is_aware(value) else value
    return f"{value.year}. {value.month}. {value.day}."


def format_month(value: dt.date | dt.datetime | None) -> str:
    """2026. 3. — a month, as in a monthly report or a hiring month."""
    if value is None or value == "":
        return ""
    if isinstance(value, dt.datetime):
        value = timezone.localtime(value) if timezone.is_aware(value) else value
    return f"{value.year}. {value.month}."


def format_datetime(value: dt.datetime | None) -> str:
    if value is None:
        return ""
    local = timezone.localtime(value) if timezone.is_aware(value) else value
    return f"{format_date(local)} {local.hour:02d}:{local.minute:02d}"


def format_money(value: int | Decimal | float | None) -> str:
    """1,234,000원 (rounded to the won)."""
    if value is None:
        return ""
    return f"{round(Decimal(value)):,}원"


def format_percent(value: float | Decimal | None, digits: int = 1) -> str:
    if value is None:
        return "—"
    return f"{float(value) * 100:.{digits}f}%"
