"""Exports never carry live formulas: every workbook and CSV cell that looks like one is text."""

import csv
import io

import pytest
from openpyxl import Workbook, load_workbook

from careerhub.core.spreadsheets import csv_bytes, looks_like_formula, safe_cell, write_cell
from careerhub.reports.exports import workbook_bytes
from careerhub.reports.tables import INT, TEXT, Cell, Column, ReportTable

HOSTILE = [
    '=HYPERLINK("http://x","y")',
    "+SUM(A1:A2)",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1,2)",
    "\t=1+1",
    "\r=1+1",
    "=1+1",
]
# XML (and so .xlsx) stores a carriage return as a line feed; the text is otherwise unchanged.
READ_BACK = [name.replace("\r", "\n") for name in HOSTILE]
HARMLESS = ["김하늘", "plain text", "a=b", "010-1234-5678", "-5", "+82", "-3.5", ""]


@pytest.mark.parametrize("value", HOSTILE)
def test_formula_like_text_is_recognised_and_quoted(value):
    assert looks_like_formula(value)
    assert safe_cell(value) == "'" + value


@pytest.mark.parametrize("value", [*HARMLESS, 5, -5, -3.5, 0, None])
def test_other_values_are_left_alone(value):
    assert not looks_like_formula(value)
    assert safe_cell(value) == value


def _read_back(content: bytes):
    book = load_workbook(io.BytesIO(content))
    return [cell for sheet in book.worksheets for row in sheet.iter_rows() for cell in row]


def test_write_cell_stores_text_and_keeps_numbers():
    book = Workbook()
    sheet = book.active
    for row, value in enumerate([*HOSTILE, -5, 3.25], start=1):
        write_cell(sheet, row=row, column=1, value=value)
    buffer = io.BytesIO()
    book.save(buffer)
    cells = _read_back(buffer.getvalue())
    assert not [c for c in cells if c.data_type == "f"]
    assert [c.value for c in cells] == [*READ_BACK, -5, 3.25]
    assert cells[-2].data_type == "n" and cells[-1].data_type == "n"
    assert all(c.quotePrefix for c in cells[: len(HOSTILE)])


def test_report_workbook_has_no_formula_cells():
    table = ReportTable(
        key="people",
        title="=cmd|' /C calc'!A0",
        columns=(Column("이름"), Column("@count", INT), Column("비고", TEXT)),
        rows=tuple((Cell(name), Cell(-3), Cell("-1+1")) for name in HOSTILE),
        note="+note",
    )
    cells = _read_back(workbook_bytes([table], heading="=heading"))
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    values = [c.value for c in cells if c.value is not None]
    assert all(name in values for name in READ_BACK)
    assert "=cmd|' /C calc'!A0" in values and "=heading" in values and "+note" in values
    assert -3 in values  # numbers stay numbers


def test_csv_cells_are_quoted_and_text_is_kept():
    content = csv_bytes([["이름", "점수"], *[[name, -5] for name in HOSTILE]])
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"), newline="")))
    assert rows[0] == ["이름", "점수"]
    for row, name in zip(rows[1:], HOSTILE, strict=True):
        assert row == ["'" + name, "-5"]
        assert not row[0].startswith(("=", "+", "-", "@", "\t", "\r"))
