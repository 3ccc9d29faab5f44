"""Errors in one place: how a service's ``ValidationError`` reaches the person who caused it.

Services raise ``django.core.exceptions.ValidationError`` (with a code from their app's
``ErrorCode`` enum) or ``careerhub.core.policy.PermissionDenied``. Views never translate
either by hand:

- ``errors_to_form`` puts a ``ValidationError`` on the form that was submitted, each error on
  its field when the form has that field, otherwise at the top of the form — so a failed
  save keeps what was typed and says which field is wrong;
- ``errors_to_messages`` shows it as flash messages, for actions that have no form;
- ``PermissionDenied`` is turned into the getters' 404 by
  ``careerhub.core.middleware.PermissionDeniedMiddleware``, so nobody learns that an object
  they may not touch exists.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping

from django import forms
from django.contrib import messages
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.http import HttpRequest


class ErrorCode(enum.StrEnum):
    """Base of every app's error codes: a code is its own value, so it compares to strings."""


class CoreErrorCode(ErrorCode):
    INVALID_BUSINESS_NUMBER = "invalid_business_number"
    INVALID_PHONE = "invalid_phone"
    RESIDENT_NUMBER = "resident_number"


def errors_to_form(
    form: forms.BaseForm, exc: ValidationError, *, fields: Mapping[str, str] | None = None
) -> None:
    """Add ``exc`` to ``form``; ``fields`` maps a service's field name to the form's."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            target = (fields or {}).get(field, field)
            form.add_error(target if target in form.fields else None, errors)
    else:
        form.add_error(None, exc.error_list)


def errors_to_messages(request: HttpRequest, exc: ValidationError) -> None:
    """Show every message of ``exc`` as an error message on the next page."""
    for message in exc.messages:
        messages.error(request, message)


def error_codes(exc: ValidationError) -> set[str]:
    """Every code in ``exc`` (tests and callers compare codes, never message text)."""
    errors = exc.error_dict.values() if hasattr(exc, "error_dict") else [exc.error_list]
    return {e.code for group in errors for e in group if e.code}


__all__ = [
    "NON_FIELD_ERRORS",
    "CoreErrorCode",
    "ErrorCode",
    "error_codes",
    "errors_to_form",
    "errors_to_messages",
]
