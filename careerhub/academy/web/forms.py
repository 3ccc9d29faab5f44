from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from careerhub.academy.models import Trainee
from careerhub.core import korean
from careerhub.core.choices import Region
from careerhub.taxonomy.models import JobRole


class TraineeProfileForm(forms.Form):
    phone = forms.CharField(
        label=_("Phone"), max_length=20, required=False, help_text=_("e.g. 010-1234-5678")
    )
    available_from = forms.DateField(
        label=_("Available from"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    desired_roles = forms.ModelMultipleChoiceField(
        label=_("Desired roles"),
        queryset=JobRole.objects.all(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
        help_text=_("Up to three roles."),
    )
    desired_regions = forms.MultipleChoiceField(
        label=_("Desired regions"),
        choices=Region.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    introduction = forms.CharField(
        label=_("Self-introduction"), required=False, widget=forms.Textarea, max_length=4000
    )

    def clean_phone(self) -> str:
        phone = self.cleaned_data["phone"].strip()
        if phone and not korean.phone_is_valid(phone):
            raise forms.ValidationError(
                _("Enter a valid phone number, e.g. 010-1234-5678."), code="invalid_phone"
            )
        return korean.phone_normalize(phone)

    def clean_desired_roles(self):
        roles = self.cleaned_data["desired_roles"]
        if len(roles) > 3:
            raise forms.ValidationError(_("Choose at most three roles."), code="too_many_roles")
        return roles


class TraineeStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("New status"), choices=Trainee.Status.choices)
    effective_on = forms.DateField(
        label=_("Effective on"), widget=forms.DateInput(attrs={"type": "date"})
    )
    reason = forms.CharField(label=_("Reason"), required=False, max_length=200)

    def clean_effective_on(self):
        value = self.cleaned_data["effective_on"]
        if value > timezone.localdate():
            raise forms.ValidationError(_("The date cannot be in the future."), code="future_date")
        return value
