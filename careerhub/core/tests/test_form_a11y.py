"""The error summary in base.html: a validated form with errors puts "오류:" first in the title
and lists each error with a link to its field; help texts carry the id the field points at."""

from __future__ import annotations

import re

import pytest
from django import forms
from django.contrib.auth.models import AnonymousUser
from django.template import Context, Template
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.utils import translation


class PersonForm(forms.Form):
    name = forms.CharField(label="이름", max_length=5)
    email = forms.EmailField(label="이메일", help_text="업무용 주소")
    secret = forms.CharField(widget=forms.HiddenInput)


CHILD = Template(
    '{% extends "base.html" %}{% block title %}등록{% endblock %}'
    "{% block content %}{% for field in form %}{{ field }}"
    '{% if field.help_text %}<span class="helptext" id="{{ field.auto_id }}_helptext">'
    "{{ field.help_text }}</span>{% endif %}{{ field.errors }}{% endfor %}{% endblock %}"
)


def _request_with_user():
    request = RequestFactory().get("/")
    request.user = AnonymousUser()
    return request


def _render(form: forms.Form) -> str:
    request = _request_with_user()
    with translation.override("ko"):
        return CHILD.render(Context({"form": form, "request": request, "user": request.user}))


def _title(html: str) -> str:
    return re.search(r"<title>(.*?)</title>", html, re.S).group(1).strip()


def test_an_invalid_submit_gets_a_summary_with_links_and_an_error_title():
    form = PersonForm(data={"name": "너무 긴 이름입니다", "email": "nope", "secret": ""})
    assert not form.is_valid()
    html = _render(form)
    assert _title(html).startswith("오류: 등록")
    summary = re.search(
        r'<div class="error-summary" id="error-summary" tabindex="-1".*?</div>', html, re.S
    )
    assert summary, html
    links = re.findall(r'<a href="#([^"]+)">([^<]+)</a>', summary.group(0))
    assert [target for target, _ in links] == ["id_name", "id_email"]
    assert links[0][1].startswith("이름: ")
    # the hidden field's error is listed as text (there is nothing to move the cursor to)
    assert "secret" not in "".join(t for t, _ in links)
    assert summary.group(0).count("<li>") == 3
    # every id an aria-describedby names is on the page
    for ids in re.findall(r'aria-describedby="([^"]+)"', html):
        for target in ids.split():
            assert f'id="{target}"' in html, target


@pytest.mark.parametrize(
    "form",
    [
        PersonForm(),  # not submitted
        PersonForm(data={"name": "", "email": "", "secret": ""}),  # submitted, never validated
    ],
)
def test_no_summary_and_a_plain_title_without_a_failed_validation(form):
    html = render_to_string("base.html", {"form": form}, request=_request_with_user())
    assert "error-summary" not in html and "오류" not in _title(html)
    # looking for errors did not validate a form the view never checked
    assert form._errors is None


def test_a_valid_form_has_no_summary():
    form = PersonForm(data={"name": "김가영", "email": "a@example.kr", "secret": "x"})
    assert form.is_valid()
    html = _render(form)
    assert "error-summary" not in html and not _title(html).startswith("오류")


def test_formset_errors_are_listed_too():
    people = forms.formset_factory(PersonForm, extra=0)
    formset = people(
        data={
            "form-TOTAL_FORMS": "1",
            "form-INITIAL_FORMS": "0",
            "form-0-name": "",
            "form-0-email": "a@example.kr",
            "form-0-secret": "x",
        }
    )
    assert not formset.is_valid()
    html = render_to_string("base.html", {"formset": formset}, request=_request_with_user())
    assert 'href="#id_form-0-name"' in html
