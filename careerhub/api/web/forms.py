from django import forms
from django.utils.translation import gettext_lazy as _

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ApiKeyForm(forms.Form):
    organisation = forms.ChoiceField(label=_("Organisation"))
    acts_for = forms.ModelChoiceField(
        label=_("Acts for"),
        queryset=None,
        help_text=_("The key's requests are recorded as this person's, with the key."),
    )
    purpose = forms.CharField(
        label=_("Purpose"),
        max_length=200,
        help_text=_("Which system uses the key and what for, e.g. “our LMS: outcome reports”."),
    )
    expires_on = forms.DateField(
        label=_("Expires on"),
        required=False,
        widget=DATE,
        help_text=_("Empty: one year from today. At most two years."),
    )

    def __init__(self, *args, organisations, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].choices = organisations
        self.fields["acts_for"].queryset = people
        self.fields["acts_for"].label_from_instance = lambda u: f"{u.name} <{u.email}>"


class RotateForm(forms.Form):
    grace_days = forms.IntegerField(
        label=_("Days the old key keeps working"), min_value=0, max_value=30, initial=7
    )
