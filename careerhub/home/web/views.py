from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from careerhub.core.access import Action, record_access
from careerhub.core.policy import PermissionDenied
from careerhub.home import policies
from careerhub.home.calendar import own_calendar_for
from careerhub.home.selectors import home_sections_for
from careerhub.messaging.ical import calendar_text


@login_required
def index(request):
    sections = home_sections_for(actor=request.actor)
    return render(
        request,
        "home/index.html",
        {
            "sections": sections,
            "nav_active": "home",
            "has_calendar": policies.can_download_own_calendar(request.actor),
        },
    )


@login_required
def calendar_download(request):
    """The signed-in person's upcoming interviews and consulting sessions as an ``.ics`` file
    to import into their calendar. Only their own: the URL names nobody."""
    if not policies.can_download_own_calendar(request.actor):
        raise PermissionDenied
    own = own_calendar_for(actor=request.actor)
    record_access(request, Action.DOWNLOAD, trainees=own.trainee_ids, format="ics")
    response = HttpResponse(
        calendar_text(own.events, name=_("careerhub: my schedule")),
        content_type="text/calendar; charset=utf-8",
    )
    response["Content-Disposition"] = 'attachment; filename="careerhub-calendar.ics"'
    response["Cache-Control"] = "private, no-store"
    return response
