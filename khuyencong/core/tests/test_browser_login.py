"""End to end in headless Chromium: sign in and open the home page (Playwright, Debian chromium)."""

import pytest

from khuyencong.core.tests.servers import TEST_USER, start_server

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    with start_server(tmp_path_factory, "browser") as url:
        yield url


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
