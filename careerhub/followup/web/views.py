"""Staff pages of check-ins: the rounds, the consultants' follow-ups, employer agreements."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from careerhub.core.access import record_access
from careerhub.core.errors import errors_to_messages
from careerhub.core.models import AccessRecord
from careerhub.core.policy import require
from careerhub.followup import policies, selectors, services
from careerhub.followup.web.forms import FollowUpForm
from careerhub.outcomes import selectors as outcome_selectors
from careerhub.outcomes.knowledge import checkin_months, retention_months, rule_window_months

Action = AccessRecord.Action


@login_required
def rounds(request):
    actor = request.actor
    require(policies.can_view_rounds(actor))
    awaiting = list(selectors.answers_awaiting_verification(actor=actor))
    leavers = list(selectors.early_leavers(actor=actor))
    record_access(request, Action.LIST, trainees=[*awaiting, *leavers])
    return render(
        request,
        "followup/rounds.html",
        {
            "rows": selectors.rounds_for(actor=actor),
            "awaiting": awaiting,
            "leavers": leavers,
            "checkin_months": checkin_months(),
            "retention_months": retention_months(),
            "unasked_windows": _unasked_windows(),
        },
    )


def _unasked_windows() -> list[int]:
    """Windows of the rule sets in force that no check-in asks at (CHECKIN_MONTHS should
    hold them all: a rate's knowledge is measured at its own window)."""
    windows = {
        m
        for rule in outcome_selectors.rule_sets_in_force(on=timezone.localdate())
        for m in rule_window_months(rule.params)
    }
    return sorted(windows - set(checkin_months()))


@login_required
def follow_ups(request):
    actor = request.actor
    require(policies.can_view_follow_ups(actor))
    items = list(selectors.follow_ups_for(actor=actor))
    done = list(selectors.follow_ups_for(actor=actor, done=True))
    record_access(request, Action.LIST, trainees=[*items, *done])
    return render(
        request,
        "followup/follow_ups.html",
        {"items": items, "done": done, "form": FollowUpForm()},
    )


@login_required
@require_POST
def follow_up_done(request, checkin_id: int):
    actor = request.actor
    checkin = policies.follow_up_get_for(actor, checkin_id)
    form = FollowUpForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Write what was done."))
        return redirect("followup:follow_ups")
    try:
        services.follow_up_done(actor=actor, checkin=checkin, note=form.cleaned_data["note"])
    except ValidationError as exc:
        errors_to_messages(request, exc)
    else:
        messages.success(request, _("The follow-up was recorded."))
    return redirect("followup:follow_ups")


@login_required
def employer(request):
    actor = request.actor
    require(bool(actor.recruiter_company_ids))
    return render(
        request,
        "followup/employer.html",
        {"rows": selectors.agreements_for(actor=actor), "retention_months": retention_months()},
    )


@login_required
@require_POST
def employer_set(request, company_id: int):
    actor = request.actor
    require(policies.can_manage_agreement(actor, company_id))
    agree = request.POST.get("agree") == "yes"
    services.agreement_set(actor=actor, company_id=company_id, agree=agree)
    messages.success(
        request,
        _("Your company will be asked about its hires.")
        if agree
        else _("Your company will no longer be asked about its hires."),
    )
    return redirect("followup:employer")
