"""The xlsx download: real numbers, Vietnamese-style formats, bold frozen headers."""

import io

from openpyxl import load_workbook

from khuyencong.reports.params import Period
from khuyencong.reports.tests.helpers import run
from khuyencong.reports.xlsx import render_xlsx


def _open(content: bytes):
    return load_workbook(io.BytesIO(content))


def test_xlsx_of_the_annual_report(data, world, en_client):
    en_client.force_login(world.users["officer"])
    response = en_client.get(
        "/reports/provincial/", {"period": "year", "year": 2024, "format": "xlsx"}
    )
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert response["Content-Disposition"].endswith('.xlsx"')
    book = _open(response.content)
    assert book.sheetnames[0] == "Summary"
    sheet = book["Money by funding source"]
    assert sheet.freeze_panes == "A2"
    header = [cell.value for cell in sheet[1]]
    assert header[:3] == ["Funding source", "Approved (million VND)", "Allocated (million VND)"]
    assert all(cell.font.bold for cell in sheet[1])
    rows = {row[0].value: row for row in sheet.iter_rows(min_row=2)}
    local = rows["Kinh phí khuyến công địa phương"]
    assert local[1].value == 100 and local[1].number_format == "#,##0.0"
    assert local[3].value == 75  # disbursed
    total = rows["Total"]
    assert total[1].value == 630 and total[0].font.bold
    status = book["Projects by status"]
    counts = {row[0].value: row[1] for row in status.iter_rows(min_row=2)}
    assert counts["Accepted"].value == 1 and counts["Accepted"].number_format == "#,##0"
    checks = [row for row in book["Summary"].iter_rows() if row[-1].value == "Agrees"]
    assert checks


def test_xlsx_of_the_phase_report_holds_the_summary(data, world):
    result = run(
        "phase", world.users["officer"], province=world.hung_yen, period=Period.phase(2016, 2024)
    )
    book = _open(render_xlsx(result))
    texts = [row[0].value for row in book["Summary"].iter_rows() if row[0].value]
    assert any(str(t).startswith("In the period 2016") for t in texts)
    outputs = book["Outputs by indicator"]
    values = {row[0].value: row for row in outputs.iter_rows(min_row=2)}
    trainees = values["Số lao động được đào tạo nghề, truyền nghề"]
    assert trainees[5].value == 68 and trainees[5].number_format == "#,##0"


def test_xlsx_of_an_empty_report(world):
    result = run("provincial", world.users["officer"], province=world.hung_yen)
    book = _open(render_xlsx(result))
    texts = [row[0].value for row in book["Summary"].iter_rows() if row[0].value]
    assert result.empty_text in texts
