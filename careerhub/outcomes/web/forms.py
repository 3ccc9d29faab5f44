from django import forms
from django.utils.translation import gettext_lazy as _

from careerhub.companies.models import Company
from careerhub.outcomes.models import EnrolmentIntent, Outcome, StartupTeam
from careerhub.taxonomy.models import JobRole

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class OutcomeForm(forms.ModelForm):
    class Meta:
        model = Outcome
        fields = (
            "outcome_type",
            "start_date",
            "end_date",
            "company",
            "company_name",
            "job_role",
            "job_title",
            "employment_type",
            "insurance",
            "in_field",
            "in_city",
            "annual_salary",
            "absence_weeks",
            "reason",
            "evidence_file",
            "evidence_reference",
        )
        widgets = {"start_date": DATE, "end_date": DATE, "evidence_file": forms.FileInput}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["company"].queryset = Company.objects.order_by("name")
        self.fields["job_role"].queryset = JobRole.objects.order_by("name_ko")
        self.fields["evidence_file"].help_text = _("PDF, PNG or JPEG, at most 10 MB.")
        # The file is stored under a random name; a long name as uploaded is no reason to refuse.
        self.fields["evidence_file"].max_length = None

    def service_data(self) -> dict:
        data = {k: v for k, v in self.cleaned_data.items() if k != "evidence_file"}
        data["company"] = data.get("company")
        return data


class OutcomeEditForm(OutcomeForm):
    version = forms.IntegerField(widget=forms.HiddenInput)
    note = forms.CharField(label=_("Why the change"), max_length=300, required=False)


class VersionForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)


class RejectForm(VersionForm):
    reason = forms.CharField(label=_("Reason for rejecting"), max_length=300)


class IntentForm(forms.Form):
    intent = forms.ChoiceField(
        label=_("Intent at enrolment"), choices=EnrolmentIntent.Intent.choices
    )
    recorded_on = forms.DateField(label=_("Recorded on"), widget=DATE)


class RateFilterForm(forms.Form):
    as_of = forms.DateField(label=_("As of"), required=False, widget=DATE)


class StartupTeamForm(forms.Form):
    name = forms.CharField(label=_("Team name"), max_length=200)
    idea = forms.CharField(label=_("Idea"), widget=forms.Textarea, max_length=4000)
    operator = forms.TypedChoiceField(label=_("Training operator"), coerce=int)
    members = forms.TypedMultipleChoiceField(
        label=_("Members"), coerce=int, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, operators=(), trainees=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["operator"].choices = [(o.pk, str(o)) for o in operators]
        self.fields["members"].choices = [(t.pk, f"{t.name} · {t.course.name}") for t in trainees]


class StartupStageForm(forms.Form):
    idea = forms.CharField(label=_("Idea"), widget=forms.Textarea, max_length=4000)
    stage = forms.ChoiceField(
        label=_("Stage"),
        choices=[c for c in StartupTeam.Stage.choices if c[0] != StartupTeam.Stage.REGISTERED],
    )


class StartupRegisterForm(forms.Form):
    business_number = forms.CharField(
        label=_("Business registration number"), max_length=12, help_text=_("e.g. 123-45-67890")
    )
    registered_on = forms.DateField(label=_("Registered on"), widget=DATE)
