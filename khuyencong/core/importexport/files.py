"""Reading an uploaded xlsx/csv into header + rows, refusing bad files with clear messages,
and writing rows back to xlsx (with an instructions sheet) or csv."""

from __future__ import annotations

import csv
import datetime
import io
import unicodedata
import zipfile
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

MAX_BYTES = 20 * 1024 * 1024
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class FileProblem(Exception):
    """The file as a whole cannot be imported; `messages` say why."""

    def __init__(self, *messages: str) -> None:
        super().__init__("; ".join(messages))
        self.messages = list(messages)


@dataclass
class Table:
    headers: list[str]
    rows: list[tuple[int, list[Any]]]  # (row number as the user sees it, cells)


def read_table(name: str, data: bytes) -> Table:
    if not data:
        raise FileProblem(_("The file is empty."))
    if len(data) > MAX_BYTES:
        raise FileProblem(
            _(
                "The file is %(size).1f MB; at most 20 MB can be imported. "
                "Split it into several files."
            )
            % {"size": len(data) / 1024 / 1024}
        )
    lowered = name.lower()
    if lowered.endswith(".xlsx"):
        table = _read_xlsx(data)
    elif lowered.endswith(".csv"):
        table = _read_csv(data)
    elif lowered.endswith(".xls"):
        raise FileProblem(_("Old Excel files (.xls) are not supported: open it and save as .xlsx."))
    else:
        raise FileProblem(_("Only Excel (.xlsx) and CSV (.csv) files can be imported."))
    if not any(h for h in table.headers):
        raise FileProblem(_("The first row must hold the column headers; it is empty."))
    if not table.rows:
        raise FileProblem(_("The file has headers but no data rows."))
    return table


def _read_xlsx(data: bytes) -> Table:
    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise FileProblem(_("This is not a valid Excel (.xlsx) file."))
    try:
        workbook = load_workbook(io.BytesIO(data), data_only=False, read_only=False)
    except Exception as exc:  # openpyxl raises many kinds for damaged files
        raise FileProblem(_("The Excel file cannot be read (%(error)s).") % {"error": exc}) from exc
    sheet = workbook.worksheets[0]
    problems = []
    if sheet.merged_cells.ranges:
        merged = ", ".join(str(r) for r in list(sheet.merged_cells.ranges)[:5])
        problems.append(
            _("The sheet has merged cells (%(cells)s): unmerge them.") % {"cells": merged}
        )
    formulas = [
        cell.coordinate
        for row in sheet.iter_rows()
        for cell in row
        if cell.data_type == "f" or (isinstance(cell.value, str) and cell.value.startswith("="))
    ]
    if formulas:
        problems.append(
            _("Cells %(cells)s contain formulas: copy them and paste as values.")
            % {"cells": ", ".join(formulas[:5]) + ("…" if len(formulas) > 5 else "")}
        )
    if problems:
        raise FileProblem(*problems)
    values = [list(row) for row in sheet.iter_rows(values_only=True)]
    return _table(values)


def _read_csv(data: bytes) -> Table:
    for encoding in ("utf-8-sig", "cp1258"):
        try:
            # Windows-1258 writes Vietnamese tones as combining marks: compose them.
            text = unicodedata.normalize("NFC", data.decode(encoding))
            break
        except UnicodeDecodeError:
            continue
    else:  # pragma: no cover - cp1258 decodes almost anything
        raise FileProblem(_("The CSV file's encoding is not recognised: save it as UTF-8."))
    if "\x00" in text:
        raise FileProblem(_("This is not a text CSV file."))
    sample = text[:4096]
    delimiter = ";" if sample.count(";") > sample.count(",") else ","
    values = list(csv.reader(io.StringIO(text), delimiter=delimiter))
    return _table(values)


def _table(values: list[list[Any]]) -> Table:
    while values and all(v is None or str(v).strip() == "" for v in values[-1]):
        values.pop()
    if not values:
        raise FileProblem(_("The file is empty."))
    headers = [str(v).strip() if v is not None else "" for v in values[0]]
    rows = []
    for index, row in enumerate(values[1:], start=2):
        cells = list(row) + [None] * (len(headers) - len(row))
        if all(c is None or str(c).strip() == "" for c in cells):
            continue
        rows.append((index, cells[: len(headers)] if len(cells) > len(headers) else cells))
    return Table(headers=headers, rows=rows)


HEADER_FILL = PatternFill("solid", fgColor="0B5394")
HEADER_FONT = Font(bold=True, color="FFFFFF")


def write_xlsx(
    *, title: str, headers: list[str], rows: list[list[Any]], instructions: list[list[str]]
) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title[:31]
    sheet.append(headers)
    for cell in sheet[1]:
        cell.font = HEADER_FONT
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="center")
    for row in rows:
        sheet.append([_cell(v) for v in row])
    for row in sheet.iter_rows(min_row=2):
        for cell in row:  # text that looks like a formula stays text
            if isinstance(cell.value, str) and cell.value.startswith("="):
                cell.data_type = "s"
    sheet.freeze_panes = "A2"
    for index, header in enumerate(headers, start=1):
        letter = get_column_letter(index)
        width = max([len(str(header))] + [len(str(r[index - 1] or "")) for r in rows[:200]])
        sheet.column_dimensions[letter].width = min(max(width + 2, 10), 60)
        for cell in sheet[letter][1:]:
            if isinstance(cell.value, datetime.date):
                cell.number_format = "DD/MM/YYYY"
            elif isinstance(cell.value, int):
                cell.number_format = "#,##0"
    guide = workbook.create_sheet(_("Instructions")[:31])
    for row in instructions:
        guide.append(row)
    for cell in guide[1]:
        cell.font = HEADER_FONT
        cell.fill = HEADER_FILL
    for letter, width in zip("ABCD", (32, 12, 70, 30), strict=False):
        guide.column_dimensions[letter].width = width
    for row in guide.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _cell(value: Any) -> Any:
    if isinstance(value, datetime.datetime):
        return value.replace(tzinfo=None)
    return value


FORMULA_STARTS = ("=", "+", "-", "@")


def _csv_cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, datetime.date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value  # spreadsheet programs must not run it; read back without the quote
    return value


def write_csv(*, headers: list[str], rows: list[list[Any]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(headers)
    for row in rows:
        writer.writerow([_csv_cell(v) for v in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")
