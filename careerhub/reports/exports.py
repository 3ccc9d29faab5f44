"""Excel workbooks from report tables: Korean headers, and the number, percent and date
formats a Korean office expects (#,##0 · 0.0% · yyyy. m. d.)."""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Iterable
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from careerhub.core.spreadsheets import write_cell
from careerhub.reports.tables import DATE, DECIMAL, INT, PERCENT, ReportTable

FORMATS = {INT: "#,##0", PERCENT: "0.0%", DATE: "yyyy. m. d.", DECIMAL: "#,##0.0"}
HEADER_FILL = PatternFill("solid", fgColor="DCE6F1")
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_SHEET_BAD = re.compile(r"[\[\]:*?/\\]")


def _sheet_title(title: str, used: set[str]) -> str:
    base = _SHEET_BAD.sub(" ", title).strip()[:28] or "Sheet"
    name, n = base, 2
    while name in used:
        name = f"{base[:25]} ({n})"
        n += 1
    used.add(name)
    return name


def _excel_value(value, kind: str):
    if value is None or value == "":
        return None
    if kind in (INT,):
        return int(value)
    if kind in (PERCENT, DECIMAL):
        return float(Decimal(value))
    if kind == DATE and isinstance(value, dt.date):
        return value
    return str(value)


def workbook_bytes(tables: Iterable[ReportTable], *, heading: str) -> bytes:
    """One sheet per table: a title row, a note row if any, the header row, the data."""
    book = Workbook()
    book.remove(book.active)
    used: set[str] = set()
    for table in tables:
        sheet = book.create_sheet(_sheet_title(table.title, used))
        write_cell(sheet, row=1, column=1, value=table.title).font = Font(bold=True, size=13)
        write_cell(sheet, row=2, column=1, value=heading)
        row = 3
        if table.note:
            write_cell(sheet, row=row, column=1, value=table.note)
            row += 1
        header_row = row + 1
        for col, column in enumerate(table.columns, start=1):
            cell = write_cell(sheet, row=header_row, column=col, value=column.label)
            cell.font = Font(bold=True)
            cell.fill = HEADER_FILL
            cell.alignment = Alignment(wrap_text=True, vertical="center")
            width = max(10, min(40, len(column.label) * 2 + 2))
            sheet.column_dimensions[get_column_letter(col)].width = width
        for r, data in enumerate(table.rows, start=header_row + 1):
            for col, (cell_data, column) in enumerate(zip(data, table.columns, strict=True), 1):
                cell = write_cell(
                    sheet, row=r, column=col, value=_excel_value(cell_data.value, column.kind)
                )
                if column.kind in FORMATS:
                    cell.number_format = FORMATS[column.kind]
        sheet.freeze_panes = sheet.cell(row=header_row + 1, column=1)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
