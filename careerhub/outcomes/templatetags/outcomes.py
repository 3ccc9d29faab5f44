from django import template

from careerhub.outcomes import labels
from careerhub.outcomes.labels import VERDICT_LABELS

register = template.Library()


@register.filter
def category(figure, key):
    """How many of a rate figure's completers fall in ``key``."""
    return figure.category(key)


@register.filter
def verdict_label(key):
    return VERDICT_LABELS.get(key, key)


@register.filter
def parameter_rows(parameters):
    """A rule set's parameters as (label, value in words) rows."""
    return labels.parameter_rows(parameters or {})


register.filter("revision_change", labels.revision_change_display)
register.filter("outcome_status", labels.outcome_status_display)
