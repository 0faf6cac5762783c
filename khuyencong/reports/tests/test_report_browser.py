"""End to end in headless Chromium: a provincial manager opens the reports from the menu, runs
the annual report of this year and gets its charts drawn (or a note where there is nothing to
draw) without a script error, then downloads the xlsx."""

import pytest

from khuyencong.core.tests.browser import log_in
from khuyencong.core.tests.servers import create_user_code, start_server

pytestmark = pytest.mark.browser
MANAGER = ("quanly.baocao", "Mat-khau-Bao-cao-2026")
CREATE_MANAGER = create_user_code(MANAGER, "provincial_manager", "Trần Thị Báo")
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
    setup = [CREATE_MANAGER, CREATE_DRAFTS]
    with start_server(tmp_path_factory, "browser-reports", setup_code=setup) as url:
        yield url


def test_the_annual_report_with_its_charts(server, browser):
    errors: list[str] = []
    page = browser.new_context(accept_downloads=True).new_page()
    page.on("pageerror", lambda error: errors.append(str(error)))
    log_in(page, server, *MANAGER)
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
