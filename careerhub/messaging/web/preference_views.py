"""Each person's notification settings (channel, consent, subscriptions) and the one-click
opt-out page every text message and job alert links to."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from careerhub.core import ratelimit
from careerhub.core.errors import errors_to_form
from careerhub.messaging import phone, preferences, solapi
from careerhub.messaging.models import ContactPreference
from careerhub.messaging.web.forms import ContactPreferenceForm


@login_required
def settings_page(request):
    actor = request.actor
    pref = preferences.contact_preference_of(actor.user_id)
    phone_on = phone.phone_channels_on()
    trainee = actor.is_trainee
    if request.method == "POST":
        form = ContactPreferenceForm(request.POST, trainee=trainee, phone_on=phone_on)
        if form.is_valid():
            data = form.cleaned_data
            choice = preferences.PreferenceChoice(
                phone_channel=data.get("phone_channel", pref.phone_channel) or "",
                phone=data.get("phone", pref.phone) or "",
                consent=data.get("consent", pref.phone_active),
                announcements=data["announcements"],
                job_alerts=data.get("job_alerts", False),
            )
            try:
                preferences.contact_preference_set(
                    actor=actor, user_id=actor.user_id, choice=choice
                )
            except ValidationError as exc:
                errors_to_form(form, exc)
            else:
                messages.success(request, _("Your notification settings are saved."))
                return redirect("messaging:settings")
    else:
        form = ContactPreferenceForm(
            initial={
                "phone_channel": pref.phone_channel if pref.phone_active else "",
                "phone": pref.phone,
                "consent": pref.phone_active,
                "job_alerts": pref.job_alerts,
                "announcements": pref.announcements_stopped_at is None,
            },
            trainee=trainee,
            phone_on=phone_on,
        )
    return render(
        request,
        "messaging/settings.html",
        {
            "form": form,
            "pref": pref,
            "phone_on": phone_on,
            "alimtalk_on": solapi.alimtalk_configured(),
            "nav_active": "message_settings",
        },
    )


@never_cache
def stop(request, code):
    """One click stops every phone message, job alert and announcement (a GET shows what the
    button does, so a link preview cannot opt anyone out). Counted per address, so nobody can
    try codes by the thousand."""
    if ratelimit.limited(request, "link_request"):
        response = render(request, "messaging/stop.html", {"limited": True}, status=429)
        response["Retry-After"] = str(ratelimit.retry_after(request, "link_request"))
        return response
    known = ContactPreference.objects.filter(stop_code=code).exists()
    done = False
    if request.method == "POST" and known:
        preferences.contact_preference_stop(code=code)
        done = True
    return render(
        request,
        "messaging/stop.html",
        {"known": known, "done": done, "code": code},
        status=200 if known else 404,
    )
