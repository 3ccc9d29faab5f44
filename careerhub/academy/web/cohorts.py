"""Cohort pages: the program office starts the next cohort, its courses and its recruitment
window; operator staff read the cohorts of their own courses."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count, Q, Sum
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from careerhub.academy import policies
from careerhub.academy.cohort_services import cohort_save, course_save
from careerhub.academy.models import Cohort, Trainee
from careerhub.academy.web.cohort_forms import CohortForm, CourseForm, RecruitmentOpenForm
from careerhub.core.errors import errors_to_form
from careerhub.core.policy import require

NAV = "cohorts"


def _with_figures(courses):
    return courses.annotate(
        enrolled=Count("trainees", filter=Q(trainees__status=Trainee.Status.ENROLLED))
    ).order_by("operator__name", "name")


@login_required
def cohort_list(request):
    actor = request.actor
    require(policies.can_view_cohort_list(actor))
    now = timezone.now()
    cohorts = policies.cohorts_visible_to(actor).order_by("-number")
    rows = []
    for cohort in cohorts:
        courses = policies.cohort_courses_for(actor, cohort)
        figures = courses.aggregate(n=Count("pk"), seats=Sum("capacity"))
        rows.append((cohort, cohort.application_window_state(now), figures))
    return render(
        request,
        "academy/cohort_list.html",
        {"rows": rows, "can_manage": policies.can_manage_cohorts(actor), "nav_active": NAV},
    )


def _cohort_form_page(request, *, cohort: Cohort | None):
    actor = request.actor
    require(policies.can_manage_cohorts(actor))
    if request.method == "POST":
        form = CohortForm(request.POST)
        if form.is_valid():
            try:
                saved = cohort_save(actor=actor, cohort=cohort, data=form.data_for_service())
            except ValidationError as exc:
                errors_to_form(form, exc)
            else:
                messages.success(
                    request,
                    _("%(cohort)s was created.") % {"cohort": saved}
                    if cohort is None
                    else _("%(cohort)s was saved.") % {"cohort": saved},
                )
                return redirect("academy:cohort_detail", cohort_id=saved.pk)
    else:
        form = CohortForm() if cohort is None else CohortForm.for_cohort(cohort)
    return render(
        request,
        "academy/cohort_form.html",
        {"cohort": cohort, "form": form, "nav_active": NAV},
    )


@login_required
def cohort_create(request):
    return _cohort_form_page(request, cohort=None)


@login_required
def cohort_edit(request, cohort_id):
    cohort = policies.cohort_get_for(request.actor, cohort_id)
    return _cohort_form_page(request, cohort=cohort)


@login_required
def cohort_detail(request, cohort_id):
    actor = request.actor
    require(policies.can_view_cohort_list(actor))
    cohort = policies.cohort_get_for(actor, cohort_id)
    courses = _with_figures(policies.cohort_courses_for(actor, cohort))
    state = cohort.application_window_state(timezone.now())
    can_manage = policies.can_manage_cohorts(actor)
    return render(
        request,
        "academy/cohort_detail.html",
        {
            "cohort": cohort,
            "courses": courses,
            "seats": sum(c.capacity for c in courses),
            "state": state,
            "can_manage": can_manage,
            "open_form": RecruitmentOpenForm(
                initial={"closes_at": cohort.application_closes_at}
                if state in ("upcoming", "none") and cohort.application_closes_at
                else None
            )
            if can_manage and state != "open"
            else None,
            "nav_active": NAV,
        },
    )


def _course_form_page(request, *, cohort: Cohort, course):
    actor = request.actor
    require(policies.can_manage_cohorts(actor))
    if request.method == "POST":
        form = CourseForm(request.POST)
        if form.is_valid():
            try:
                saved = course_save(
                    actor=actor, cohort=cohort, course=course, data=form.cleaned_data
                )
            except ValidationError as exc:
                errors_to_form(form, exc)
            else:
                messages.success(
                    request,
                    _("The course %(name)s was added.") % {"name": saved.name}
                    if course is None
                    else _("The course %(name)s was saved.") % {"name": saved.name},
                )
                return redirect("academy:cohort_detail", cohort_id=cohort.pk)
    elif course is None:
        form = CourseForm(
            initial={"start_date": cohort.training_start, "end_date": cohort.training_end}
        )
    else:
        form = CourseForm.for_course(course)
    return render(
        request,
        "academy/cohort_course_form.html",
        {"cohort": cohort, "course": course, "form": form, "nav_active": NAV},
    )


@login_required
def cohort_course_create(request, cohort_id):
    cohort = policies.cohort_get_for(request.actor, cohort_id)
    return _course_form_page(request, cohort=cohort, course=None)


@login_required
def cohort_course_edit(request, cohort_id, course_id):
    actor = request.actor
    cohort = policies.cohort_get_for(actor, cohort_id)
    course = policies.cohort_course_get_for(actor, cohort, course_id)
    return _course_form_page(request, cohort=cohort, course=course)
