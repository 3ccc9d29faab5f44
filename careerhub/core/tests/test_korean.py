import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.template import Context, Template

from careerhub.core import korean
from careerhub.core.validators import validate_business_number, validate_phone


@pytest.mark.parametrize(
    ("value", "valid"),
    [
        ("124-81-00998", True),  # formatted, valid check digit
        ("1248100998", True),  # digits only
        (" 124-81-00998 ", True),  # surrounding spaces from a paste
        ("220-81-62517", True),
        ("124-81-00999", False),  # wrong check digit
        ("123-45-67890", False),  # the usual placeholder fails its checksum
        ("124-81-0099", False),  # nine digits
        ("124-81-009981", False),  # eleven digits
        ("12-481-00998", False),  # hyphens in the wrong places
        ("124 81 00998", False),
        ("", False),
        ("abc-de-fghij", False),
    ],
)
def test_business_number_checksum(value, valid):
    assert korean.business_number_is_valid(value) is valid


def test_business_number_ninth_digit_carry_is_counted():
    # 9th digit 9 contributes 9*5=45 plus floor(45/10)=4; dropping the carry gives check 2.
    assert korean.business_number_is_valid("1248100998")
    assert not korean.business_number_is_valid("1248100992")


def test_business_number_validator_message_is_clear():
    with pytest.raises(ValidationError) as exc:
        validate_business_number("123-45-67890")
    assert exc.value.code == "invalid_business_number"
    validate_business_number("124-81-00998")


def test_business_number_formatting():
    assert korean.format_business_number("1248100998") == "124-81-00998"
    assert korean.format_business_number("124-81-00998") == "124-81-00998"
    assert korean.business_number_normalize("124-81-00998") == "1248100998"
    assert korean.format_business_number("12345") == "12345"


@pytest.mark.parametrize(
    ("raw", "formatted"),
    [
        ("01012345678", "010-1234-5678"),
        ("010-1234-5678", "010-1234-5678"),
        ("0111234567", "011-123-4567"),
        ("0212345678", "02-1234-5678"),
        ("021234567", "02-123-4567"),
        ("0621234567", "062-123-4567"),
        ("06212345678", "062-1234-5678"),
        ("07012345678", "070-1234-5678"),
        ("15881234", "1588-1234"),
        ("12345", "12345"),
        ("", ""),
    ],
)
def test_phone_format(raw, formatted):
    assert korean.format_phone(raw) == formatted


@pytest.mark.parametrize(
    ("raw", "valid"),
    [
        ("010-1234-5678", True),
        ("01012345678", True),
        ("02-123-4567", True),
        ("062-123-4567", True),
        ("1588-1234", True),
        ("010-123", False),
        ("1234567890123", False),
        ("090-1234-5678", False),
    ],
)
def test_phone_validity(raw, valid):
    assert korean.phone_is_valid(raw) is valid


def test_phone_validator():
    with pytest.raises(ValidationError) as exc:
        validate_phone("010-12")
    assert exc.value.code == "invalid_phone"
    validate_phone("")  # optional fields stay optional


def test_date_format():
    assert korean.format_date(dt.date(2026, 3, 1)) == "2026. 3. 1."
    assert korean.format_date(dt.date(2026, 12, 31)) == "2026. 12. 31."
    assert korean.format_date(None) == ""


def test_datetime_is_shown_in_seoul_time():
    utc_evening = dt.datetime(2026, 2, 28, 16, 30, tzinfo=ZoneInfo("UTC"))
    # 16:30 UTC on 28 Feb is 01:30 on 1 March in Seoul.
    assert korean.format_date(utc_evening) == "2026. 3. 1."
    assert korean.format_datetime(utc_evening) == "2026. 3. 1. 01:30"


@pytest.mark.parametrize(
    ("value", "text"),
    [(1234000, "1,234,000원"), (0, "0원"), (Decimal("1500.6"), "1,501원"), (None, "")],
)
def test_money_format(value, text):
    assert korean.format_money(value) == text


def test_percent_format():
    assert korean.format_percent(0.68) == "68.0%"
    assert korean.format_percent(Decimal("0.75"), 0) == "75%"
    assert korean.format_percent(None) == "—"


def test_template_filters():
    out = Template("{% load korean %}{{ d|kdate }}|{{ p|kphone }}|{{ m|won }}|{{ b|brn }}").render(
        Context({"d": dt.date(2026, 3, 1), "p": "01012345678", "m": 1234000, "b": "1248100998"})
    )
    assert out == "2026. 3. 1.|010-1234-5678|1,234,000원|124-81-00998"
