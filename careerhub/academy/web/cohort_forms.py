"""Forms of the cohort pages: a cohort, a course of a cohort, opening recruitment."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from careerhub.academy.models import Cohort, Course, TrainingOperator
from careerhub.taxonomy.models import JobRole

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class CohortForm(forms.Form):
    number = forms.IntegerField(
        label=_("Cohort number"), min_value=1, max_value=999, help_text=_("e.g. 4 for cohort 4")
    )
    training_start = forms.DateField(label=_("Training starts"), widget=DATE)
    training_end = forms.DateField(label=_("Training ends"), widget=DATE)
    application_opens_at = forms.DateTimeField(
        label=_("Applications open"),
        required=False,
        widget=DATETIME,
        help_text=_("Leave both empty until the recruitment period is decided."),
    )
    application_closes_at = forms.DateTimeField(
        label=_("Applications close"),
        required=False,
        widget=DATETIME,
        help_text=_("Must be before training starts."),
    )
    capacity = forms.IntegerField(
        label=_("Planned seats"),
        min_value=1,
        max_value=5000,
        required=False,
        help_text=_("Seats of the whole cohort; the courses' capacities must fit within it."),
    )
    employment_target = forms.IntegerField(
        label=_("Employment-rate target (%)"), min_value=0, max_value=100, initial=75
    )

    @classmethod
    def for_cohort(cls, cohort: Cohort) -> CohortForm:
        return cls(
            initial={
                "number": cohort.number,
                "training_start": cohort.training_start,
                "training_end": cohort.training_end,
                "application_opens_at": cohort.application_opens_at,
                "application_closes_at": cohort.application_closes_at,
                "capacity": cohort.capacity,
                "employment_target": int(cohort.employment_target * 100),
            }
        )

    def data_for_service(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data["employment_target"] = Decimal(data["employment_target"]) / 100
        return data


class CourseForm(forms.Form):
    operator = forms.ModelChoiceField(
        label=_("Training operator"), queryset=TrainingOperator.objects.order_by("name")
    )
    name = forms.CharField(label=_("Course name"), max_length=200)
    track_role = forms.ModelChoiceField(
        label=_("Track (role)"), queryset=JobRole.objects.order_by("name_ko")
    )
    capacity = forms.IntegerField(label=_("Capacity"), min_value=1, max_value=1000)
    start_date = forms.DateField(label=_("Start date"), widget=DATE)
    end_date = forms.DateField(label=_("End date"), widget=DATE)

    @classmethod
    def for_course(cls, course: Course) -> CourseForm:
        return cls(initial={f: getattr(course, f) for f in cls.base_fields})


class RecruitmentOpenForm(forms.Form):
    closes_at = forms.DateTimeField(
        label=_("Applications close"),
        widget=DATETIME,
        help_text=_("Must be before training starts."),
    )
