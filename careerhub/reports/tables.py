"""One table shape for the screen, Excel and PDF, so the three always show the same numbers."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from careerhub.core import korean

TEXT, INT, PERCENT, DATE, DECIMAL = "text", "int", "percent", "date", "decimal"


@dataclass(frozen=True)
class Column:
    label: str
    kind: str = TEXT
    # For the A4 PDF: columns of one ``group`` (a rule set, a window) go into one part of a
    # split table under their ``short`` label, explained in a legend under the table.
    group: str = ""
    short: str = ""
    hint: str = ""


@dataclass(frozen=True)
class Cell:
    value: Any
    url: str = ""

    def display(self, kind: str) -> str:
        return format_value(self.value, kind)


@dataclass(frozen=True)
class ReportTable:
    key: str
    title: str
    columns: tuple[Column, ...]
    rows: tuple[tuple[Cell, ...], ...]
    personal: bool = False  # names people: downloads need a stated reason and are logged
    note: str = ""

    def cells(self) -> list[list[tuple[Cell, Column]]]:
        return [list(zip(row, self.columns, strict=True)) for row in self.rows]


def format_value(value: Any, kind: str) -> str:
    if value is None or value == "":
        return "–"
    if kind == PERCENT:
        return f"{Decimal(value) * 100:.1f}%"
    if kind == INT:
        return f"{int(value):,}"
    if kind == DECIMAL:
        return f"{Decimal(value):,.1f}"
    if kind == DATE and isinstance(value, dt.date):
        return korean.format_date(value)
    return str(value)
