"""Pages for hiring demand surveys, postings, imports and the review queue (thin views)."""

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

from careerhub.academy.models import TrainingOperator
from careerhub.companies import policies as company_policies
from careerhub.core.errors import errors_to_form
from careerhub.core.params import int_param, text_param
from careerhub.core.policy import require
from careerhub.hiring import imports, policies, selectors, services
from careerhub.hiring.models import (
    POSTING_TRANSITIONS,
    PostingStatus,
    SurveyRound,
)
from careerhub.hiring.web.forms import (
    DemandLineForm,
    ImportForm,
    PostingForm,
    ReviewForm,
    RoundForm,
    SkillFormSet,
    skill_initial,
)
from careerhub.taxonomy.models import Skill, Source


def _skill_names():
    return Skill.objects.filter(source=Source.CURATED).order_by("name_ko")


# --- rounds -----------------------------------------------------------------------------------


@login_required
def round_list(request):
    actor = request.actor
    rounds = policies.rounds_visible_to(actor).order_by("-closes_at")
    require(policies.can_view_demand_rounds(actor))
    mine = {}
    if actor.recruiter_company_ids:
        for response in policies.responses_visible_to(actor).filter(
            company_id__in=actor.recruiter_company_ids
        ):
            mine.setdefault(response.round_id, []).append(response)
    return render(
        request,
        "hiring/round_list.html",
        {
            "rows": [(r, mine.get(r.pk, [])) for r in rounds],
            "can_manage": policies.can_manage_rounds(actor),
            "can_summary": policies.can_view_demand_summary(actor),
            "is_recruiter": bool(actor.recruiter_company_ids),
            "nav_active": "demand",
        },
    )


@login_required
def round_edit(request, round_id=None):
    actor = request.actor
    require(policies.can_manage_rounds(actor))
    survey_round = policies.round_get_for(actor, round_id) if round_id else None
    form = RoundForm(request.POST or None, instance=survey_round)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.survey_round_save(
                actor=actor,
                data=form.cleaned_data,
                survey_round=policies.round_get_for(actor, survey_round.pk)
                if survey_round
                else None,
            )
        except ValidationError as exc:
            errors_to_form(form, exc)
        else:
            messages.success(request, _("The survey round was saved."))
            return redirect("hiring:round_detail", round_id=saved.pk)
    return render(
        request,
        "hiring/round_form.html",
        {"form": form, "survey_round": survey_round, "nav_active": "demand"},
    )


@login_required
def round_detail(request, round_id):
    actor = request.actor
    survey_round = policies.round_get_for(actor, round_id)
    if not actor.program_staff:
        if len(actor.recruiter_company_ids) == 1:
            (company_id,) = actor.recruiter_company_ids
            return redirect(
                "hiring:response_detail", round_id=survey_round.pk, company_id=company_id
            )
        if policies.can_view_demand_summary(actor):
            return redirect("hiring:round_summary", round_id=survey_round.pk)
    responses = selectors.responses_for_round(actor=actor, survey_round=survey_round)
    answered = set(responses.values_list("company_id", flat=True))
    companies = (
        company_policies.companies_visible_to(actor).filter(pk__in=actor.recruiter_company_ids)
        if not actor.program_staff
        else None
    )
    return render(
        request,
        "hiring/round_detail.html",
        {
            "survey_round": survey_round,
            "responses": responses,
            "own_companies": companies,
            "answered": answered,
            "can_manage": policies.can_manage_rounds(actor),
            "can_summary": policies.can_view_demand_summary(actor),
            "nav_active": "demand",
        },
    )


@login_required
def round_summary(request, round_id):
    actor = request.actor
    survey_round = policies.round_get_for(actor, round_id)
    require(policies.can_view_demand_summary(actor))
    summary = selectors.demand_summary(actor=actor, survey_round=survey_round)
    return render(
        request,
        "hiring/round_summary.html",
        {"summary": summary, "survey_round": survey_round, "nav_active": "demand"},
    )


# --- one company's answer ---------------------------------------------------------------------


def _answer_context(request, round_id, company_id):
    actor = request.actor
    survey_round = policies.round_get_for(actor, round_id)
    company = company_policies.company_get_for(actor, company_id)
    require(policies.can_answer_for_company(actor, company))
    response = (
        policies.responses_visible_to(actor).filter(round=survey_round, company=company).first()
    )
    return actor, survey_round, company, response


@login_required
def response_detail(request, round_id, company_id):
    actor, survey_round, company, response = _answer_context(request, round_id, company_id)
    return render(
        request,
        "hiring/response_detail.html",
        {
            "survey_round": survey_round,
            "company": company,
            "response": response,
            "lines": selectors.response_lines(response=response) if response else [],
            "revisions": response.revisions.select_related("saved_by") if response else [],
            "is_open": survey_round.status == SurveyRound.Status.OPEN,
            "can_post": policies.can_post_for_company(actor, company),
            "nav_active": "demand",
        },
    )


@login_required
def line_edit(request, round_id, company_id, line_id=None):
    actor, survey_round, company, response = _answer_context(request, round_id, company_id)
    line = None
    if line_id is not None:
        line = policies.demand_line_get_for(actor, line_id)
        if response is None or line.response_id != response.pk:
            raise Http404
    initial = {"region": "gwangju", "employment_type": "regular"}
    if line is not None:
        initial = {
            "role": line.role,
            "headcount": line.headcount,
            "earliest_month": line.earliest_month,
            "latest_month": line.latest_month,
            "employment_type": line.employment_type,
            "region": line.region,
            "salary_min": line.salary_min,
            "salary_max": line.salary_max,
            "preferential_screening": line.preferential_screening,
            "note": line.note,
        }
    form = DemandLineForm(request.POST or None, initial=initial)
    skills = SkillFormSet(
        request.POST or None,
        prefix="skills",
        initial=skill_initial(line.skills.select_related("skill")) if line else None,
    )
    if request.method == "POST" and form.is_valid() and skills.is_valid():
        try:
            if response is None:
                response = services.demand_response_get_or_create(
                    actor=actor, survey_round=survey_round, company=company
                )
            services.demand_line_save(
                actor=actor,
                response=response,
                data=form.cleaned_data,
                skills=skills.wants(),
                line=line,
            )
        except ValidationError as exc:
            errors_to_form(form, exc)
        else:
            messages.success(request, _("The demand was saved as a new revision."))
            return redirect(
                "hiring:response_detail", round_id=survey_round.pk, company_id=company.pk
            )
    return render(
        request,
        "hiring/line_form.html",
        {
            "form": form,
            "skills": skills,
            "skill_names": _skill_names(),
            "survey_round": survey_round,
            "company": company,
            "line": line,
            "nav_active": "demand",
        },
    )


@login_required
@require_POST
def line_delete(request, round_id, company_id, line_id):
    actor, survey_round, company, response = _answer_context(request, round_id, company_id)
    line = policies.demand_line_get_for(actor, line_id)
    if response is None or line.response_id != response.pk:
        raise Http404
    try:
        services.demand_line_delete(actor=actor, line=line)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The line was removed; the change is kept as a revision."))
    return redirect("hiring:response_detail", round_id=survey_round.pk, company_id=company.pk)


@login_required
@require_POST
def response_submit(request, round_id, company_id):
    actor, survey_round, company, response = _answer_context(request, round_id, company_id)
    if response is None:
        messages.error(request, _("Add at least one role before submitting."))
    else:
        try:
            services.demand_submit(actor=actor, response=response)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Your hiring demand was submitted."))
    return redirect("hiring:response_detail", round_id=survey_round.pk, company_id=company.pk)


# --- postings ---------------------------------------------------------------------------------


@login_required
def posting_list(request):
    actor = request.actor
    require(policies.can_view_posting_list(actor))
    status = request.GET.get("status", "")
    postings = selectors.posting_list_for(
        actor=actor, status=status, query=text_param(request.GET.get("q"))
    ).prefetch_related("skills__skill")
    page = Paginator(postings, 30).get_page(request.GET.get("page"))
    querystring = request.GET.copy()
    querystring.pop("page", None)
    return render(
        request,
        "hiring/posting_list.html",
        {
            "page": page,
            "status": status,
            "statuses": PostingStatus.choices,
            "q": request.GET.get("q", ""),
            "querystring": querystring.urlencode(),
            "can_post": policies.companies_postable_by(actor).exists(),
            "can_import": policies.can_import_postings(actor),
            "review_count": policies.review_queue_for(actor).count()
            if policies.can_import_postings(actor)
            else 0,
            "nav_active": "postings",
        },
    )


@login_required
def posting_detail(request, posting_id):
    actor = request.actor
    posting = policies.posting_get_for(actor, posting_id)
    can_edit = policies.can_edit_posting(actor, posting)
    return render(
        request,
        "hiring/posting_detail.html",
        {
            "posting": posting,
            "skills": posting.skills.select_related("skill"),
            "can_edit": can_edit,
            "next_statuses": [
                (s, PostingStatus(s).label) for s in sorted(POSTING_TRANSITIONS[posting.status])
            ]
            if can_edit
            else [],
            "nav_active": "postings",
        },
    )


@login_required
def posting_edit(request, posting_id=None):
    actor = request.actor
    posting = policies.posting_get_editable_for(actor, posting_id) if posting_id else None
    companies = policies.companies_postable_by(actor)
    if posting is None and not companies.exists():
        raise Http404
    choose_company = posting is None and companies.count() > 1
    initial = {"region": "gwangju", "employment_type": "regular", "headcount": 1}
    if posting is not None:
        initial = {f: getattr(posting, f) for f in services.POSTING_FIELDS}
    elif int_param(request.GET.get("company")) is not None:
        initial["company"] = int_param(request.GET.get("company"))
    form = PostingForm(
        request.POST or None, initial=initial, companies=companies if choose_company else None
    )
    skills = SkillFormSet(
        request.POST or None,
        prefix="skills",
        initial=skill_initial(posting.skills.select_related("skill")) if posting else None,
    )
    if request.method == "POST" and form.is_valid() and skills.is_valid():
        company = (
            posting.company if posting else form.cleaned_data.get("company") or companies.first()
        )
        try:
            saved = services.posting_save(
                actor=actor,
                company=company,
                data=form.cleaned_data,
                skills=skills.wants(),
                posting=posting,
            )
        except ValidationError as exc:
            errors_to_form(form, exc)
        else:
            messages.success(request, _("The posting was saved."))
            return redirect("hiring:posting_detail", posting_id=saved.pk)
    return render(
        request,
        "hiring/posting_form.html",
        {
            "form": form,
            "skills": skills,
            "skill_names": _skill_names(),
            "posting": posting,
            "company": posting.company
            if posting
            else (None if choose_company else companies.first()),
            "nav_active": "postings",
        },
    )


@login_required
@require_POST
def posting_status(request, posting_id):
    actor = request.actor
    posting = policies.posting_get_editable_for(actor, posting_id)
    try:
        services.posting_status_change(
            actor=actor, posting=posting, to_status=request.POST.get("status", "")
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The posting status was changed."))
    return redirect("hiring:posting_detail", posting_id=posting.pk)


@login_required
@require_POST
def posting_from_demand(request, line_id):
    actor = request.actor
    line = policies.demand_line_get_for(actor, line_id)
    posting = services.posting_draft_from_demand(actor=actor, line=line)
    messages.success(
        request, _("A draft posting was written from the demand line; check it and publish.")
    )
    return redirect("hiring:posting_edit", posting_id=posting.pk)


# --- imports and review -----------------------------------------------------------------------


@login_required
def import_list(request):
    actor = request.actor
    require(policies.can_import_postings(actor))
    operators = TrainingOperator.objects.order_by("name") if actor.program_staff else None
    form = ImportForm(request.POST or None, request.FILES or None, operators=operators)
    if request.method == "POST" and form.is_valid():
        operator = form.cleaned_data.get("operator")
        try:
            batch = imports.posting_import_request(
                actor=actor,
                upload=form.cleaned_data["file"],
                operator_id=operator.pk if operator else None,
            )
        except ValidationError as exc:
            form.add_error("file", exc)
        else:
            return redirect("hiring:import_detail", import_id=batch.pk)
    return render(
        request,
        "hiring/import_list.html",
        {
            "form": form,
            "batches": policies.imports_visible_to(actor)[:50],
            "nav_active": "postings",
        },
    )


@login_required
def import_detail(request, import_id):
    actor = request.actor
    batch = policies.import_get_for(actor, import_id)
    if request.headers.get("HX-Request"):
        response = render(request, "hiring/_import_progress.html", {"batch": batch})
        if batch.is_finished:
            response["HX-Refresh"] = "true"
        return response
    return render(
        request,
        "hiring/import_detail.html",
        {
            "batch": batch,
            "errors": imports.import_errors(batch),
            "postings": batch.postings.select_related("company", "role").order_by("pk"),
            "nav_active": "postings",
        },
    )


@login_required
def review_queue(request):
    actor = request.actor
    require(policies.can_import_postings(actor))
    return render(
        request,
        "hiring/review_queue.html",
        {
            "postings": policies.review_queue_for(actor).order_by("pk"),
            "nav_active": "postings",
        },
    )


@login_required
def review_posting(request, posting_id):
    actor = request.actor
    posting = policies.review_posting_get_for(actor, posting_id)
    form = ReviewForm(request.POST or None, initial={"role": posting.role, "publish": True})
    skills = SkillFormSet(
        request.POST or None,
        prefix="skills",
        initial=skill_initial(posting.skills.select_related("skill")),
    )
    if request.method == "POST" and form.is_valid() and skills.is_valid():
        try:
            services.posting_review(
                actor=actor,
                posting=posting,
                role_id=form.cleaned_data["role"].pk,
                skills=skills.wants(),
                publish=form.cleaned_data["publish"],
            )
        except ValidationError as exc:
            errors_to_form(form, exc)
        else:
            messages.success(request, _("The posting was reviewed."))
            return redirect(reverse("hiring:review_queue"))
    return render(
        request,
        "hiring/review_form.html",
        {
            "posting": posting,
            "form": form,
            "skills": skills,
            "skill_names": _skill_names(),
            "nav_active": "postings",
        },
    )
