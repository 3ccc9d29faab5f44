"""Django's stock form messages read in the product's own Korean (issue 14): no "이 값이 최대
100 개의 글자인지 확인하세요(입력값 500 자).", no "%(field_label)s은/는 이미 존재합니다."."""

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.utils import translation


def _errors(field: forms.Field, value: object) -> list[str]:
    with translation.override("ko"), pytest.raises(ValidationError) as raised:
        field.clean(value)
    return [str(m) for m in raised.value.messages]


def test_too_long_text_says_the_limit_and_the_length():
    assert _errors(forms.CharField(max_length=100), "가" * 500) == [
        "100자 이내로 입력하세요. (지금 500자)"
    ]


def test_required_number_email_and_date():
    assert _errors(forms.CharField(), "") == ["이 항목을 입력하세요."]
    assert _errors(forms.IntegerField(), "열") == ["숫자(정수)로 입력하세요."]
    assert _errors(forms.IntegerField(max_value=10), "11") == ["10 이하로 입력하세요."]
    assert _errors(forms.EmailField(), "kim@") == [
        "이메일 주소를 올바르게 입력하세요. 예: name@example.com"
    ]
    assert _errors(forms.DateField(), "2026-13-01") == [
        "날짜를 올바르게 입력하세요. 예: 2026-03-01"
    ]


PLACEHOLDERS = (
    "value",
    "limit_value",
    "show_value",
    "max",
    "model_name",
    "field_label",
    "field_labels",
    "name",
    "filter_title",
)


def test_no_stock_message_has_an_unfilled_particle():
    from careerhub.core import django_messages

    with translation.override("ko"):
        for message in django_messages.MESSAGES:
            text = message % dict.fromkeys(PLACEHOLDERS, 5)
            assert not any(p in text for p in ("은/는", "이/가", "을(를)", "은(는)", "이(가)"))
