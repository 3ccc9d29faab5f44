"""Small template helpers of the matching pages."""

from __future__ import annotations

from django import template

from careerhub.core import korean

register = template.Library()


@register.filter
def get_item(mapping, key):
    """``mapping[key]`` or None (dictionaries in templates)."""
    try:
        return mapping.get(key)
    except AttributeError:
        return None


@register.filter
def share(value, peak) -> int:
    """``value`` as a whole percentage of ``peak`` (for bar widths)."""
    try:
        return round(100 * float(value) / float(peak)) if peak else 0
    except (TypeError, ValueError):
        return 0


@register.filter
def fit(value) -> str:
    """A fit in [0, 1] as a percentage, e.g. 86%."""
    return korean.format_percent(value) if value is not None else ""
