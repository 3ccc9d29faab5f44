"""Cheap signatures of stored data: what a cached figure was computed from, in one query.

A cached table or page part is keyed by the signature of the rows it read, so it is used
until one of them changes and never after. For each source, a queryset and a column that
moves on every change (``updated_at`` for a timestamped model; the id for a table whose rows
are only added or deleted, never edited), the signature holds the number of rows and the
column's largest value: an insert or a delete changes the count, an edit the newest
timestamp, a delete-and-insert the newest id."""

from __future__ import annotations

import hashlib

from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models import F, QuerySet

Source = tuple[QuerySet, str]


def data_signature(*sources: Source) -> tuple:
    """(count, largest value) of each source's column, read in one query; all sources must
    live in one database."""
    if not sources:
        return ()
    parts: list[str] = []
    params: list[object] = []
    db = sources[0][0].db
    for i, (queryset, column) in enumerate(sources):
        inner = (
            queryset.order_by().annotate(signature_value=F(column)).values_list("signature_value")
        )
        try:
            sql, inner_params = inner.query.sql_with_params()
        except EmptyResultSet:  # e.g. ``.none()`` or ``pk__in=[]``: nothing to count
            sql, inner_params = "SELECT NULL AS signature_value WHERE 1 = 0", ()
        # the inner SQL is Django's own compilation of the queryset; every value in it is
        # a parameter, passed below
        parts.append(
            f"(SELECT COUNT(*) AS n{i}, MAX(signature_value) AS m{i} "  # noqa: S608
            f"FROM ({sql}) AS s{i}) AS a{i}"
        )
        params.extend(inner_params)
    with connections[db].cursor() as cursor:
        cursor.execute("SELECT * FROM " + ", ".join(parts), params)  # noqa: S608
        row = cursor.fetchone()
    return tuple(row)


def digest(*parts: object) -> str:
    """A short stable name for ``parts`` (their reprs, hashed): a cache key's tail."""
    h = hashlib.sha256()
    for part in parts:
        h.update(repr(part).encode())
        h.update(b"\x00")
    return h.hexdigest()
