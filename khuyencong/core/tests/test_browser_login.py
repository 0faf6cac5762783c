"""End to end in headless Chromium: sign in and open the home page (Playwright, Debian chromium)."""

import shutil
import sys

import pytest

from khuyencong.core.tests.servers import TEST_USER, base_env, free_port, prepare_database, running

pytestmark = pytest.mark.browser
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    db = tmp_path_factory.mktemp("browser") / "db.sqlite3"
    env = base_env(DATABASE_URL=f"sqlite:///{db}", KC_ENV="development", DEBUG="0")
    prepare_database(env)
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    command = [
        sys.executable,
        "manage.py",
        "runserver",
        "--noreload",
        "--insecure",
        f"127.0.0.1:{port}",
    ]
    with running(command, env, f"{url}/login/"):
        yield url


@pytest.fixture(scope="module")
def browser():
    playwright_api = pytest.importorskip("playwright.sync_api")
    if not shutil.which("chromium") and not shutil.os.path.exists(CHROMIUM):
        pytest.skip("Debian chromium is not installed (apt-get install chromium)")
    with playwright_api.sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        yield browser
        browser.close()


def test_sign_in_and_see_the_vietnamese_home_page(server, browser, tmp_path):
    page = browser.new_page(locale="en-US")
    external = []
    page.on("request", lambda r: external.append(r.url) if not r.url.startswith(server) else None)
    page.goto(f"{server}/")
    assert "/login/" in page.url
    page.fill("#id_username", TEST_USER[0])
    page.fill("#id_password", "sai mat khau")
    page.click("#login-submit")
    page.locator(".alert-danger").wait_for()
    assert "Tên đăng nhập hoặc mật khẩu không đúng" in page.locator(".alert-danger").inner_text()
    page.fill("#id_username", TEST_USER[0])
    page.fill("#id_password", TEST_USER[1])
    page.click("#login-submit")
    page.wait_for_url(f"{server}/")
    assert page.locator("h1").inner_text().startswith("Xin chào")
    assert "Cán bộ tỉnh" in page.content()
    assert page.locator(".stat-card").count() >= 4
    page.screenshot(path=str(tmp_path / "home.png"), full_page=True)
    page.click("text=Đơn vị hành chính")
    assert page.locator("table tbody tr").count() == 34
    assert not [u for u in external if not u.startswith("data:")], external
