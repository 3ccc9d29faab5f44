"""Cursor pagination: ``?limit=`` (1–100, default 20) and an opaque ``?cursor=``.

Lists are ordered by one key and the primary key (``ordering="-updated_at"`` means newest
first, ties broken by the higher id), and a page continues *after* the last row seen, so rows
added or moved meanwhile never make a row appear twice or be skipped the way offsets do. The
cursor is signed (``django.core.signing``, salted per ordering): a caller can neither read nor
forge a position. The answer is ``{"items": [...], "next": <URL of the next page or null>}``.

``records_access=True`` records the page's people (``core.access.record_access``, LIST), as a
list page of personal data does.

Use with ninja's ``@paginate``::

    @router.get("/postings", response={200: list[PostingOut], **problems()})
    @paginate(CursorPagination, ordering="-updated_at")
    def posting_list(request, filters: PostingFilter = Query(...)):
        return filters.filter(selectors.posting_list_for(actor=api_actor(request)))
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core import signing
from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _
from ninja import Field, Schema
from ninja.pagination import PaginationBase

from careerhub.api.errors import ApiErrorCode, ApiProblem
from careerhub.core.access import Action, record_access, subjects_of

DEFAULT_LIMIT = 20
MAX_LIMIT = 100


class CursorPagination(PaginationBase):
    class Input(Schema):
        limit: int = Field(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT, description="Rows per page (1–100).")
        cursor: str | None = Field(
            None, max_length=1000, description="The `next` link's cursor; omit for page one."
        )

    class Output(Schema):
        items: list[Any]
        next: str | None = Field(None, description="URL of the next page; null on the last page.")

    items_attribute = "items"

    def __init__(self, *, ordering: str = "-pk", records_access: bool = False, **kwargs: Any):
        super().__init__(**kwargs)
        self.records_access = records_access
        self.descending = ordering.startswith("-")
        self.key = ordering.lstrip("-")
        self.salt = f"careerhub.api.cursor:{ordering}"

    def _order(self) -> list[str]:
        sign = "-" if self.descending else ""
        return [f"{sign}{self.key}"] + ([] if self.key in ("pk", "id") else [f"{sign}pk"])

    def _decode(self, cursor: str, queryset: QuerySet) -> tuple[Any, int]:
        try:
            value, pk = signing.loads(cursor, salt=self.salt)
            if self.key not in ("pk", "id"):
                value = queryset.model._meta.get_field(self.key).to_python(value)
            return value, int(pk)
        except Exception as exc:  # a bad signature, a value the field refuses …
            raise ApiProblem(
                422,
                ApiErrorCode.INVALID_REQUEST,
                _("This cursor is not valid here: use the next link of the previous page."),
                errors=[
                    {
                        "field": "cursor",
                        "code": "invalid_cursor",
                        "message": _("Not a cursor of this list."),
                    }
                ],
            ) from exc

    def _encode(self, row: Any) -> str:
        value = row.pk if self.key in ("pk", "id") else getattr(row, self.key)
        if isinstance(value, dt.date):  # full precision (the JSON encoder cuts to ms)
            encoded = value.isoformat()
        elif isinstance(value, int):
            encoded = value
        else:
            encoded = DjangoJSONEncoder().default(value)
        return signing.dumps([encoded, row.pk], salt=self.salt, compress=True)

    def paginate_queryset(self, queryset: QuerySet, pagination: Input, request, **params: Any):
        queryset = queryset.order_by(*self._order())
        if pagination.cursor:
            value, pk = self._decode(pagination.cursor, queryset)
            op = "lt" if self.descending else "gt"
            if self.key in ("pk", "id"):
                queryset = queryset.filter(**{f"pk__{op}": pk})
            else:
                queryset = queryset.filter(
                    Q(**{f"{self.key}__{op}": value}) | Q(**{self.key: value, f"pk__{op}": pk})
                )
        rows = list(queryset[: pagination.limit + 1])
        next_url = None
        if len(rows) > pagination.limit:
            rows = rows[: pagination.limit]
            query = request.GET.copy()
            query["cursor"] = self._encode(rows[-1])
            query["limit"] = str(pagination.limit)
            next_url = request.build_absolute_uri(f"{request.path}?{query.urlencode()}")
        if self.records_access:  # the page shows people: record it as the list pages do
            record_access(request, Action.LIST, **subjects_of(queryset.model, rows))
        return {"items": rows, "next": next_url}
