"""Pages of employer feedback: the company's requests and its answer form; the aggregate for
operators and the program office."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from careerhub.core.access import Action, record_access
from careerhub.core.errors import errors_to_messages
from careerhub.core.policy import require
from careerhub.employer_feedback import policies, selectors, services
from careerhub.employer_feedback.models import SkillRating


@login_required
def feedback_list(request):
    actor = request.actor
    require(policies.can_view_feedback_list(actor))
    items = list(selectors.feedback_list_for(actor=actor)[:200])
    record_access(request, Action.LIST, trainees=[f.application.trainee_id for f in items])
    return render(
        request,
        "employer_feedback/list.html",
        {"items": items, "nav_active": "hire_feedback"},
    )


@login_required
def feedback_answer(request, feedback_id: int):
    actor = request.actor
    feedback = policies.feedback_get_for(actor, feedback_id)
    skills = selectors.posting_skills_of(feedback=feedback)
    current = {r.skill_id: r.rating for r in feedback.ratings.all()}
    comment = feedback.comment
    status = 200
    if request.method == "POST":
        ratings = {ps.skill_id: request.POST.get(f"skill-{ps.skill_id}", "") for ps in skills}
        comment = request.POST.get("comment", "")[:2000]
        try:
            ratings_int = {k: int(v) if v else None for k, v in ratings.items()}
        except ValueError:
            ratings_int = dict.fromkeys(ratings, 0)  # the service says what is wrong
        try:
            services.feedback_answer(
                actor=actor, feedback=feedback, ratings=ratings_int, comment=comment
            )
        except ValidationError as exc:
            errors_to_messages(request, exc)
            current = {k: v for k, v in ratings_int.items() if v}
            status = 400
        else:
            messages.success(request, _("Thank you: your feedback was saved."))
            return redirect("employer_feedback:list")
    record_access(request, Action.VIEW, trainees=feedback.application.trainee_id)
    rows = [(ps, current.get(ps.skill_id)) for ps in skills]
    return render(
        request,
        "employer_feedback/answer.html",
        {
            "feedback": feedback,
            "application": feedback.application,
            "rows": rows,
            "choices": SkillRating.Rating.choices,
            "comment": comment,
            "nav_active": "hire_feedback",
        },
        status=status,
    )


@login_required
def feedback_summary(request):
    actor = request.actor
    require(policies.can_view_summary(actor))
    return render(
        request,
        "employer_feedback/summary.html",
        {
            "summaries": selectors.feedback_summary(actor=actor),
            "min_answers": selectors.min_answers(),
            "nav_active": "hire_feedback_summary",
        },
    )
