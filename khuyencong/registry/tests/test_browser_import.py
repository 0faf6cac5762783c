"""End to end in headless Chromium: an officer downloads the template, fills it, imports it and
finds the new establishments in the list."""

import io
import shutil
import sys

import pytest
from openpyxl import load_workbook

from khuyencong.core.tests.servers import TEST_USER, base_env, free_port, prepare_database, running

pytestmark = pytest.mark.browser
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    db = tmp_path_factory.mktemp("browser-import") / "db.sqlite3"
    env = base_env(DATABASE_URL=f"sqlite:///{db}", KC_ENV="development", DEBUG="0")
    prepare_database(env)
    port = free_port()
    command = [
        sys.executable,
        "manage.py",
        "runserver",
        "--noreload",
        "--insecure",
        f"127.0.0.1:{port}",
    ]
    with running(command, env, f"http://127.0.0.1:{port}/login/"):
        yield f"http://127.0.0.1:{port}"


@pytest.fixture(scope="module")
def browser():
    playwright_api = pytest.importorskip("playwright.sync_api")
    if not shutil.os.path.exists(CHROMIUM):
        pytest.skip("Debian chromium is not installed (apt-get install chromium)")
    with playwright_api.sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--no-first-run",
            ],
        )
        yield browser
        browser.close()


def test_import_the_template_and_find_the_rows_in_the_list(server, browser, tmp_path):
    page = browser.new_page(accept_downloads=True)
    page.goto(f"{server}/login/")
    page.fill("#id_username", TEST_USER[0])
    page.fill("#id_password", TEST_USER[1])
    page.click("#login-submit")
    page.wait_for_url(f"{server}/")
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
