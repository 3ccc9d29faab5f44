from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from careerhub.academy.errors import AcademyErrorCode
from careerhub.academy.models import Assessment, Consent, Project, Trainee, TraineeSkill
from careerhub.core import korean
from careerhub.core.choices import Region
from careerhub.taxonomy.models import JobRole
from careerhub.taxonomy.selectors import skill_resolve


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
                _("Enter a valid phone number, e.g. 010-1234-5678."),
                code=AcademyErrorCode.INVALID_PHONE,
            )
        return korean.phone_normalize(phone)

    def clean_desired_roles(self):
        roles = self.cleaned_data["desired_roles"]
        if len(roles) > 3:
            raise forms.ValidationError(
                _("Choose at most three roles."), code=AcademyErrorCode.TOO_MANY_ROLES
            )
        return roles


class SkillRowForm(forms.Form):
    """One skill by any of its names (파이썬, Python, python3 …) and a level.

    The one skill row of the project: other apps subclass it (hiring adds "required or
    preferred" and its own levels) and build their formset with ``skill_formset``."""

    name = forms.CharField(
        label=_("Skill"),
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs={"list": "skill-names"}),
    )
    level = forms.TypedChoiceField(
        label=_("Level"),
        choices=TraineeSkill.Level.choices,
        coerce=int,
        initial=TraineeSkill.Level.ELEMENTARY,
    )

    def clean(self):
        data = super().clean()
        name = (data.get("name") or "").strip()
        if not name:
            data["skill"] = None
            return data
        skill = skill_resolve(text=name)
        if skill is None:
            raise forms.ValidationError(
                _("Unknown skill: %(name)s. Pick a name from the list."),
                code=AcademyErrorCode.UNKNOWN_SKILL,
                params={"name": name},
            )
        data["skill"] = skill
        return data


class BaseSkillFormSet(forms.BaseFormSet):
    """Rows of ``SkillRowForm`` (or a subclass): blank rows are skipped, a skill named twice
    (by any of its names) is refused."""

    def clean(self):
        if any(self.errors):
            return
        seen = set()
        for form in self.forms:
            skill = form.cleaned_data.get("skill")
            if skill is None:
                continue
            if skill.pk in seen:
                raise forms.ValidationError(
                    _("%(skill)s is listed twice.") % {"skill": skill},
                    code=AcademyErrorCode.DUPLICATE_SKILL,
                )
            seen.add(skill.pk)

    def chosen_rows(self) -> list[dict]:
        """The cleaned data of the rows that name a skill, in order."""
        return [f.cleaned_data for f in self.forms if f.cleaned_data.get("skill") is not None]

    def skill_levels(self) -> dict[int, int]:
        return {row["skill"].pk: row["level"] for row in self.chosen_rows()}


def skill_formset(
    form: type[SkillRowForm] = SkillRowForm,
    *,
    formset: type[BaseSkillFormSet] = BaseSkillFormSet,
    extra: int = 3,
    max_num: int = 40,
) -> type[BaseSkillFormSet]:
    """A formset class of skill rows (``form``, a ``SkillRowForm``)."""
    return forms.formset_factory(
        form, formset=formset, extra=extra, max_num=max_num, validate_max=True
    )


SkillFormSet = skill_formset()


class ConsentForm(forms.Form):
    purpose = forms.ChoiceField(choices=Consent.Purpose.choices)
    granted = forms.TypedChoiceField(choices=[("1", "yes"), ("0", "no")], coerce=lambda v: v == "1")


class TraineeStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("New status"), choices=Trainee.Status.choices)
    effective_on = forms.DateField(
        label=_("Effective on"), widget=forms.DateInput(attrs={"type": "date"})
    )
    reason = forms.CharField(label=_("Reason"), required=False, max_length=200)

    def clean_effective_on(self):
        value = self.cleaned_data["effective_on"]
        if value > timezone.localdate():
            raise forms.ValidationError(
                _("The date cannot be in the future."), code=AcademyErrorCode.FUTURE_DATE
            )
        return value


class ProjectForm(forms.ModelForm):
    skill_names = forms.CharField(
        label=_("Skills applied"),
        max_length=500,
        help_text=_("Separate with commas, e.g. 파이썬, PyTorch"),
    )

    class Meta:
        model = Project
        fields = [
            "company",
            "team_name",
            "topic",
            "mentor_name",
            "mentor_title",
            "starts_on",
            "ends_on",
        ]
        widgets = {
            "starts_on": forms.DateInput(attrs={"type": "date"}),
            "ends_on": forms.DateInput(attrs={"type": "date"}),
        }

    def __init__(self, *args, course, **kwargs):
        super().__init__(*args, **kwargs)
        from careerhub.companies.models import Company

        self.fields["company"].queryset = Company.objects.filter(
            partnerships__operator_id=course.operator_id
        ).order_by("name")
        roster = course.trainees.order_by("name")
        self.fields["members"] = forms.ModelMultipleChoiceField(
            label=_("Team members"),
            queryset=roster,
            widget=forms.CheckboxSelectMultiple,
        )

    def clean_skill_names(self):
        return _skills_from_names(self.cleaned_data["skill_names"])


class EvaluationForm(forms.Form):
    score = forms.IntegerField(label=_("Score (0–100)"), min_value=0, max_value=100)
    comment = forms.CharField(
        label=_("Comment"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    evaluated_by = forms.CharField(label=_("Evaluated by"), max_length=100)
    evaluated_on = forms.DateField(
        label=_("Evaluated on"), widget=forms.DateInput(attrs={"type": "date"})
    )


class AssessmentForm(forms.ModelForm):
    skill_names = forms.CharField(
        label=_("Skills assessed"),
        max_length=500,
        help_text=_("Separate with commas, e.g. 파이썬, SQL"),
    )

    class Meta:
        model = Assessment
        fields = ["kind", "title", "held_on", "max_score", "pass_score"]
        widgets = {"held_on": forms.DateInput(attrs={"type": "date"})}

    def clean_skill_names(self):
        return _skills_from_names(self.cleaned_data["skill_names"])


def _skills_from_names(text: str) -> list[int]:
    ids, unknown = [], []
    for part in text.split(","):
        name = part.strip()
        if not name:
            continue
        skill = skill_resolve(text=name)
        if skill is None:
            unknown.append(name)
        elif skill.pk not in ids:
            ids.append(skill.pk)
    if unknown:
        raise forms.ValidationError(
            _("Unknown skills: %(names)s.") % {"names": ", ".join(unknown)},
            code=AcademyErrorCode.UNKNOWN_SKILL,
        )
    if not ids:
        raise forms.ValidationError(_("Name at least one skill."), code=AcademyErrorCode.NO_SKILLS)
    return ids


class DataRequestForm(forms.Form):
    """The trainee asks for correction or erasure of their data."""

    kind = forms.ChoiceField(
        label=_("What do you ask for?"),
        choices=[
            ("correction", _("Correct my data")),
            ("erasure", _("Erase my data")),
        ],
        widget=forms.RadioSelect,
    )
    fields = forms.CharField(
        label=_("Which data (for a correction)"),
        required=False,
        max_length=300,
        help_text=_("e.g. birth date, phone, a skill level"),
    )
    reason = forms.CharField(
        label=_("What is wrong, or why it should be erased"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
    )


class DataRequestDecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("accept", _("Accept")), ("refuse", _("Refuse"))],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("Reason for the decision (the trainee reads it)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
    )
