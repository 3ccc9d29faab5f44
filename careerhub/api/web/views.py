"""Staff pages for API keys: list, create (the key is shown once), rotate, revoke."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from careerhub.api import policies, services
from careerhub.api.models import ApiKeyScope
from careerhub.api.web.forms import ApiKeyForm, RotateForm
from careerhub.core.errors import errors_to_form, errors_to_messages
from careerhub.core.policy import require


@login_required
def key_list(request):
    actor = request.actor
    require(policies.can_manage_keys(actor))
    keys = policies.api_keys_visible_to(actor).select_related("replaced_by", "revoked_by")
    return render(
        request,
        "api/key_list.html",
        {
            "keys": keys,
            "now": timezone.now(),
            "rotate_form": RotateForm(),
            "nav_active": "api_keys",
        },
    )


def _organisation(actor, value: str):
    """(scope, operator, company) of a form value ``office`` / ``operator:<id>`` /
    ``company:<id>`` (already one of the actor's choices)."""
    kind, _sep, pk = value.partition(":")
    if kind == "operator":
        return ApiKeyScope.OPERATOR, policies.key_operator_get_for(actor, pk), None
    if kind == "company":
        return ApiKeyScope.COMPANY, None, policies.key_company_get_for(actor, pk)
    return ApiKeyScope.OFFICE, None, None


def _shown_once(request, issued, *, rotated=None):
    """The new key's page, never cached (the views are ``never_cache``: no-store)."""
    return render(
        request,
        "api/key_created.html",
        {"issued": issued, "rotated": rotated, "nav_active": "api_keys"},
    )


@never_cache
@login_required
def key_create(request):
    actor = request.actor
    require(policies.can_manage_keys(actor))
    form = ApiKeyForm(
        request.POST or None,
        organisations=policies.key_organisations_for(actor),
        people=policies.key_people_for(actor),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        scope, operator, company = _organisation(actor, data["organisation"])
        expires_at = None
        if data["expires_on"]:
            expires_at = timezone.make_aware(
                dt.datetime.combine(data["expires_on"], dt.time(23, 59, 59))
            )
        try:
            issued = services.api_key_create(
                actor=actor,
                scope=scope,
                operator=operator,
                company=company,
                purpose=data["purpose"],
                acts_for=data["acts_for"],
                expires_at=expires_at,
            )
        except ValidationError as exc:
            errors_to_form(form, exc, fields={"expires_at": "expires_on"})
        else:
            return _shown_once(request, issued)
    return render(request, "api/key_form.html", {"form": form, "nav_active": "api_keys"})


@never_cache
@login_required
@require_POST
def key_rotate(request, key_id: int):
    actor = request.actor
    key = policies.api_key_get_for(actor, key_id)
    form = RotateForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the days the old key keeps working (0 to 30)."))
        return redirect("apikeys:list")
    try:
        issued = services.api_key_rotate(
            actor=actor, key=key, grace=dt.timedelta(days=form.cleaned_data["grace_days"])
        )
    except ValidationError as exc:
        errors_to_messages(request, exc)
        return redirect("apikeys:list")
    return _shown_once(request, issued, rotated=key)


@login_required
@require_POST
def key_revoke(request, key_id: int):
    actor = request.actor
    key = policies.api_key_get_for(actor, key_id)
    services.api_key_revoke(actor=actor, key=key)
    messages.success(
        request,
        _("The key chk_%(prefix)s… was revoked: it works no more.") % {"prefix": key.prefix},
    )
    return redirect("apikeys:list")
