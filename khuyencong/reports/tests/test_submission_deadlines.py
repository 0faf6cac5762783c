"""Due dates, on time or late, and what the ministry's overview says of each province."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from khuyencong.reports.models import FIRST_HALF, WHOLE_YEAR
from khuyencong.reports.submissions import deadlines, selectors, services

D = datetime.date


@pytest.fixture
def on_day(monkeypatch):
    def set_day(day):
        monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: day)
        return day

    return set_day


def submit(world, half, year=2024, by="manager", province=None):
    return services.submit(
        by=world.users[by], province=province or world.hung_yen, year=year, half=half
    )


def test_due_dates_default_and_can_be_configured(settings):
    assert deadlines.due(2025, FIRST_HALF).due_on == D(2025, 6, 15)
    assert deadlines.due(2025, FIRST_HALF).opens_on == D(2025, 6, 1)
    assert deadlines.due(2025, WHOLE_YEAR).due_on == D(2025, 12, 15)
    assert deadlines.due(2025, WHOLE_YEAR).opens_on == D(2025, 12, 1)
    settings.KC_REPORT_DUE_DATES = {"half": (6, 15), "year": (12, 20)}
    assert deadlines.due(2025, WHOLE_YEAR).due_on == D(2025, 12, 20)
    assert deadlines.due(2025, FIRST_HALF).due_on == D(2025, 6, 15)


@pytest.mark.parametrize(
    ("half", "day", "on_time"),
    [
        (FIRST_HALF, D(2024, 6, 1), True),  # the first day it may be submitted
        (FIRST_HALF, D(2024, 6, 15), True),  # the due date itself
        (FIRST_HALF, D(2024, 6, 16), False),
        (WHOLE_YEAR, D(2024, 12, 15), True),
        (WHOLE_YEAR, D(2025, 1, 20), False),
    ],
)
def test_on_time_is_on_or_before_the_due_date(data, world, on_day, half, day, on_time):
    on_day(day)
    submission = submit(world, half)
    assert submission.on_time is on_time
    assert submission.submitted_on == day


def test_a_period_cannot_be_submitted_before_its_last_month(data, world, on_day):
    on_day(D(2024, 5, 31))
    with pytest.raises(ValidationError) as error:
        submit(world, FIRST_HALF)
    assert "can be submitted from 01/06/2024" in error.value.message_dict["year"][0]
    on_day(D(2024, 11, 30))
    with pytest.raises(ValidationError):
        submit(world, WHOLE_YEAR)


def test_the_ministry_overview_statuses(data, world, on_day):
    on_day(D(2024, 6, 10))
    submit(world, FIRST_HALF)  # Hưng Yên: on time
    on_day(D(2024, 6, 20))
    submit(world, FIRST_HALF)  # a resubmission after the due date: still on time
    on_day(D(2024, 12, 10))
    view = selectors.overview(world.users["ministry"], 2024)
    lines = {province.name: cells for province, cells in view["lines"]}
    hy_half, hy_year = lines["Hưng Yên"]
    assert (hy_half.status, hy_half.latest.version) == (selectors.ON_TIME, 2)
    assert hy_year.status == selectors.OPEN
    bn_half, bn_year = lines["Bắc Ninh"]
    assert bn_half.status == selectors.OVERDUE
    assert bn_year.status == selectors.OPEN

    on_day(D(2024, 12, 20))
    submit(world, FIRST_HALF, by="other_manager", province=world.bac_ninh)  # late
    view = selectors.overview(world.users["ministry"], 2024)
    lines = {province.name: cells for province, cells in view["lines"]}
    assert lines["Bắc Ninh"][0].status == selectors.LATE
    assert lines["Hưng Yên"][1].status == selectors.OVERDUE
    on_day(D(2024, 5, 1))
    view = selectors.overview(world.users["ministry"], 2024)
    assert {c.status for _p, cells in view["lines"] for c in cells[1:]} == {selectors.NOT_OPEN}
    counts = {label: n for label, _badge, n in view["counts"]}
    assert counts["Submitted on time"] == 1 and counts["Submitted late"] == 1


def test_bad_periods_get_a_clear_message(world, on_day):
    on_day(D(2025, 12, 5))
    manager = world.users["manager"]
    cases = [
        ({"report": "leverage"}, "report", "not submitted to the ministry"),
        ({"report": "no-such-report"}, "report", "not submitted to the ministry"),
        ({"half": 2}, "half", "second half is reported in the annual report"),
        ({"half": 7}, "half", "second half"),
        ({"year": 2026}, "year", "between 2000 and 2025"),
        ({"year": 1999}, "year", "between 2000 and 2025"),
    ]
    for change, field, text in cases:
        values = {"report": "provincial", "year": 2025, "half": WHOLE_YEAR, **change}
        with pytest.raises(ValidationError) as error:
            services.submit(by=manager, province=world.hung_yen, **values)
        assert text in error.value.message_dict[field][0]
