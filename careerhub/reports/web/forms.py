from __future__ import annotations

import calendar
import datetime as dt

from django import forms
from django.utils.translation import gettext_lazy as _

from careerhub.reports.errors import ReportsErrorCode
from careerhub.reports.selectors import Filters


def _month_start(value: str) -> dt.date | None:
    try:
        year, month = (int(part) for part in value.split("-"))
        return dt.date(year, month, 1)
    except (ValueError, TypeError):
        return None


class MonthField(forms.CharField):
    """A month as YYYY-MM (the browser's month input); the first day of that month."""

    widget = forms.TextInput(attrs={"type": "month", "placeholder": "2026-03"})
    default_error_messages = {"invalid": _("Give a month as YYYY-MM, e.g. 2026-03.")}

    def to_python(self, value):
        value = super().to_python(value)
        if not value:
            return None
        start = _month_start(value)
        if start is None:
            raise forms.ValidationError(
                self.error_messages["invalid"], code=ReportsErrorCode.INVALID
            )
        return start


class DashboardFilterForm(forms.Form):
    cohort = forms.TypedChoiceField(label=_("Cohort"), required=False, coerce=int, empty_value=None)
    operator = forms.TypedChoiceField(
        label=_("Training operator"), required=False, coerce=int, empty_value=None
    )
    course = forms.TypedChoiceField(label=_("Course"), required=False, coerce=int, empty_value=None)
    period_from = MonthField(label=_("Completed from (month)"), required=False)
    period_to = MonthField(label=_("Completed up to (month)"), required=False)
    rule = forms.ChoiceField(label=_("Headline rule set"), required=False)

    def __init__(self, data, *, choices: dict, fixed_operator: bool = False):
        data = data.copy()
        for name, key in (("period_from", "from"), ("period_to", "to")):
            if key in data:
                data[name] = data[key]
        super().__init__(data)
        everything = [("", _("All"))]
        self.fields["cohort"].choices = everything + choices["cohorts"]
        self.fields["operator"].choices = everything + choices["operators"]
        self.fields["course"].choices = everything + choices["courses"]
        # The default headline (the program target, as the dashboard picks it) comes first,
        # so an unfiltered page's select shows the rule set its cards show.
        default_first = sorted(choices["rules"], key=lambda r: r.kind != "program_target")
        self.fields["rule"].choices = [(r.code, r.name) for r in default_first]
        if fixed_operator:
            del self.fields["operator"]

    def clean(self):
        data = super().clean()
        start, end = data.get("period_from"), data.get("period_to")
        if start and end and end < start:
            self.add_error("period_to", _("The period cannot end before it starts."))
        return data

    def filters(self) -> Filters:
        """The valid part of the filters (an invalid field is dropped and shown as an error)."""
        data = self.cleaned_data if hasattr(self, "cleaned_data") else {}
        end = data.get("period_to")
        if end:
            end = end.replace(day=calendar.monthrange(end.year, end.month)[1])
        return Filters(
            cohort_id=data.get("cohort"),
            operator_id=data.get("operator"),
            course_id=data.get("course"),
            period_from=data.get("period_from"),
            period_to=end,
            rule=data.get("rule") or "",
        )


class DownloadReasonForm(forms.Form):
    PURPOSES = (
        ("consulting", _("Employment consulting and follow-up")),
        ("report", _("Report to the program office or the city")),
        ("verification", _("Verifying outcomes and evidence")),
        ("audit", _("Audit or inspection")),
        ("other", _("Other (describe below)")),
    )
    purpose = forms.ChoiceField(label=_("Purpose of the download"), choices=PURPOSES)
    detail = forms.CharField(
        label=_("Reason in your words"),
        max_length=300,
        help_text=_(
            "Recorded with your name and the time, as the Personal Information "
            "Protection Act asks for downloads of personal data."
        ),
        widget=forms.TextInput,
    )

    def clean_detail(self):
        detail = self.cleaned_data["detail"].strip()
        if len(detail) < 4:
            raise forms.ValidationError(
                _("State the reason in a few words (at least 4 characters)."),
                code=ReportsErrorCode.TOO_SHORT,
            )
        return detail
