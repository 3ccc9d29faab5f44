"""The form renderer (``FORM_RENDERER``): Django's own, with its most used widget templates
written out in Python.

Django renders every widget through templates, and every ``<option>`` of a select through
two more (the option and its attributes): a page with a course select or a filter form spent
most of its render time there. ``FastWidgetRenderer`` produces exactly what those templates
produce (``careerhub/core/tests/test_forms_renderer.py`` compares the two over every widget
kind and attribute case) for the input, textarea and select widgets; anything else, or a
value it does not print the same way (a number or a date as a label, which the templates
would localise), goes to the templates as before.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.forms.renderers import DjangoTemplates
from django.utils.functional import Promise
from django.utils.html import conditional_escape, escape
from django.utils.safestring import SafeData

WIDGETS = "django/forms/widgets/"
INPUT_TEMPLATES = {
    f"{WIDGETS}{name}.html"
    for name in (
        "text",
        "email",
        "number",
        "date",
        "datetime",
        "time",
        "hidden",
        "password",
        "url",
        "tel",
        "search",
        "checkbox",
        "color",
    )
}
OPTION_TEMPLATE = f"{WIDGETS}select_option.html"


class _Unsupported(Exception):
    """A value the templates would print differently (localised): let them render it."""


def _text(value: Any) -> str:
    """``{{ value }}`` for a text value (escaped unless already safe)."""
    if isinstance(value, str | Promise):
        return str(conditional_escape(value))
    raise _Unsupported


def _formatted(value: Any) -> str:
    """``{{ value|stringformat:'s' }}``: the value as text, escaped unless it was safe."""
    if isinstance(value, SafeData):
        return str(value)
    if isinstance(value, tuple):
        raise _Unsupported  # "%s" % a tuple: the filter's own corner case
    return escape("%s" % value)  # noqa: UP031 - exactly the filter's formatting


def _attrs(attrs: dict[str, Any]) -> str:
    """``django/forms/widgets/attrs.html``."""
    out = []
    for name, value in attrs.items():
        if value is False:
            continue
        out.append(" " + _text(name))
        if value is not True:
            out.append(f'="{_formatted(value)}"')
    return "".join(out)


def _input(widget: dict[str, Any]) -> str:
    value = widget["value"]
    shown = f' value="{_formatted(value)}"' if value is not None else ""
    return (
        f'<input type="{_text(widget["type"])}" name="{_text(widget["name"])}"'
        f"{shown}{_attrs(widget['attrs'])}>"
    )


def _textarea(widget: dict[str, Any]) -> str:
    value = widget["value"]
    body = _text(value) if value else ""
    return f'<textarea name="{_text(widget["name"])}"{_attrs(widget["attrs"])}>\n{body}</textarea>'


def _select(widget: dict[str, Any]) -> str:
    parts = [f'<select name="{_text(widget["name"])}"{_attrs(widget["attrs"])}>']
    for group_name, group_choices, _index in widget["optgroups"]:
        if group_name:
            parts.append(f'\n  <optgroup label="{_text(group_name)}">')
        for option in group_choices:
            if option["template_name"] != OPTION_TEMPLATE:
                raise _Unsupported
            parts.append(
                f'\n  <option value="{_formatted(option["value"])}"{_attrs(option["attrs"])}>'
                f"{_text(option['label'])}</option>\n"
            )
        if group_name:
            parts.append("\n  </optgroup>")
    parts.append("\n</select>")
    return "".join(parts)


FAST: dict[str, Callable[[dict[str, Any]], str]] = {
    **dict.fromkeys(INPUT_TEMPLATES, _input),
    f"{WIDGETS}textarea.html": _textarea,
    f"{WIDGETS}select.html": _select,
}


class FastWidgetRenderer(DjangoTemplates):
    """Django's template renderer, with the input, textarea and select widgets in Python."""

    def render(self, template_name, context, request=None):
        fast = FAST.get(template_name)
        if fast is not None and "widget" in context:
            try:
                return fast(context["widget"]).strip()
            except _Unsupported:
                pass
        return super().render(template_name, context, request=request)
