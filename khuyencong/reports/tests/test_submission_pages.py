"""The submission pages: who may see and submit what, bad input, downloads, query counts."""

import datetime

import pytest
from django.utils import timezone

from khuyencong.reports.models import FIRST_HALF, WHOLE_YEAR, ReportSubmission
from khuyencong.reports.pages import download_formats
from khuyencong.reports.submissions import services

D = datetime.date
SUBMIT = "/reports/submissions/submit/"
OVERVIEW = "/reports/submissions/"


@pytest.fixture
def on_day(monkeypatch):
    def set_day(day):
        monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: day)
        return day

    return set_day


@pytest.fixture
def submitted(data, world, on_day):
    on_day(D(2024, 12, 10))
    return services.submit(by=world.users["manager"], province=world.hung_yen, year=2024, half=0)


def test_the_manager_submits_from_the_report_page(data, world, en_client, on_day):
    on_day(D(2024, 12, 10))
    en_client.force_login(world.users["manager"])
    page = en_client.get("/reports/provincial/", {"period": "year", "year": 2024}).content.decode()
    assert 'id="submit-to-ministry"' in page
    assert f"{SUBMIT}?report=provincial&amp;year=2024&amp;half=0" in page
    confirm = en_client.get(SUBMIT, {"report": "provincial", "year": 2024, "half": 0})
    assert confirm.status_code == 200
    assert "is due on 15/12/2024" in confirm.content.decode()
    response = en_client.post(
        SUBMIT, {"report": "provincial", "year": 2024, "half": 0, "note": "Báo cáo năm"}
    )
    submission = ReportSubmission.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/reports/submissions/{submission.pk}/"
    assert submission.note == "Báo cáo năm" and submission.submitted_by == world.users["manager"]
    detail = en_client.get(response["Location"]).content.decode()
    assert "submitted to the ministry on time" in detail
    assert 'id="section-money"' in detail and 'id="frozen-notice"' in detail
    # The second half is not offered: the annual report covers it.
    page = en_client.get("/reports/provincial/", {"period": "half", "year": 2024, "half": 2})
    assert 'id="submit-to-ministry"' not in page.content.decode()


def test_officers_see_but_do_not_submit(data, world, en_client, on_day):
    on_day(D(2024, 12, 10))
    en_client.force_login(world.users["officer"])
    page = en_client.get("/reports/provincial/", {"period": "year", "year": 2024}).content.decode()
    assert 'id="submit-to-ministry"' not in page and 'id="submitted-by-manager"' in page
    response = en_client.post(SUBMIT, {"report": "provincial", "year": 2024, "half": 0})
    assert response.status_code == 403
    assert "manager submits the province" in response.content.decode()
    assert not ReportSubmission.objects.exists()


@pytest.mark.parametrize("who", ["ministry", "admin", "viewer_country", "collaborator"])
def test_the_ministry_cannot_submit_for_a_province(data, world, en_client, on_day, who):
    on_day(D(2024, 12, 10))
    en_client.force_login(world.users[who])
    response = en_client.post(SUBMIT, {"report": "provincial", "year": 2024, "half": 0})
    assert response.status_code == 403
    assert not ReportSubmission.objects.exists()
    with pytest.raises(services.PermissionDenied):
        services.submit(by=world.users[who], province=world.hung_yen, year=2024, half=0)


def test_a_manager_cannot_submit_for_another_province(data, world, on_day):
    on_day(D(2024, 12, 10))
    with pytest.raises(services.PermissionDenied):
        services.submit(by=world.users["other_manager"], province=world.hung_yen, year=2024, half=0)


def test_another_provinces_users_cannot_see_a_submission(submitted, world, en_client):
    url = f"/reports/submissions/{submitted.pk}/"
    for who in ("other_officer", "other_manager"):
        en_client.force_login(world.users[who])
        assert en_client.get(url).status_code == 404
        assert en_client.get(url, {"format": "xlsx"}).status_code == 404
        assert (
            en_client.get(f"/reports/submissions/province/{world.hung_yen.pk}/").status_code == 404
        )
    for who in ("officer", "manager", "ministry", "viewer_province", "viewer_country"):
        en_client.force_login(world.users[who])
        assert en_client.get(url).status_code == 200, who


def test_establishment_accounts_and_visitors_are_kept_out(submitted, world, client):
    urls = [
        OVERVIEW,
        SUBMIT,
        f"/reports/submissions/{submitted.pk}/",
        f"/reports/submissions/province/{world.hung_yen.pk}/",
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 302 and "/login" in response["Location"]
    client.force_login(world.users["establishment"])
    for url in urls:
        assert client.get(url).status_code == 403
    assert client.post(SUBMIT, {"report": "provincial", "year": 2024, "half": 0}).status_code == 403


def test_bad_input_gets_a_clear_message(data, world, en_client, on_day):
    on_day(D(2025, 12, 5))
    en_client.force_login(world.users["manager"])
    cases = [
        (
            {"report": "nope", "year": 2024, "half": 0},
            "This report is not submitted to the ministry",
        ),
        (
            {"report": "provincial", "year": 2024, "half": 2},
            "second half is reported in the annual",
        ),
        ({"report": "provincial", "year": 2030, "half": 0}, "between 2000 and 2025"),
        ({"report": "provincial", "year": "abc", "half": 0}, "Enter a whole number"),
    ]
    for values, text in cases:
        for method in (en_client.get, en_client.post):
            response = method(SUBMIT, values)
            assert response.status_code == 400, values
            assert text in response.content.decode(), values
    on_day(D(2025, 11, 5))
    response = en_client.post(SUBMIT, {"report": "provincial", "year": 2025, "half": 0})
    assert response.status_code == 400
    assert "can be submitted from 01/12/2025" in response.content.decode()
    assert not ReportSubmission.objects.exists()
    response = en_client.get(OVERVIEW, {"year": "abc"})
    assert response.status_code == 302  # a province's user goes to their province's page
    en_client.force_login(world.users["ministry"])
    response = en_client.get(OVERVIEW, {"year": "abc"})
    assert response.status_code == 200 and 'id="year-error"' in response.content.decode()


def test_the_overview_and_the_province_page(submitted, world, en_client, on_day):
    on_day(D(2024, 12, 20))
    en_client.force_login(world.users["ministry"])
    page = en_client.get(OVERVIEW, {"year": 2024}).content.decode()
    assert "Submitted on time" in page and "Overdue" in page
    assert f"/reports/submissions/{submitted.pk}/" in page
    en_client.force_login(world.users["manager"])
    response = en_client.get(OVERVIEW)
    assert response["Location"] == f"/reports/submissions/province/{world.hung_yen.pk}/"
    page = en_client.get(response["Location"]).content.decode()
    assert 'id="due-2024-0"' in page and f"/reports/submissions/{submitted.pk}/" in page
    assert "Resubmit" in page


def test_the_versions_and_the_downloads_of_a_frozen_report(submitted, world, en_client, on_day):
    on_day(D(2024, 12, 20))
    second = services.submit(
        by=world.users["manager"], province=world.hung_yen, year=2024, half=WHOLE_YEAR
    )
    en_client.force_login(world.users["ministry"])
    page = en_client.get(f"/reports/submissions/{submitted.pk}/").content.decode()
    assert 'id="versions"' in page and f"/reports/submissions/{second.pk}/" in page
    response = en_client.get(f"/reports/submissions/{second.pk}/", {"format": "xlsx"})
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith('v2.xlsx"')
    assert response.content[:2] == b"PK"
    assert (
        en_client.get(f"/reports/submissions/{second.pk}/", {"format": "nope"}).status_code == 404
    )


def test_every_download_format_renders_the_frozen_report(submitted, world, en_client):

    assert submitted.letterhead["issuer"]  # issued under the department of the province
    en_client.force_login(world.users["officer"])
    names = [f.name for f in download_formats()]
    assert "xlsx" in names
    for name in names:
        response = en_client.get(f"/reports/submissions/{submitted.pk}/", {"format": name})
        assert response.status_code == 200, name
        assert response["Content-Disposition"].endswith(f'v1.{name}"') or name not in {"xlsx"}
        assert len(response.content) > 100


def _submit_many(world, provinces, on_day):
    from khuyencong.accounts.tests.factories import UserFactory

    on_day(D(2024, 6, 10))
    for province in provinces:
        manager = UserFactory(role="provincial_manager", province=province)
        services.submit(by=manager, province=province, year=2024, half=FIRST_HALF)
        services.submit(by=manager, province=province, year=2024, half=FIRST_HALF)


def test_query_counts_do_not_grow_with_rows(
    data, world, en_client, on_day, django_assert_max_num_queries
):
    from khuyencong.geo.models import Province

    en_client.force_login(world.users["ministry"])
    provinces = list(Province.objects.current().order_by("pk"))
    _submit_many(world, provinces[:1], on_day)
    on_day(D(2024, 12, 20))
    with django_assert_max_num_queries(30) as few:
        en_client.get(OVERVIEW, {"year": 2024})
    first = ReportSubmission.objects.order_by("pk").first()
    with django_assert_max_num_queries(40) as one:
        en_client.get(f"/reports/submissions/{first.pk}/")
    _submit_many(world, provinces[1:6], on_day)
    on_day(D(2024, 12, 20))
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = en_client.get(OVERVIEW, {"year": 2024}).content.decode()
    assert page.count("status-on_time") == 6
    with django_assert_max_num_queries(len(one.captured_queries)):
        en_client.get(f"/reports/submissions/{first.pk}/")
