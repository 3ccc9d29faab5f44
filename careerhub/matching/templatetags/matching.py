"""Small template helpers of the matching pages."""

from __future__ import annotations

from django import template
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

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


@register.simple_tag
def gap_cells(row):
    """The month cells of one gap-table row (``matching/gaps.html``), built in Python: a
    table has roles × months cells, and one template loop per cell was most of the page's
    render time. Numbers only, and the two words are translated once per row."""
    demand, supply = escape(_("demand")), escape(_("supply"))
    parts = []
    for c in row.cells:
        body = ""
        if c.demand or c.supply:
            body = f"{c.demand}/{c.supply}"
            if c.shortage:
                body += f' <span class="badge">−{c.shortage}</span>'
        parts.append(f'<td title="{demand} {c.demand} · {supply} {c.supply}">{body}</td>')
    return mark_safe("".join(parts))  # noqa: S308 - integers and escaped words only


def _meter(value) -> str:
    text = escape(korean.format_percent(value))
    try:
        amount = f"{float(value):.3f}"
    except (TypeError, ValueError):
        amount = ""
    return f'<meter min="0" max="1" value="{amount}">{text}</meter> {text}'


@register.simple_tag
def score_parts(item, skill_names):
    """Why an opening fits, part by part (fit, role, skills, timing, region, the skills had,
    verified and missing), as a definition list. Built in Python: a recommendation page
    shows twenty of them, and as an included template they were most of its render time."""
    names = skill_names or {}

    def skill(code: str) -> str:
        return escape(names.get(code) or code)

    verified_word = escape(_("verified"))
    verified = set(item.verified_skills or ())
    timing = _meter(item.timing_fit)
    if item.months_apart:
        timing += " · " + escape(
            ngettext(
                "%(n)s month from the hiring window",
                "%(n)s months from the hiring window",
                item.months_apart,
            )
            % {"n": item.months_apart}
        )
    parts = [
        '<dl class="facts score-parts">',
        f"<dt>{escape(_('Fit'))}</dt><dd><strong>"
        f"{escape(korean.format_percent(item.total))}</strong></dd>",
        f"<dt>{escape(_('Role'))}</dt><dd>{_meter(item.role_fit)}</dd>",
        f"<dt>{escape(_('Skills'))}</dt><dd>{_meter(item.skill_fit)}</dd>",
        f"<dt>{escape(_('Timing'))}</dt><dd>{timing}</dd>",
        f"<dt>{escape(_('Region'))}</dt><dd>{_meter(item.region_fit)}</dd>",
    ]
    if item.matched_skills:
        badges = " ".join(
            f'<span class="badge verified">{skill(c)} · {verified_word}</span>'
            if c in verified
            else f'<span class="badge">{skill(c)}</span>'
            for c in item.matched_skills
        )
        parts.append(f"<dt>{escape(_('Skills you have'))}</dt><dd>{badges} </dd>")
    if item.verified_skills:
        badges = " ".join(
            f'<span class="badge verified">✓ {skill(c)} · {verified_word}</span>'
            for c in item.verified_skills
        )
        note = escape(
            _(
                "Proven by a passed assessment or a company-evaluated project; they count "
                "more in the fit than declared skills."
            )
        )
        parts.append(
            f'<dt>{escape(_("Verified skills"))}</dt><dd data-testid="verified-skills">'
            f'{badges} <br><span class="muted">{note}</span></dd>'
        )
    if item.missing_skills:
        badges = " ".join(f'<span class="badge">{skill(c)}</span>' for c in item.missing_skills)
        parts.append(f"<dt>{escape(_('Missing required skills'))}</dt><dd>{badges} </dd>")
    parts.append("</dl>")
    return mark_safe("".join(parts))  # noqa: S308 - every text above is escaped
