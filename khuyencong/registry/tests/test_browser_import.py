"""End to end in headless Chromium: an officer downloads the template, fills it, imports it and
finds the new establishments in the list."""

import io

import pytest
from openpyxl import load_workbook

from khuyencong.core.tests.browser import log_in
from khuyencong.core.tests.servers import TEST_USER, start_server

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    with start_server(tmp_path_factory, "browser-import") as url:
        yield url


def test_import_the_template_and_find_the_rows_in_the_list(server, browser, tmp_path):
    page = log_in(browser.new_page(accept_downloads=True), server, *TEST_USER)
    page.goto(f"{server}/registry/establishments/")
    page.click("#import-link")
    with page.expect_download() as download:
        page.click("#template-link")
    template = tmp_path / "mau.xlsx"
    download.value.save_as(template)
    workbook = load_workbook(template)
    sheet = workbook.worksheets[0]
    headers = [c.value for c in sheet[1]]
    values = {
        "Tên": None,
        "Loại": "Hộ kinh doanh",
        "Số đăng ký kinh doanh": None,
        "Tỉnh/thành phố": "Hưng Yên",
        "Xã/phường": "Phường Phố Hiến",
        "Số lao động": "12",
        "Số lao động nữ": 7,
    }
    for name, registration in (
        ("Hộ kinh doanh Gốm Chu Đậu Xanh", "34A8001234"),
        ("Hộ kinh doanh Chiếu cói Hải Triều", "34A8005678"),
    ):
        values["Tên"], values["Số đăng ký kinh doanh"] = name, registration
        sheet.append([values.get(h) for h in headers])
    path = tmp_path / "co-so.xlsx"
    buffer = io.BytesIO()
    workbook.save(buffer)
    path.write_bytes(buffer.getvalue())

    page.set_input_files("input[type=file]", str(path))
    page.click("#import-check")
    page.locator("#import-summary").wait_for()
    assert "2" in page.locator("#import-summary").inner_text()
    page.click("#import-commit")
    page.wait_for_url(f"{server}/registry/establishments/")
    body = page.content()
    assert "Hộ kinh doanh Gốm Chu Đậu Xanh" in body and "Hộ kinh doanh Chiếu cói Hải Triều" in body
    page.screenshot(path=str(tmp_path / "after-import.png"), full_page=True)
