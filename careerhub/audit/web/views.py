"""The monthly access review (program office only; everyone else gets the 404)."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from careerhub.audit import policies, selectors, services
from careerhub.audit.models import AccessReview
from careerhub.audit.web.forms import ReviewForm
from careerhub.core.access import Action, record_access
from careerhub.core.errors import errors_to_form
from careerhub.core.policy import require


def _month(request) -> dt.date:
    """The month asked for (``?month=2026-11``), this month by default; a bad one is a 404."""
    today = timezone.localdate()
    value = request.GET.get("month", "")
    if not value:
        return today.replace(day=1)
    try:
        year, month = (int(part) for part in value.split("-"))
        chosen = dt.date(year, month, 1)
    except (ValueError, TypeError, OverflowError):
        raise Http404 from None
    if chosen > today.replace(day=1) or year < 2000:
        raise Http404
    return chosen


def _months_back(month: dt.date) -> tuple[dt.date, dt.date]:
    previous = (month - dt.timedelta(days=1)).replace(day=1)
    following = (month + dt.timedelta(days=32)).replace(day=1)
    return previous, following


@login_required
def review(request):
    actor = request.actor
    require(policies.can_review_access(actor))
    month = _month(request)
    form = ReviewForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.review_confirm(actor=actor, month=month, note=form.cleaned_data["note"])
        except ValidationError as exc:
            errors_to_form(form, exc)
        else:
            messages.success(request, _("The review of this month was recorded."))
            return redirect(f"{reverse('audit:review')}?month={month:%Y-%m}")
    rows = selectors.month_review(month)
    record_access(request, Action.VIEW, count=len(rows), force=True, month=f"{month:%Y-%m}")
    previous, following = _months_back(month)
    return render(
        request,
        "audit/review.html",
        {
            "month": month,
            "rows": rows,
            "review": AccessReview.objects.filter(month=month).first(),
            "form": form,
            "previous": previous,
            "following": following if following <= timezone.localdate() else None,
            "daily_limit": selectors.daily_limit(),
            "nav_active": "access_review",
        },
        status=400 if request.method == "POST" else 200,
    )


@login_required
def account(request, user_id: int):
    actor = request.actor
    require(policies.can_review_access(actor))
    month = _month(request)
    records = list(selectors.records_in(month, user_id=user_id))
    record_access(
        request,
        Action.VIEW,
        force=True,
        count=len(records),
        account=user_id,
        month=f"{month:%Y-%m}",
    )
    return render(
        request,
        "audit/account.html",
        {
            "month": month,
            "records": [(r, selectors.is_off_hours(r.at)) for r in records],
            "who": records[-1] if records else None,
            "user_id": user_id,
            "nav_active": "access_review",
        },
    )
