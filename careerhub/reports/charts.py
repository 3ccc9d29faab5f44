"""Accessible SVG charts drawn on the server: no JavaScript, no CDN, printable.

Each chart is an ``<svg role="img">`` named by its ``<title>`` and described by a ``<desc>``
that states every number in words (the text alternative); the page shows the same numbers
in a table beside it (``Chart.columns`` / ``Chart.rows``). Series differ by colour *and* by
their legend order and pattern (dashes for lines), so colour is never the only cue; every
colour meets 3:1 against white (WCAG 1.4.11).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

PALETTE = ("#0b4f9c", "#b45309", "#166534", "#6d28d9", "#9f1239")
DASHES = ("", "6 3", "2 3", "8 3 2 3", "1 2")
TARGET_COLOUR = "#b91c1c"
INK = "#1b1f24"
GRID = "#c5ccd6"
FONT = 'font-family="NanumGothic, Noto Sans KR, sans-serif"'


@dataclass(frozen=True)
class Series:
    name: str
    values: tuple[float | None, ...]


@dataclass(frozen=True)
class Chart:
    key: str
    title: str
    summary: str  # the text alternative: every number, in words
    svg: SafeString
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


def fmt(value: float | None, *, percent: bool) -> str:
    if value is None:
        return "–"
    if percent:
        return f"{value * 100:.1f}%"
    if float(value).is_integer():
        return f"{int(value):,}"
    return f"{value:,.1f}"


def _nice_max(value: float, *, percent: bool) -> float:
    if percent:
        return 1.0
    if value <= 0:
        return 1.0
    magnitude = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 2.5, 5, 10):
        if value <= step * magnitude:
            return step * magnitude
    return 10 * magnitude  # pragma: no cover - the loop always returns


def _open(key: str, title: str, summary: str, width: int, height: int) -> list[str]:
    return [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" '
        f'viewBox="0 0 {width} {height}" width="100%" preserveAspectRatio="xMinYMin meet" '
        f'aria-labelledby="{key}-title {key}-desc" {FONT} font-size="13">',
        f'<title id="{key}-title">{escape(title)}</title>',
        f'<desc id="{key}-desc">{escape(summary)}</desc>',
    ]


def _legend(series: Sequence[Series], x: float, y: float, *, lines: bool) -> list[str]:
    parts = []
    for index, one in enumerate(series):
        colour = PALETTE[index % len(PALETTE)]
        if lines:
            dash = DASHES[index % len(DASHES)]
            dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
            parts.append(
                f'<line x1="{x}" y1="{y - 4}" x2="{x + 22}" y2="{y - 4}" stroke="{colour}" '
                f'stroke-width="3"{dash_attr}/>'
            )
        else:
            parts.append(f'<rect x="{x}" y="{y - 11}" width="14" height="14" fill="{colour}"/>')
        parts.append(f'<text x="{x + 28}" y="{y}" fill="{INK}">{escape(one.name)}</text>')
        x += 40 + 13 * len(one.name)
    return parts


def _summary(
    title: str,
    labels: Sequence[str],
    series: Sequence[Series],
    *,
    percent: bool,
    target: float | None,
    target_label: str,
) -> str:
    parts = []
    for one in series:
        values = ", ".join(
            f"{label} {fmt(v, percent=percent)}"
            for label, v in zip(labels, one.values, strict=True)
        )
        parts.append(f"{one.name}: {values}" if len(series) > 1 or one.name else values)
    text = f"{title}. " + "; ".join(parts) + "."
    if target is not None:
        text += f" {target_label} {fmt(target, percent=percent)}."
    return text


def _table(
    labels: Sequence[str], series: Sequence[Series], *, percent: bool, label_header: str
) -> tuple[tuple[str, ...], tuple[tuple[str, ...], ...]]:
    columns = (label_header, *[s.name or _("Value") for s in series])
    rows = tuple(
        (label, *[fmt(s.values[i], percent=percent) for s in series])
        for i, label in enumerate(labels)
    )
    return columns, rows


def bar_chart(
    *,
    key: str,
    title: str,
    labels: Sequence[str],
    series: Sequence[Series],
    percent: bool = False,
    target: float | None = None,
    target_label: str = "",
    label_header: str = "",
) -> Chart:
    """Horizontal bars, one group per label, one bar per series; an optional target line."""
    target_label = target_label or _("Target")
    label_width = min(260, 24 + 13 * max((len(label) for label in labels), default=4))
    plot_left, plot_width, right = label_width, 420, 70
    bar, gap = 18, 10
    group = bar * len(series) + gap
    top = 34 if len(series) > 1 or target is not None else 12
    height = top + group * len(labels) + 34
    width = plot_left + plot_width + right
    peak = max((v for s in series for v in s.values if v is not None), default=0.0)
    scale_max = _nice_max(max(peak, target or 0.0), percent=percent)
    summary = _summary(
        title, labels, series, percent=percent, target=target, target_label=target_label
    )
    parts = _open(key, title, summary, width, height)
    if len(series) > 1:
        parts += _legend(series, plot_left, 18, lines=False)
    bottom = top + group * len(labels)
    for step in range(5):
        value = scale_max * step / 4
        x = plot_left + plot_width * step / 4
        parts.append(
            f'<line x1="{x:.1f}" y1="{top - 4}" x2="{x:.1f}" y2="{bottom}" stroke="{GRID}"/>'
        )
        parts.append(
            f'<text x="{x:.1f}" y="{bottom + 16}" text-anchor="middle" fill="{INK}">'
            f"{fmt(value, percent=percent)}</text>"
        )
    for i, label in enumerate(labels):
        y0 = top + i * group
        parts.append(
            f'<text x="{plot_left - 8}" y="{y0 + group / 2 - 1}" text-anchor="end" '
            f'fill="{INK}">{escape(label)}</text>'
        )
        for j, one in enumerate(series):
            value = one.values[i]
            y = y0 + j * bar
            w = 0.0 if value is None else plot_width * min(value, scale_max) / scale_max
            colour = PALETTE[j % len(PALETTE)]
            parts.append(
                f'<rect x="{plot_left}" y="{y}" width="{w:.1f}" height="{bar - 3}" '
                f'fill="{colour}"/>'
            )
            parts.append(
                f'<text x="{plot_left + w + 5:.1f}" y="{y + bar - 7}" fill="{INK}">'
                f"{fmt(value, percent=percent)}</text>"
            )
    if target is not None:
        x = plot_left + plot_width * min(target, scale_max) / scale_max
        parts.append(
            f'<line x1="{x:.1f}" y1="{top - 8}" x2="{x:.1f}" y2="{bottom}" '
            f'stroke="{TARGET_COLOUR}" stroke-width="2" stroke-dasharray="5 3"/>'
        )
        parts.append(
            f'<text x="{x:.1f}" y="{top - 12}" text-anchor="middle" fill="{TARGET_COLOUR}">'
            f"{escape(target_label)} {fmt(target, percent=percent)}</text>"
        )
    parts.append("</svg>")
    columns, rows = _table(labels, series, percent=percent, label_header=label_header)
    return Chart(key, title, summary, mark_safe("".join(parts)), columns, rows)  # noqa: S308


def line_chart(
    *,
    key: str,
    title: str,
    labels: Sequence[str],
    series: Sequence[Series],
    percent: bool = False,
    target: float | None = None,
    target_label: str = "",
    label_header: str = "",
) -> Chart:
    """Lines over ordered labels (months); gaps where a value is missing; a target line."""
    target_label = target_label or _("Target")
    left, plot_width, plot_height, top = 64, 520, 220, 40
    width, height = left + plot_width + 40, top + plot_height + 50
    peak = max((v for s in series for v in s.values if v is not None), default=0.0)
    scale_max = _nice_max(max(peak, target or 0.0), percent=percent)
    summary = _summary(
        title, labels, series, percent=percent, target=target, target_label=target_label
    )
    parts = _open(key, title, summary, width, height)
    parts += _legend(series, left, 18, lines=True)
    bottom = top + plot_height
    step_x = plot_width / max(1, len(labels) - 1)

    def xy(i: int, v: float) -> tuple[float, float]:
        return left + i * step_x, bottom - plot_height * min(v, scale_max) / scale_max

    for step in range(5):
        value = scale_max * step / 4
        y = bottom - plot_height * step / 4
        parts.append(
            f'<line x1="{left}" y1="{y:.1f}" x2="{left + plot_width}" y2="{y:.1f}" '
            f'stroke="{GRID}"/>'
        )
        parts.append(
            f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end" fill="{INK}">'
            f"{fmt(value, percent=percent)}</text>"
        )
    every = max(1, math.ceil(len(labels) / 12))
    for i, label in enumerate(labels):
        if i % every == 0:
            parts.append(
                f'<text x="{left + i * step_x:.1f}" y="{bottom + 18}" text-anchor="middle" '
                f'fill="{INK}">{escape(label)}</text>'
            )
    if target is not None:
        y = xy(0, target)[1]
        parts.append(
            f'<line x1="{left}" y1="{y:.1f}" x2="{left + plot_width}" y2="{y:.1f}" '
            f'stroke="{TARGET_COLOUR}" stroke-width="2" stroke-dasharray="5 3"/>'
        )
        parts.append(
            f'<text x="{left + plot_width}" y="{y - 6:.1f}" text-anchor="end" '
            f'fill="{TARGET_COLOUR}">{escape(target_label)} {fmt(target, percent=percent)}</text>'
        )
    for j, one in enumerate(series):
        colour, dash = PALETTE[j % len(PALETTE)], DASHES[j % len(DASHES)]
        dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
        runs: list[list[tuple[float, float]]] = [[]]
        for i, v in enumerate(one.values):
            if v is None:
                runs.append([])
            else:
                runs[-1].append(xy(i, v))
        for run in runs:
            if len(run) > 1:
                points = " ".join(f"{x:.1f},{y:.1f}" for x, y in run)
                parts.append(
                    f'<polyline points="{points}" fill="none" stroke="{colour}" '
                    f'stroke-width="2.5"{dash_attr}/>'
                )
            for x, y in run:
                parts.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3.5" fill="{colour}"/>')
    parts.append("</svg>")
    columns, rows = _table(labels, series, percent=percent, label_header=label_header)
    return Chart(key, title, summary, mark_safe("".join(parts)), columns, rows)  # noqa: S308
