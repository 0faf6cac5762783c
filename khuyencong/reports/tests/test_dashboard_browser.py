"""End to end in headless Chromium: a ministry officer opens the national dashboard; the map of
the 34 provinces is drawn offline (the boundary file comes from the server) with the Hoàng Sa
and Trường Sa archipelagos labelled, the trend chart too, without a script error."""

import shutil
import sys

import pytest

from khuyencong.core.tests.servers import base_env, free_port, manage, prepare_database, running

pytestmark = pytest.mark.browser
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
MINISTRY = ("bo.bandothu", "Mat-khau-Ban-do-2026")
CREATE_MINISTRY = (
    "from khuyencong.accounts.services import user_create;"
    f"user_create(by=None, username='{MINISTRY[0]}', password='{MINISTRY[1]}',"
    " role='ministry_officer', full_name='Lê Văn Bản')"
)
MAP_STATE = """() => {
  const element = document.getElementById('national-map');
  const chart = echarts.getInstanceByDom(element);
  const option = chart.getOption();
  const geo = echarts.getMap('vietnam-provinces-34');
  return {
    map: option.geo[0].map,
    series: option.series.map(s => s.type),
    mapData: option.series[0].data.length,
    labels: option.series[1].data.map(d => d.name),
    labelShown: option.series[1].label.show,
    features: geo.geoJSON.features.length,
  };
}"""


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    folder = tmp_path_factory.mktemp("browser-dashboards")
    env = base_env(
        DATABASE_URL=f"sqlite:///{folder / 'db.sqlite3'}",
        MEDIA_ROOT=str(folder / "media"),
        KC_ENV="development",
        DEBUG="0",
    )
    prepare_database(env)
    manage("shell", "-c", CREATE_MINISTRY, env=env)
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


def test_the_national_dashboard_draws_the_map(server, browser):
    errors: list[str] = []
    page = browser.new_context(viewport={"width": 1400, "height": 1000}).new_page()
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(f"{server}/login/")
    page.fill("#id_username", MINISTRY[0])
    page.fill("#id_password", MINISTRY[1])
    page.click("#login-submit")
    page.wait_for_url(f"{server}/")
    page.goto(f"{server}/dashboards/national/")
    page.wait_for_selector("#national-map[data-chart-ready]")
    state = page.evaluate(MAP_STATE)
    assert state["map"] == "vietnam-provinces-34"
    assert state["series"] == ["map", "scatter"]
    assert state["mapData"] == 34
    assert state["features"] == 34
    assert state["labels"] == ["Quần đảo Hoàng Sa", "Quần đảo Trường Sa"]
    assert state["labelShown"] is True
    # The labels are drawn on the canvas: ECharts keeps them as text elements of the chart.
    texts = page.evaluate(
        """() => echarts.getInstanceByDom(document.getElementById('national-map'))
              .getZr().storage.getDisplayList()
              .map(e => (e.style && e.style.text) || '').filter(Boolean)"""
    )
    assert "Quần đảo Hoàng Sa" in texts and "Quần đảo Trường Sa" in texts
    # Another indicator: the map is drawn again for it.
    page.select_option("#id_indicator", "disbursement_rate")
    page.click("#show")
    page.wait_for_selector("#national-map[data-chart-ready]")
    assert "disbursement_rate" in page.url
    assert page.locator("#scorecard tbody tr").count() == 34
    assert errors == []
