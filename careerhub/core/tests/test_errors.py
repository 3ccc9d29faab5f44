"""Errors in one place: a service's ValidationError on a form or as messages, a service's
PermissionDenied as the getters' 404, malformed query parameters ignored."""

from __future__ import annotations

import datetime as dt

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.test import RequestFactory
from django.urls import reverse

from careerhub.core import korean
from careerhub.core.errors import ErrorCode, error_codes, errors_to_form
from careerhub.core.middleware import PermissionDeniedMiddleware
from careerhub.core.params import int_param
from careerhub.core.policy import PermissionDenied, require


class _Codes(ErrorCode):
    TOO_LATE = "too_late"


class _Form(forms.Form):
    title = forms.CharField()
    starts_on = forms.DateField(required=False)


def _bound() -> _Form:
    form = _Form({"title": "면접", "starts_on": "2026-12-01"})
    assert form.is_valid()
    return form


def test_field_errors_land_on_their_fields_and_keep_their_codes():
    form = _bound()
    errors_to_form(
        form,
        ValidationError(
            {
                "starts_on": ValidationError("너무 늦었습니다.", code=_Codes.TOO_LATE),
                "not_on_the_form": ValidationError("다른 문제", code="other"),
            }
        ),
    )
    assert form.errors["starts_on"] == ["너무 늦었습니다."]
    assert form.has_error("starts_on", code="too_late")
    assert form.non_field_errors() == ["다른 문제"]
    assert form.data["title"] == "면접"  # what was typed stays on the form


def test_an_error_without_fields_goes_to_the_top_of_the_form():
    form = _bound()
    errors_to_form(form, ValidationError("저장할 수 없습니다.", code="locked"))
    assert form.non_field_errors() == ["저장할 수 없습니다."]
    assert form.has_error("__all__", code="locked")


def test_a_service_field_name_can_be_mapped_to_the_form_field():
    form = _bound()
    errors_to_form(form, ValidationError({"name": "이름"}), fields={"name": "title"})
    assert form.errors["title"] == ["이름"]


def test_error_codes_are_strings_callers_can_compare():
    exc = ValidationError({"a": ValidationError("x", code=_Codes.TOO_LATE)})
    assert error_codes(exc) == {"too_late"}
    assert _Codes.TOO_LATE == "too_late"


def test_permission_denied_from_a_service_answers_the_getters_404():
    def view(request):
        raise PermissionDenied

    middleware = PermissionDeniedMiddleware(lambda request: HttpResponse())
    request = RequestFactory().get("/")
    try:
        view(request)
    except PermissionDenied as exc:
        response = middleware.process_exception(request, exc)
    assert response.status_code == 404
    assert middleware.process_exception(request, ValueError()) is None


def test_require_passes_or_raises():
    require(True)
    with pytest.raises(PermissionDenied):
        require(False)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("12", 12),
        (" 7 ", 7),
        ("", None),
        (None, None),
        ("abc", None),
        ("1e3", None),
        ("-1", None),
        ("99999999999999999999", None),
        (str(2**31), None),
        (5, 5),
        (True, None),
    ],
)
def test_int_param(raw, expected):
    assert int_param(raw) == expected


def test_int_param_bounds():
    assert int_param("2030", minimum=2019, maximum=2031) == 2030
    assert int_param("2018", minimum=2019, maximum=2031) is None


def test_month_format_is_the_one_korean_format():
    assert korean.format_month(dt.date(2026, 3, 1)) == "2026. 3."
    assert korean.format_month(None) == ""


@pytest.mark.parametrize(
    "query", ["partner_of=99999999999999999999", "partner_of=abc", "partner_of=-5"]
)
def test_huge_or_malformed_filters_are_ignored_not_500(login, world, query):
    response = login(world.users["office"]).get(f"{reverse('companies:company_list')}?{query}")
    assert response.status_code == 200


def test_attraction_ignores_absurd_year_and_days(login, world):
    url = reverse("companies:attraction")
    response = login(world.users["office"]).get(f"{url}?year=99999999999&days=99999999999")
    assert response.status_code == 200
