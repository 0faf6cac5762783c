"""Helpers for import tests: build xlsx/csv files in memory."""

import io

from openpyxl import Workbook, load_workbook


def xlsx(rows: list[list], *, merge: str | None = None) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    if merge:
        sheet.merge_cells(merge)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def read_xlsx(data: bytes) -> list[list]:
    sheet = load_workbook(io.BytesIO(data)).worksheets[0]
    return [list(r) for r in sheet.iter_rows(values_only=True)]


def sheet_names(data: bytes) -> list[str]:
    return load_workbook(io.BytesIO(data)).sheetnames
