"""``Idempotency-Key`` on creates: a retried request gets the first answer, not a second row.

A create operation is decorated with ``@decorate_view(idempotent)``. When the request carries
``Idempotency-Key`` (1–255 printable characters), the answer is stored for ``HOURS`` under
(the caller — key or signed-in user —, the idempotency key) with the SHA-256 of the method,
path and body:

- the same key with the same request again → the stored answer, byte for byte, with
  ``Idempotent-Replayed: true``;
- the same key with another request → 422 ``idempotency_key_reused``, nothing done;
- answers 5xx, 401 and 429 are not stored (the caller should retry those).

Two identical requests racing each other may both run; the unique (scope, key) row keeps the
first answer, and the application's own constraints (one active application per posting …)
keep the data right.
"""

from __future__ import annotations

import functools
import hashlib
from datetime import timedelta

from django.db import IntegrityError, transaction
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from careerhub.api.auth import KeyBearer, KeyHeader
from careerhub.api.errors import ApiErrorCode, ApiProblem, NotAuthenticated, problem_response
from careerhub.api.models import IdempotencyRecord

HEADER = "Idempotency-Key"
HOURS = 24
NOT_STORED = {401, 429}


def _scope(request) -> str | None:
    """Who is asking, authenticated the way the operation will (None: let it answer 401)."""
    try:
        for auth in (KeyBearer(), KeyHeader()):
            key = auth(request)
            if key:
                return f"key:{key.pk}"
    except NotAuthenticated:
        return None
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return f"user:{user.pk}"
    return None


def _request_hash(request) -> str:
    digest = hashlib.sha256()
    for part in (request.method, request.path, request.META.get("CONTENT_TYPE", "")):
        digest.update(part.encode() + b"\0")
    digest.update(request.body)
    return digest.hexdigest()


def idempotency_purge() -> int:
    """Forget answers older than ``HOURS``."""
    limit = timezone.now() - timedelta(hours=HOURS)
    deleted, _rows = IdempotencyRecord.objects.filter(created_at__lt=limit).delete()
    return deleted


def idempotent(run):
    """Decorate an operation's ``run`` (``ninja.decorators.decorate_view``)."""

    @functools.wraps(run)
    def wrapped(request, *args, **kwargs):
        key = request.headers.get(HEADER)
        if key is None:
            return run(request, *args, **kwargs)
        key = key.strip()
        if not key or len(key) > 255 or not key.isprintable():
            return problem_response(
                request,
                status=422,
                code=ApiErrorCode.INVALID_REQUEST,
                detail=_("Idempotency-Key must be 1 to 255 printable characters."),
                errors=[{"field": HEADER, "code": "invalid", "message": _("Not a valid key.")}],
            )
        scope = _scope(request)
        if scope is None:
            return run(request, *args, **kwargs)
        fingerprint = _request_hash(request)
        since = timezone.now() - timedelta(hours=HOURS)
        stored = IdempotencyRecord.objects.filter(
            scope=scope, key=key, created_at__gte=since
        ).first()
        if stored is not None:
            if stored.request_hash != fingerprint:
                exc = ApiProblem(
                    422,
                    ApiErrorCode.IDEMPOTENCY_KEY_REUSED,
                    _(
                        "This Idempotency-Key was used for a different request in the last "
                        "24 hours. Nothing was done. Use a new key for a new request."
                    ),
                )
                return problem_response(
                    request, status=exc.status, code=exc.code, detail=exc.detail
                )
            response = HttpResponse(
                bytes(stored.body), status=stored.status, content_type=stored.content_type
            )
            for name, value in stored.headers.items():
                response[name] = value
            response["Idempotent-Replayed"] = "true"
            return response
        response = run(request, *args, **kwargs)
        if response.status_code < 500 and response.status_code not in NOT_STORED:
            idempotency_purge()
            IdempotencyRecord.objects.filter(scope=scope, key=key).delete()
            try:
                with transaction.atomic():
                    IdempotencyRecord.objects.create(
                        scope=scope,
                        key=key,
                        request_hash=fingerprint,
                        status=response.status_code,
                        content_type=response.get("Content-Type", "application/json"),
                        body=response.content,
                        headers={
                            name: response[name]
                            for name in ("Location", "ETag")
                            if response.has_header(name)
                        },
                    )
            except IntegrityError:
                pass  # a twin request stored its answer first
        return response

    return wrapped
