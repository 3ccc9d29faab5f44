"""The program office opens and closes a cohort's recruitment by hand (from the cohort page)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from careerhub.academy.web.cohort_forms import RecruitmentOpenForm
from careerhub.core import korean
from careerhub.core.errors import errors_to_messages
from careerhub.core.policy import require
from careerhub.intake import policies, services


def _back(cohort):
    return redirect("academy:cohort_detail", cohort_id=cohort.pk)


@login_required
@require_POST
def recruitment_open(request, cohort_id):
    actor = request.actor
    cohort = policies.cohort_get_for(actor, cohort_id)
    require(policies.can_manage_recruitment(actor, cohort))
    form = RecruitmentOpenForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return _back(cohort)
    try:
        cohort = services.recruitment_open(
            actor=actor, cohort=cohort, closes_at=form.cleaned_data["closes_at"]
        )
    except ValidationError as exc:
        errors_to_messages(request, exc)
    else:
        messages.success(
            request,
            _("Recruitment for %(cohort)s is open until %(deadline)s.")
            % {"cohort": cohort, "deadline": korean.format_datetime(cohort.application_closes_at)},
        )
    return _back(cohort)


@login_required
@require_POST
def recruitment_close(request, cohort_id):
    actor = request.actor
    cohort = policies.cohort_get_for(actor, cohort_id)
    require(policies.can_manage_recruitment(actor, cohort))
    try:
        cohort = services.recruitment_close(actor=actor, cohort=cohort)
    except ValidationError as exc:
        errors_to_messages(request, exc)
    else:
        messages.success(
            request,
            _("Recruitment for %(cohort)s is closed. No more applications are accepted.")
            % {"cohort": cohort},
        )
    return _back(cohort)
