"""The task ledger as a spreadsheet: CSV (UTF-8 with a BOM) and an xlsx workbook.

The rows come from ledger.py; a cell that begins like a formula stays text. openpyxl is imported
only when an xlsx is written.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterator, Sequence
from decimal import Decimal
from typing import Any

from .ledger import (
    INCENTIVE_COLUMNS,
    LEDGER_COLUMNS,
    TARGET_COLUMNS,
    columns,
    incentive_rows,
    ledger_rows,
    plain_cell,
    target_rows,
)
from .models import Circular


def to_csv(circulars: Sequence[Circular]) -> str:
    """The task ledger as CSV: UTF-8 with a BOM (so Excel reads it), one row per measure."""
    with_file = len(circulars) > 1
    header = columns(LEDGER_COLUMNS, with_file=with_file)
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    for circular in circulars:
        for row in ledger_rows(circular, with_file=with_file):
            writer.writerow([_csv_cell(row[name]) for name in header])
    return buffer.getvalue()


# A cell that begins like a formula is run by a spreadsheet (=HYPERLINK(…), +cmd|…): OWASP's rule is
# to prefix such text with an apostrophe in CSV. Numbers are written from Decimals and stay numbers.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _csv_cell(value: Any) -> str:
    text = plain_cell(value)
    return "'" + text if isinstance(value, str) and text.startswith(_FORMULA_START) else text


def _xlsx_value(value: Any) -> Any:
    if isinstance(value, Decimal):  # an Excel cell is a double; integers stay exact
        return int(value) if value == value.to_integral_value() else float(value)
    return value


def _display_width(value: Any) -> int:
    text = plain_cell(value) if not isinstance(value, str) else value
    return max((sum(2 if ord(ch) > 0x2E80 else 1 for ch in line) for line in text.split("\n")), default=0)


def fill_sheet(sheet: Any, header: Sequence[str], rows: Iterator[dict[str, Any]]) -> None:
    from openpyxl.styles import Alignment, Font

    sheet.append(list(header))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"
    widths = [_display_width(name) for name in header]
    for row in rows:
        values = [_xlsx_value(row[name]) for name in header]
        sheet.append(values)
        for cell in sheet[sheet.max_row]:
            if isinstance(cell.value, str) and cell.value.startswith("="):
                cell.data_type = "s"     # text, never a formula (openpyxl would store `=…` as one)
        for i, value in enumerate(values):
            widths[i] = max(widths[i], _display_width(value))
    for i in range(len(header)):
        letter = sheet.cell(row=1, column=i + 1).column_letter
        sheet.column_dimensions[letter].width = min(max(widths[i] + 2, 6), 60)
        if widths[i] > 58:
            for (cell,) in sheet.iter_rows(min_row=2, min_col=i + 1, max_col=i + 1):
                cell.alignment = Alignment(wrap_text=True, vertical="top")
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            if isinstance(cell.value, dt.date):
                cell.number_format = "yyyy-mm-dd"


def to_xlsx(circulars: Sequence[Circular]) -> bytes:
    """The task ledger as an Excel workbook: sheet 任务台账 (one row per measure), 量化指标 and 政策兑现."""
    from openpyxl import Workbook

    with_file = len(circulars) > 1
    book = Workbook()
    ledger = book.active
    ledger.title = "任务台账"
    fill_sheet(ledger, columns(LEDGER_COLUMNS, with_file=with_file),
                (row for c in circulars for row in ledger_rows(c, with_file=with_file)))
    targets = book.create_sheet("量化指标")
    fill_sheet(targets, columns(TARGET_COLUMNS, with_file=with_file),
                (row for c in circulars for row in target_rows(c, with_file=with_file)))
    incentives = book.create_sheet("政策兑现")
    fill_sheet(incentives, columns(INCENTIVE_COLUMNS, with_file=with_file),
                (row for c in circulars for row in incentive_rows(c, with_file=with_file)))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
