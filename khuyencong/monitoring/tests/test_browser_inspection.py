"""End to end in headless Chromium: an officer makes the yearly inspection plan, plans the
inspection of a project from the coverage list, records the visit with its checklist, adds a
finding and a follow-up action, and closes the follow-up — every step through the pages."""

import datetime

import pytest
from django.utils import timezone

from khuyencong.core.tests.browser import log_in
from khuyencong.core.tests.servers import TEST_USER, start_server

pytestmark = pytest.mark.browser
PROJECT_TITLE = "Hỗ trợ máy sấy nông sản cho HTX Tiến Thành"
# An approved project of Hưng Yên to inspect (its approval is written directly: the project's
# own life cycle is tested in the projects app).
CREATE_PROJECT = (
    "import datetime;"
    "from django.utils import timezone;"
    "from khuyencong.accounts.models import User;"
    "from khuyencong.geo.models import Province;"
    "from khuyencong.policy.selectors import legal_basis_for_projects_on;"
    "from khuyencong.projects import services;"
    "from khuyencong.projects.models import Project;"
    "today = timezone.localdate();"
    "basis = legal_basis_for_projects_on(today);"
    f"p = services.project_create(by=User.objects.get(username='{TEST_USER[0]}'),"
    f" title='{PROJECT_TITLE}', programme='local', year=today.year,"
    " province=Province.objects.current().get(name='Hưng Yên'),"
    " activity_content=basis.activity_contents.get(code__endswith='-3'));"
    "Project.objects.filter(pk=p.pk).update(status='approved',"
    " approved_on=today - datetime.timedelta(days=30))"
)


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    with start_server(tmp_path_factory, "browser-monitoring", setup_code=[CREATE_PROJECT]) as url:
        yield url


def _date(page, selector, value):
    page.fill(selector, value)
    page.click("h1")  # close the date picker


def test_an_inspection_with_a_finding_and_a_follow_up(server, browser):
    today = timezone.localdate()
    day = today.strftime("%d/%m/%Y")
    deadline = (today + datetime.timedelta(days=20)).strftime("%d/%m/%Y")

    officer = log_in(browser.new_context().new_page(), server, *TEST_USER)
    officer.click("a.nav-link[href='/monitoring/plans/']")
    officer.click("#new-plan")
    officer.fill("#id_title", f"Kế hoạch kiểm tra, giám sát năm {today.year}")
    officer.fill("#id_decision_number", "45/KH-SCT")
    officer.click("#save")
    officer.wait_for_selector("#coverage")
    assert officer.get_attribute("[data-coverage]", "data-coverage") == "0.0"

    # The project is listed as not inspected yet: plan its inspection from there.
    officer.click("a[data-plan-project]")
    officer.wait_for_selector("#id_planned_date")
    _date(officer, "#id_planned_date", day)
    officer.fill("#id_team_members", "Nguyễn Thị Thu (Sở Công Thương); Lê Văn Nam (Trung tâm)")
    officer.click("#save")
    officer.wait_for_selector("#record-visit")
    assert officer.get_attribute("[data-status]", "data-status") == "planned"

    officer.click("#record-visit")
    _date(officer, "#id_actual_date", day)
    officer.fill("#id_latitude", "20,646")
    officer.fill("#id_longitude", "106.051")
    officer.fill("#id_summary", "Thiết bị đã lắp đặt, vận hành ổn định.")
    answers = officer.locator("select[name^='answer_']")
    assert answers.count() > 0
    for index in range(answers.count()):
        answers.nth(index).select_option("yes" if index else "no")
    officer.click("#save")
    officer.wait_for_selector(".alert-success")
    assert officer.get_attribute("[data-status]", "data-status") == "done"
    assert "20.646000, 106.051000" in officer.inner_text("#gps")
    assert officer.locator("#checklist [data-answer='no']").count() == 1

    officer.click("#add-finding")
    officer.select_option("#id_severity", "high")
    officer.fill("#id_text", "Chưa có biển công khai nguồn hỗ trợ tại xưởng.")
    officer.click("#save")
    officer.wait_for_selector("[data-severity='high']")

    officer.click("#add-follow-up")
    officer.select_option("#id_finding", index=1)
    officer.fill("#id_action", "Lắp biển công khai nguồn hỗ trợ khuyến công.")
    officer.fill("#id_owner_name", "HTX Tiến Thành")
    _date(officer, "#id_deadline", deadline)
    officer.click("#save")
    officer.wait_for_selector("#follow-ups a:has-text('Lắp biển công khai')")
    assert "HTX Tiến Thành" in officer.inner_text("#follow-ups")

    officer.click("#follow-ups a:has-text('Lắp biển công khai')")
    officer.click("a[data-action=close]")
    _date(officer, "#id_decision_date", day)
    officer.fill("#id_note", "Đã kiểm tra lại: biển đã lắp.")
    officer.click("#do-action")
    officer.wait_for_selector(".alert-success")
    assert officer.get_attribute("[data-status]", "data-status") == "closed"
    assert "Đã kiểm tra lại: biển đã lắp." in officer.inner_text("body")

    # Back on the plan: the project now counts as inspected.
    officer.click("a.nav-link[href='/monitoring/plans/']")
    officer.click(f"text=Kế hoạch kiểm tra, giám sát năm {today.year}")
    officer.wait_for_selector("#coverage")
    assert officer.get_attribute("[data-coverage]", "data-coverage") == "100.0"
