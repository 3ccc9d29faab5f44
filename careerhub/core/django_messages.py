"""Django's stock form and model messages, repeated so our Korean catalogue can give them the
product's own wording (Django's Korean reads "이 값이 최대 100 개의 글자인지 확인하세요(입력값
500 자)." and "%(field_label)s은/는 이미 존재합니다."). The catalogue in LOCALE_PATHS comes
before Django's own, so the same msgid translated there wins. Nothing imports this module:
it exists for makemessages."""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

MESSAGES = (
    _("This field is required."),
    _("This field cannot be blank."),
    _("This field cannot be null."),
    _("Enter a valid value."),
    _("Enter a valid email address."),
    _("Enter a valid URL."),
    _("Enter a valid date."),
    _("Enter a valid time."),
    _("Enter a valid date/time."),
    _("Enter a whole number."),
    _("Enter a number."),
    _("Enter a list of values."),
    _("No file was submitted."),
    _("Select a valid choice. That choice is not one of the available choices."),
    _("Select a valid choice. %(value)s is not one of the available choices."),
    _("Ensure this value is less than or equal to %(limit_value)s."),
    _("Ensure this value is greater than or equal to %(limit_value)s."),
    _("Ensure this value is a multiple of step size %(limit_value)s."),
    _("%(model_name)s with this %(field_label)s already exists."),
    _("%(model_name)s with this %(field_labels)s already exists."),
    _("Constraint “%(name)s” is violated."),
    _(" By %(filter_title)s "),
    ngettext_lazy(
        "Ensure this value has at most %(limit_value)d character (it has %(show_value)d).",
        "Ensure this value has at most %(limit_value)d characters (it has %(show_value)d).",
        "limit_value",
    ),
    ngettext_lazy(
        "Ensure this value has at least %(limit_value)d character (it has %(show_value)d).",
        "Ensure this value has at least %(limit_value)d characters (it has %(show_value)d).",
        "limit_value",
    ),
    ngettext_lazy(
        "Ensure that there are no more than %(max)s digit in total.",
        "Ensure that there are no more than %(max)s digits in total.",
        "max",
    ),
    ngettext_lazy(
        "Ensure that there are no more than %(max)s decimal place.",
        "Ensure that there are no more than %(max)s decimal places.",
        "max",
    ),
    ngettext_lazy(
        "Ensure that there are no more than %(max)s digit before the decimal point.",
        "Ensure that there are no more than %(max)s digits before the decimal point.",
        "max",
    ),
)
