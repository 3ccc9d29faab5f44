"""One rule for 주민등록번호 everywhere: the shape, a real birth date, no checksum required."""

import pytest
from django.core.exceptions import ValidationError

from careerhub.core.errors import CoreErrorCode, error_codes
from careerhub.core.validators import looks_like_resident_number, validate_no_resident_number


@pytest.mark.parametrize(
    "text",
    [
        "900101-1234567",
        "9001011234567",
        "900101 1234567",
        "900101 - 2234567",
        "저는 000229-3123456 입니다",  # a leap day of 2000
        "051231-4123456",
        "900101-5234567",  # foreigners' numbers (5-8)
        "011231-7234567",
        "880808-8123456",
        "연락 주세요. 주민번호 950315–1234568.",  # an en dash
        "950315.1234568",
        "900101-1234560",  # a wrong check digit still counts (numbers since 2020 have none)
    ],
)
def test_resident_numbers_are_recognised(text):
    assert looks_like_resident_number(text)
    with pytest.raises(ValidationError) as caught:
        validate_no_resident_number(text)
    assert error_codes(caught.value) == {CoreErrorCode.RESIDENT_NUMBER}


@pytest.mark.parametrize(
    "text",
    [
        "",
        None,
        "010-1234-5678",
        "01012345678",
        "02-123-4567",
        "1588-1234",
        "123-45-67890",  # 사업자등록번호
        "1234567890",
        "2026-03-01",
        "20260301",
        "2026. 3. 1.",
        "2026-01-00001",  # an application receipt number
        "202601000012",
        "901301-1234567",  # month 13 is no birth date
        "900230-1234567",  # 30 February
        "900101-9234567",  # 9 is no century code we accept
        "900101-0234567",
        "19900101-1234567",  # part of a longer number
        "900101-12345678",
        "계좌 110-123-456789",
        "주문번호 2026030112345",
    ],
)
def test_other_numbers_are_not_resident_numbers(text):
    assert not looks_like_resident_number(text)
    validate_no_resident_number(text)
