"""End to end in headless Chromium: a provincial manager opens the reports from the menu, runs
the annual report of this year and gets its charts drawn (or a note where there is nothing to
draw) without a script error, then downloads the xlsx."""

import shutil
import sys

import pytest

from khuyencong.core.tests.servers import base_env, free_port, manage, prepare_database, running

pytestmark = pytest.mark.browser
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
MANAGER = ("quanly.baocao", "Mat-khau-Bao-cao-2026")
CREATE_MANAGER = (
    "from khuyencong.accounts.services import user_create;"
    "from khuyencong.geo.models import Province;"
    f"user_create(by=None, username='{MANAGER[0]}', password='{MANAGER[1]}',"
    " role='provincial_manager', full_name='Trần Thị Báo',"
    " province=Province.objects.current().get(name='Hưng Yên'))"
)
# Two draft projects of Hưng Yên for this year: the status chart has a bar, the money chart none.
CREATE_DRAFTS = f"""
import datetime

from django.utils import timezone
from khuyencong.accounts.models import User
from khuyencong.policy.models import ActivityContent
from khuyencong.policy.selectors import legal_basis_for_projects_on
from khuyencong.projects import services
today = timezone.localdate()
manager = User.objects.get(username='{MANAGER[0]}')
content = ActivityContent.objects.filter(
    legal_basis=legal_basis_for_projects_on(today)).order_by('order').first()
for title in ('Đào tạo nghề mây tre đan', 'Hỗ trợ máy móc chế biến nông sản'):
    services.project_create(
        by=manager, title=title, programme='local', year=today.year,
        province=manager.province, activity_content=content)
"""


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    folder = tmp_path_factory.mktemp("browser-reports")
    env = base_env(
        DATABASE_URL=f"sqlite:///{folder / 'db.sqlite3'}",
        MEDIA_ROOT=str(folder / "media"),
        KC_ENV="development",
        DEBUG="0",
    )
    prepare_database(env)
    manage("shell", "-c", CREATE_MANAGER, env=env)
    manage("shell", "-c", CREATE_DRAFTS, env=env)
    port = free_port()
    command = [sys.executable, "manage.py", "runserver", "--noreload", "--insecure"]
    with running([*command, f"127.0.0.1:{port}"], env, f"http://127.0.0.1:{port}/login/"):
        yield f"http://127.0.0.1:{port}"


@pytest.fixture(scope="module")
def browser():
    playwright_api = pytest.importorskip("playwright.sync_api")
    if not shutil.os.path.exists(CHROMIUM):
        pytest.skip("Debian chromium is not installed (apt-get install chromium)")
    with playwright_api.sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu", "--no-first-run"]
        )
        yield browser
        browser.close()


def test_the_annual_report_with_its_charts(server, browser):
    errors: list[str] = []
    page = browser.new_context(accept_downloads=True).new_page()
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(f"{server}/login/")
    page.fill("#id_username", MANAGER[0])
    page.fill("#id_password", MANAGER[1])
    page.click("#login-submit")
    page.wait_for_url(f"{server}/")
    page.click("a[href='/reports/']")  # from the menu
    page.click("a[href='/reports/provincial/']")
    page.click("#run")  # this year, both programmes, the manager's province
    page.wait_for_selector("#report-result")
    page.wait_for_selector("#figure-status[data-chart-ready]")
    page.wait_for_selector("#figure-money[data-empty]")  # no approved money: a note
    assert page.locator("#table-status tfoot td.num").inner_text() == "2"
    with page.expect_download() as download:
        page.click("#download-xlsx")
    assert download.value.suggested_filename.endswith(".xlsx")
    assert errors == []
