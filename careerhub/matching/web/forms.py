from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from careerhub.academy.models import Cohort, Course
from careerhub.matching.models import Feedback, PlanConstraint
from careerhub.matching.services import DEFAULT_PLAN_PARAMETERS


class DismissForm(forms.Form):
    opening = forms.CharField(widget=forms.HiddenInput)
    reason = forms.ChoiceField(label=_("Why?"), choices=Feedback.Reason.choices)
    # Empty until the trainee confirms how much a wide reason leaves out.
    scope = forms.ChoiceField(
        label=_("What to leave out"), choices=Feedback.Scope.choices, required=False
    )
    note = forms.CharField(label=_("Note (optional)"), max_length=300, required=False)


class PlanForm(forms.Form):
    cohort = forms.ModelChoiceField(label=_("Cohort"), queryset=Cohort.objects.none())
    course = forms.ModelChoiceField(
        label=_("Course (optional)"), queryset=Course.objects.none(), required=False
    )
    candidates_per_trainee = forms.IntegerField(
        label=_("Openings considered per trainee"),
        min_value=1,
        max_value=200,
        initial=DEFAULT_PLAN_PARAMETERS["candidates_per_trainee"],
    )
    min_fit = forms.FloatField(
        label=_("Minimum fit (0–1)"),
        min_value=0,
        max_value=1,
        initial=DEFAULT_PLAN_PARAMETERS["min_fit"],
    )
    max_months_apart = forms.IntegerField(
        label=_("Most months between availability and hiring"),
        min_value=0,
        max_value=12,
        initial=DEFAULT_PLAN_PARAMETERS["max_months_apart"],
    )
    include_demand = forms.BooleanField(
        label=_("Include reported demand without a posting"),
        required=False,
        initial=DEFAULT_PLAN_PARAMETERS["include_demand"],
    )

    def __init__(self, *args, cohorts, courses, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cohort"].queryset = cohorts
        self.fields["course"].queryset = courses


class ConstraintForm(forms.Form):
    trainee = forms.IntegerField(widget=forms.HiddenInput)
    opening = forms.CharField(label=_("Opening"))
    kind = forms.ChoiceField(label=_("Kind"), choices=PlanConstraint.Kind.choices)
    note = forms.CharField(label=_("Note (optional)"), max_length=300, required=False)


class MatchDayForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    held_on = forms.DateField(label=_("Match day"), widget=forms.DateInput(attrs={"type": "date"}))
    interview_at = forms.DateTimeField(
        label=_("Interviews start at"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    interview_place = forms.CharField(label=_("Interview place"), max_length=300)
    deadline = forms.DateTimeField(
        label=_("Rank lists due"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    cohort = forms.ModelChoiceField(
        label=_("Cohort (optional)"), queryset=Cohort.objects.all(), required=False
    )
    description = forms.CharField(label=_("Description"), widget=forms.Textarea, required=False)


class NextRoundForm(forms.Form):
    deadline = forms.DateTimeField(
        label=_("Rank lists due"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )


class GapForm(forms.Form):
    cohort = forms.ModelChoiceField(
        label=_("Cohort"), queryset=Cohort.objects.all(), required=False, empty_label=_("All")
    )
    months = forms.TypedChoiceField(
        label=_("Months ahead"),
        choices=[(6, "6"), (12, "12"), (18, "18"), (24, "24")],
        coerce=int,
        initial=12,
        required=False,
    )
    max_shift = forms.TypedChoiceField(
        label=_("Most months a hire may move"),
        choices=[(i, str(i)) for i in range(0, 7)],
        coerce=int,
        initial=3,
        required=False,
    )
