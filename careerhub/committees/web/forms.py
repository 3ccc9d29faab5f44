from django import forms
from django.utils.translation import gettext_lazy as _

from careerhub.committees.models import CommitteeMember, Decision, Meeting

DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
DATE = forms.DateInput(attrs={"type": "date"})


class MemberForm(forms.ModelForm):
    class Meta:
        model = CommitteeMember
        fields = [
            "name",
            "affiliation",
            "company",
            "operator",
            "organisation",
            "position",
            "user",
            "joined_on",
            "left_on",
        ]
        widgets = {"joined_on": DATE, "left_on": DATE}


class MeetingForm(forms.ModelForm):
    def __init__(self, *args, committee, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["attendees"] = forms.ModelMultipleChoiceField(
            label=_("Attendees"),
            queryset=committee.members.order_by("name"),
            required=False,
            widget=forms.CheckboxSelectMultiple,
        )
        if self.instance.pk:
            self.initial["attendees"] = list(self.instance.attendees.values_list("pk", flat=True))

    class Meta:
        model = Meeting
        fields = ["held_at", "place", "status", "agenda", "minutes"]
        widgets = {"held_at": DATETIME}


class DecisionForm(forms.ModelForm):
    class Meta:
        model = Decision
        fields = ["text", "owner", "due_on"]
        widgets = {"due_on": DATE, "text": forms.Textarea(attrs={"rows": 3})}


class FollowUpForm(forms.Form):
    status = forms.ChoiceField(label=_("Follow-up status"), choices=Decision.Status.choices)
    note = forms.CharField(label=_("Note"), max_length=500, required=False)
