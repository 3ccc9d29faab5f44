import html

from django import template
from django.utils.html import conditional_escape, escape
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
    Every value is escaped here exactly as the template escaped it (``html.escape``, which
    Django's ``escape`` calls, without its per-call check for lazy text)."""
    columns = table.columns
    kinds = [column.kind for column in columns]
    opens = ['<th scope="row">'] + [
        '<td class="num">' if kind != "text" else "<td>" for kind in kinds[1:]
    ]
    closes = ["</th>"] + ["</td>"] * (len(columns) - 1)
    labels = [html.escape(str(column.label)) for column in columns]
    rows = []
    for row in table.rows:
        head_text = html.escape(format_value(row[0].value, kinds[0]))
        parts = []
        for index, c in enumerate(row):
            value = html.escape(format_value(c.value, kinds[index]))
            if c.url and links:
                label = (
                    f'<span class="sr-only"> – {head_text}, {labels[index]}</span>' if index else ""
                )
                value = f'<a href="{html.escape(c.url)}">{value}{label}</a>'
            parts.append(f"{opens[index]}{value}{closes[index]}")
        rows.append("<tr>" + "".join(parts) + "</tr>")
    if not rows:
        empty = escape(_("Nothing to count yet."))
        rows.append(f'<tr><td colspan="{len(kinds)}">{empty}</td></tr>')
    return mark_safe("\n    ".join(rows))  # noqa: S308 - every part escaped above


@register.simple_tag
def chart_rows(chart):
    """The body rows of a chart's table of numbers (``reports/_chart.html``), built in Python
    like ``report_rows``: the trend chart alone has cohorts × 13 cells."""
    rows = []
    for row in chart.rows:
        cells = [
            f'<td class="num">{conditional_escape(v)}</td>'
            if index
            else f'<th scope="row">{conditional_escape(v)}</th>'
            for index, v in enumerate(row)
        ]
        rows.append("<tr>" + "".join(cells) + "</tr>")
    return mark_safe("".join(rows))  # noqa: S308 - every value escaped above
