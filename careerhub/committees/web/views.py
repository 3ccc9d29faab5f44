from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from careerhub.committees import policies, selectors, services
from careerhub.committees.models import CommitteeMember
from careerhub.committees.web.forms import DecisionForm, FollowUpForm, MeetingForm, MemberForm
from careerhub.core.errors import errors_to_form
from careerhub.core.policy import require


@login_required
def committee_list(request):
    actor = request.actor
    require(policies.can_view_committee_list(actor))
    return render(
        request,
        "committees/committee_list.html",
        {
            "overviews": selectors.committee_overviews_for(actor=actor),
            "open_decisions": selectors.open_decisions_for(actor=actor)[:20],
            "nav_active": "committees",
        },
    )


@login_required
def committee_detail(request, committee_id):
    actor = request.actor
    committee = policies.committee_get_for(actor, committee_id)
    return render(
        request,
        "committees/committee_detail.html",
        {
            "committee": committee,
            "members": selectors.active_members(committee=committee),
            "meetings": selectors.meetings_for(actor=actor, committee=committee),
            "can_manage": policies.can_manage_committees(actor),
            "nav_active": "committees",
        },
    )


@login_required
def member_edit(request, committee_id, member_id=None):
    actor = request.actor
    committee = policies.committee_get_for(actor, committee_id)
    require(policies.can_manage_committees(actor))
    member = None
    if member_id is not None:
        member = CommitteeMember.objects.filter(committee=committee, pk=member_id).first()
        if member is None:
            raise Http404
    form = MemberForm(request.POST or None, instance=member)
    if request.method == "POST" and form.is_valid():
        try:
            services.member_save(
                actor=actor,
                committee=committee,
                data=form.cleaned_data,
                member=committee.members.get(pk=member.pk) if member else None,
            )
        except ValidationError as exc:
            errors_to_form(form, exc)
        else:
            messages.success(request, _("The member was saved."))
            return redirect("committees:committee_detail", committee_id=committee.pk)
    return render(
        request,
        "committees/form.html",
        {
            "form": form,
            "heading": _("Committee member"),
            "back": committee,
            "nav_active": "committees",
        },
    )


@login_required
def meeting_edit(request, committee_id, meeting_id=None):
    actor = request.actor
    committee = policies.committee_get_for(actor, committee_id)
    require(policies.can_manage_committees(actor))
    meeting = None
    if meeting_id is not None:
        meeting = policies.meeting_get_for(actor, meeting_id)
        if meeting.committee_id != committee.pk:
            raise Http404
    form = MeetingForm(request.POST or None, instance=meeting, committee=committee)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.meeting_save(
                actor=actor,
                committee=committee,
                data=form.cleaned_data,
                attendees=form.cleaned_data["attendees"],
                meeting=policies.meeting_get_for(actor, meeting.pk) if meeting else None,
            )
        except ValidationError as exc:
            errors_to_form(form, exc)
        else:
            messages.success(request, _("The meeting was saved."))
            return redirect("committees:meeting_detail", meeting_id=saved.pk)
    return render(
        request,
        "committees/form.html",
        {
            "form": form,
            "heading": _("Meeting") if meeting is None else str(meeting),
            "back": committee,
            "nav_active": "committees",
        },
    )


@login_required
def meeting_detail(request, meeting_id):
    actor = request.actor
    meeting = policies.meeting_get_for(actor, meeting_id)
    can_manage = policies.can_manage_committees(actor)
    return render(
        request,
        "committees/meeting_detail.html",
        {
            "meeting": meeting,
            "attendees": meeting.attendees.select_related("company", "operator"),
            "show_minutes": policies.can_view_minutes(actor, meeting),
            "decisions": selectors.decisions_for(actor=actor, meeting=meeting),
            "can_manage": can_manage,
            "decision_form": DecisionForm(prefix="decision") if can_manage else None,
            "follow_up_form": FollowUpForm if can_manage else None,
            "nav_active": "committees",
        },
    )


@login_required
@require_POST
def meeting_publish(request, meeting_id):
    actor = request.actor
    meeting = policies.meeting_get_for(actor, meeting_id)
    require(policies.can_manage_committees(actor))
    try:
        services.meeting_publish_minutes(actor=actor, meeting=meeting)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The minutes are now shown to the committee's members."))
    return redirect("committees:meeting_detail", meeting_id=meeting.pk)


@login_required
@require_POST
def decision_add(request, meeting_id):
    actor = request.actor
    meeting = policies.meeting_get_for(actor, meeting_id)
    require(policies.can_manage_committees(actor))
    form = DecisionForm(request.POST, prefix="decision")
    if form.is_valid():
        try:
            services.decision_add(actor=actor, meeting=meeting, **form.cleaned_data)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("The decision was recorded."))
    else:
        messages.error(request, _("Write the decision."))
    return redirect("committees:meeting_detail", meeting_id=meeting.pk)


@login_required
@require_POST
def decision_follow_up(request, decision_id):
    actor = request.actor
    decision = policies.decision_get_for(actor, decision_id)
    require(policies.can_manage_committees(actor))
    form = FollowUpForm(request.POST)
    if form.is_valid():
        services.decision_follow_up(actor=actor, decision=decision, **form.cleaned_data)
        messages.success(request, _("The follow-up was recorded."))
    else:
        messages.error(request, _("Choose a status."))
    return redirect("committees:meeting_detail", meeting_id=decision.meeting_id)
