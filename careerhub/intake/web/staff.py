"""Recruitment pages for the program office and operator staff."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from careerhub.core.access import Action, record_access
from careerhub.core.errors import errors_to_messages
from careerhub.core.params import int_param, text_param
from careerhub.core.policy import require
from careerhub.intake import eligibility, importing, policies, selectors, services
from careerhub.intake.models import ApplicationChoice, ScreeningStage
from careerhub.intake.web.forms import ImportForm, OverrideForm, StageForm, score_form_for


def _base_url(request) -> str:
    return request.build_absolute_uri("/")


def _staff_only(request) -> None:
    require(policies.can_view_intake(request.actor))


@login_required
def index(request):
    _staff_only(request)
    return render(
        request,
        "intake/staff/index.html",
        {"rows": selectors.cohort_list_for(actor=request.actor), "nav_active": "intake"},
    )


@login_required
def cohort_detail(request, cohort_id):
    _staff_only(request)
    actor = request.actor
    cohort = policies.cohort_get_for(actor, cohort_id)
    totals, rows = selectors.funnel_for(actor=actor, cohort=cohort)
    return render(
        request,
        "intake/staff/cohort.html",
        {
            "cohort": cohort,
            "window": services.window_for(cohort),
            "totals": totals,
            "rows": rows,
            "run": selectors.latest_run(cohort),
            "can_run": policies.can_run_selection(actor, cohort),
            "can_publish": policies.can_publish_selection(actor, cohort),
            "can_import": policies.can_import_applications(actor, cohort),
            "nav_active": "intake",
        },
    )


@login_required
@require_POST
def cohort_run(request, cohort_id):
    _staff_only(request)
    cohort = policies.cohort_get_for(request.actor, cohort_id)
    try:
        services.selection_run(actor=request.actor, cohort=cohort)
    except ValidationError as exc:
        errors_to_messages(request, exc)
    else:
        messages.success(
            request, _("Selection was run. Applicants see nothing until it is published.")
        )
    return redirect("intake:cohort", cohort_id=cohort.pk)


@login_required
@require_POST
def cohort_publish(request, cohort_id):
    _staff_only(request)
    cohort = policies.cohort_get_for(request.actor, cohort_id)
    run = selectors.latest_run(cohort)
    if run is None:
        messages.error(request, _("Run the selection first."))
        return redirect("intake:cohort", cohort_id=cohort.pk)
    try:
        services.selection_publish(actor=request.actor, run=run, base_url=_base_url(request))
    except ValidationError as exc:
        errors_to_messages(request, exc)
    else:
        messages.success(
            request,
            _(
                "The results are published. Emails to the applicants are on their way; "
                "Sent messages shows their progress."
            ),
        )
    return redirect("intake:cohort", cohort_id=cohort.pk)


@login_required
def course_applicants(request, course_id):
    _staff_only(request)
    actor = request.actor
    course = policies.screenable_course_get_for(actor, course_id)
    query = text_param(request.GET.get("q"))
    outcome = request.GET.get("outcome", "")
    choices = selectors.course_choice_list_for(
        actor=actor, course=course, query=query, outcome=outcome
    )
    page = Paginator(choices, 50).get_page(request.GET.get("page"))
    querystring = request.GET.copy()
    querystring.pop("page", None)
    record_access(request, Action.LIST, applicants=[c.application_id for c in page.object_list])
    stages = list(course.screening_stages.all())
    return render(
        request,
        "intake/staff/course.html",
        {
            "course": course,
            "page": page,
            "rows": eligibility.choice_rows(page.object_list, stages=stages),
            "stages": stages,
            "query": query,
            "outcome": outcome,
            "outcomes": ApplicationChoice.Outcome.choices,
            "querystring": querystring.urlencode(),
            "free_places": services.free_places(course),
            "refill_open": services.refill_open(course),
            "published": selectors.published_run(course.cohort) is not None,
            "nav_active": "intake",
        },
    )


@login_required
def course_stages(request, course_id):
    _staff_only(request)
    actor = request.actor
    course = policies.screenable_course_get_for(actor, course_id)
    stage = None
    if request.GET.get("stage") or request.POST.get("stage"):
        stage = course.screening_stages.filter(
            pk=int_param(request.GET.get("stage") or request.POST.get("stage"))
        ).first()
        if stage is None:
            raise Http404
    form = StageForm(request.POST or None, instance=stage)
    if request.method == "POST" and request.POST.get("delete") and stage is not None:
        try:
            services.stage_delete(actor=actor, stage=stage)
        except ValidationError as exc:
            errors_to_messages(request, exc)
        else:
            messages.success(request, _("The stage was removed."))
        return redirect("intake:course_stages", course_id=course.pk)
    if request.method == "POST" and form.is_valid():
        try:
            services.stage_save(
                actor=actor,
                course=course,
                stage=stage,
                data=form.cleaned_data,
            )
        except ValidationError as exc:
            errors_to_messages(request, exc)
        else:
            messages.success(request, _("The stage was saved."))
            return redirect("intake:course_stages", course_id=course.pk)
    return render(
        request,
        "intake/staff/stages.html",
        {
            "course": course,
            "stages": ScreeningStage.objects.filter(course=course),
            "form": form,
            "editing": stage,
            "weights_total": selectors.stage_weights_total(course),
            "nav_active": "intake",
        },
    )


@login_required
def application_detail(request, application_id):
    _staff_only(request)
    actor = request.actor
    application, choices = selectors.application_detail_for(
        actor=actor, application_id=application_id
    )
    record_access(request, Action.VIEW, applicants=application)
    rows = [
        {
            "choice": c,
            "status": eligibility.choice_status(c),
            "score_form": score_form_for(c),
            "override_form": OverrideForm(prefix=f"o{c.pk}"),
            "active_override": next((o for o in c.overrides.all() if o.revoked_at is None), None),
        }
        for c in choices
    ]
    return render(
        request,
        "intake/staff/application.html",
        {
            "application": application,
            "rows": rows,
            "published": selectors.published_run(application.cohort) is not None,
            "nav_active": "intake",
        },
    )


@login_required
@require_POST
def application_confirmation_resend(request, application_id):
    """Send the applicant the email-confirmation link again (an unconfirmed application is
    not selected), through the outbox."""
    _staff_only(request)
    actor = request.actor
    application = policies.application_get_for(actor, application_id)
    try:
        services.application_confirmation_resend(actor=actor, application=application)
    except ValidationError as exc:
        errors_to_messages(request, exc)
    else:
        messages.success(
            request,
            _("The confirmation email was sent again to %(email)s.") % {"email": application.email},
        )
    return redirect("intake:application", application_id=application.pk)


@login_required
@require_POST
def choice_scores(request, choice_id):
    _staff_only(request)
    actor = request.actor
    choice = policies.choice_get_for(actor, choice_id)
    form = score_form_for(choice, request.POST)
    if form.is_valid():
        scores = {s.pk: form.cleaned_data.get(f"stage_{s.pk}") for s in form.stages}
        try:
            services.scores_record(
                actor=actor, choice=choice, scores=scores, note=form.cleaned_data["note"]
            )
        except ValidationError as exc:
            errors_to_messages(request, exc)
        else:
            messages.success(request, _("The scores were saved."))
    else:
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
    return redirect("intake:application", application_id=choice.application_id)


@login_required
@require_POST
def choice_override(request, choice_id):
    _staff_only(request)
    actor = request.actor
    choice = policies.choice_get_for(actor, choice_id)
    form = OverrideForm(request.POST, prefix=f"o{choice.pk}")
    if form.is_valid():
        try:
            services.override_set(actor=actor, choice=choice, **form.cleaned_data)
        except ValidationError as exc:
            errors_to_messages(request, exc)
        else:
            messages.success(request, _("The override was recorded."))
    else:
        messages.error(request, _("Choose the override and give the reason."))
    return redirect("intake:application", application_id=choice.application_id)


@login_required
@require_POST
def override_revoke(request, override_id):
    _staff_only(request)
    override = policies.override_get_for(request.actor, override_id)
    try:
        services.override_revoke(actor=request.actor, override=override)
    except ValidationError as exc:
        errors_to_messages(request, exc)
    else:
        messages.success(request, _("The override was revoked."))
    return redirect("intake:application", application_id=override.choice.application_id)


@login_required
@require_POST
def course_refill(request, course_id):
    _staff_only(request)
    course = policies.screenable_course_get_for(request.actor, course_id)
    promoted = services.places_refill(
        actor=request.actor, course=course, base_url=_base_url(request)
    )
    if promoted:
        messages.success(
            request,
            _("%(n)d applicants moved up from the waitlist; an email to each is on its way.")
            % {"n": len(promoted)},
        )
    else:
        messages.info(request, _("No place was offered: no free place or nobody waiting."))
    return redirect("intake:course", course_id=course.pk)


@login_required
def cohort_import(request, cohort_id):
    _staff_only(request)
    actor = request.actor
    cohort = policies.cohort_get_for(actor, cohort_id)
    require(policies.can_import_applications(actor, cohort))
    operators = list(actor.staff_operator_ids)
    operator_id = int_param(request.POST.get("operator") or request.GET.get("operator")) or min(
        operators
    )
    require(operator_id in actor.staff_operator_ids)
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            run = importing.applications_import_request(
                actor=actor,
                cohort=cohort,
                operator_id=operator_id,
                upload=form.cleaned_data["file"],
            )
        except ValidationError as exc:
            form.add_error("file", exc)
        else:
            url = reverse("intake:cohort_import", args=[cohort.pk])
            return redirect(f"{url}?run={run.pk}")
    run = None
    if run_id := int_param(request.GET.get("run")):
        run = policies.application_import_get_for(actor, cohort, run_id)
        if request.headers.get("HX-Request"):
            response = render(request, "intake/staff/_import_progress.html", {"run": run})
            if run.is_finished:
                response["HX-Refresh"] = "true"
            return response
    return render(
        request,
        "intake/staff/import.html",
        {
            "cohort": cohort,
            "form": form,
            "run": run,
            "report": importing.import_report(run) if run and run.is_finished else None,
            "runs": policies.application_imports_visible_to(actor, cohort)[:20],
            "columns": importing.COLUMN_HELP,
            "nav_active": "intake",
        },
    )
