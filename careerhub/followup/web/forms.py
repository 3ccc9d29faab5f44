from django import forms
from django.utils.translation import gettext_lazy as _

from careerhub.core.validators import validate_business_number
from careerhub.followup import answers
from careerhub.outcomes.models import EmploymentType, OutcomeType

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class GraduateForm(forms.Form):
    """The short check-in form a graduate answers on a phone."""

    status = forms.ChoiceField(
        label=_("What are you doing now?"),
        choices=answers.STATUS_CHOICES,
        widget=forms.RadioSelect,
    )
    start_date = forms.DateField(
        label=_("Since when"),
        required=False,
        widget=DATE,
        help_text=_(
            "The first working day, the business registration date, the start of studies or "
            "service. Not needed if you are seeking or not seeking work."
        ),
    )
    company_name = forms.CharField(
        label=_("Company name"),
        max_length=200,
        required=False,
        help_text=_("Your employer, or the company you started."),
    )
    business_number = forms.CharField(
        label=_("Business registration number"),
        max_length=12,
        required=False,
        validators=[validate_business_number],
        help_text=_("If you know it, e.g. 123-45-67890."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    job_title = forms.CharField(label=_("Job title"), max_length=200, required=False)
    employment_type = forms.ChoiceField(
        label=_("Employment type"),
        choices=[("", "—"), *EmploymentType.choices],
        required=False,
    )
    insurance = forms.ChoiceField(
        label=_("Are you covered by employment insurance?"),
        choices=answers.InsuranceAnswer.choices,
        required=False,
        widget=forms.RadioSelect,
    )
    salary_band = forms.ChoiceField(
        label=_("Annual salary"),
        choices=[("", "—"), *answers.SalaryBand.choices],
        required=False,
    )
    detail = forms.CharField(
        label=_("Anything else we should know"),
        max_length=200,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    evidence_file = forms.FileField(
        label=_("Proof (optional)"),
        required=False,
        help_text=_(
            "E.g. a certificate of employment or of business registration: PDF, PNG or JPEG, "
            "at most 10 MB. It saves staff a phone call."
        ),
        widget=forms.FileInput(attrs={"accept": "application/pdf,image/png,image/jpeg"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["evidence_file"].max_length = None

    def clean(self):
        data = super().clean()
        status = data.get("status")
        if not status:
            return data
        if status not in answers.MOMENT_STATUSES and not data.get("start_date"):
            self.add_error("start_date", _("Give the date it started."))
        if status in answers.WITH_COMPANY and not (
            (data.get("company_name") or "").strip() or data.get("business_number")
        ):
            self.add_error("company_name", _("Name the company."))
        if status == OutcomeType.EMPLOYED and not data.get("employment_type"):
            self.add_error("employment_type", _("Choose the employment type."))
        return data


class RetentionForm(forms.Form):
    continues = forms.TypedChoiceField(
        label=_("Is the employment still going on?"),
        choices=[("yes", _("Yes, still employed")), ("no", _("No, it ended"))],
        coerce=lambda v: v == "yes",
        widget=forms.RadioSelect,
    )
    end_date = forms.DateField(
        label=_("Last working day"),
        required=False,
        widget=DATE,
        help_text=_("Only if it ended."),
    )
    reason = forms.ChoiceField(
        label=_("Why it ended"),
        choices=[("", "—"), *answers.EndReason.choices],
        required=False,
    )
    detail = forms.CharField(
        label=_("Anything else we should know"),
        max_length=200,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def clean(self):
        data = super().clean()
        if data.get("continues") is False:
            if not data.get("end_date"):
                self.add_error("end_date", _("Give the last day of the employment."))
            if not data.get("reason"):
                self.add_error("reason", _("Choose why the employment ended."))
        return data


class FollowUpForm(forms.Form):
    note = forms.CharField(
        label=_("What was done"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
