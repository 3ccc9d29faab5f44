"""The error summary of a page, in one place for every form (KWCAG 2.2 / WCAG 3.3.1):
``{% form_error_items as items %}`` in base.html finds the forms in the page's context that were
validated and failed, and lists each error with a link to its field. base.html puts the list at
the top of the page, says "오류:" first in the title, and a small script moves focus there."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django import template
from django.forms import BaseForm
from django.forms.formsets import BaseFormSet

register = template.Library()


@dataclass(frozen=True)
class ErrorItem:
    message: str
    label: str = ""
    href: str = ""


def _form_items(form: BaseForm) -> list[ErrorItem]:
    # Only a form that has already been validated: looking at .errors of a bound form that was
    # never checked would run its validation from a template.
    if not form.is_bound or form._errors is None or not form._errors:
        return []
    items = [ErrorItem(message=str(m)) for m in form.non_field_errors()]
    for name, messages in form._errors.items():
        if name == "__all__" or name not in form.fields:
            continue
        bound = form[name]
        if bound.is_hidden:
            items.extend(ErrorItem(message=str(m)) for m in messages)
            continue
        target = bound.id_for_label or bound.auto_id
        for message in messages:
            items.append(
                ErrorItem(
                    message=str(message),
                    label=str(bound.label or ""),
                    href=f"#{target}" if target else "",
                )
            )
    return items


def _formset_items(formset: BaseFormSet) -> list[ErrorItem]:
    if not formset.is_bound or formset._errors is None:
        return []
    items = [ErrorItem(message=str(m)) for m in formset.non_form_errors()]
    for form in formset.forms:
        items.extend(_form_items(form))
    return items


@register.simple_tag(takes_context=True)
def form_error_items(context: template.Context) -> list[ErrorItem]:
    """Every error of every validated form or formset in the context, in order, once each."""
    items: list[ErrorItem] = []
    seen: set[int] = set()
    # type(), not isinstance(): isinstance would evaluate lazy values (request.user, messages)
    # and so cost a query on every page.
    for value in context.flatten().values():
        candidates: list[Any] = list(value) if type(value) in (list, tuple) else [value]
        for candidate in candidates:
            if id(candidate) in seen:
                continue
            kind = type(candidate)
            if issubclass(kind, BaseForm):
                seen.add(id(candidate))
                items.extend(_form_items(candidate))
            elif issubclass(kind, BaseFormSet):
                seen.add(id(candidate))
                seen.update(id(f) for f in candidate.forms)
                items.extend(_formset_items(candidate))
    return list(dict.fromkeys(items))
