from django import template

from careerhub.reports.tables import format_value

register = template.Library()


@register.filter
def cell(value, kind):
    """A report cell formatted like the Excel sheet shows it (1,234 · 71.2% · 2026. 3. 1.)."""
    return format_value(value, kind)


@register.filter
def pct(value):
    return format_value(value, "percent")
