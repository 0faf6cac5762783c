"""Bad parameters get a message next to the field or an empty report that says so, never a 500."""

import pytest

URL = "/reports/provincial/"


@pytest.fixture
def officer(world, en_client):
    en_client.force_login(world.users["officer"])
    return en_client


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"period": "year"}, "Enter this to choose the period."),
        ({"period": "year", "year": "abc"}, "Enter a whole number."),
        ({"period": "year", "year": "1800"}, "greater than or equal to 1990"),
        ({"period": "half", "year": "2024"}, "Enter this to choose the period."),
        (
            {"period": "range", "date_from": "01/07/2024", "date_to": "01/01/2024"},
            "The end of the period must not be before its start.",
        ),
        ({"period": "range", "date_from": "31/02/2024", "date_to": "01/03/2024"}, "valid date"),
        (
            {"period": "phase", "year_from": "2020", "year_to": "2016"},
            "The last year must not be before the first.",
        ),
        ({"period": "decade"}, "Select a valid choice."),
        ({"period": "year", "year": "2024", "programme": "foreign"}, "Select a valid choice."),
    ],
)
def test_bad_parameters_get_a_message(officer, query, message):
    response = officer.get(URL, query)
    assert response.status_code == 200
    assert "result" not in response.context
    assert message in response.content.decode()


def test_a_period_without_data_gives_an_empty_report_that_says_so(data, officer):
    response = officer.get(URL, {"period": "year", "year": "2001"})
    assert response.status_code == 200
    page = response.content.decode()
    assert 'id="empty-report"' in page and "the report is empty" in page


def test_a_range_in_dd_mm_yyyy(data, officer):
    response = officer.get(
        URL, {"period": "range", "date_from": "01/01/2024", "date_to": "30/06/2024"}
    )
    result = response.context["result"]
    assert result.subtitle.startswith("From 01/01/2024 to 30/06/2024")
    assert result.table("money").total["disbursed"] == 180_000_000


@pytest.mark.parametrize(
    ("url", "query"),
    [
        ("/reports/no-such-report/", {}),
        (URL, {"period": "year", "year": "2024", "format": "odt"}),
        (URL, {"period": "year", "year": "2024", "province": "abc"}),
    ],
)
def test_unknown_things_are_not_found(data, officer, url, query):
    assert officer.get(url, query).status_code == 404


@pytest.mark.parametrize("slug", ["provincial", "phase", "beneficiaries", "leverage"])
def test_every_report_runs_empty(world, officer, slug):
    response = officer.get(f"/reports/{slug}/", {"period": "year", "year": "2001"})
    assert response.status_code == 200 and response.context["result"].empty


def test_the_form_alone(officer):
    response = officer.get(URL)
    assert response.status_code == 200 and "result" not in response.context
