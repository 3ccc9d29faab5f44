"""The fast form renderer prints exactly what Django's widget templates print."""

from __future__ import annotations

import datetime as dt

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy

from careerhub.core.forms_renderer import FastWidgetRenderer

TRICKY = "a<b>&\"c'"

CHOICES = [
    ("", "—"),
    (1, "하나"),
    ("two", TRICKY),
    ("safe", mark_safe("<b>굵게</b>")),
    ("lazy", gettext_lazy("Home")),
    ("그룹", [("g1", "그룹 1"), (TRICKY, "그룹 2")]),
]


class Everything(forms.Form):
    name = forms.CharField(max_length=20, help_text="이름")
    email = forms.EmailField(required=False)
    age = forms.IntegerField(min_value=0)
    born = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}))
    at = forms.DateTimeField(required=False, widget=forms.DateTimeInput())
    secret = forms.CharField(widget=forms.PasswordInput(render_value=True))
    hidden = forms.CharField(widget=forms.HiddenInput)
    site = forms.URLField(required=False, assume_scheme="https")
    note = forms.CharField(widget=forms.Textarea(attrs={"rows": 3, "placeholder": TRICKY}))
    empty_note = forms.CharField(required=False, widget=forms.Textarea)
    agree = forms.BooleanField(required=False)
    choice = forms.ChoiceField(choices=CHOICES)
    many = forms.MultipleChoiceField(choices=CHOICES, required=False)
    maybe = forms.NullBooleanField(required=False)
    disabled = forms.ChoiceField(choices=CHOICES, disabled=True, required=False)
    numbers = forms.ChoiceField(choices=[(1, 1), (2, dt.date(2026, 1, 2))], required=False)
    flags = forms.CharField(
        required=False, widget=forms.TextInput(attrs={"autofocus": True, "hidden": False})
    )


DATA = {
    "name": TRICKY,
    "email": "x@example.kr",
    "age": "-1",
    "born": "2000-01-02",
    "secret": TRICKY,
    "hidden": "h",
    "note": TRICKY + "\n둘째 줄",
    "agree": "on",
    "choice": TRICKY,  # not a valid choice: an error, and still shown selected
    "many": ["two", "g1"],
    "maybe": "true",
    "numbers": "2",
}


@pytest.mark.parametrize("bound", [False, True])
def test_every_widget_prints_the_same(bound):
    form = Everything(DATA if bound else None, initial={"name": "처음", "choice": 1})
    form.is_valid()
    fast, templates = FastWidgetRenderer(), DjangoTemplates()
    for field in form:
        for attrs in (None, {"aria-describedby": "x_helptext", "data-x": TRICKY}):
            form.renderer = templates
            expected = field.as_widget(attrs=attrs)
            form.renderer = fast
            assert field.as_widget(attrs=attrs) == expected, field.name


def test_it_is_the_renderer_in_use(settings):
    from django.forms.renderers import get_default_renderer

    assert settings.FORM_RENDERER == "careerhub.core.forms_renderer.FastWidgetRenderer"
    assert isinstance(get_default_renderer(), FastWidgetRenderer)


def test_inputs_textareas_and_selects_do_not_use_templates(monkeypatch):
    used = []
    original = DjangoTemplates.get_template
    monkeypatch.setattr(
        DjangoTemplates,
        "get_template",
        lambda self, name: used.append(name) or original(self, name),
    )
    form = Everything(DATA)
    form.renderer = FastWidgetRenderer()
    for name in ("name", "email", "age", "born", "secret", "hidden", "note", "agree", "many"):
        form[name].as_widget()
    assert used == []
    form["numbers"].as_widget()  # a date as a label: the template localises it
    assert used == ["django/forms/widgets/select.html"]
