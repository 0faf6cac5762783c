"""End to end in headless Chromium: a juror opens the round, scores the first entry on one
screen (a point above a maximum is refused next to its field), saves and goes to the next."""

import shutil
import sys

import pytest

from khuyencong.contests.tests.browser_setup import PRODUCTS
from khuyencong.core.tests.servers import (
    TEST_USER,
    base_env,
    free_port,
    manage,
    prepare_database,
    running,
)

pytestmark = pytest.mark.browser
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    folder = tmp_path_factory.mktemp("browser-contests")
    env = base_env(
        DATABASE_URL=f"sqlite:///{folder / 'db.sqlite3'}",
        MEDIA_ROOT=str(folder / "media"),
        KC_ENV="development",
        DEBUG="0",
    )
    prepare_database(env)
    manage(
        "shell",
        "-c",
        f"from khuyencong.contests.tests.browser_setup import prepare;prepare('{TEST_USER[0]}')",
        env=env,
    )
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


def test_a_juror_scores_an_entry(server, browser):
    page = browser.new_context().new_page()
    page.goto(f"{server}/login/")
    page.fill("#id_username", TEST_USER[0])
    page.fill("#id_password", TEST_USER[1])
    page.click("#login-submit")
    page.wait_for_url(f"{server}/")

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
