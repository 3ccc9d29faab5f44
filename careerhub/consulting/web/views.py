from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from careerhub.academy.models import Trainee, TrainingOperator
from careerhub.academy.selectors import own_trainee_for
from careerhub.consulting import policies, selectors, services
from careerhub.consulting.web.forms import (
    ActionItemForm,
    ActionStatusForm,
    AttendanceForm,
    BookingForm,
    CancelForm,
    FollowUpForm,
    NoteForm,
    SlotForm,
)
from careerhub.core.access import Action, record_access
from careerhub.core.errors import errors_to_form, errors_to_messages
from careerhub.core.policy import require


@login_required
def home(request):
    """One page per side: a trainee books; a consultant runs their slots; staff oversee."""
    actor = request.actor
    trainee = own_trainee_for(actor)
    require(policies.can_view_consulting(actor))
    context = {"nav_active": "consulting", "now": timezone.now()}
    if trainee is not None:
        context |= {
            "trainee": trainee,
            "open_slots": selectors.open_slots_for(trainee=trainee)[:60],
            "my_bookings": selectors.bookings_of(actor=actor, trainee=trainee)[:30],
            "my_actions": selectors.open_action_items(trainee=trainee),
            "booking_form": BookingForm(teams=_teams_of(trainee)),
        }
    if actor.consultant_operator_ids:
        operators = TrainingOperator.objects.filter(pk__in=actor.consultant_operator_ids)
        context |= {
            "my_slots": list(selectors.consultant_slots(actor=actor)),
            "slot_form": SlotForm(operators=operators),
        }
    if actor.staff_operator_ids:
        context["operator_bookings"] = selectors.operator_bookings(actor=actor)[:100]
    booked = [b for slot in context.get("my_slots", ()) for b in slot.live_bookings]
    record_access(request, Action.LIST, trainees=[*booked, *context.get("operator_bookings", ())])
    return render(request, "consulting/home.html", context)


def _teams_of(trainee: Trainee):
    from careerhub.outcomes.models import StartupTeam

    return StartupTeam.objects.filter(members__trainee=trainee)


@login_required
@require_POST
def slot_publish(request):
    actor = request.actor
    require(policies.can_publish_any_slots(actor))
    operators = TrainingOperator.objects.filter(pk__in=actor.consultant_operator_ids)
    form = SlotForm(request.POST, operators=operators)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect("consulting:home")
    created = 0
    for starts_at, ends_at in form.periods():
        try:
            services.slot_publish(
                actor=actor,
                operator_id=form.cleaned_data["operator"],
                starts_at=starts_at,
                ends_at=ends_at,
                mode=form.cleaned_data["mode"],
                location=form.cleaned_data["location"],
            )
            created += 1
        except ValidationError as exc:
            errors_to_messages(request, exc)
    if created:
        messages.success(request, _("%(n)d slot(s) published.") % {"n": created})
    return redirect("consulting:home")


@login_required
@require_POST
def slot_withdraw(request, slot_id):
    actor = request.actor
    slot = policies.slot_get_for(actor, slot_id)
    require(policies.can_manage_slot(actor, slot))
    form = CancelForm(request.POST)
    try:
        services.slot_withdraw(
            actor=actor, slot=slot, reason=form.data.get("reason", "") if form.is_valid() else ""
        )
    except ValidationError as exc:
        errors_to_messages(request, exc)
    else:
        messages.success(request, _("The slot was withdrawn."))
    return redirect("consulting:home")


@login_required
@require_POST
def slot_book(request, slot_id):
    actor = request.actor
    slot = policies.slot_get_for(actor, slot_id)
    trainee = own_trainee_for(actor)
    if trainee is None:
        raise Http404
    form = BookingForm(request.POST, teams=_teams_of(trainee))
    if not form.is_valid():
        messages.error(request, _("Choose a session type."))
        return redirect("consulting:home")
    try:
        booking = services.booking_create(
            actor=actor,
            slot=slot,
            trainee=trainee,
            session_type=form.cleaned_data["session_type"],
            topic=form.cleaned_data["topic"],
            startup_team_id=form.cleaned_data["startup_team"],
        )
    except ValidationError as exc:
        errors_to_messages(request, exc)
        return redirect("consulting:home")
    messages.success(request, _("Your session is booked."))
    return redirect("consulting:booking_detail", booking_id=booking.pk)


@login_required
def booking_detail(request, booking_id):
    return _booking_page(request, booking_id)


def _booking_page(request, booking_id, *, note_form=None, action_form=None, status=200):
    """The booking page; a failed note or action item comes back with what was typed."""
    actor = request.actor
    booking = policies.booking_get_for(actor, booking_id)
    notes = selectors.notes_for(actor=actor, booking=booking)
    record_access(request, Action.VIEW, trainees=booking, notes=notes is not None)
    return render(
        request,
        "consulting/booking_detail.html",
        {
            "booking": booking,
            "notes": notes,
            "action_items": booking.action_items.all(),
            "can_note": policies.can_write_note(actor, booking),
            "can_cancel": policies.can_cancel_booking(actor, booking)
            and booking.status == "booked",
            "can_attend": policies.can_mark_attendance(actor, booking),
            "can_actions": policies.can_set_action_items(actor, booking),
            "is_trainee": booking.trainee_id in actor.trainee_ids,
            "started": timezone.now() >= booking.slot.starts_at,
            "note_form": note_form or NoteForm(),
            "action_form": action_form or ActionItemForm(),
            "cancel_form": CancelForm(),
            "nav_active": "consulting",
        },
        status=status,
    )


@login_required
@require_POST
def booking_cancel(request, booking_id):
    actor = request.actor
    booking = policies.booking_get_for(actor, booking_id)
    require(policies.can_cancel_booking(actor, booking))
    form = CancelForm(request.POST)
    form.is_valid()
    try:
        services.booking_cancel(
            actor=actor, booking=booking, reason=form.cleaned_data.get("reason", "")
        )
    except ValidationError as exc:
        errors_to_messages(request, exc)
    else:
        messages.success(request, _("The session was cancelled."))
    return redirect("consulting:booking_detail", booking_id=booking.pk)


@login_required
@require_POST
def booking_attendance(request, booking_id):
    actor = request.actor
    booking = policies.booking_get_for(actor, booking_id)
    require(policies.can_mark_attendance(actor, booking))
    form = AttendanceForm(request.POST)
    if form.is_valid():
        try:
            services.booking_mark_attendance(
                actor=actor, booking=booking, attended=form.cleaned_data["attended"]
            )
        except ValidationError as exc:
            errors_to_messages(request, exc)
        else:
            messages.success(request, _("Attendance was recorded."))
    return redirect("consulting:booking_detail", booking_id=booking.pk)


@login_required
@require_POST
def note_add(request, booking_id):
    actor = request.actor
    booking = policies.booking_get_for(actor, booking_id)
    require(policies.can_write_note(actor, booking))
    form = NoteForm(request.POST)
    if form.is_valid():
        try:
            services.note_add(actor=actor, booking=booking, body=form.cleaned_data["body"])
        except ValidationError as exc:
            errors_to_form(form, exc)
        else:
            messages.success(request, _("The note was saved."))
            return redirect("consulting:booking_detail", booking_id=booking.pk)
    return _booking_page(request, booking.pk, note_form=form, status=400)


@login_required
@require_POST
def action_add(request, booking_id):
    actor = request.actor
    booking = policies.booking_get_for(actor, booking_id)
    require(policies.can_set_action_items(actor, booking))
    form = ActionItemForm(request.POST)
    if form.is_valid():
        try:
            services.action_item_add(actor=actor, booking=booking, **form.cleaned_data)
        except ValidationError as exc:
            errors_to_form(form, exc)
        else:
            messages.success(request, _("The action item was added."))
            return redirect("consulting:booking_detail", booking_id=booking.pk)
    return _booking_page(request, booking.pk, action_form=form, status=400)


@login_required
@require_POST
def action_update(request, item_id):
    actor = request.actor
    item = policies.action_item_get_for(actor, item_id)
    if "follow_up" in request.POST:
        form = FollowUpForm(request.POST)
        require(policies.can_follow_up(actor, item))
        if form.is_valid():
            services.action_item_follow_up(
                actor=actor, item=item, note=form.cleaned_data["follow_up"]
            )
            messages.success(request, _("The follow-up was recorded."))
        else:
            messages.error(request, _("Write what was followed up."))
    else:
        form = ActionStatusForm(request.POST)
        require(policies.can_tick_action_item(actor, item))
        if form.is_valid():
            services.action_item_set_status(
                actor=actor, item=item, status=form.cleaned_data["status"]
            )
            messages.success(request, _("The action item was updated."))
    if request.POST.get("back") == "home":
        return redirect("consulting:home")
    return redirect("consulting:booking_detail", booking_id=item.booking_id)


@login_required
def trainee_history(request, trainee_id):
    actor = request.actor
    trainee = policies.history_trainee_get_for(actor, trainee_id)
    record_access(request, Action.VIEW, trainees=trainee)
    return render(
        request,
        "consulting/trainee_history.html",
        {
            "trainee": trainee,
            "entries": selectors.trainee_history(actor=actor, trainee=trainee),
            "today": timezone.localdate(),
            "nav_active": "consulting",
        },
    )
