from django import forms
from django.utils.translation import gettext_lazy as _

from careerhub.companies.errors import CompaniesErrorCode
from careerhub.companies.models import STAGE_TRANSITIONS, AttractionTarget, Company, Contact, Stage
from careerhub.core import korean


class CompanyForm(forms.ModelForm):
    website = forms.URLField(label=_("website"), required=False, assume_scheme="https")

    class Meta:
        model = Company
        fields = [
            "name",
            "business_number",
            "size",
            "sector",
            "hq_region",
            "website",
            "description",
        ]
        widgets = {
            "business_number": forms.TextInput(
                attrs={"inputmode": "numeric", "placeholder": "123-45-67890"}
            ),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["business_number"].max_length = 12
        self.fields["business_number"].widget.attrs["maxlength"] = 12
        self.fields["business_number"].validators = []
        if self.instance.pk:
            self.initial["business_number"] = self.instance.business_number_display

    def clean_business_number(self) -> str:
        value = self.cleaned_data["business_number"].strip()
        if not korean.business_number_is_valid(value):
            raise forms.ValidationError(
                _("Enter a valid business registration number (10 digits, e.g. 123-45-67890)."),
                code=CompaniesErrorCode.INVALID_BUSINESS_NUMBER,
            )
        digits = korean.business_number_normalize(value)
        clash = Company.objects.filter(business_number=digits).exclude(pk=self.instance.pk)
        if clash.exists():
            raise forms.ValidationError(
                _("A company with this business registration number is already registered."),
                code=CompaniesErrorCode.DUPLICATE_BUSINESS_NUMBER,
            )
        return digits


class StageChangeForm(forms.Form):
    to_stage = forms.ChoiceField(label=_("New stage"), choices=Stage.choices)
    effective_at = forms.DateTimeField(
        label=_("Happened at"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        help_text=_("Korea time (KST)."),
    )
    note = forms.CharField(label=_("Note"), max_length=300, required=False)

    def __init__(self, *args, company: Company, **kwargs):
        super().__init__(*args, **kwargs)
        allowed = STAGE_TRANSITIONS[company.stage]
        self.fields["to_stage"].choices = [(v, lbl) for v, lbl in Stage.choices if v in allowed]


class ContactForm(forms.ModelForm):
    class Meta:
        model = Contact
        fields = ["name", "position", "department", "email", "phone", "is_primary", "note"]

    def clean_phone(self) -> str:
        phone = self.cleaned_data["phone"].strip()
        if phone and not korean.phone_is_valid(phone):
            raise forms.ValidationError(
                _("Enter a valid phone number, e.g. 010-1234-5678."),
                code=CompaniesErrorCode.INVALID_PHONE,
            )
        return korean.phone_normalize(phone)


class TargetForm(forms.ModelForm):
    class Meta:
        model = AttractionTarget
        fields = ["year", "new_mous", "cumulative_mous", "offices", "note"]
