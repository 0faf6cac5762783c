"""End to end in headless Chromium: a juror opens the round, scores the first entry on one
screen (a point above a maximum is refused next to its field), saves and goes to the next."""

import pytest

from khuyencong.contests.tests.browser_setup import PRODUCTS
from khuyencong.core.tests.browser import log_in
from khuyencong.core.tests.servers import TEST_USER, start_server

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    setup = f"from khuyencong.contests.tests.browser_setup import prepare;prepare('{TEST_USER[0]}')"
    with start_server(tmp_path_factory, "browser-contests", setup_code=[setup]) as url:
        yield url


def test_a_juror_scores_an_entry(server, browser):
    page = log_in(browser.new_context().new_page(), server, *TEST_USER)

    page.click("a.nav-link[href='/contests/']")
    page.click("#rounds a")
    page.click("#start-scoring")
    page.wait_for_selector("#score-form")
    assert PRODUCTS[0] in page.inner_text("h1")

    inputs = page.locator("#score-form input[type=number]")
    count = inputs.count()
    assert count == 14
    # Keyboard only: the first input has the focus; type a value and Tab to the next.
    maxima = [int(inputs.nth(i).get_attribute("max")) for i in range(count)]
    page.keyboard.type(str(maxima[0] + 5))
    for maximum in maxima[1:]:
        page.keyboard.press("Tab")
        page.keyboard.type(str(maximum - 1))
    # The browser's own range check is bypassed: the server refuses and says why.
    page.evaluate("document.getElementById('score-form').noValidate = true")
    page.click("#save-next")
    page.wait_for_selector(".invalid-feedback")
    assert "tối đa" in page.inner_text(".invalid-feedback")  # the page speaks Vietnamese

    inputs.first.fill(str(maxima[0]))
    page.click("#save-next")
    page.wait_for_selector(".alert-success")
    assert PRODUCTS[1] in page.inner_text("h1")
    assert page.locator("#queue .btn-success").count() == 1
