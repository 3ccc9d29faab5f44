"""Cells of exported spreadsheets are data, never formulas (CSV/Excel formula injection).

A name such as ``=HYPERLINK("http://x","y")`` typed into a form must not become a live formula
when an office opens an export. Text that starts with ``=``, ``+``, ``-``, ``@``, a tab or a
carriage return is what Excel, LibreOffice and Google Sheets read as a formula (OWASP "CSV
injection"). Every exporter writes its cells through this module:

- ``safe_cell(value)`` for CSV and any other plain-text export: such text gets a leading ``'``
  (the spreadsheet convention for "this is text"); the rest of the text is unchanged;
- ``write_cell(sheet, row=, column=, value=)`` for openpyxl: such text is stored as a string
  cell (``data_type "s"``) with Excel's quote prefix, so it shows exactly what was typed,
  with no visible apostrophe, and stays text even when someone edits the cell.

Numbers (int, float, Decimal) stay numbers, negative ones too, and text that is just a
number (``"-5"``, ``"+82"`` would be one) is left alone: it cannot call anything.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable
from typing import Any

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"[-+]?\d+(?:[.,]\d+)*%?")


def looks_like_formula(value: object) -> bool:
    """True for text a spreadsheet would run as a formula (see the module docstring)."""
    return (
        isinstance(value, str)
        and value.startswith(FORMULA_PREFIXES)
        and not _PLAIN_NUMBER.fullmatch(value)
    )


def safe_cell(value: Any) -> Any:
    """``value`` for a CSV (or other text) cell: formula-like text gets a leading ``'``."""
    return "'" + value if looks_like_formula(value) else value


def write_cell(sheet, *, row: int, column: int, value: Any):
    """Put ``value`` into an openpyxl ``sheet``; formula-like text is stored as plain text."""
    cell = sheet.cell(row=row, column=column, value=value)
    if looks_like_formula(value) or cell.data_type == "f":
        cell.data_type = "s"
        cell.quotePrefix = True
    return cell


def csv_bytes(rows: Iterable[Iterable[Any]], *, bom: bool = True) -> bytes:
    """A CSV file (UTF-8, with the BOM Excel needs for Korean) whose every cell is safe."""
    out = io.StringIO()
    writer = csv.writer(out)
    for row in rows:
        writer.writerow([safe_cell(value) for value in row])
    return out.getvalue().encode("utf-8-sig" if bom else "utf-8")
