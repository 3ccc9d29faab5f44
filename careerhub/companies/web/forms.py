from django import forms
from django.utils.translation import gettext_lazy as _

from careerhub.companies.models import Company
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
            "has_city_office",
            "city_office_opened_on",
            "website",
            "description",
        ]
        widgets = {
            "city_office_opened_on": forms.DateInput(attrs={"type": "date"}),
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
                code="invalid_business_number",
            )
        digits = korean.business_number_normalize(value)
        clash = Company.objects.filter(business_number=digits).exclude(pk=self.instance.pk)
        if clash.exists():
            raise forms.ValidationError(
                _("A company with this business registration number is already registered."),
                code="duplicate_business_number",
            )
        return digits

    def clean(self):
        data = super().clean()
        if data.get("city_office_opened_on") and not data.get("has_city_office"):
            self.add_error("has_city_office", _("Tick this box if the office has opened."))
        return data
