from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from careerhub.academy.selectors import own_trainee_for
from careerhub.applications import policies, selectors, services
from careerhub.applications.transitions import STAFF, TRAINEE, Stage, allowed_moves
from careerhub.applications.web.forms import ApplyForm, BehalfForm, MoveForm
from careerhub.core.access import Action, record_access
from careerhub.core.errors import errors_to_form, errors_to_messages
from careerhub.core.policy import get_visible_or_404, require
from careerhub.hiring.policies import posting_get_for
from careerhub.messaging import policies as messaging_policies


@login_required
def application_list(request):
    actor = request.actor
    require(policies.can_view_application_list(actor))
    status = request.GET.get("status", "")
    status = status if status in Stage.values else ""
    visible = selectors.application_list_for(actor=actor)
    trainee = own_trainee_for(actor)
    shown = selectors.application_list_for(actor=actor, status=status)[:200]
    record_access(request, Action.LIST, trainees=shown)
    return render(
        request,
        "applications/list.html",
        {
            "applications": shown,
            "counts": selectors.stage_counts(visible),
            "stages": Stage.choices,
            "status": status,
            "trainee": trainee,
            "open_postings": selectors.open_postings_for(trainee=trainee)[:50] if trainee else [],
            "apply_form": ApplyForm(),
            "can_behalf": policies.can_apply_on_behalf_of_anyone(actor),
            "can_view_outbox": messaging_policies.can_view_outbox(actor),
            "nav_active": "applications",
        },
    )


@login_required
@require_POST
def apply(request, posting_id):
    actor = request.actor
    trainee = own_trainee_for(actor)
    require(trainee is not None)
    posting = posting_get_for(actor, posting_id)
    form = ApplyForm(request.POST)
    form.is_valid()
    try:
        application = services.application_create(
            actor=actor,
            trainee=trainee,
            posting=posting,
            cover_note=form.cleaned_data.get("cover_note", ""),
        )
    except ValidationError as exc:
        errors_to_messages(request, exc)
        return redirect("applications:list")
    messages.success(request, _("Your application was sent."))
    return redirect("applications:detail", application_id=application.pk)


@login_required
def apply_on_behalf(request):
    actor = request.actor
    require(policies.can_apply_on_behalf_of_anyone(actor))
    trainees = policies.behalf_trainees_for(actor).select_related("course").order_by("name")
    postings = policies.behalf_postings_for(actor).order_by("company__name", "title")
    form = BehalfForm(request.POST or None, trainees=trainees, postings=postings)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            application = services.application_create(
                actor=actor,
                trainee=get_visible_or_404(trainees, data["trainee"]),
                posting=get_visible_or_404(postings, data["posting"]),
                cover_note=data["cover_note"],
                behalf_consent=data["behalf_consent"],
            )
        except ValidationError as exc:
            errors_to_form(form, exc)
        else:
            messages.success(request, _("The application was sent on the trainee's behalf."))
            return redirect("applications:detail", application_id=application.pk)
    return render(request, "applications/behalf.html", {"form": form, "nav_active": "applications"})


@login_required
def application_detail(request, application_id):
    return _detail_page(request, application_id)


def _detail_page(request, application_id, *, move_form=None, status=200):
    """The application page; a move that failed comes back with what was typed and why."""
    actor = request.actor
    application = policies.application_get_for(actor, application_id)
    sides = policies.sides_of(actor, application)
    moves = allowed_moves(application.status, sides)
    record_access(request, Action.VIEW, trainees=application)
    return render(
        request,
        "applications/detail.html",
        {
            "application": application,
            "changes": application.stage_changes.select_related("actor"),
            "moves": moves,
            "move_form": move_form
            or MoveForm(
                initial={"version": application.version, "start_date": application.start_date},
                choices=moves,
            ),
            "can_see_profile": policies.can_view_applicant_profile(actor, application),
            "is_company_side": not (sides & {STAFF, TRAINEE}),
            "nav_active": "applications",
        },
        status=status,
    )


@login_required
@require_POST
def application_move(request, application_id):
    actor = request.actor
    application = policies.application_get_for(actor, application_id)
    require(policies.sides_of(actor, application))
    moves = allowed_moves(application.status, policies.sides_of(actor, application))
    form = MoveForm(request.POST, choices=moves)
    if not form.is_valid():
        return _detail_page(request, application.pk, move_form=form, status=400)
    data = form.cleaned_data
    try:
        services.application_move(
            actor=actor,
            application=application,
            to_status=data["to_status"],
            expected_version=data["version"],
            reason=data["reason"],
            details={
                k: data[k]
                for k in (
                    "interview_at",
                    "interview_place",
                    "interview_link",
                    "offer_salary",
                    "start_date",
                )
            },
        )
    except ValidationError as exc:
        errors_to_form(form, exc)
        return _detail_page(request, application.pk, move_form=form, status=400)
    messages.success(
        request,
        _("The application moved to “%(stage)s”.") % {"stage": Stage(data["to_status"]).label},
    )
    return redirect("applications:detail", application_id=application.pk)


@login_required
def applicant_profile(request, application_id):
    """A recruiter reads the applicant's profile: only with consent, and the view is logged."""
    actor = request.actor
    application = policies.application_get_for(actor, application_id)
    require(policies.can_view_applicant_profile(actor, application))
    trainee = application.trainee
    record_access(request, Action.VIEW, trainees=trainee, application=application.pk)
    return render(
        request,
        "applications/profile.html",
        {
            "application": application,
            "trainee": trainee,
            "skills": trainee.skills.select_related("skill"),
            "links": trainee.links.all(),
            "nav_active": "applications",
        },
    )


@login_required
def notifications(request):
    actor = request.actor
    require(policies.can_view_notifications(actor))
    items = list(selectors.notifications_for(actor=actor))
    services.notifications_mark_read(actor=actor)
    return render(
        request,
        "applications/notifications.html",
        {"items": items, "nav_active": "notifications"},
    )


@login_required
def email_failures(request):
    """The old address of the delivery problems: now the outbox page (every message)."""
    require(messaging_policies.can_view_outbox(request.actor))
    return redirect(reverse("messaging:outbox") + "?status=problems")
