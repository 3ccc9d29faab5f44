import datetime as dt

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from careerhub.consulting.models import ActionItem, SessionType, Slot
from careerhub.consulting.services import NOTE_MAX_LENGTH

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class SlotForm(forms.Form):
    day = forms.DateField(label=_("Date"), widget=DATE)
    start = forms.TimeField(label=_("Start time"), widget=forms.TimeInput(attrs={"type": "time"}))
    minutes = forms.TypedChoiceField(
        label=_("Length"),
        coerce=int,
        choices=[
            (30, _("30 minutes")),
            (50, _("50 minutes")),
            (60, _("1 hour")),
            (90, _("1 hour 30 minutes")),
        ],
        initial=50,
    )
    count = forms.IntegerField(
        label=_("Number of consecutive slots"), min_value=1, max_value=8, initial=1
    )
    mode = forms.ChoiceField(label=_("Mode"), choices=Slot.Mode.choices)
    location = forms.CharField(label=_("Place or video link"), max_length=300, required=False)
    operator = forms.TypedChoiceField(label=_("Training operator"), coerce=int)

    def __init__(self, *args, operators=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["operator"].choices = [(o.pk, str(o)) for o in operators]
        if len(self.fields["operator"].choices) == 1:
            self.fields["operator"].widget = forms.HiddenInput()
            self.fields["operator"].initial = self.fields["operator"].choices[0][0]

    def periods(self) -> list[tuple[dt.datetime, dt.datetime]]:
        data = self.cleaned_data
        first = timezone.make_aware(dt.datetime.combine(data["day"], data["start"]))
        length = dt.timedelta(minutes=data["minutes"])
        gap = dt.timedelta(minutes=10) if data["minutes"] == 50 else dt.timedelta(0)
        return [
            (first + i * (length + gap), first + i * (length + gap) + length)
            for i in range(data["count"])
        ]


class BookingForm(forms.Form):
    session_type = forms.ChoiceField(label=_("Session type"), choices=SessionType.choices)
    topic = forms.CharField(
        label=_("What you would like to talk about"), max_length=300, required=False
    )
    startup_team = forms.TypedChoiceField(
        label=_("Start-up team"), coerce=int, required=False, empty_value=None
    )

    def __init__(self, *args, teams=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["startup_team"].choices = [("", "—")] + [(t.pk, t.name) for t in teams]


class CancelForm(forms.Form):
    reason = forms.CharField(label=_("Reason for cancelling"), max_length=300, required=False)


class NoteForm(forms.Form):
    body = forms.CharField(
        label=_("Note"),
        widget=forms.Textarea,
        max_length=NOTE_MAX_LENGTH,
        error_messages={
            "required": _("Write the note."),
            "max_length": _(
                "A note may be at most %(limit_value)d characters; this one has %(show_value)d."
            ),
        },
    )


class ActionItemForm(forms.Form):
    title = forms.CharField(label=_("Action"), max_length=300)
    due_on = forms.DateField(
        label=_("Due on"),
        widget=DATE,
        error_messages={"required": _("Give the due date."), "invalid": _("Enter a real date.")},
    )


class ActionStatusForm(forms.Form):
    status = forms.ChoiceField(choices=ActionItem.Status.choices)


class FollowUpForm(forms.Form):
    follow_up = forms.CharField(label=_("Follow-up"), max_length=2000, widget=forms.Textarea)


class AttendanceForm(forms.Form):
    attended = forms.TypedChoiceField(coerce=lambda v: v == "1", choices=[("1", "1"), ("0", "0")])
