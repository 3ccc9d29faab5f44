"""Staff write to a filtered group of trainees: filters, a preview of exactly who receives
it, then one batch whose progress the outbox shows."""

from __future__ import annotations

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from careerhub.academy.models import Cohort, Course, Trainee
from careerhub.core.access import Action, record_access
from careerhub.core.errors import errors_to_form
from careerhub.core.policy import require
from careerhub.matching import outreach
from careerhub.taxonomy.models import JobRole


class AnnouncementForm(forms.Form):
    cohort = forms.ModelChoiceField(
        label=_("Cohort"), queryset=Cohort.objects.all(), required=False
    )
    course = forms.ModelChoiceField(
        label=_("Course"), queryset=Course.objects.none(), required=False
    )
    role = forms.ModelChoiceField(label=_("Role"), queryset=JobRole.objects.all(), required=False)
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[("", _("Enrolled or completed"))]
        + [c for c in Trainee.Status.choices if c[0] != Trainee.Status.DROPPED],
        required=False,
    )
    unplaced = forms.BooleanField(label=_("Only those not yet employed"), required=False)
    available_by = forms.DateField(
        label=_("Available by"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    topic = forms.ChoiceField(
        label=_("About"), choices=[(k, v) for k, v in outreach.TOPICS.items()], required=False
    )
    subject = forms.CharField(label=_("Subject"), max_length=150, required=False)
    body = forms.CharField(
        label=_("Message"), widget=forms.Textarea(attrs={"rows": 6}), required=False
    )
    digest = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, actor, **kwargs):
        super().__init__(*args, **kwargs)
        courses = Course.objects.select_related("cohort").order_by("-cohort__number", "name")
        if not actor.program_staff:
            courses = courses.filter(operator_id__in=actor.staff_operator_ids)
        self.fields["course"].queryset = courses

    def audience(self) -> outreach.Audience:
        data = self.cleaned_data
        return outreach.Audience(
            cohort_id=data["cohort"].pk if data.get("cohort") else None,
            course_id=data["course"].pk if data.get("course") else None,
            role_id=data["role"].pk if data.get("role") else None,
            status=data.get("status") or "",
            unplaced=bool(data.get("unplaced")),
            available_by=data.get("available_by"),
        )


@login_required
def announce(request):
    actor = request.actor
    require(outreach.can_send_announcements(actor))
    today = timezone.localdate()
    sending = request.method == "POST"
    form = AnnouncementForm(request.POST if sending else (request.GET or None), actor=actor)
    preview = None
    if form.is_bound and form.is_valid():
        preview = outreach.audience_for(actor=actor, audience=form.audience(), today=today)
        record_access(
            request,
            Action.LIST,
            trainees=[t.pk for t in preview.recipients]
            + [t.pk for rows in preview.left_out.values() for t in rows],
            purpose="announcement",
        )
        if sending:
            data = form.cleaned_data
            try:
                batch = outreach.announcement_send(
                    actor=actor,
                    audience=form.audience(),
                    topic=data.get("topic") or "",
                    subject=data.get("subject") or "",
                    body=data.get("body") or "",
                    expected_digest=data.get("digest") or "",
                    today=today,
                )
            except ValidationError as exc:
                errors_to_form(form, exc)
            else:
                return redirect("messaging:batch", batch.pk)
    return render(
        request,
        "matching/announce.html",
        {
            "form": form,
            "preview": preview,
            "filters": request.GET.urlencode() if not sending else request.POST.urlencode(),
            "nav_active": "announce",
        },
    )
