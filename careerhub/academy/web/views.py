from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from careerhub.academy import exports, policies, selectors, services
from careerhub.academy.models import Cohort, DataRequest, Trainee
from careerhub.academy.web.forms import (
    AssessmentForm,
    ConsentForm,
    DataRequestDecisionForm,
    DataRequestForm,
    EvaluationForm,
    ProjectForm,
    SkillFormSet,
    TraineeProfileForm,
    TraineeStatusForm,
)
from careerhub.core import korean
from careerhub.core.access import Action, record_access
from careerhub.core.errors import errors_to_form
from careerhub.core.models import Event, event_record
from careerhub.core.params import int_param, text_param
from careerhub.core.policy import require
from careerhub.taxonomy.models import Skill, Source


@login_required
def trainee_list(request):
    actor = request.actor
    require(policies.can_view_trainee_list(actor))
    filters = {
        "query": text_param(request.GET.get("q")),
        "course_id": int_param(request.GET.get("course")),
        "cohort_id": int_param(request.GET.get("cohort")),
        "status": request.GET.get("status", "")
        if request.GET.get("status") in Trainee.Status.values
        else "",
    }
    trainees = selectors.trainee_list_for(actor=actor, **filters)
    page = Paginator(trainees, 50).get_page(request.GET.get("page"))
    querystring = request.GET.copy()
    querystring.pop("page", None)
    record_access(request, Action.LIST, trainees=page.object_list)
    return render(
        request,
        "academy/trainee_list.html",
        {
            "page": page,
            "filters": filters,
            "querystring": querystring.urlencode(),
            "courses": selectors.course_list_for(actor=actor),
            "cohorts": Cohort.objects.order_by("-number"),
            "statuses": Trainee.Status.choices,
            "show_contact": not policies.is_talent_pool_only(actor),
            "nav_active": "trainees",
        },
    )


@login_required
def trainee_detail(request, trainee_id):
    actor = request.actor
    trainee = selectors.trainee_detail_for(actor=actor, trainee_id=trainee_id)
    record_access(request, Action.VIEW, trainees=trainee)
    evidence = selectors.trainee_evidence(
        trainee=trainee, include_scores=policies.can_view_trainee_contact(actor, trainee)
    )
    return render(
        request,
        "academy/trainee_detail.html",
        {
            "trainee": trainee,
            "skills": trainee.skills.select_related("skill"),
            "consents": trainee.consents.all(),
            "consent_choices": selectors.consent_state_for(trainee=trainee)
            if trainee.pk in actor.trainee_ids
            else [],
            "status_changes": trainee.status_changes.select_related("actor")
            if policies.can_change_trainee_status(actor, trainee)
            else [],
            "show_contact": policies.can_view_trainee_contact(actor, trainee),
            "show_profile": policies.can_view_trainee_profile(actor, trainee),
            "is_own": trainee.pk in actor.trainee_ids,
            "can_edit": policies.can_edit_trainee_profile(actor, trainee),
            "can_change_status": policies.can_change_trainee_status(actor, trainee),
            "status_form": TraineeStatusForm(),
            "evidence": evidence,
            # A project is a link only where its page opens for this viewer.
            "openable_project_ids": set(
                policies.projects_visible_to(actor)
                .filter(pk__in=[p.pk for p in evidence["projects"]])
                .values_list("pk", flat=True)
            ),
            "nav_active": "profile" if trainee.pk in actor.trainee_ids else "trainees",
        },
    )


@login_required
def my_profile(request):
    require(request.actor.trainee_ids)
    return redirect("academy:trainee_detail", trainee_id=min(request.actor.trainee_ids))


@login_required
def trainee_edit(request, trainee_id):
    actor = request.actor
    trainee = policies.trainee_get_for(actor, trainee_id)
    require(policies.can_edit_trainee_profile(actor, trainee))
    record_access(request, Action.VIEW, trainees=trainee, form="profile_edit")
    if request.method == "POST":
        form = TraineeProfileForm(request.POST)
        # A post without the skills rows (an older form, a script) leaves skills as they are.
        skills_sent = "skills-TOTAL_FORMS" in request.POST
        skills = SkillFormSet(request.POST if skills_sent else None, prefix="skills")
        if form.is_valid() and (not skills_sent or skills.is_valid()):
            data = form.cleaned_data
            try:
                services.trainee_update_profile(
                    actor=actor,
                    trainee=trainee,
                    data={k: data[k] for k in ("phone", "available_from", "introduction")}
                    | {"desired_regions": list(data["desired_regions"])},
                    desired_role_ids=[r.pk for r in data["desired_roles"]],
                    skills=skills.skill_levels() if skills_sent else None,
                )
            except ValidationError as exc:
                errors_to_form(form, exc)
            else:
                messages.success(request, _("The profile was saved."))
                return redirect("academy:trainee_detail", trainee_id=trainee.pk)
    else:
        form = TraineeProfileForm(
            initial={
                "phone": korean.format_phone(trainee.phone),
                "available_from": trainee.available_from,
                "desired_roles": trainee.desired_roles.all(),
                "desired_regions": trainee.desired_regions,
                "introduction": trainee.introduction,
            }
        )
        skills = SkillFormSet(
            prefix="skills",
            initial=[
                {"name": s.skill.name, "level": s.level}
                for s in trainee.skills.select_related("skill")
            ],
        )
    return render(
        request,
        "academy/trainee_edit.html",
        {
            "trainee": trainee,
            "form": form,
            "skills": skills,
            "skill_names": Skill.objects.filter(source=Source.CURATED).order_by("name_ko"),
            "nav_active": "profile" if trainee.pk in actor.trainee_ids else "trainees",
        },
    )


@login_required
@require_POST
def trainee_consent(request, trainee_id):
    """The trainee grants or withdraws one purpose's consent; nobody else can."""
    actor = request.actor
    trainee = policies.trainee_get_for(actor, trainee_id)
    require(policies.can_manage_own_consents(actor, trainee))
    form = ConsentForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("The consent request was not understood. Nothing changed."))
    else:
        services.consent_set(actor=actor, trainee=trainee, **form.cleaned_data)
        messages.success(
            request,
            _("Your consent was recorded.")
            if form.cleaned_data["granted"]
            else _("Your consent was withdrawn."),
        )
    return redirect("academy:trainee_detail", trainee_id=trainee.pk)


@login_required
@require_POST
def trainee_status(request, trainee_id):
    actor = request.actor
    trainee = policies.trainee_get_for(actor, trainee_id)
    require(policies.can_change_trainee_status(actor, trainee))
    form = TraineeStatusForm(request.POST)
    if form.is_valid():
        notes: list[str] = []  # what followed, e.g. a freed place offered to the waitlist
        try:
            services.trainee_change_status(
                actor=actor,
                trainee=trainee,
                base_url=request.build_absolute_uri("/"),
                notes=notes,
                **form.cleaned_data,
            )
        except ValidationError as exc:
            for error in exc.messages:
                messages.error(request, error)
        else:
            messages.success(request, _("The status was changed."))
            for note in notes:
                messages.info(request, note)
    else:
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
    return redirect("academy:trainee_detail", trainee_id=trainee.pk)


@login_required
def course_list(request):
    actor = request.actor
    require(policies.can_view_course_list(actor))
    cohort_id = int_param(request.GET.get("cohort"))
    courses = selectors.course_list_for(actor=actor, cohort_id=cohort_id)
    return render(
        request,
        "academy/course_list.html",
        {
            "courses": courses,
            "cohorts": Cohort.objects.order_by("-number"),
            "cohort_id": cohort_id,
            "nav_active": "courses",
        },
    )


@login_required
def course_detail(request, course_id):
    actor = request.actor
    course = policies.course_get_for(actor, course_id)
    roster = (
        course.trainees.order_by("name") if policies.can_view_course_roster(actor, course) else None
    )
    record_access(request, Action.LIST, trainees=roster)
    return render(
        request,
        "academy/course_detail.html",
        {
            "course": course,
            "roster": roster,
            "nav_active": "courses",
            "typical_skills": course.track_role.typical_skills.all()[:12],
            "projects": policies.projects_visible_to(actor).filter(course=course),
            "assessments": policies.assessments_visible_to(actor).filter(course=course),
            "can_manage_evidence": policies.can_manage_evidence(actor, course),
        },
    )


# --- evidence: projects and assessments ---------------------------------------------------


@login_required
def project_create(request, course_id):
    actor = request.actor
    course = policies.course_get_for(actor, course_id)
    require(policies.can_manage_evidence(actor, course))
    form = ProjectForm(request.POST or None, course=course)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            project = services.project_save(
                actor=actor,
                course=course,
                data=data,
                skill_ids=data["skill_names"],
                members={t.pk: "" for t in data["members"]},
            )
        except ValidationError as exc:
            errors_to_form(form, exc)
        else:
            messages.success(request, _("The project was saved."))
            return redirect("academy:project_detail", project_id=project.pk)
    return render(
        request,
        "academy/project_form.html",
        {"course": course, "form": form, "nav_active": "courses"},
    )


@login_required
def project_detail(request, project_id):
    actor = request.actor
    project = policies.project_get_for(actor, project_id)
    can_evaluate = policies.can_evaluate_project(actor, project)
    form = EvaluationForm(
        request.POST or None,
        initial={
            "score": project.evaluation_score,
            "comment": project.evaluation_comment,
            "evaluated_by": project.evaluated_by,
            "evaluated_on": project.evaluated_on,
        },
    )
    if request.method == "POST":
        require(can_evaluate)
        if form.is_valid():
            services.project_evaluate(actor=actor, project=project, **form.cleaned_data)
            messages.success(request, _("The evaluation was saved."))
            return redirect("academy:project_detail", project_id=project.pk)
    visible = policies.trainees_visible_to(actor).values_list("pk", flat=True)
    shown = project.memberships.filter(trainee_id__in=visible).values_list("trainee_id", flat=True)
    record_access(request, Action.VIEW, trainees=shown)
    return render(
        request,
        "academy/project_detail.html",
        {
            "project": project,
            "members": project.memberships.select_related("trainee").filter(trainee_id__in=visible),
            "form": form if can_evaluate else None,
            "nav_active": "courses",
        },
    )


@login_required
def assessment_create(request, course_id):
    actor = request.actor
    course = policies.course_get_for(actor, course_id)
    require(policies.can_manage_evidence(actor, course))
    form = AssessmentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            assessment = services.assessment_create(
                actor=actor, course=course, data=data, skill_ids=data["skill_names"]
            )
        except ValidationError as exc:
            errors_to_form(form, exc)
        else:
            messages.success(request, _("The assessment was created."))
            return redirect("academy:assessment_detail", assessment_id=assessment.pk)
    return render(
        request,
        "academy/assessment_form.html",
        {"course": course, "form": form, "nav_active": "courses"},
    )


@login_required
def assessment_detail(request, assessment_id):
    actor = request.actor
    assessment = policies.assessment_get_for(actor, assessment_id)
    roster = list(assessment.course.trainees.order_by("name"))
    current = {s.trainee_id: s.score for s in assessment.scores.all()}
    if request.method == "POST":
        scores, bad = {}, []
        for trainee in roster:
            raw = request.POST.get(f"score_{trainee.pk}", "").strip()
            value = int_param(raw)
            if raw and value is None:
                bad.append(trainee.name)
            scores[trainee.pk] = value
        if bad:
            messages.error(
                request,
                _("Not a number for: %(names)s. Nothing was saved.") % {"names": ", ".join(bad)},
            )
        else:
            try:
                services.assessment_scores_record(actor=actor, assessment=assessment, scores=scores)
            except ValidationError as exc:
                messages.error(request, exc.messages[0])
            else:
                messages.success(request, _("The scores were saved."))
                return redirect("academy:assessment_detail", assessment_id=assessment.pk)
    record_access(request, Action.LIST, trainees=roster)
    return render(
        request,
        "academy/assessment_detail.html",
        {
            "assessment": assessment,
            "rows": [(t, current.get(t.pk)) for t in roster],
            "nav_active": "courses",
        },
    )


# --- data-subject rights: my personal data, and the staff queue ---------------------------


def _own_trainee(actor) -> Trainee:
    require(policies.can_view_own_data_page(actor))
    return policies.trainee_get_for(actor, min(actor.trainee_ids))


@login_required
def my_data(request):
    """The trainee's "My personal data": what is held, downloads, requests and decisions."""
    actor = request.actor
    trainee = _own_trainee(actor)
    form = DataRequestForm(request.POST or None)
    if request.method == "POST":
        require(policies.can_request_about_own_data(actor, trainee))
        if form.is_valid():
            try:
                services.data_request_create(actor=actor, trainee=trainee, **form.cleaned_data)
            except ValidationError as exc:
                errors_to_form(form, exc)
            else:
                messages.success(request, _("Your request was sent to the program office."))
                return redirect("academy:my_data")
    return render(
        request,
        "academy/my_data.html",
        {
            "trainee": trainee,
            "consent_choices": selectors.consent_state_for(trainee=trainee),
            "requests": selectors.own_data_requests_for(actor=actor, trainee=trainee),
            "form": form,
            "nav_active": "profile",
        },
    )


@login_required
def my_data_download(request, fmt: str):
    """The trainee downloads everything held about them; the download is recorded."""
    actor = request.actor
    trainee = _own_trainee(actor)
    require(policies.can_download_own_data(actor, trainee) and fmt in ("json", "xlsx"))
    data = selectors.personal_data_for(trainee=trainee)
    event_record(
        actor=actor,
        verb="trainee.data_downloaded",
        target=trainee,
        kind=Event.Kind.DOWNLOAD,
        format=fmt,
    )
    if fmt == "json":
        body, content_type = exports.personal_data_json(data), "application/json"
    else:
        body = exports.personal_data_workbook(data)
        content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="careerhub-my-data.{fmt}"'
    response["Cache-Control"] = "no-store"
    return response


@login_required
def data_request_queue(request):
    actor = request.actor
    require(policies.can_view_data_request_queue(actor))
    status = request.GET.get("status", "")
    return render(
        request,
        "academy/data_request_queue.html",
        {
            "requests": selectors.data_request_queue_for(actor=actor, status=status)[:200],
            "status": status,
            "statuses": DataRequest.Status.choices,
            "nav_active": "data_requests",
        },
    )


@login_required
def data_request_detail(request, request_id):
    actor = request.actor
    data_request = policies.data_request_get_for(actor, request_id)
    require(policies.can_view_data_request_queue(actor))
    can_decide = policies.can_decide_data_request(actor, data_request)
    form = DataRequestDecisionForm(request.POST or None)
    if request.method == "POST":
        require(can_decide)
        if form.is_valid():
            try:
                services.data_request_decide(
                    actor=actor,
                    request=data_request,
                    accept=form.cleaned_data["decision"] == "accept",
                    reason=form.cleaned_data["reason"],
                )
            except ValidationError as exc:
                errors_to_form(form, exc)
            else:
                messages.success(request, _("The decision was recorded."))
                return redirect("academy:data_request_detail", request_id=data_request.pk)
    return render(
        request,
        "academy/data_request_detail.html",
        {
            "data_request": data_request,
            "form": form if can_decide else None,
            "can_edit_profile": data_request.kind == DataRequest.Kind.CORRECTION
            and data_request.status == DataRequest.Status.ACCEPTED
            and policies.can_edit_trainee_profile(actor, data_request.trainee),
            "nav_active": "data_requests",
        },
    )
