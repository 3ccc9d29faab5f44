"""The outbox page for staff: what was sent, what waits, what failed and why; send again."""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from careerhub.core.access import Action, record_access
from careerhub.core.errors import errors_to_messages
from careerhub.core.params import text_param
from careerhub.core.policy import require
from careerhub.messaging import kinds, policies, selectors, services
from careerhub.messaging.models import Channel, Message


def _subjects(rows: Iterable[Message]) -> dict[str, list[int]]:
    merged: dict[str, list[int]] = {}
    for row in rows:
        for kind, ids in (row.subjects or {}).items():
            if kind in ("trainees", "applicants", "contacts"):
                merged.setdefault(kind, []).extend(ids)
    return merged


STATUS_FILTERS = [
    (selectors.PROBLEMS, gettext_lazy("Delivery problems")),
    *Message.Status.choices,
]


@login_required
def outbox(request):
    actor = request.actor
    require(policies.can_view_outbox(actor))
    status = text_param(request.GET.get("status"), max_length=16)
    kind = text_param(request.GET.get("kind"), max_length=40)
    channel = text_param(request.GET.get("channel"), max_length=20)
    batch_id = text_param(request.GET.get("batch"), max_length=20)
    batch = policies.batch_get_for(actor, batch_id) if batch_id else None
    shown = selectors.messages_for(
        actor=actor,
        status=status,
        kind=kind,
        batch_id=batch.pk if batch else None,
        channel=channel,
    )
    page = Paginator(shown, 50).get_page(request.GET.get("page"))
    record_access(request, Action.LIST, count=len(page.object_list), **_subjects(page.object_list))
    rows = [(m, kinds.label(m.kind)) for m in page.object_list]
    return render(
        request,
        "messaging/outbox.html",
        {
            "page": page,
            "rows": rows,
            "status": status,
            "kind": kind,
            "channel": channel,
            "channel_filters": [(v, str(label)) for v, label in Channel.choices],
            "batch": batch,
            "status_filters": [(v, str(label)) for v, label in STATUS_FILTERS],
            "kind_filters": [(k, kinds.label(k)) for k in selectors.kinds_for(actor=actor)],
            "batches": selectors.batches_for(actor=actor, limit=10),
            "problem_count": selectors.problem_count_for(actor=actor),
            "nav_active": "messages",
        },
    )


@login_required
def message_detail(request, message_id):
    actor = request.actor
    message = policies.message_get_for(actor, message_id)
    show_body = policies.can_read_body(actor, message)
    record_access(
        request,
        Action.VIEW,
        force=True,
        message=message.pk,
        body_shown=show_body,
        **_subjects([message]),
    )
    return render(
        request,
        "messaging/detail.html",
        {
            "message": message,
            "kind_label": kinds.label(message.kind),
            "show_body": show_body,
            "nav_active": "messages",
        },
    )


@login_required
@require_POST
def message_retry(request, message_id):
    actor = request.actor
    message = policies.message_get_for(actor, message_id)
    try:
        services.message_retry(actor=actor, message=message)
    except ValidationError as exc:
        errors_to_messages(request, exc)
    else:
        messages.success(
            request, _("The message will be sent again in a moment. Its status shows here.")
        )
    nxt = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(nxt, allowed_hosts=None) and nxt.startswith("/"):
        return redirect(nxt)
    return redirect("messaging:detail", message.pk)


@login_required
def batch_detail(request, batch_id):
    actor = request.actor
    batch = policies.batch_get_for(actor, batch_id)
    counts = batch.counts()
    context = {"batch": batch, "counts": counts, "running": counts["waiting"] > 0}
    if request.headers.get("HX-Request"):
        return render(request, "messaging/_batch_progress.html", context)
    return render(request, "messaging/batch.html", context | {"nav_active": "messages"})
