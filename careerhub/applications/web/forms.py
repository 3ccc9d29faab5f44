from django import forms
from django.utils.translation import gettext_lazy as _

from careerhub.applications.transitions import Stage

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ApplyForm(forms.Form):
    cover_note = forms.CharField(
        label=_("Message to the company"), widget=forms.Textarea, max_length=2000, required=False
    )


class BehalfForm(forms.Form):
    trainee = forms.TypedChoiceField(label=_("Trainee"), coerce=int)
    posting = forms.TypedChoiceField(label=_("Job posting"), coerce=int)
    behalf_consent = forms.CharField(
        label=_("How the trainee agreed"),
        max_length=300,
        help_text=_("e.g. agreed by phone on 2026. 11. 24., asked for this posting"),
    )
    cover_note = forms.CharField(
        label=_("Message to the company"), widget=forms.Textarea, max_length=2000, required=False
    )

    def __init__(self, *args, trainees=(), postings=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["trainee"].choices = [(t.pk, f"{t.name} · {t.course.name}") for t in trainees]
        self.fields["posting"].choices = [(p.pk, f"{p.company.name} · {p.title}") for p in postings]


class MoveForm(forms.Form):
    to_status = forms.ChoiceField(label=_("New stage"), choices=Stage.choices)
    version = forms.IntegerField(widget=forms.HiddenInput)
    reason = forms.CharField(label=_("Reason"), max_length=300, required=False)
    interview_at = forms.DateTimeField(
        label=_("Interview date and time"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
    )
    interview_place = forms.CharField(label=_("Interview place"), max_length=300, required=False)
    interview_link = forms.URLField(
        label=_("Video interview link"), required=False, assume_scheme="https"
    )
    offer_salary = forms.IntegerField(
        label=_("Offered annual salary (KRW)"), required=False, min_value=0
    )
    start_date = forms.DateField(label=_("First working day"), required=False, widget=DATE)

    def __init__(self, *args, choices=None, **kwargs):
        super().__init__(*args, **kwargs)
        if choices is not None:
            labels = dict(Stage.choices)
            self.fields["to_status"].choices = [(c, labels[c]) for c in choices]
