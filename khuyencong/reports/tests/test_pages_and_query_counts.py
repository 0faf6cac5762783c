"""The report page: catalogue, tables, chart data, and a query count that does not grow with
the rows."""

import json
import re

from django.db import connection
from django.test.utils import CaptureQueriesContext

from khuyencong.reports.tests.conftest import M, historical, money, movement, output, set_status

YEAR = {"period": "year", "year": 2024}


def _queries(client, url, query) -> int:
    with CaptureQueriesContext(connection) as context:
        response = client.get(url, query)
    assert response.status_code == 200
    return len(context.captured_queries)


def _more_projects(world, n):
    import datetime

    for index in range(n):
        project = historical(world, title=f"Đề án bổ sung {index}", programme="local")
        money(project, "local", approved=(index + 1) * M)
        money(project, "counterpart", approved=M)
        movement(project, "local", "payment", M, datetime.date(2024, 6, 1))
        output(project, "trainees", 10, 10)
        set_status(project, "accepted", approved_on=datetime.date(2024, 2, 1))


def test_the_catalogue_lists_the_reports(world, en_client):
    en_client.force_login(world.users["ministry"])
    page = en_client.get("/reports/").content.decode()
    for slug in ("provincial", "phase", "national-summary", "beneficiaries", "leverage"):
        assert f"/reports/{slug}/" in page


def test_the_report_page_shows_tables_charts_and_checks(data, world, en_client):
    en_client.force_login(world.users["officer"])
    response = en_client.get("/reports/provincial/", YEAR)
    page = response.content.decode()
    assert 'id="table-money"' in page and 'id="checks"' in page
    assert "630,0" in page  # total approved, million VND, Vietnamese separators
    assert "js/reports.js" in page and "vendor/echarts/echarts.min.js" in page
    block = re.search(
        r'<script id="report-charts-data" type="application/json">(.*?)</script>', page
    )
    charts = json.loads(block.group(1))
    keys = [figure["key"] for figure in charts["figures"]]
    assert keys == ["status", "money"]
    assert 'data-figure="money"' in page
    assert "format=xlsx" in page


def test_the_navigation_has_reports(world, en_client):
    en_client.force_login(world.users["officer"])
    page = en_client.get("/reports/").content.decode()
    assert 'href="/reports/data-quality/"' in page


def test_query_counts_do_not_grow_with_rows(data, world, en_client):
    en_client.force_login(world.users["ministry"])
    pages = [
        ("/reports/provincial/", YEAR),
        ("/reports/phase/", {"period": "phase", "year_from": 2016, "year_to": 2024}),
        ("/reports/national-summary/", YEAR),
        ("/reports/beneficiaries/", YEAR),
        ("/reports/leverage/", {**YEAR, "grouping": "then"}),
        ("/reports/data-quality/", {}),
    ]
    before = [_queries(en_client, url, query) for url, query in pages]
    _more_projects(world, 6)
    after = [_queries(en_client, url, query) for url, query in pages]
    assert after == before
