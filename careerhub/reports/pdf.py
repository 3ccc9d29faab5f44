"""The monthly cohort report as PDF (WeasyPrint). Hangul comes from a font installed from
Debian's packages (fonts-nanum, or fonts-noto-cjk) by the setup scripts; WeasyPrint embeds
the glyphs it uses, so the file reads the same on any computer."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

if TYPE_CHECKING:
    from careerhub.academy.models import Cohort
    from careerhub.core.actors import Actor
    from careerhub.reports.policies import Scope

from careerhub.reports.tables import TEXT, Cell, Column, ReportTable

FONT_CANDIDATES = (
    "/usr/share/fonts/truetype/nanum/NanumGothic.ttf",
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
)
BOLD_CANDIDATES = (
    "/usr/share/fonts/truetype/nanum/NanumGothicBold.ttf",
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc",
)


class HangulFontMissing(RuntimeError):
    """No Hangul font is installed: run scripts/run.sh (it installs fonts-nanum)."""


def _first(paths: tuple[str, ...]) -> Path | None:
    configured = getattr(settings, "REPORTS_PDF_FONT", "")
    for candidate in ((configured,) if configured else ()) + paths:
        if candidate and Path(candidate).exists():
            return Path(candidate)
    return None


def hangul_fonts() -> tuple[Path, Path]:
    regular = _first(FONT_CANDIDATES)
    if regular is None:
        raise HangulFontMissing(
            "No Hangul font found (looked for " + ", ".join(FONT_CANDIDATES) + ")."
        )
    return regular, _first(BOLD_CANDIDATES) or regular


MONTHLY_TEMPLATE = "reports/pdf/monthly.html"


def monthly_report_context(
    *, actor: Actor, scope: Scope, cohort: Cohort, as_of: dt.date, rule: str, prepared_by: str
) -> dict[str, Any]:
    """What the monthly report template shows: the dashboard of ``cohort`` on ``as_of`` and
    its tables cut to fit A4 (the standings are read as they stand)."""
    from careerhub.reports import selectors

    filters = selectors.Filters(cohort_id=cohort.pk, rule=rule)
    dashboard = selectors.dashboard_for(actor=actor, scope=scope, filters=filters, today=as_of)
    return {
        "d": dashboard,
        "tables": pdf_tables(dashboard.tables),
        "cohort": cohort,
        "operator": scope.operator,
        "as_of": as_of,
        "prepared_by": prepared_by,
        "generated_at": timezone.localtime(),
    }


def render_document(template: str, context: dict) -> Any:
    """The laid-out WeasyPrint document (its pages and boxes), before it is written."""
    from weasyprint import HTML

    regular, bold = hangul_fonts()
    html = render_to_string(
        template, context | {"font_regular": regular.as_uri(), "font_bold": bold.as_uri()}
    )
    return HTML(string=html, base_url=str(settings.BASE_DIR)).render()


def render_pdf(template: str, context: dict) -> bytes:
    return render_document(template, context).write_pdf()


# --- wide tables on A4 --------------------------------------------------------------------

# A landscape A4 page holds about ten columns of 8.5 pt figures side by side; wider tables
# are cut into parts that repeat the row labels.
MAX_COLUMNS = 10


@dataclass(frozen=True)
class PdfTable:
    """One printed table: a part of a ``ReportTable`` that fits the page width."""

    title: str
    part: str
    columns: tuple[Column, ...]
    rows: tuple[tuple[tuple[Cell, Column], ...], ...]
    legend: tuple[tuple[str, str], ...]
    note: str

    @property
    def heading(self) -> str:
        return f"{self.title} — {self.part}" if self.part else self.title


def _parts(table: ReportTable) -> list[tuple[str, list[int]]]:
    columns = table.columns
    groups: dict[str, list[int]] = {}
    for i, column in enumerate(columns):
        if column.group:
            groups.setdefault(column.group, []).append(i)
    keys = [i for i, column in enumerate(columns) if not column.group]
    if groups:
        return [(name, keys + indexes) for name, indexes in groups.items()]
    if len(columns) <= MAX_COLUMNS:
        return [("", list(range(len(columns))))]
    lead = 1
    while lead < len(columns) - 1 and columns[lead].kind == TEXT and lead < 3:
        lead += 1
    rest = list(range(lead, len(columns)))
    size = MAX_COLUMNS - lead
    chunks = [rest[i : i + size] for i in range(0, len(rest), size)]
    return [
        (_("part %(n)s of %(total)s") % {"n": n, "total": len(chunks)}, list(range(lead)) + c)
        for n, c in enumerate(chunks, start=1)
    ]


def pdf_tables(tables: dict[str, ReportTable]) -> list[PdfTable]:
    """Every report table cut into parts that fit a landscape A4 page: grouped columns (one
    rule set, one counting window) go together under short labels explained in a legend."""
    out = []
    for table in tables.values():
        for part, indexes in _parts(table):
            columns = tuple(table.columns[i] for i in indexes)
            legend: dict[str, str] = {}
            for column in columns:
                if column.short and column.hint:
                    legend.setdefault(column.short, column.hint)
            out.append(
                PdfTable(
                    title=table.title,
                    part=part,
                    columns=tuple(
                        Column(c.short or c.label, c.kind, c.group, c.short, c.hint)
                        for c in columns
                    ),
                    rows=tuple(
                        tuple((row[i], table.columns[i]) for i in indexes) for row in table.rows
                    ),
                    legend=tuple(legend.items()),
                    note=table.note,
                )
            )
    return out
