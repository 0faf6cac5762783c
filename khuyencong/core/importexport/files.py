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
from openpyxl.cell import WriteOnlyCell
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


def _styled(sheet: Any, value: Any, **style: Any) -> WriteOnlyCell:
    cell = WriteOnlyCell(sheet, value=value)
    for name, setting in style.items():
        setattr(cell, name, setting)
    return cell


def _data_cell(sheet: Any, value: Any) -> Any:
    """A cell as the export writes it: dates as dd/mm/yyyy, whole numbers with thousands
    separators, text that looks like a formula kept as text; other values as they are."""
    if isinstance(value, datetime.date):
        return _styled(sheet, value, number_format="DD/MM/YYYY")
    if isinstance(value, int):
        return _styled(sheet, value, number_format="#,##0")
    if isinstance(value, str) and value.startswith("="):
        cell = WriteOnlyCell(sheet, value=value)
        cell.data_type = "s"
        return cell
    return value


def _reused(
    cells: dict[tuple[int, str], Any], sheet: Any, index: int, value: Any, number_format: str
) -> Any:
    """The cell of column `index` with `number_format`, now holding `value`: as `_data_cell`
    makes it, made once."""
    cell = cells.get((index, number_format))
    if cell is None:
        cell = cells[index, number_format] = _styled(sheet, value, number_format=number_format)
    else:
        cell.value = value
    return cell


def write_xlsx(
    *, title: str, headers: list[str], rows: list[list[Any]], instructions: list[list[str]]
) -> bytes:
    # Write-only: rows are streamed, not kept as cell objects (an export has thousands of rows).
    # Column widths and the frozen header are written before the first row, so set them first.
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title[:31])
    sheet.freeze_panes = "A2"
    for index, header in enumerate(headers, start=1):
        width = max([len(str(header))] + [len(str(r[index - 1] or "")) for r in rows[:200]])
        sheet.column_dimensions[get_column_letter(index)].width = min(max(width + 2, 10), 60)
    header_alignment = Alignment(wrap_text=True, vertical="center")
    sheet.append(
        [
            _styled(sheet, h, font=HEADER_FONT, fill=HEADER_FILL, alignment=header_alignment)
            for h in headers
        ]
    )
    width = len(headers)
    # A styled cell per column and number format, given each row's value in turn: the sheet
    # writes a row when it is appended, so the cells can be reused instead of making a cell
    # object with its own style for every date and number of the export.
    styled: dict[tuple[int, str], Any] = {}
    for row in rows:
        cells = []
        for index, value in enumerate(map(_cell, row)):
            if index >= width:
                cells.append(_plain_cell(sheet, value))
            elif isinstance(value, datetime.date):
                cells.append(_reused(styled, sheet, index, value, "DD/MM/YYYY"))
            elif isinstance(value, int):
                cells.append(_reused(styled, sheet, index, value, "#,##0"))
            else:
                cells.append(_data_cell(sheet, value))
        sheet.append(cells)
    guide = workbook.create_sheet(_("Instructions")[:31])
    for letter, column_width in zip("ABCD", (32, 12, 70, 30), strict=False):
        guide.column_dimensions[letter].width = column_width
    guide_alignment = Alignment(wrap_text=True, vertical="top")
    guide_width = max((len(row) for row in instructions), default=0)
    for number, row in enumerate(instructions, start=1):
        if number == 1:
            guide.append([_styled(guide, v, font=HEADER_FONT, fill=HEADER_FILL) for v in row])
        else:  # every cell of the sheet's width is aligned, the empty ones too
            padded = [*row, *[None] * (guide_width - len(row))]
            guide.append([_styled(guide, v, alignment=guide_alignment) for v in padded])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _plain_cell(sheet: Any, value: Any) -> Any:
    """A cell past the headers: no number format, text that looks like a formula kept as text."""
    if isinstance(value, str) and value.startswith("="):
        cell = WriteOnlyCell(sheet, value=value)
        cell.data_type = "s"
        return cell
    return value


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
