"""Who may run which report, and on which province."""

import pytest

URL = "/reports/provincial/"
YEAR = {"period": "year", "year": 2024}


def test_a_provincial_officer_cannot_run_another_provinces_report(data, world, en_client):
    en_client.force_login(world.users["officer"])
    response = en_client.get(URL, {**YEAR, "province": world.bac_ninh.pk})
    assert response.status_code == 404
    response = en_client.get(URL, {**YEAR, "province": world.bac_ninh.pk, "format": "xlsx"})
    assert response.status_code == 404


def test_a_provincial_officers_report_is_of_their_province(data, world, en_client):
    en_client.force_login(world.users["officer"])
    response = en_client.get(URL, YEAR)
    result = response.context["result"]
    assert result.table("areas").rows[0]["area"] == "Hưng Yên"
    assert result.table("status").total["projects"] == 3  # not Bắc Ninh's project
    page = response.content.decode()
    assert "Whole country" not in page


def test_the_whole_country_for_national_users(data, world, en_client):
    en_client.force_login(world.users["ministry"])
    response = en_client.get(URL, YEAR)
    assert response.status_code == 200
    result = response.context["result"]
    assert {row["area"] for row in result.table("areas").rows} == {"Hưng Yên", "Bắc Ninh"}
    response = en_client.get(URL, {**YEAR, "province": world.bac_ninh.pk})
    assert response.context["result"].table("status").total["projects"] == 1


def test_the_national_summary_is_for_the_ministry(data, world, en_client):
    en_client.force_login(world.users["officer"])
    response = en_client.get("/reports/national-summary/", YEAR)
    assert response.status_code == 403
    assert "for the ministry" in response.content.decode()
    catalogue = en_client.get("/reports/").content.decode()
    assert "/reports/national-summary/" not in catalogue
    en_client.force_login(world.users["viewer_country"])
    assert en_client.get("/reports/national-summary/", YEAR).status_code == 200


@pytest.mark.parametrize("url", ["/reports/", URL, "/reports/data-quality/"])
def test_establishment_accounts_and_visitors_are_kept_out(world, client, url):
    response = client.get(url)
    assert response.status_code == 302 and "/login" in response["Location"]
    client.force_login(world.users["establishment"])
    assert client.get(url).status_code == 403


def test_data_quality_is_scoped(data, world, en_client):
    en_client.force_login(world.users["other_officer"])
    page = en_client.get("/reports/data-quality/").content.decode()
    assert data.a.code not in page and data.d.code not in page
