from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from careerhub.academy.models import Cohort, Course
from careerhub.core import korean
from careerhub.core.choices import Region
from careerhub.intake.errors import IntakeErrorCode
from careerhub.intake.models import MAX_CHOICES, Education, ScreeningStage, SelectionOverride
from careerhub.intake.services.applying import APPLICANT_FIELDS
from careerhub.intake.validators import validate_no_resident_number

TEXT_FIELDS = ("name", "major", "experience", "motivation", "skills_text")


class CourseChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Course) -> str:
        return f"{obj.name} ({obj.operator}, {obj.capacity}명)"


class ApplicationForm(forms.Form):
    """The public application form. Never asks for a resident registration number."""

    name = forms.CharField(label=_("Name"), max_length=100)
    birth_date = forms.DateField(
        label=_("Birth date"), widget=forms.DateInput(attrs={"type": "date"})
    )
    email = forms.EmailField(
        label=_("Email"), help_text=_("We send the confirmation and the results here.")
    )
    phone = forms.CharField(
        label=_("Mobile phone"), max_length=20, help_text=_("e.g. 010-1234-5678")
    )
    region = forms.ChoiceField(label=_("Region you live in"), choices=Region.choices)
    education = forms.ChoiceField(label=_("Education"), choices=Education.choices)
    major = forms.CharField(label=_("Major"), max_length=100, required=False)
    experience = forms.CharField(
        label=_("Work experience"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    motivation = forms.CharField(
        label=_("Motivation"), max_length=2000, widget=forms.Textarea(attrs={"rows": 5})
    )
    skills_text = forms.CharField(
        label=_("Skills you have"),
        max_length=500,
        required=False,
        help_text=_("Separate with commas, e.g. 파이썬, SQL, 머신러닝"),
    )
    portfolio_url = forms.URLField(
        label=_("Portfolio link"),
        required=False,
        assume_scheme="https",
        help_text=_("GitHub, blog or a web page"),
    )

    def __init__(self, *args, cohort: Cohort, with_consents: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        courses = (
            Course.objects.filter(cohort=cohort)
            .select_related("operator")
            .order_by("operator__name", "name")
        )
        for rank in range(1, MAX_CHOICES + 1):
            self.fields[f"choice_{rank}"] = CourseChoiceField(
                label=_("Choice %(rank)d") % {"rank": rank},
                queryset=courses,
                required=rank == 1,
                empty_label=_("— choose a course —") if rank == 1 else _("— none —"),
            )
        if with_consents:
            self.fields["consent_collection"] = forms.BooleanField(
                label=_("I agree to the collection and use of my personal data."),
                required=False,
            )
            self.fields["consent_provision"] = forms.BooleanField(
                label=_("I agree to the provision of my personal data to the training operators."),
                required=False,
            )

    def clean_phone(self) -> str:
        phone = korean.phone_normalize(self.cleaned_data["phone"])
        if not (phone.startswith("01") and korean.phone_is_valid(phone)):
            raise forms.ValidationError(
                _("Enter a mobile number, e.g. 010-1234-5678."), code=IntakeErrorCode.INVALID_PHONE
            )
        return phone

    def clean_birth_date(self) -> dt.date:
        value = self.cleaned_data["birth_date"]
        today = timezone.localdate()
        if not (today.year - 80 <= value.year <= today.year - 15):
            raise forms.ValidationError(
                _("Check the birth date: applicants are 15 to 80 years old."),
                code=IntakeErrorCode.BIRTH_DATE,
            )
        return value

    def clean(self):
        data = super().clean()
        for field in TEXT_FIELDS:
            try:
                validate_no_resident_number(data.get(field) or "")
            except forms.ValidationError as exc:
                self.add_error(field, exc)
        picked = [data.get(f"choice_{rank}") for rank in range(1, MAX_CHOICES + 1)]
        seen_gap = False
        for rank, course in enumerate(picked, start=1):
            if course is None:
                seen_gap = True
            elif seen_gap:
                self.add_error(
                    f"choice_{rank}",
                    forms.ValidationError(
                        _("Fill the choices in order: choice %(rank)d needs the ones above it.")
                        % {"rank": rank},
                        code=IntakeErrorCode.CHOICE_GAP,
                    ),
                )
        ids = [c.pk for c in picked if c is not None]
        if len(ids) != len(set(ids)):
            self.add_error(
                None,
                forms.ValidationError(
                    _("Each course can be chosen only once."), code=IntakeErrorCode.REPEATED_CHOICE
                ),
            )
        if "consent_collection" in self.fields:
            for field in ("consent_collection", "consent_provision"):
                if not data.get(field):
                    self.add_error(
                        field,
                        forms.ValidationError(
                            _("This consent is needed to process your application."),
                            code=IntakeErrorCode.CONSENT_REQUIRED,
                        ),
                    )
        return data

    def course_ids(self) -> list[int]:
        return [
            self.cleaned_data[f"choice_{rank}"].pk
            for rank in range(1, MAX_CHOICES + 1)
            if self.cleaned_data.get(f"choice_{rank}") is not None
        ]

    def person(self) -> dict:
        return {k: self.cleaned_data[k] for k in APPLICANT_FIELDS}


class LinkRequestForm(forms.Form):
    email = forms.EmailField(label=_("Email you applied with"))


class RespondForm(forms.Form):
    action = forms.ChoiceField(choices=[("accept", "accept"), ("decline", "decline")])


class StageForm(forms.ModelForm):
    class Meta:
        model = ScreeningStage
        fields = ["kind", "name", "order", "weight", "max_score", "min_score"]


class OverrideForm(forms.Form):
    kind = forms.ChoiceField(label=_("Override"), choices=SelectionOverride.Kind.choices)
    reason = forms.CharField(label=_("Reason"), max_length=300)


def score_form_for(choice, data=None) -> forms.Form:
    """One number field per stage of the choice's course, with the recorded scores."""
    stages = list(choice.course.screening_stages.all())
    current = {s.stage_id: s.score for s in choice.scores.all()}
    form = forms.Form(data, prefix=f"c{choice.pk}")
    for stage in stages:
        form.fields[f"stage_{stage.pk}"] = forms.DecimalField(
            label=f"{stage.name} (/{_plain(stage.max_score)})",
            required=False,
            min_value=Decimal(0),
            max_value=stage.max_score,
            decimal_places=2,
            initial=current.get(stage.pk),
        )
    form.fields["note"] = forms.CharField(label=_("Note"), required=False, max_length=200)
    form.stages = stages
    return form


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("Applications file (CSV or XLSX)"),
        help_text=_("First row: column headers in Korean, e.g. 이름, 생년월일, 이메일, 휴대전화."),
    )


def _plain(value) -> str:
    """100 rather than 1E+2 or 100.00."""
    return f"{value:f}".rstrip("0").rstrip(".") if "." in f"{value:f}" else f"{value:f}"
