from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from careerhub.academy.models import Trainee
from careerhub.academy.policies import trainees_visible_to
from careerhub.applications import policies, selectors, services
from careerhub.applications.transitions import STAFF, TRAINEE, Stage, allowed_moves
from careerhub.applications.web.forms import ApplyForm, BehalfForm, MoveForm
from careerhub.core.models import Event, event_record
from careerhub.core.policy import PermissionDenied
from careerhub.hiring.models import JobPosting, PostingStatus
from careerhub.hiring.policies import posting_get_for


def _flash(request, exc: ValidationError) -> None:
    for message in exc.messages:
        messages.error(request, message)


def _my_trainee(actor) -> Trainee | None:
    if not actor.trainee_ids:
        return None
    return Trainee.objects.select_related("course").get(pk=min(actor.trainee_ids))


@login_required
def application_list(request):
    actor = request.actor
    if not (
        actor.trainee_ids
        or actor.recruiter_company_ids
        or actor.program_staff
        or actor.operator_ids
    ):
        raise Http404
    status = request.GET.get("status", "")
    status = status if status in Stage.values else ""
    visible = selectors.application_list_for(actor=actor)
    trainee = _my_trainee(actor)
    return render(
        request,
        "applications/list.html",
        {
            "applications": selectors.application_list_for(actor=actor, status=status)[:200],
            "counts": selectors.stage_counts(visible),
            "stages": Stage.choices,
            "status": status,
            "trainee": trainee,
            "open_postings": selectors.open_postings_for(trainee=trainee)[:50] if trainee else [],
            "apply_form": ApplyForm(),
            "can_behalf": actor.program_staff or bool(actor.staff_operator_ids),
            "nav_active": "applications",
        },
    )


@login_required
@require_POST
def apply(request, posting_id):
    actor = request.actor
    trainee = _my_trainee(actor)
    if trainee is None:
        raise Http404
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
        _flash(request, exc)
        return redirect("applications:list")
    messages.success(request, _("Your application was sent."))
    return redirect("applications:detail", application_id=application.pk)


@login_required
def apply_on_behalf(request):
    actor = request.actor
    if not (actor.program_staff or actor.staff_operator_ids):
        raise Http404
    trainees = (
        trainees_visible_to(actor)
        .filter(consents__purpose="provision_companies", consents__withdrawn_at__isnull=True)
        .exclude(status=Trainee.Status.DROPPED)
        .order_by("name")
    )
    postings = JobPosting.objects.filter(status=PostingStatus.OPEN).select_related("company")
    form = BehalfForm(request.POST or None, trainees=trainees, postings=postings)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            trainee = Trainee.objects.select_related("course").get(pk=data["trainee"])
            application = services.application_create(
                actor=actor,
                trainee=trainee,
                posting=JobPosting.objects.get(pk=data["posting"]),
                cover_note=data["cover_note"],
                behalf_consent=data["behalf_consent"],
            )
        except ValidationError as exc:
            if hasattr(exc, "error_dict"):
                for field, errors in exc.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                form.add_error(None, exc.messages)
        except PermissionDenied as exc:
            raise Http404 from exc
        else:
            messages.success(request, _("The application was sent on the trainee's behalf."))
            return redirect("applications:detail", application_id=application.pk)
    return render(request, "applications/behalf.html", {"form": form, "nav_active": "applications"})


@login_required
def application_detail(request, application_id):
    actor = request.actor
    application = policies.application_get_for(actor, application_id)
    sides = policies.sides_of(actor, application)
    moves = allowed_moves(application.status, sides)
    return render(
        request,
        "applications/detail.html",
        {
            "application": application,
            "changes": application.stage_changes.select_related("actor"),
            "moves": moves,
            "move_form": MoveForm(
                initial={"version": application.version, "start_date": application.start_date},
                choices=moves,
            ),
            "can_see_profile": policies.can_view_applicant_profile(actor, application),
            "is_company_side": not (sides & {STAFF, TRAINEE}),
            "nav_active": "applications",
        },
    )


@login_required
@require_POST
def application_move(request, application_id):
    actor = request.actor
    application = policies.application_get_for(actor, application_id)
    if not policies.sides_of(actor, application):
        raise Http404
    form = MoveForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect("applications:detail", application_id=application.pk)
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
        _flash(request, exc)
    else:
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
    if not policies.can_view_applicant_profile(actor, application):
        raise Http404
    trainee = application.trainee
    if trainee.pk not in actor.trainee_ids:
        event_record(
            actor=actor,
            verb="trainee.viewed",
            target=trainee,
            kind=Event.Kind.ACCESS,
            via="application",
            application=application.pk,
        )
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
    items = list(selectors.notifications_for(actor=actor))
    services.notifications_mark_read(actor=actor)
    return render(
        request,
        "applications/notifications.html",
        {"items": items, "nav_active": "notifications"},
    )


@login_required
def email_failures(request):
    actor = request.actor
    if not policies.can_view_email_failures(actor):
        raise Http404
    return render(
        request,
        "applications/email_failures.html",
        {"emails": selectors.email_problems_for(actor=actor)[:200], "nav_active": "applications"},
    )


@login_required
@require_POST
def email_retry(request, email_id):
    actor = request.actor
    if not policies.can_view_email_failures(actor):
        raise Http404
    email = policies.email_get_for(actor, email_id)
    try:
        email = services.email_retry(actor=actor, email=email)
    except ValidationError as exc:
        _flash(request, exc)
    else:
        if email.status == email.Status.SENT:
            messages.success(request, _("The email was sent."))
        else:
            messages.error(
                request, _("Sending failed again: %(error)s") % {"error": email.last_error}
            )
    return redirect("applications:email_failures")
