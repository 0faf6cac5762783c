"""End to end in headless Chromium: a provincial manager opens the year's local plan, proposes a
project, closes registration, submits, records the approval with its decision number, prepares
an amendment adding a second project, records the amendment decision, then finds two versions
and opens their comparison — every step through the pages, the charts drawn without errors."""

import pytest

from khuyencong.core.tests.browser import log_in
from khuyencong.core.tests.servers import create_user_code, start_server

pytestmark = pytest.mark.browser
MANAGER = ("quanly.kehoach", "Mat-khau-Ke-hoach-2026")
CREATE_MANAGER = create_user_code(MANAGER, "provincial_manager", "Phạm Văn Hoạch")
# Two draft projects of Hưng Yên for this year, each with its local funds, made by the manager.
CREATE_DRAFTS = f"""
import datetime

from django.utils import timezone
from khuyencong.accounts.models import User
from khuyencong.policy.models import ActivityContent, FundingSource
from khuyencong.policy.selectors import legal_basis_for_projects_on
from khuyencong.projects import services
today = timezone.localdate()
manager = User.objects.get(username='{MANAGER[0]}')
content = ActivityContent.objects.filter(
    legal_basis=legal_basis_for_projects_on(today)).order_by('order').first()
local = FundingSource.objects.get(code='local')
for title, amount in (('Đào tạo nghề mây tre đan', 60_000_000),
                      ('Hỗ trợ máy móc chế biến nông sản', 90_000_000)):
    project = services.project_create(
        by=manager, title=title, programme='local', year=today.year,
        province=manager.province, activity_content=content)
    services.budget_save(project=project, by=manager, expected_version=project.version,
                         amounts={{local: amount}})
"""


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    setup = [CREATE_MANAGER, CREATE_DRAFTS]
    with start_server(tmp_path_factory, "browser-plans", setup_code=setup) as url:
        yield url


def _signed_in(browser, server, user, errors):
    page = browser.new_context().new_page()
    page.on("pageerror", lambda error: errors.append(str(error)))
    return log_in(page, server, *user)


def _act(page, name, fields=None):
    page.click(f"a[data-action={name}]")
    for selector, value in (fields or {}).items():
        page.fill(selector, value)
        page.click("h1")  # close the date picker
    page.click("#do-action")
    page.wait_for_selector(".alert-success")


def _propose(page, index):
    """Choose the index-th project offered and propose it; returns its code."""
    option = page.locator("#id_project option").nth(index)
    value, label = option.get_attribute("value"), option.inner_text()
    # The select is enhanced with a search box; the native select carries the value.
    page.select_option("#id_project", value, force=True)
    page.click("#propose")
    page.wait_for_selector(".alert-success")
    code = label.split(" — ")[0]
    assert page.get_attribute(f'tr[data-project="{code}"]', "data-selected") == "1"
    return code


def _status(page):
    return page.get_attribute("h1 + div [data-status]", "data-status")


def test_a_plan_from_registration_to_its_first_amendment(server, browser):
    errors: list[str] = []
    page = _signed_in(browser, server, MANAGER, errors)
    page.click("a[href='/plans/']")  # from the menu
    page.click("#new-plan")
    page.click("#save")  # the usual title, this year, the local programme
    page.wait_for_selector("#stepper")
    plan_url = page.url
    assert _status(page) == "registration"
    page.wait_for_selector("#chart-status[data-empty]")  # no project yet: a note, no error

    first = _propose(page, 1)
    _act(page, "close_registration")
    assert _status(page) == "consolidated"
    _act(page, "submit")
    assert _status(page) == "submitted"
    page.click("a[data-action=approve]")
    page.click("#do-action")  # without the decision number: refused next to the field
    assert page.locator("#id_decision_number.is-invalid").count() == 1
    page.fill("#id_decision_number", "341/QĐ-UBND")
    page.click("#do-action")
    page.wait_for_selector(".alert-success")
    assert _status(page) == "approved"
    assert "341/QĐ-UBND" in page.inner_text("#approval")
    page.wait_for_selector("#chart-status[data-chart-ready]")
    page.wait_for_selector("#chart-money[data-chart-ready]")
    assert page.locator("#chart-money canvas, #chart-money svg").count() >= 1

    _act(page, "start_amendment", {"#id_note": "Bổ sung đề án máy móc chế biến."})
    assert _status(page) == "amending"
    second = _propose(page, 1)
    assert second != first
    _act(
        page,
        "approve_amendment",
        {"#id_decision_number": "512/QĐ-UBND", "#id_note": "Bổ sung đề án máy móc chế biến."},
    )
    assert _status(page) == "approved"
    assert page.url.rstrip("/") == plan_url.rstrip("/")
    versions = page.locator("#versions tbody tr")
    assert versions.count() == 2
    assert "512/QĐ-UBND" in versions.nth(1).inner_text()

    page.click("#compare-link")
    page.wait_for_selector("#comparison")
    assert page.get_attribute(f"#comparison tr:has-text('{second}')", "data-change") == "added"
    assert page.get_attribute(f"#comparison tr:has-text('{first}')", "data-change") == "same"
    assert not errors, errors
