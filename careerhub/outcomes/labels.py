"""Display labels for the calculator's category keys (the calculator itself is Django-free)."""

from django.utils.translation import gettext_lazy as _

CIRR_LABELS = (
    ("in_field_full_time", _("In field, full-time")),
    ("in_field_contract", _("In field, contract or freelance")),
    ("in_field_part_time", _("In field, part-time")),
    ("in_field_startup", _("Started a company")),
    ("out_of_field", _("Out of field")),
    ("continuing_education", _("Continuing education")),
    ("not_seeking", _("Not seeking")),
    ("still_seeking", _("Still seeking")),
    ("no_data", _("No data")),
)

VERDICT_LABELS = dict(
    CIRR_LABELS,
    employed_at_completion=_("Employed at completion (not counted)"),
    excluded=_("Excluded with evidence (not counted)"),
    employed_insured=_("Employed, insured"),
    employed_non_insured=_("Employed, not insured"),
    not_employed=_("Not employed yet"),
    employed=_("Employed"),
    startup=_("Started a company"),
)


# --- a rule set's parameters, as the rule-set page shows them --------------------------------

PARAMETER_LABELS = {
    "windows_months": _("Counting windows (months after completion)"),
    "headline_window_months": _("Window of the headline rate (months)"),
    "exclusion_types": _("Left out of the count, with evidence"),
    "exclusions_need_evidence": _("Exclusions need evidence"),
    "illness_min_weeks": _("Illness counts from (weeks)"),
    "subtract_employed_at_completion": _("Leave out those already employed at completion"),
    "unconfirmed_insurance_counts_as": _("Employment with insurance not yet confirmed counts as"),
    "fiscal_year_start_month": _("Fiscal year starts in month"),
    "target": _("Target rate"),
    "numerator_types": _("Counted as a success"),
    "window_months": _("Counting window (months after completion)"),
    "count_employed_before_completion": _("Count those employed before completion"),
    "window_days": _("Counting window (days after completion)"),
    "seeking_intents": _("Counted as job seekers (plan at enrolment)"),
    "missing_intent_is_seeking": _("No plan recorded counts as job seeking"),
    "in_field_categories": _("Counted as employed in the field"),
    "full_time_types": _("Counted as full-time"),
    "contract_types": _("Counted as contract"),
}

_VALUE_LABELS = {
    "cohort": _("the cohort's own target"),
    "non_insured": _("employed, not insured"),
    "not_employed": _("not employed"),
}


def _value_labels() -> dict[str, object]:
    from careerhub.outcomes.models import EmploymentType, EnrolmentIntent, OutcomeType

    return {
        **dict(OutcomeType.choices),
        **dict(EmploymentType.choices),
        **dict(EnrolmentIntent.Intent.choices),
        **dict(CIRR_LABELS),
        **_VALUE_LABELS,
    }


def parameter_value_display(value: object) -> str:
    """A parameter's value in words: lists joined by commas, yes/no, shares as percentages,
    every code by its label."""
    from django.utils.formats import number_format

    from careerhub.core import korean

    if isinstance(value, bool):
        return str(_("Yes") if value else _("No"))
    if isinstance(value, list | tuple):
        return ", ".join(parameter_value_display(v) for v in value)
    if isinstance(value, str):
        labels = _value_labels()
        if value in labels:
            return str(labels[value])
        try:
            share = float(value)
        except ValueError:
            return value
        return korean.format_percent(share, digits=0) if 0 <= share <= 1 else value
    if isinstance(value, int | float):
        return number_format(value)
    return str(value)


def parameter_rows(parameters: dict[str, object]) -> list[tuple[str, str]]:
    """(label, value) for each parameter of a rule set, in words."""
    return [
        (str(PARAMETER_LABELS.get(key, key)), parameter_value_display(value))
        for key, value in parameters.items()
    ]


# --- the history of an outcome ---------------------------------------------------------------

REVISION_CHANGE_LABELS = {
    "created": _("Entered"),
    "proposed_by_hire": _("Proposed from a hire"),
    "proposed_by_registration": _("Proposed from a start-up registration"),
    "updated": _("Corrected"),
    "confirmed": _("Confirmed"),
    "rejected": _("Rejected"),
}


def revision_change_display(change: str) -> str:
    return str(REVISION_CHANGE_LABELS.get(change, change))


def outcome_status_display(status: str) -> str:
    from careerhub.outcomes.models import Outcome

    return str(dict(Outcome.Status.choices).get(status, status))
