"""Helpers shared by every app's ``policies.py``.

A getter loads an object only through the queryset of what the actor may see, so a missing
object and a forbidden one give the same 404: nobody learns that an id exists.
"""

from __future__ import annotations

from typing import TypeVar

from django.db.models import Model, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

M = TypeVar("M", bound=Model)


def get_visible_or_404(queryset: QuerySet[M], pk: object) -> M:
    try:
        return queryset.get(pk=pk)
    except (queryset.model.DoesNotExist, ValueError, TypeError):
        raise Http404(_("The page you asked for does not exist or is not open to you.")) from None


class PermissionDenied(Exception):
    """Raised by services when an actor may not perform an action they could see."""


def require(allowed: bool) -> None:
    """Go on only if ``allowed``; otherwise the same 404 as a getter gives.

    A view states its policy check in one line — ``require(policies.can_x(actor, obj))`` — and
    ``PermissionDeniedMiddleware`` answers the one "does not exist or is not open to you" page.
    """
    if not allowed:
        raise PermissionDenied
