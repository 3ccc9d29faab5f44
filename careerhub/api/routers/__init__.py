"""Every router of the API, mounted by ``careerhub.api.api`` in this order.

Each entry is ``(prefix, "module path")``; the module defines ``router``. A new area adds one
line to ``ROUTERS``.

How an operation is written (see ``postings.py`` / ``applications.py`` for whole examples):

- no ``from __future__ import annotations`` in a router module: ninja and pydantic read the
  annotations (``Query[XFilter]``, schemas) at import time;
- ids (path, body, filters) as ``careerhub.api.schemas.Id`` (a positive 64-bit integer: a
  larger number is a 422, not a database error); enums as ``schemas.choices_enum`` with a
  name of their own (two apps' ``Status`` would share one schema component);
- thin: parse, call ONE selector or service of the app, answer. The actor is
  ``careerhub.api.auth.api_actor(request)`` (a key's person limited to its organisation, or
  the session's); objects are loaded only through the app's ``<object>_get_for(actor, id)``;
- ``operation_id="<entity>_<verb>"``, ``description=describe(ko, en)``
  (``careerhub.api.docs``), and ``response={200: Out, **problems(404, ...)}``
  (``careerhub.api.errors``: 401, 422 and 429 are always added): a test fails on an
  operation without both descriptions or its errors, and the URL matrix
  (``careerhub/api/tests/test_matrix.py``) fails on an operation it does not list;
- errors are raised, never built: a service's ``ValidationError`` (422, or 412 for a stale
  version), ``core.policy.PermissionDenied`` / ``Http404`` (404), ``errors.ApiProblem``;
- lists: ``@paginate(CursorPagination, ordering="-updated_at")`` and a ninja
  ``FilterSchema`` as ``filters: Query[XFilter]``;
- versioned updates: ``versioning.expected_version(request, obj.version)`` then pass it
  to the service; answer ``versioning.set_etag(response, obj.version)`` (``response:
  HttpResponse`` parameter);
- creates: ``@decorate_view(idempotent)`` (``careerhub.api.idempotency``) and status 201;
- personal data: ``careerhub.core.access.record_access(request, ...)`` as the pages do.
"""

ROUTERS: tuple[tuple[str, str], ...] = (
    ("/", "careerhub.api.routers.me"),
    ("/", "careerhub.api.routers.postings"),
    ("/", "careerhub.api.routers.applications"),
    ("/", "careerhub.api.routers.trainees"),
    ("/", "careerhub.api.routers.outcomes"),
    ("/", "careerhub.api.routers.plans"),
    ("/", "careerhub.api.routers.academy"),
    ("/", "careerhub.api.routers.rates"),
    ("/", "careerhub.api.routers.recommendations"),
    ("/", "careerhub.api.routers.gaps"),
    ("/", "careerhub.api.routers.companies"),
    ("/", "careerhub.api.routers.match_days"),
    ("/", "careerhub.api.routers.consulting"),
    ("/", "careerhub.api.routers.demand"),
)
