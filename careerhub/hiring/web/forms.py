from django import forms
from django.utils.translation import gettext_lazy as _

from careerhub.academy.web.forms import BaseSkillFormSet as AcademyBaseSkillFormSet
from careerhub.academy.web.forms import SkillRowForm as AcademySkillRowForm
from careerhub.academy.web.forms import skill_formset
from careerhub.core.choices import Region
from careerhub.hiring.models import EmploymentType, SkillLevel, SurveyRound
from careerhub.hiring.services import SkillWant
from careerhub.taxonomy.models import JobRole
from careerhub.taxonomy.selectors import role_list

DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class MonthField(forms.DateField):
    """A month (YYYY-MM, as <input type="month"> sends it), stored as its first day."""

    widget = forms.DateInput(attrs={"type": "month"}, format="%Y-%m")
    input_formats = ["%Y-%m", "%Y-%m-%d"]
    default_error_messages = {"invalid": _("Enter a month, e.g. 2027-03.")}


def _role_field(**kwargs) -> forms.ModelChoiceField:
    field = forms.ModelChoiceField(label=_("Role"), queryset=role_list(), **kwargs)
    field.label_from_instance = lambda role: f"{role.group} · {role.name}"
    return field


class RoundForm(forms.ModelForm):
    class Meta:
        model = SurveyRound
        fields = ["title", "description", "opens_at", "closes_at"]
        widgets = {"opens_at": DATETIME, "closes_at": DATETIME}
        help_texts = {"closes_at": _("Korea time (KST). Answers saved after it are refused.")}

    def clean(self):
        data = super().clean()
        opens, closes = data.get("opens_at"), data.get("closes_at")
        if opens and closes and closes <= opens:
            self.add_error("closes_at", _("The deadline must be after the opening time."))
        return data


class DemandLineForm(forms.Form):
    role = _role_field()
    headcount = forms.IntegerField(label=_("Headcount"), min_value=1, max_value=500)
    earliest_month = MonthField(label=_("Hiring from (month)"))
    latest_month = MonthField(label=_("Hiring until (month)"))
    employment_type = forms.ChoiceField(label=_("Employment type"), choices=EmploymentType.choices)
    region = forms.ChoiceField(label=_("Work region"), choices=Region.choices)
    salary_min = forms.IntegerField(
        label=_("Annual salary from (10,000 won)"), min_value=0, max_value=100000, required=False
    )
    salary_max = forms.IntegerField(
        label=_("Annual salary up to (10,000 won)"), min_value=0, max_value=100000, required=False
    )
    preferential_screening = forms.BooleanField(
        label=_("Preferential screening for academy trainees"), required=False
    )
    note = forms.CharField(label=_("Note"), max_length=300, required=False)

    def clean(self):
        data = super().clean()
        first, last = data.get("earliest_month"), data.get("latest_month")
        if first and last and last.replace(day=1) < first.replace(day=1):
            self.add_error(
                "latest_month", _("The last month of the hiring window is before its first month.")
            )
        low, high = data.get("salary_min"), data.get("salary_max")
        if low is not None and high is not None and high < low:
            self.add_error("salary_max", _("The top of the salary band is below its bottom."))
        return data


class SkillRowForm(AcademySkillRowForm):
    """One skill by any of its names (파이썬, Python …), required or preferred, and a level:
    academy's skill row with hiring's levels."""

    required = forms.TypedChoiceField(
        label=_("Required or preferred"),
        choices=[("1", _("Required")), ("0", _("Preferred"))],
        coerce=lambda v: v == "1",
        initial="1",
    )
    level = forms.TypedChoiceField(
        label=_("Level"), choices=SkillLevel.choices, coerce=int, initial=SkillLevel.INTERMEDIATE
    )
    field_order = ["name", "required", "level"]


class BaseSkillFormSet(AcademyBaseSkillFormSet):
    def wants(self) -> list[SkillWant]:
        return [
            SkillWant(row["skill"].pk, row["required"], row["level"]) for row in self.chosen_rows()
        ]


SkillFormSet = skill_formset(SkillRowForm, formset=BaseSkillFormSet, extra=4, max_num=30)


def skill_initial(rows) -> list[dict]:
    return [
        {"name": r.skill.name, "required": "1" if r.required else "0", "level": r.level or 3}
        for r in rows
    ]


class PostingForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    description = forms.CharField(
        label=_("Description"), widget=forms.Textarea(attrs={"rows": 8}), required=False
    )
    role = _role_field(required=False)
    employment_type = forms.ChoiceField(label=_("Employment type"), choices=EmploymentType.choices)
    region = forms.ChoiceField(label=_("Work region"), choices=Region.choices)
    headcount = forms.IntegerField(label=_("Headcount"), min_value=1, max_value=500, initial=1)
    deadline = forms.DateField(
        label=_("Application deadline"), widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, companies=None, **kwargs):
        super().__init__(*args, **kwargs)
        if companies is not None:
            self.fields = {
                "company": forms.ModelChoiceField(label=_("Company"), queryset=companies),
                **self.fields,
            }


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("File (CSV or XLSX)"),
        help_text=_(
            "Korean headers in the first row: 기업명, 사업자등록번호, 공고명, 근무지역, 마감일 "
            "(required), 직무, 상세내용, 모집인원, 고용형태, 필요기술 (optional)."
        ),
    )

    def __init__(self, *args, operators=None, **kwargs):
        super().__init__(*args, **kwargs)
        if operators is not None:
            self.fields["operator"] = forms.ModelChoiceField(
                label=_("Shared by (training operator)"), queryset=operators, required=False
            )


class ReviewForm(forms.Form):
    role = forms.ModelChoiceField(label=_("Role"), queryset=JobRole.objects.none())
    publish = forms.BooleanField(label=_("Publish now"), required=False, initial=True)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role"] = _role_field()
