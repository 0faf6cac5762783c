"""End to end in headless Chromium: a ministry officer opens the national dashboard; the map of
the 34 provinces is drawn offline (the boundary file comes from the server) with the Hoàng Sa
and Trường Sa archipelagos labelled, the trend chart too, without a script error."""

import pytest

from khuyencong.core.tests.browser import log_in
from khuyencong.core.tests.servers import create_user_code, start_server

pytestmark = pytest.mark.browser
MINISTRY = ("bo.bandothu", "Mat-khau-Ban-do-2026")
CREATE_MINISTRY = create_user_code(MINISTRY, "ministry_officer", "Lê Văn Bản", province=None)
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
    with start_server(tmp_path_factory, "browser-dashboards", setup_code=[CREATE_MINISTRY]) as url:
        yield url


def test_the_national_dashboard_draws_the_map(server, browser):
    errors: list[str] = []
    page = browser.new_context(viewport={"width": 1400, "height": 1000}).new_page()
    page.on("pageerror", lambda error: errors.append(str(error)))
    log_in(page, server, *MINISTRY)
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
