"""The monthly cohort report as PDF (WeasyPrint). Hangul comes from a font installed from
Debian's packages (fonts-nanum, or fonts-noto-cjk) by the setup scripts; WeasyPrint embeds
the glyphs it uses, so the file reads the same on any computer."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.template.loader import render_to_string

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


def render_pdf(template: str, context: dict) -> bytes:
    from weasyprint import HTML

    regular, bold = hangul_fonts()
    html = render_to_string(
        template, context | {"font_regular": regular.as_uri(), "font_bold": bold.as_uri()}
    )
    return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf()
