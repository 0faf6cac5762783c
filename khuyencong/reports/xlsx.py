"""The xlsx renderer: a summary sheet (title, parameters, paragraphs, checks) and one sheet per
table, with Vietnamese headers, a bold frozen header row and real numbers (amounts in million
VND with `#,##0.0`, counts with `#,##0`)."""

from __future__ import annotations

import io
import re
from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from khuyencong.core.importexport.files import XLSX_TYPE
from khuyencong.reports.data import (
    DECIMAL,
    INT,
    MILLION,
    PERCENT,
    RATIO,
    Column,
    ReportResult,
    Table,
    million,
)
from khuyencong.reports.letterhead import Letterhead
from khuyencong.reports.registry import renderer

FORMATS = {
    INT: "#,##0",
    MILLION: "#,##0.0",
    DECIMAL: "#,##0.0#",
    RATIO: "#,##0.00",
    PERCENT: "#,##0.0",
}
BOLD = Font(bold=True)
TITLE = Font(bold=True, size=14)


def _value(column: Column, value):
    if value is None:
        return None
    if column.kind == MILLION:
        return million(value)
    if column.kind in (DECIMAL, RATIO, PERCENT):
        return Decimal(value)
    return value


def _sheet_name(title: str, used: set[str]) -> str:
    name = re.sub(r"[\[\]:*?/\\]", " ", title)[:31].strip() or "Sheet"
    base, n = name, 2
    while name in used:
        suffix = f" ({n})"
        name = base[: 31 - len(suffix)] + suffix
        n += 1
    used.add(name)
    return name


def _write_table(sheet, table: Table) -> None:
    sheet.append([column.label for column in table.columns])
    for cell in sheet[1]:
        cell.font = BOLD
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.freeze_panes = "A2"
    rows = list(table.rows)
    if table.total:
        rows.append(table.total)
    for index, row in enumerate(rows, start=2):
        for number, column in enumerate(table.columns, start=1):
            cell = sheet.cell(row=index, column=number, value=_value(column, row.get(column.key)))
            if column.kind in FORMATS:
                cell.number_format = FORMATS[column.kind]
                if column.kind == DECIMAL and cell.value is not None:
                    whole = cell.value == int(cell.value)
                    cell.number_format = "#,##0" if whole else "#,##0.0#"
            if table.total and index == len(rows) + 1:
                cell.font = BOLD
    for number in range(1, len(table.columns) + 1):
        sheet.column_dimensions[get_column_letter(number)].width = 45 if number == 1 else 18
    if table.note:
        sheet.cell(row=len(rows) + 3, column=1, value=table.note)


def build(result: ReportResult, letterhead: Letterhead | None = None) -> Workbook:
    workbook = Workbook()
    summary = workbook.active
    used: set[str] = set()
    summary.title = _sheet_name(_("Summary"), used)
    summary.append([result.title])
    summary["A1"].font = TITLE
    summary.append([result.subtitle])
    if letterhead is not None:
        summary.append([f"{letterhead.issuer} · {letterhead.date_line}"])
    summary.append([])
    for label, value in result.parameters:
        summary.append([label, value])
    if result.empty:
        summary.append([])
        summary.append([result.empty_text])
    for section in result.sections:
        if section.paragraphs:
            summary.append([])
            summary.append([section.title])
            summary.cell(row=summary.max_row, column=1).font = BOLD
            for paragraph in section.paragraphs:
                summary.append([paragraph])
    if result.checks:
        summary.append([])
        summary.append([_("Checks"), _("Expected"), _("Found"), _("Difference"), _("Result")])
        for cell in summary[summary.max_row]:
            cell.font = BOLD
        for check in result.checks:
            values = [check.expected, check.actual, check.difference]
            if check.kind == MILLION:
                values = [million(v) for v in values]
            summary.append([check.label, *values, _("Agrees") if check.ok else _("Does not agree")])
            for cell in summary[summary.max_row][1:4]:
                cell.number_format = FORMATS.get(check.kind, "#,##0")
    summary.column_dimensions["A"].width = 90
    for letter in "BCDE":
        summary.column_dimensions[letter].width = 18
    for section in result.sections:
        for table in section.tables:
            _write_table(workbook.create_sheet(_sheet_name(table.title, used)), table)
    return workbook


@renderer("xlsx", XLSX_TYPE, "xlsx", gettext_lazy("Excel"), order=10)
def render_xlsx(result: ReportResult, letterhead: Letterhead | None = None) -> bytes:
    buffer = io.BytesIO()
    build(result, letterhead).save(buffer)
    return buffer.getvalue()
