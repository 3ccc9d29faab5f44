from django import template
from django.utils.html import escape
from django.utils.safestring import mark_safe

from careerhub.reports.tables import format_value

register = template.Library()


@register.filter
def cell(value, kind):
    """A report cell formatted like the Excel sheet shows it (1,234 · 71.2% · 2026. 3. 1.)."""
    return format_value(value, kind)


@register.filter
def pct(value):
    return format_value(value, "percent")


@register.filter
def keep_words(value):
    """Hangul text that breaks only between words: each word in a no-wrap span (WeasyPrint
    does not support ``word-break: keep-all``, so headers would wrap one syllable a line)."""
    words = str(value).split()
    return mark_safe(" ".join(f'<span class="w">{escape(w)}</span>' for w in words))  # noqa: S308
