"""Browser tests in headless Chromium (Playwright driving Debian chromium), loaded as a plugin by
the root conftest: one browser per test session (per xdist worker) and the sign-in sequence.

The server a browser test talks to is started per test module with
`khuyencong.core.tests.servers.start_server`."""

from __future__ import annotations

import asyncio
import os
import shutil

import pytest

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="session")
def browser():
    """Headless Chromium, launched once per session; skips when Playwright or chromium is missing.

    Tests open their own context or page on it, so that no cookie is shared between them."""
    playwright_api = pytest.importorskip("playwright.sync_api")
    if not os.path.exists(CHROMIUM):
        pytest.skip("Debian chromium is not installed (apt-get install chromium)")
    with playwright_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(autouse=True)
def _no_event_loop_outside_browser_tests(request):
    # The sync API of Playwright leaves its event loop marked as running in this thread between
    # its calls. While the session's browser is open, Django would then take every other test
    # for async code and refuse its database queries (SynchronousOnlyOperation): hide the loop
    # from the tests that do not use the browser, and give it back after them.
    loop = asyncio._get_running_loop()
    if loop is None or "browser" in request.fixturenames:
        yield
        return
    asyncio._set_running_loop(None)
    try:
        yield
    finally:
        asyncio._set_running_loop(loop)


def log_in(page, server_url: str, username: str, password: str):
    """Sign in through the login page and wait for the home page; returns the page."""
    page.goto(f"{server_url}/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("#login-submit")
    page.wait_for_url(f"{server_url}/")
    return page
