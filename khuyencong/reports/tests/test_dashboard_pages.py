"""The dashboard pages: who may open which, what they show, bad input, and a query count that
does not grow with the projects."""

import datetime
import json
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from khuyencong.reports.tests.conftest import M, historical, money, movement, output, set_status

NATIONAL = "/dashboards/national/"
PROVINCE = "/dashboards/"


def _chart(page: str) -> dict:
    found = re.search(r'<script id="dashboard-data" type="application/json">(.*?)</script>', page)
    return json.loads(found.group(1))


# --- permissions --------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["ministry", "admin", "viewer_country"])
def test_national_users_open_the_national_dashboard(world, en_client, role):
    en_client.force_login(world.users[role])
    response = en_client.get(NATIONAL, {"year_from": 2024})
    assert response.status_code == 200
    assert 'id="national-map"' in response.content.decode()


@pytest.mark.parametrize("role", ["manager", "officer", "collaborator", "viewer_province"])
def test_provincial_users_are_refused_the_national_dashboard(world, en_client, role):
    en_client.force_login(world.users[role])
    response = en_client.get(NATIONAL)
    assert response.status_code == 403
    assert "for the ministry" in response.content.decode()


def test_establishment_accounts_get_no_dashboard(world, en_client):
    en_client.force_login(world.users["establishment"])
    assert en_client.get(NATIONAL).status_code == 403
    assert en_client.get(PROVINCE).status_code == 403
    assert en_client.get("/dashboards/map/provinces.json").status_code == 403


def test_anonymous_users_are_sent_to_log_in(client):
    assert client.get(NATIONAL).status_code == 302
    assert client.get(PROVINCE).status_code == 302


def test_a_provincial_user_gets_their_province(data, world, en_client):
    en_client.force_login(world.users["officer"])
    page = en_client.get(PROVINCE, {"year": 2024}).content.decode()
    assert "Hưng Yên, 2024" in page
    assert 'id="kpi-projects">2<' in page  # A and B carried out; the draft C is not
    assert f"/projects/{data.b.pk}/" in page  # the overdue project, linked


def test_another_province_is_not_found(data, world, en_client):
    en_client.force_login(world.users["officer"])
    assert en_client.get(PROVINCE, {"province": world.bac_ninh.pk}).status_code == 404
    assert en_client.get(PROVINCE, {"province": "abc"}).status_code == 404
    en_client.force_login(world.users["other_officer"])
    assert en_client.get(PROVINCE, {"province": world.hung_yen.pk}).status_code == 404


def test_a_national_user_chooses_the_province(data, world, en_client):
    en_client.force_login(world.users["ministry"])
    page = en_client.get(PROVINCE).content.decode()
    assert 'id="choose-province"' in page
    page = en_client.get(PROVINCE, {"province": world.bac_ninh.pk, "year": 2024}).content.decode()
    assert "Bắc Ninh, 2024" in page
    assert 'id="kpi-projects">1<' in page


# --- what the pages show ------------------------------------------------------------------------


def test_the_national_page_colours_the_map_and_the_scorecard(data, world, en_client):
    en_client.force_login(world.users["ministry"])
    page = en_client.get(
        NATIONAL, {"indicator": "disbursement_rate", "year_from": 2024, "year_to": 2024}
    ).content.decode()
    chart = _chart(page)
    values = {row["name"]: row["value"] for row in chart["map"]["data"]}
    assert len(values) == 34
    assert values["Hưng Yên"] == 62.5
    assert values["Bắc Ninh"] == 0.0
    assert values["Hà Nội"] is None
    assert [a["name"] for a in chart["map"]["archipelagos"]] == [
        "Quần đảo Hoàng Sa",
        "Quần đảo Trường Sa",
    ]
    assert chart["boundaries"] == "/dashboards/map/provinces.json"
    assert re.search(r'data-key="disbursement_rate" data-light="amber">62,5 %<', page)
    assert 'id="scorecard-legend"' in page
    assert "≥ 80" in page


def test_the_trend_covers_ten_years(data, world, en_client):
    en_client.force_login(world.users["ministry"])
    page = en_client.get(
        NATIONAL, {"year_from": 2024, "trend_province": world.hung_yen.pk}
    ).content.decode()
    trend = _chart(page)["trend"]
    assert trend["years"][0] == "2015" and trend["years"][-1] == "2024"
    assert trend["projects"][trend["years"].index("2016")] == 1


def test_empty_years_say_so(world, en_client):
    en_client.force_login(world.users["ministry"])
    page = en_client.get(NATIONAL, {"year_from": 2019}).content.decode()
    assert 'id="empty-dashboard"' in page and "No data for 2019" in page
    en_client.force_login(world.users["officer"])
    page = en_client.get(PROVINCE, {"year": 2019}).content.decode()
    assert (
        "No data for this year: Hưng Yên has no project carried out in 2019 in your scope." in page
    )
    assert "No plan of this province for this year." in page


# --- bad input ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "query, message",
    [
        ({"indicator": "nonsense"}, "Unknown indicator"),
        ({"year_from": "20x4"}, "must be a year between"),
        ({"year_from": "1800"}, "must be a year between"),
        ({"year_from": 2025, "year_to": 2020}, "must not be after"),
        ({"year_from": 2001, "year_to": 2040}, "at most 30 years"),
        ({"trend_province": "999999"}, "Unknown province"),
    ],
)
def test_bad_input_on_the_national_dashboard(world, en_client, query, message):
    en_client.force_login(world.users["ministry"])
    response = en_client.get(NATIONAL, query)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert 'id="dashboard-data"' not in response.content.decode()


def test_bad_year_on_the_province_dashboard(world, en_client):
    en_client.force_login(world.users["officer"])
    response = en_client.get(PROVINCE, {"year": "năm nay"})
    assert response.status_code == 400
    assert "must be a year between" in response.content.decode()


# --- query counts ------------------------------------------------------------------------------


def _more_projects(world, n, province=None, by="officer"):
    for index in range(n):
        values = {}
        if province is not None:
            values = {"province": province, "communes": [], "establishments": [], "lead_unit": None}
        project = historical(
            world, by=by, title=f"Đề án bổ sung {index}", programme="local", **values
        )
        money(project, "local", approved=(index + 1) * M)
        movement(project, "local", "payment", M, datetime.date(2024, 6, 1))
        output(project, "trainees", 10, 10)
        set_status(project, "in_progress", approved_on=datetime.date(2024, 2, 1))


def _count(client, url, query) -> int:
    with CaptureQueriesContext(connection) as context:
        response = client.get(url, query)
    assert response.status_code == 200
    return len(context.captured_queries)


def test_query_counts_do_not_grow_with_the_projects(data, world, en_client):
    from khuyencong.reports.tests.conftest import make_plan

    make_plan(world, [data.a, data.b], total_vnd=280 * M)
    en_client.force_login(world.users["ministry"])
    national = {"year_from": 2024, "indicator": "trainees"}
    province = {"province": world.hung_yen.pk, "year": 2024}
    before = (_count(en_client, NATIONAL, national), _count(en_client, PROVINCE, province))
    _more_projects(world, 6)
    _more_projects(world, 4, province=world.bac_ninh, by="other_officer")
    after = (_count(en_client, NATIONAL, national), _count(en_client, PROVINCE, province))
    assert after == before
    print(f"queries: national {before[0]}, province {before[1]}")
    assert before[0] <= 15
    assert before[1] <= 40


@pytest.mark.parametrize("year", ["²⁰²⁵", "2O25", "-2025", "99999999999999999999"])
def test_a_year_that_is_not_plain_digits_is_refused_not_a_crash(client, world, year):
    client.force_login(world.users["ministry"])
    for url, key in ((PROVINCE, "year"), (NATIONAL, "year_from")):
        response = client.get(url, {key: year})
        assert response.status_code == 400, (url, year)
