"""Access records (PIPC safety-measure standard §8): who saw whose personal data, and when.

Every page, list or download that shows people's personal data records it with one line:

- in the view, once the subjects are known::

      record_access(request, AccessRecord.Action.LIST, trainees=page.object_list)

- or, for a page whose URL names the person, as a decorator::

      @records_access(AccessRecord.Action.VIEW, trainees="trainee_id")

A record holds the account (id and a snapshot of email, name and roles that outlives the user),
the time, the client address (``core.net.client_ip``: a proxy header only behind a configured
trusted proxy), the subjects (trainee, applicant and contact ids; past ``MAX_IDS`` of a kind only
the count and the query) and what was done (action, URL name, path).

Decisions:
- a trainee looking at their own data is not recorded (it is not an access to someone else's
  personal data, and it would drown the review in noise);
- a page that showed nobody (no subjects) is not recorded;
- records are append-only; ``access_records_purge`` is the one way to delete them, and only
  those older than ``settings.ACCESS_RECORD_RETENTION_DAYS`` (default 730: two years).
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import connection, models, transaction
from django.utils import timezone

from careerhub.core.models import AccessRecord, _jsonable
from careerhub.core.net import client_ip

Action = AccessRecord.Action

MAX_IDS = 200
"""Ids stored per kind of subject; a longer list is kept as its count and the query."""

SUBJECT_KINDS = ("trainees", "applicants", "contacts")
"""Subject kinds; an applicant is an intake application (applicants have no account)."""

PURGE_SETTING = "careerhub.access_records_purge"
"""The PostgreSQL session variable the append-only trigger checks before it lets a DELETE by."""


def retention_days() -> int:
    return int(getattr(settings, "ACCESS_RECORD_RETENTION_DAYS", 730))


def _ids(values: Any, singular: str) -> list[int]:
    """Ids of the people behind ``values``: instances, ids, a queryset, or rows that point at
    them (anything with ``<singular>_id``, e.g. a booking's ``trainee_id``, or ``<singular>``)."""
    if values is None:
        return []
    if isinstance(values, (models.Model, int, str)) or not isinstance(values, Iterable):
        values = [values]
    if isinstance(values, models.QuerySet) and not values._fields:
        if hasattr(values.model, f"{singular}_id"):
            values = values.values_list(f"{singular}_id", flat=True)
        else:
            values = values.values_list("pk", flat=True)
    ids: list[int] = []
    for value in values:
        if hasattr(value, f"{singular}_id"):
            pk = getattr(value, f"{singular}_id")
        elif isinstance(getattr(value, singular, None), models.Model):
            pk = getattr(value, singular).pk
        else:
            pk = getattr(value, "pk", value)
        try:
            ids.append(int(pk))
        except (TypeError, ValueError):
            continue
    return list(dict.fromkeys(ids))


SUBJECT_MODELS = {
    "academy.trainee": "trainees",
    "intake.application": "applicants",
    "companies.contact": "contacts",
}


def subjects_of(model: type[models.Model], rows: Iterable[models.Model]) -> dict[str, Any]:
    """``record_access`` keywords for rows of any model: the people themselves (trainee, intake
    application, contact) or the people rows point at (``trainee_id``, ``application_id`` …)."""
    rows = list(rows)
    kind = SUBJECT_MODELS.get(model._meta.label_lower)
    if kind is not None:
        return {kind: [row.pk for row in rows]}
    for field in model._meta.concrete_fields:
        related = getattr(field, "related_model", None)
        kind = SUBJECT_MODELS.get(related._meta.label_lower) if related else None
        if kind is not None:
            return {kind: [getattr(row, field.attname) for row in rows]}
    return {}


def _actor_of(request) -> tuple[Any, Any]:
    actor = getattr(request, "actor", None)
    user = getattr(actor, "user", None) if actor is not None else None
    if user is None:
        user = getattr(request, "user", None)
    if user is not None and not getattr(user, "is_authenticated", False):
        user = None
    return actor, user


def _is_own_data(actor: Any, subjects: dict[str, list[int]]) -> bool:
    own = getattr(actor, "trainee_ids", None) or frozenset()
    if not own or set(subjects) - {"trainees"}:
        return False
    return set(subjects.get("trainees", [])) <= set(own)


def record_access(
    request,
    action: str,
    *,
    trainees: Iterable[Any] | Any = None,
    applicants: Iterable[Any] | Any = None,
    contacts: Iterable[Any] | Any = None,
    count: int | None = None,
    query: str = "",
    page: str = "",
    force: bool = False,
    **detail: Any,
) -> AccessRecord | None:
    """Record one access to personal data by the request's account; None when nothing to record.

    ``trainees``/``applicants``/``contacts`` take model instances, ids or a queryset. ``count``
    overrides the number of subjects (a paginated list passes the page; a download its rows).
    ``query`` describes what was asked for (defaults to the full path). ``page`` defaults to the
    URL name of the request. ``force`` records even a page that named nobody (the access review
    itself). Anything else goes into ``detail`` (purpose, reason, format …).
    """
    if action not in Action.values:
        raise ValueError(f"unknown access action {action!r}")
    actor, user = _actor_of(request)
    given = {
        ("trainees", "trainee"): trainees,
        ("applicants", "application"): applicants,
        ("contacts", "contact"): contacts,
    }
    subjects = {kind: ids for (kind, one), values in given.items() if (ids := _ids(values, one))}
    total = sum(len(ids) for ids in subjects.values()) if count is None else count
    if (total == 0 and not force) or _is_own_data(actor, subjects):
        return None
    full_path = request.get_full_path() if hasattr(request, "get_full_path") else ""
    stored = {kind: ids for kind, ids in subjects.items() if len(ids) <= MAX_IDS}
    if len(stored) < len(subjects):
        detail["truncated"] = {k: len(v) for k, v in subjects.items() if k not in stored}
    if api_key_id := getattr(actor, "api_key_id", None):
        detail.setdefault("api_key", api_key_id)  # the person's key (careerhub.api)
    match = getattr(request, "resolver_match", None)
    roles = list(getattr(actor, "roles", []) or [])
    if user is not None and getattr(user, "is_superuser", False):
        roles.append("superuser")
    return AccessRecord.objects.create(
        actor=user,
        actor_user_id=user.pk if user is not None else None,
        actor_email=getattr(user, "email", "") or "",
        actor_name=(getattr(user, "name", "") or "")[:150],
        actor_roles=[str(r) for r in roles],
        ip=client_ip(request) if hasattr(request, "META") else None,
        action=action,
        page=(page or (match.view_name if match else "") or "")[:100],
        path=full_path[:500],
        subjects=stored,
        subject_count=total,
        query=(query or full_path)[:500],
        detail={k: _jsonable(v) for k, v in detail.items()},
    )


SubjectGetter = str | Callable[..., Any]


def records_access(action: str, **getters: SubjectGetter) -> Callable:
    """Decorate a view so a successful (200) response records an access.

    Each keyword is a subject kind (``trainees``, ``applicants``, ``contacts``) given either as
    the name of a URL keyword argument holding the id (``trainees="trainee_id"``) or as a
    callable ``(request, **view_kwargs)`` returning instances or ids.
    """
    unknown = set(getters) - set(SUBJECT_KINDS)
    if unknown:
        raise TypeError(f"unknown subject kinds: {sorted(unknown)}")

    def decorate(view):
        @functools.wraps(view)
        def wrapped(request, *args, **kwargs):
            response = view(request, *args, **kwargs)
            if getattr(response, "status_code", None) == 200 and request.method in ("GET", "HEAD"):
                subjects = {
                    kind: kwargs.get(getter)
                    if isinstance(getter, str)
                    else getter(request, **kwargs)
                    for kind, getter in getters.items()
                }
                record_access(request, action, **subjects)
            return response

        return wrapped

    return decorate


def access_records_purge(*, before: datetime) -> int:
    """Delete the records made before ``before``; refuses a date inside the retention period.

    The one way records leave the database (the retention command calls it). On PostgreSQL the
    append-only trigger lets a DELETE by only while the transaction-local ``PURGE_SETTING`` is on.
    """
    limit = timezone.now() - timedelta(days=retention_days())
    if before > limit:
        raise ValueError(
            f"access records are kept {retention_days()} days: purge only before {limit:%Y-%m-%d}"
        )
    table = connection.ops.quote_name(AccessRecord._meta.db_table)
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"SET LOCAL {PURGE_SETTING} = 'on'")
        cursor.execute(f"DELETE FROM {table} WHERE at < %s", [before])  # noqa: S608
        return cursor.rowcount
