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
