from django import template
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

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


@register.simple_tag
def report_rows(table, links):
    """The body rows of a report table (``reports/_table.html``), built in Python: a dashboard
    has thousands of cells, and one template loop per cell was most of its render time.
    Every value is escaped here exactly as the template escaped it."""
    columns_kinds = [column.kind for column in table.columns]
    rows = []
    for row in table.cells():
        head_cell, head_column = row[0]
        head_text = escape(format_value(head_cell.value, head_column.kind))
        parts = []
        for index, (c, column) in enumerate(row):
            first = index == 0
            if first:
                parts.append('<th scope="row">')
            else:
                parts.append('<td class="num">' if column.kind != "text" else "<td>")
            value = escape(format_value(c.value, column.kind))
            if c.url and links:
                label = (
                    ""
                    if first
                    else f'<span class="sr-only"> – {head_text}, {escape(column.label)}</span>'
                )
                parts.append(f'<a href="{escape(c.url)}">{value}{label}</a>')
            else:
                parts.append(value)
            parts.append("</th>" if first else "</td>")
        rows.append("<tr>" + "".join(parts) + "</tr>")
    if not rows:
        empty = escape(_("Nothing to count yet."))
        rows.append(f'<tr><td colspan="{len(columns_kinds)}">{empty}</td></tr>')
    return mark_safe("\n    ".join(rows))  # noqa: S308 - every part escaped above
