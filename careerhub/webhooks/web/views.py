"""Staff pages of webhooks: the endpoints, one endpoint with its delivery log, and the actions
(make, rotate the secret, turn off or on, send a test event, send a failed delivery again).

A signing secret is shown once, in the answer to the POST that made it, with ``no-store``:
it is never shown again (a lost secret is rotated)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from careerhub.core.access import Action, record_access
from careerhub.core.errors import errors_to_form, errors_to_messages
from careerhub.core.policy import require
from careerhub.webhooks import catalogue, policies, selectors, services
from careerhub.webhooks.web.forms import EndpointForm


def _secret_page(request, endpoint, secret: str, *, rotated: bool):
    response = render(
        request,
        "webhooks/secret.html",
        {"endpoint": endpoint, "secret": secret, "rotated": rotated, "nav_active": "webhooks"},
    )
    add_never_cache_headers(response)
    return response


@login_required
def endpoint_list(request):
    actor = request.actor
    require(policies.can_manage_webhooks(actor))
    return render(
        request,
        "webhooks/list.html",
        {"rows": selectors.endpoints_for(actor=actor), "nav_active": "webhooks"},
    )


@login_required
def endpoint_create(request):
    actor = request.actor
    require(policies.can_manage_webhooks(actor))
    form = EndpointForm(request.POST or None, actor=actor)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            endpoint, secret = services.webhook_endpoint_create(
                actor=actor,
                name=data["name"],
                url=data["url"],
                scope=data["scope"],
                events=data["events"],
                operator_id=data["operator"].pk if data.get("operator") else None,
                company_id=data["company"].pk if data.get("company") else None,
            )
        except ValidationError as exc:
            errors_to_form(form, exc)
        else:
            return _secret_page(request, endpoint, secret, rotated=False)
    return render(request, "webhooks/form.html", {"form": form, "nav_active": "webhooks"})


@login_required
def endpoint_detail(request, endpoint_id):
    actor = request.actor
    endpoint = policies.endpoint_get_for(actor, endpoint_id)
    deliveries = selectors.deliveries_for(endpoint=endpoint)
    page = Paginator(deliveries, 50).get_page(request.GET.get("page"))
    rows = list(page.object_list)
    trainees = [i for d in rows for i in (d.message.subjects or {}).get("trainees", [])]
    record_access(request, Action.LIST, count=len(rows), trainees=trainees)
    return render(
        request,
        "webhooks/detail.html",
        {
            "endpoint": endpoint,
            "event_labels": [catalogue.label(e) for e in endpoint.events],
            "page": page,
            "rows": [(d, catalogue.label(d.event_type)) for d in rows],
            "nav_active": "webhooks",
        },
    )


@login_required
@require_POST
def endpoint_rotate(request, endpoint_id):
    actor = request.actor
    endpoint = policies.endpoint_get_for(actor, endpoint_id)
    secret = services.webhook_endpoint_rotate_secret(actor=actor, endpoint=endpoint)
    return _secret_page(request, endpoint, secret, rotated=True)


@login_required
@require_POST
def endpoint_active(request, endpoint_id):
    actor = request.actor
    endpoint = policies.endpoint_get_for(actor, endpoint_id)
    active = request.POST.get("active") == "1"
    services.webhook_endpoint_set_active(actor=actor, endpoint=endpoint, active=active)
    if active:
        messages.success(request, _("The endpoint is on: new events are sent to it."))
    else:
        messages.success(request, _("The endpoint is off: no event is sent to it any more."))
    return redirect("webhooks:detail", endpoint.pk)


@login_required
@require_POST
def endpoint_test(request, endpoint_id):
    actor = request.actor
    endpoint = policies.endpoint_get_for(actor, endpoint_id)
    try:
        services.webhook_test_send(actor=actor, endpoint=endpoint)
    except ValidationError as exc:
        errors_to_messages(request, exc)
    else:
        messages.success(
            request, _("A test event is on its way. The delivery log below shows how it went.")
        )
    return redirect("webhooks:detail", endpoint.pk)


@login_required
@require_POST
def delivery_redeliver(request, endpoint_id, delivery_id):
    actor = request.actor
    endpoint = policies.endpoint_get_for(actor, endpoint_id)
    delivery = policies.delivery_get_for(actor, endpoint, delivery_id)
    try:
        services.webhook_delivery_redeliver(actor=actor, delivery=delivery)
    except ValidationError as exc:
        errors_to_messages(request, exc)
    else:
        messages.success(request, _("The delivery will be sent again in a moment."))
    return redirect("webhooks:detail", endpoint.pk)
