from django import template

from careerhub.outcomes.labels import VERDICT_LABELS

register = template.Library()


@register.filter
def category(figure, key):
    """How many of a rate figure's completers fall in ``key``."""
    return figure.category(key)


@register.filter
def verdict_label(key):
    return VERDICT_LABELS.get(key, key)
