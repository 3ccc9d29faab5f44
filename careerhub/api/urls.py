"""``/api/v1/``: the operations of ``careerhub.api.api``, each answered in the caller's language
(the site's language cookie, else ``Accept-Language``, else Korean), and a problem+json 404 for
any other path under the prefix."""

from __future__ import annotations

import functools

from django.urls import re_path
from django.utils import translation

from careerhub.api.api import api
from careerhub.api.errors import on_not_found


def _in_callers_language(view):
    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        language = translation.get_language_from_request(request)
        with translation.override(language):
            request.LANGUAGE_CODE = language
            response = view(request, *args, **kwargs)
            response.headers["Content-Language"] = language
            return response

    return wrapped


def _not_found(request, rest=""):
    return on_not_found(request, None)


patterns, _ninja_app, app_name = api.urls  # the namespace "api" is this module's app_name
for pattern in patterns:
    pattern.callback = _in_callers_language(pattern.callback)

urlpatterns = [*patterns, re_path(r"^(?P<rest>.*)$", _in_callers_language(_not_found))]
