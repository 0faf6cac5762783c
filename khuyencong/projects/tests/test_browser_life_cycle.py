"""End to end in headless Chromium: an officer drafts a project, a manager appraises and
approves it, the officer starts it and records its acceptance — every step through the pages."""

import pytest
from django.utils import timezone

from khuyencong.core.tests.browser import log_in
from khuyencong.core.tests.servers import TEST_USER, create_user_code, start_server

pytestmark = pytest.mark.browser
MANAGER = ("lanhdao.thu", "Mat-khau-Lanh-dao-2026")
CREATE_MANAGER = create_user_code(MANAGER, "provincial_manager", "Trần Văn Lãnh")
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    with start_server(tmp_path_factory, "browser-projects", setup_code=[CREATE_MANAGER]) as url:
        yield url


def _signed_in(browser, server, user):
    return log_in(browser.new_context().new_page(), server, *user)


def _act(page, name, fields=None, attachment=None):
    page.click(f"a[data-action={name}]")
    for selector, value in (fields or {}).items():
        if selector.startswith("select"):
            page.select_option(selector.split(" ", 1)[1], value)
        else:
            page.fill(selector, value)
            page.click("h1")  # close the date picker
    if attachment is not None:
        page.set_input_files("#id_attachment", attachment)
    page.click("#do-action")
    page.wait_for_selector(".alert-success")


def test_a_project_from_draft_to_accepted(server, browser, tmp_path):
    today = timezone.localdate().strftime("%d/%m/%Y")
    dossier = tmp_path / "Hồ sơ đề án.pdf"
    dossier.write_bytes(PDF)

    officer = _signed_in(browser, server, TEST_USER)
    officer.goto(f"{server}/projects/new/")
    officer.fill("#id_title", "Đào tạo nghề đan lát cho lao động nông thôn")
    officer.select_option("#id_activity_content", index=1)
    officer.fill("#id_planned_start", today)
    officer.click("h1")
    officer.fill("#id_planned_end", "31/12/2030")
    officer.click("h1")
    officer.click("#save")
    officer.wait_for_selector("#stepper")
    project_url = officer.url

    officer.click("a[href$='/budget/']")
    officer.get_by_label("Kinh phí khuyến công địa phương").fill("60.000.000")
    officer.click("#save")
    officer.wait_for_selector("#money")
    assert "60,0" in officer.inner_text("#money")

    officer.click("a[href$='/outputs/']")
    officer.select_option("#id_outputs-0-indicator", index=1)
    officer.fill("#id_outputs-0-target", "30")
    officer.click("#save")
    officer.wait_for_selector("#outputs")

    officer.select_option("#id_document_kind", "proposal")
    officer.set_input_files("#id_upload", str(dossier))
    officer.click("#upload")
    officer.wait_for_selector("text=Hồ sơ đề án.pdf")

    _act(officer, "submit", {"#id_note": "Kính trình Sở Công Thương thẩm định."})
    assert officer.get_attribute("[data-status]", "data-status") == "submitted"

    manager = _signed_in(browser, server, MANAGER)
    manager.goto(project_url)
    _act(
        manager,
        "appraise",
        {
            "#id_decision_date": today,
            "select #id_appraisal_result": "agreed",
            "#id_appraisal_opinion": "Đề án phù hợp, đề nghị phê duyệt.",
        },
    )
    _act(manager, "approve", {"#id_decision_number": "123/QĐ-SCT", "#id_decision_date": today})
    assert manager.get_attribute("[data-status]", "data-status") == "approved"

    officer.goto(project_url)
    _act(
        officer,
        "start",
        {
            "#id_decision_number": "15/HĐ-KC",
            "#id_decision_date": today,
            "#id_actual_start": today,
        },
        attachment=str(dossier),
    )
    officer.click("a[href$='/outputs/']")
    officer.fill("#id_outputs-0-actual", "32")
    officer.click("#save")
    officer.wait_for_selector("#outputs")
    _act(
        officer,
        "accept",
        {"#id_decision_number": "07/BB-NT", "#id_decision_date": today},
        attachment=str(dossier),
    )
    assert officer.get_attribute("[data-status]", "data-status") == "accepted"
    assert "07/BB-NT" in officer.inner_text("body")
