"""Every API error as ``application/problem+json`` (RFC 9457), from one place.

A problem has ``type`` (a URN naming its ``code``), ``title`` (the status in words), ``status``,
``detail`` (for people, in the request's language: Korean unless the caller asks otherwise with
``Accept-Language`` or the site's language cookie), ``instance`` (the path asked for), ``code``
(stable: callers branch on it, never on the text) and, for invalid input, ``errors``: one entry
per field with its own code and message.

Codes come from the apps' ``ErrorCode`` enums (a service's ``ValidationError`` keeps its code)
and from ``ApiErrorCode`` below for what only the API says (authentication, preconditions,
idempotency, rate limits).

Mapping:

==============================================  ======  =================================
raised                                          status  code
==============================================  ======  =================================
``AuthenticationError`` / a bad or missing key  401     ``not_authenticated``, ``api_key_*``
a body that cannot be parsed                    400     ``malformed_request``
ninja ``HttpError`` (CSRF failure …)            its own ``http_<status>``
``django.core.exceptions.PermissionDenied``     403     ``permission_denied``
``Http404``, ``careerhub.core.policy``'s        404     ``not_found`` (missing and forbidden
``PermissionDenied``                                    look the same, as on the pages)
a stale optimistic version (``*stale*`` code)   412     the app's code (``stale_version``)
``If-Match`` missing on an update                428     ``precondition_required``
``If-Match`` not the current ``ETag``           412     ``precondition_failed``
ninja ``ValidationError`` (request shape)       422     ``invalid_request``
Django ``ValidationError`` (a service refused)  422     the app's code
``OverflowError`` (a number too large)          422     ``invalid_request``
``Idempotency-Key`` reused with another body     422     ``idempotency_key_reused``
``Throttled``                                   429     ``rate_limited`` + ``Retry-After``
anything else                                   500     ``server_error`` (logged)
==============================================  ======  =================================
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from ninja import Schema
from ninja.errors import AuthenticationError, HttpError, Throttled
from ninja.errors import ValidationError as NinjaValidationError
from pydantic import Field

from careerhub.core.errors import ErrorCode
from careerhub.core.policy import PermissionDenied

logger = logging.getLogger(__name__)

PROBLEM_CONTENT_TYPE = "application/problem+json"
TYPE_PREFIX = "urn:careerhub:problem:"


class ApiErrorCode(ErrorCode):
    NOT_AUTHENTICATED = "not_authenticated"
    API_KEY_INVALID = "api_key_invalid"
    API_KEY_EXPIRED = "api_key_expired"
    API_KEY_REVOKED = "api_key_revoked"
    API_KEY_NO_ROLE = "api_key_no_role"
    API_KEY_PERSON_NOT_MEMBER = "api_key_person_not_member"
    API_KEY_EXPIRY = "api_key_expiry"
    API_KEY_GRACE = "api_key_grace"
    API_KEY_ALREADY_REVOKED = "api_key_already_revoked"
    PERMISSION_DENIED = "permission_denied"
    NOT_FOUND = "not_found"
    METHOD_NOT_ALLOWED = "method_not_allowed"
    INVALID_REQUEST = "invalid_request"
    MALFORMED_REQUEST = "malformed_request"
    INVALID = "invalid"
    PRECONDITION_FAILED = "precondition_failed"
    PRECONDITION_REQUIRED = "precondition_required"
    IDEMPOTENCY_KEY_REUSED = "idempotency_key_reused"
    RATE_LIMITED = "rate_limited"
    SERVER_ERROR = "server_error"


TITLES = {
    400: gettext_lazy("Bad request"),
    401: gettext_lazy("Not authenticated"),
    403: gettext_lazy("Forbidden"),
    404: gettext_lazy("Not found"),
    405: gettext_lazy("Method not allowed"),
    409: gettext_lazy("Conflict"),
    412: gettext_lazy("Precondition failed"),
    422: gettext_lazy("Invalid request"),
    428: gettext_lazy("Precondition required"),
    429: gettext_lazy("Too many requests"),
    500: gettext_lazy("Server error"),
}


class FieldErrorOut(Schema):
    field: str | None = Field(
        None, description="The field (a dotted path for nested input); null for the whole request."
    )
    code: str = Field(..., description="Stable error code of this field's error.")
    message: str = Field(..., description="What is wrong, for people (Korean by default).")


class ProblemOut(Schema):
    """An error (RFC 9457 problem details) — 오류 응답 (RFC 9457)."""

    type: str = Field(..., examples=["urn:careerhub:problem:not_found"])
    title: str = Field(..., examples=["찾을 수 없음"])
    status: int = Field(..., examples=[404])
    detail: str = Field(..., examples=["요청하신 페이지가 없거나 열람 권한이 없습니다."])
    instance: str = Field(..., examples=["/api/v1/postings/12"])
    code: str = Field(..., description="Stable error code.", examples=["not_found"])
    errors: list[FieldErrorOut] = Field(default_factory=list)


class ApiProblem(Exception):
    """Raise from anywhere in the API to answer one problem."""

    def __init__(
        self,
        status: int,
        code: str,
        detail: str,
        *,
        errors: Iterable[dict[str, Any]] = (),
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(detail)
        self.status = status
        self.code = str(code)
        self.detail = str(detail)
        self.errors = list(errors)
        self.headers = headers or {}


class NotAuthenticated(ApiProblem):
    def __init__(self, code: str = ApiErrorCode.NOT_AUTHENTICATED, detail: str = "") -> None:
        super().__init__(
            401,
            code,
            detail
            or _(
                "Sign in, or send an API key as “Authorization: Bearer chk_…” "
                "or in the X-API-Key header."
            ),
            headers={"WWW-Authenticate": 'Bearer realm="careerhub"'},
        )


def problem_response(
    request: HttpRequest,
    *,
    status: int,
    code: str,
    detail: str,
    errors: Iterable[dict[str, Any]] = (),
    headers: dict[str, str] | None = None,
) -> HttpResponse:
    body = {
        "type": TYPE_PREFIX + str(code),
        "title": str(TITLES.get(status, TITLES[400 if status < 500 else 500])),
        "status": status,
        "detail": str(detail),
        "instance": request.path,
        "code": str(code),
        "errors": [
            {"field": e.get("field"), "code": str(e["code"]), "message": str(e["message"])}
            for e in errors
        ],
    }
    response = HttpResponse(
        json.dumps(body, ensure_ascii=False),
        status=status,
        content_type=f"{PROBLEM_CONTENT_TYPE}; charset=utf-8",
    )
    for name, value in (headers or {}).items():
        response[name] = value
    return response


def _not_found_detail() -> str:
    return _("The page you asked for does not exist or is not open to you.")


def is_stale_code(code: str | None) -> bool:
    return bool(code) and "stale" in str(code)


def django_validation_errors(exc: DjangoValidationError) -> list[dict[str, Any]]:
    """One entry per message of a service's ``ValidationError``, with its field and code."""
    out: list[dict[str, Any]] = []
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            for error in errors:
                out.append(
                    {
                        "field": None if field == NON_FIELD_ERRORS else field,
                        "code": error.code or exc_code(exc) or ApiErrorCode.INVALID,
                        "message": error.messages[0],
                    }
                )
    else:
        for error in exc.error_list:
            out.append(
                {
                    "field": None,
                    "code": error.code or ApiErrorCode.INVALID,
                    "message": error.messages[0],
                }
            )
    return out


def exc_code(exc: DjangoValidationError) -> str | None:
    return getattr(exc, "code", None)


def _ninja_validation_errors(exc: NinjaValidationError) -> list[dict[str, Any]]:
    out = []
    for error in exc.errors:
        loc = [str(part) for part in error.get("loc", ()) if part not in ("body", "payload")]
        if loc and loc[0] in ("query", "path", "header", "form", "file", "cookie"):
            loc = loc[1:]
        out.append(
            {
                "field": ".".join(loc) or None,
                "code": error.get("type", ApiErrorCode.INVALID),
                "message": error.get("msg", ""),
            }
        )
    return out


def on_api_problem(request, exc: ApiProblem) -> HttpResponse:
    return problem_response(
        request,
        status=exc.status,
        code=exc.code,
        detail=exc.detail,
        errors=exc.errors,
        headers=exc.headers,
    )


def on_authentication_error(request, exc: AuthenticationError) -> HttpResponse:
    return on_api_problem(request, NotAuthenticated())


def on_throttled(request, exc: Throttled) -> HttpResponse:
    headers = {"Retry-After": str(int(exc.wait))} if exc.wait else {}
    return problem_response(
        request,
        status=429,
        code=ApiErrorCode.RATE_LIMITED,
        detail=_(
            "Too many requests with this key. Nothing was saved. Wait the seconds in "
            "Retry-After and try again."
        ),
        headers=headers,
    )


def on_http_error(request, exc: HttpError) -> HttpResponse:
    status = exc.status_code
    if status == 403:
        detail = _("The request was refused (for a signed-in browser: the CSRF token is missing).")
        code = ApiErrorCode.PERMISSION_DENIED
    elif status == 405:
        detail, code = _("This method is not allowed here."), ApiErrorCode.METHOD_NOT_ALLOWED
    elif status == 400:
        detail = _("The request body could not be read: send well-formed JSON (or a form).")
        code = ApiErrorCode.MALFORMED_REQUEST
    else:
        detail, code = str(exc), f"http_{status}"
    return problem_response(request, status=status, code=code, detail=detail)


def on_not_found(request, exc: Exception) -> HttpResponse:
    return problem_response(
        request, status=404, code=ApiErrorCode.NOT_FOUND, detail=_not_found_detail()
    )


def on_forbidden(request, exc: DjangoPermissionDenied) -> HttpResponse:
    return problem_response(
        request,
        status=403,
        code=ApiErrorCode.PERMISSION_DENIED,
        detail=_("Your key or account may not do this."),
    )


def on_request_invalid(request, exc: NinjaValidationError) -> HttpResponse:
    return problem_response(
        request,
        status=422,
        code=ApiErrorCode.INVALID_REQUEST,
        detail=_("The request is not valid: see the errors of each field."),
        errors=_ninja_validation_errors(exc),
    )


def on_service_invalid(request, exc: DjangoValidationError) -> HttpResponse:
    errors = django_validation_errors(exc)
    codes = [e["code"] for e in errors]
    if any(is_stale_code(c) for c in codes):
        stale = next(e for e in errors if is_stale_code(e["code"]))
        return problem_response(
            request, status=412, code=stale["code"], detail=stale["message"], errors=errors
        )
    code = codes[0] if len(set(codes)) == 1 else ApiErrorCode.INVALID
    detail = errors[0]["message"] if len(errors) == 1 else " ".join(e["message"] for e in errors)
    return problem_response(request, status=422, code=code, detail=detail, errors=errors)


def on_overflow(request, exc: OverflowError) -> HttpResponse:
    """A number too large for the database (an id in a path or a filter): the request is
    invalid, not the server (routers declare ids as ``schemas.Id``; this is the safety net)."""
    return problem_response(
        request,
        status=422,
        code=ApiErrorCode.INVALID_REQUEST,
        detail=_("A number in the request is too large."),
    )


def on_server_error(request, exc: Exception) -> HttpResponse:
    logger.exception("API operation failed: %s %s", request.method, request.path)
    return problem_response(
        request,
        status=500,
        code=ApiErrorCode.SERVER_ERROR,
        detail=_("Something went wrong on our side. Nothing may have been saved; try again."),
    )


def install(api) -> None:
    """Register the handlers on ``api`` (order does not matter: ninja picks the closest class)."""
    api.add_exception_handler(Exception, on_server_error)
    api.add_exception_handler(ApiProblem, on_api_problem)
    api.add_exception_handler(AuthenticationError, on_authentication_error)
    api.add_exception_handler(Throttled, on_throttled)
    api.add_exception_handler(HttpError, on_http_error)
    api.add_exception_handler(Http404, on_not_found)
    api.add_exception_handler(PermissionDenied, on_not_found)
    api.add_exception_handler(DjangoPermissionDenied, on_forbidden)
    api.add_exception_handler(NinjaValidationError, on_request_invalid)
    api.add_exception_handler(DjangoValidationError, on_service_invalid)
    api.add_exception_handler(OverflowError, on_overflow)


STANDARD = (400, 401, 429)
"""Every operation can answer these (a body that is not JSON; no or bad key; too many)."""


def problems(*statuses: int) -> dict[int, type[ProblemOut]]:
    """The documented error responses of an operation: ``response={200: X, **problems(404)}``.

    400, 401 and 429 are always added; 422 too (any request can be invalid)."""
    return dict.fromkeys(sorted({*STANDARD, 422, *statuses}), ProblemOut)
