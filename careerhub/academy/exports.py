"""A trainee's own data as a download: JSON and an Excel workbook (one sheet per section)."""

from __future__ import annotations

import io
import json

from openpyxl import Workbook
from openpyxl.utils import get_column_letter

from careerhub.core.spreadsheets import write_cell


def personal_data_json(data: dict[str, object]) -> bytes:
    return json.dumps(data, ensure_ascii=False, indent=2, sort_keys=False).encode("utf-8")


def _text(value: object) -> str | int | float | bool | None:
    if value is None or isinstance(value, (bool, int, float)):
        return value
    if isinstance(value, (list, tuple)):
        return ", ".join(str(_text(v)) for v in value)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def _put(ws, row: int, column: int, value: object) -> None:
    # text such as "=…" is the trainee's data, never a formula (core.spreadsheets)
    write_cell(ws, row=row, column=column, value=_text(value))


def personal_data_workbook(data: dict[str, object]) -> bytes:
    """One sheet per section: a mapping becomes field/value rows, a list a table."""
    wb = Workbook()
    wb.remove(wb.active)
    for section, content in data.items():
        ws = wb.create_sheet(title=section[:31])
        if isinstance(content, dict):
            for row, (key, value) in enumerate(content.items(), start=1):
                _put(ws, row, 1, key)
                _put(ws, row, 2, value)
            widths = [24, 60]
        else:
            rows = list(content or [])
            header: list[str] = []
            for item in rows:
                for key in item:
                    if key not in header:
                        header.append(key)
            for column, key in enumerate(header, start=1):
                _put(ws, 1, column, key)
            for row, item in enumerate(rows, start=2):
                for column, key in enumerate(header, start=1):
                    _put(ws, row, column, item.get(key))
            widths = [22] * len(header)
        for column, width in enumerate(widths, start=1):
            ws.column_dimensions[get_column_letter(column)].width = width
    if not wb.worksheets:
        wb.create_sheet(title="profile")
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
