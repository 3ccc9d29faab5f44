"""One JSON line per request in gunicorn's access log, and the request id behind it.

``RequestContextMiddleware`` gives every request an id (the proxy's ``X-Request-ID`` when it
is a plain token, else a new one), answers it in ``X-Request-ID`` and leaves the id and the
signed-in user's id in the WSGI environ — Django's ``request.META`` *is* that environ, so
gunicorn's logger reads them after the response without another query.

``JsonAccessLogger`` (gunicorn.conf.py's ``logger_class``) writes::

    {"time": "2026-03-02T01:00:00.123Z", "method": "GET", "path": "/apply/a/:token/",
     "status": 200, "duration_ms": 12.3, "bytes": 5120, "request_id": "…", "user_id": 7}

The query string is never logged (search terms, names and emails travel there), and path
segments that look like secrets or addresses (signed links, tokens, anything with ``@``) are
replaced by ``:token`` / ``:email``.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import uuid
from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils.functional import empty

try:
    from gunicorn.glogging import Logger as GunicornLogger
except ImportError:  # pragma: no cover - gunicorn is in requirements/base.txt
    GunicornLogger = object  # type: ignore[assignment,misc]

REQUEST_ID_KEY = "careerhub.request_id"
USER_ID_KEY = "careerhub.user_id"
REQUEST_ID_HEADER = "HTTP_X_REQUEST_ID"
_PLAIN_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")
# A path segment that is probably a secret: long, and not a lowercase word-with-hyphens slug.
_SLUG = re.compile(r"^[a-z0-9_.-]*$")
_NUMBER = re.compile(r"^\d+$")


def request_id_from(environ: dict[str, Any]) -> str:
    """The id of this request: the one set by the middleware or the proxy, else a new one."""
    known = environ.get(REQUEST_ID_KEY)
    if known:
        return str(known)
    offered = environ.get(REQUEST_ID_HEADER, "")
    return offered if _PLAIN_ID.match(offered) else uuid.uuid4().hex


def path_redact(path: str) -> str:
    """The path with tokens and email addresses replaced (never the query string)."""
    segments = []
    for segment in path.split("/"):
        if "@" in segment or "%40" in segment.lower():
            segments.append(":email")
        elif len(segment) >= 32 or (
            len(segment) >= 16 and not _SLUG.match(segment) and not _NUMBER.match(segment)
        ):
            segments.append(":token")
        else:
            segments.append(segment)
    return "/".join(segments)


class RequestContextMiddleware:
    """First in MIDDLEWARE: a request id for the log line and the response; the user id."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request_id = request_id_from(request.META)
        request.META[REQUEST_ID_KEY] = request_id
        response = self.get_response(request)
        response["X-Request-ID"] = request_id
        user = request.__dict__.get("user")
        # Only when the authentication middleware already loaded the user: no extra query.
        loaded = user is not None and getattr(user, "_wrapped", None) is not empty
        if loaded and getattr(user, "is_authenticated", False):
            request.META[USER_ID_KEY] = user.pk
        return response


def access_record(resp: Any, req: Any, environ: dict[str, Any], request_time: Any) -> str:
    """The JSON line for one request (gunicorn's response, request, environ, timedelta)."""
    status = getattr(resp, "status_code", None)
    if status is None:
        status = int(str(getattr(resp, "status", "0")).split(None, 1)[0] or 0)
    line = {
        "time": dt.datetime.now(dt.UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z"),
        "method": environ.get("REQUEST_METHOD", getattr(req, "method", "")),
        "path": path_redact(environ.get("PATH_INFO", getattr(req, "path", ""))),
        "status": status,
        "duration_ms": round(request_time.total_seconds() * 1000, 1),
        "bytes": getattr(resp, "sent", None),
        "request_id": request_id_from(environ),
        "user_id": environ.get(USER_ID_KEY),
    }
    return json.dumps(line, ensure_ascii=False, separators=(",", ":"))


class JsonAccessLogger(GunicornLogger):  # type: ignore[misc,valid-type]
    """gunicorn's logger, with the access log as one JSON object per line."""

    def access(self, resp, req, environ, request_time):
        if not (self.cfg.accesslog or self.cfg.logconfig or self.cfg.logconfig_dict):
            return
        try:
            self.access_log.info(access_record(resp, req, environ, request_time))
        except Exception:  # never let a log line break a response
            self.exception("access log line failed")
