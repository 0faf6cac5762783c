"""Accepting a machinery (or demonstration-model) project schedules one survey per beneficiary
6, 12 and 24 months after the acceptance date (KC_SURVEY_MONTHS); the due list shows what is
overdue or due within 30 days of "today" (a parameter, frozen here)."""

import datetime

import pytest
from django.urls import reverse

from khuyencong.core.selectors import history_of
from khuyencong.monitoring import selectors, services
from khuyencong.monitoring.models import Survey, SurveyRule, SurveyStatus
from khuyencong.projects.tests.conftest import TODAY, content
from khuyencong.registry.tests.factories import EstablishmentFactory

ACCEPTED = TODAY - datetime.timedelta(days=10)


def test_accepting_a_machinery_project_schedules_the_surveys(monitor, world):
    second = EstablishmentFactory(name="Cơ sở cơ khí Tiến Thành", commune=world.commune)
    project = monitor.accepted(
        "235-3", accepted_on=ACCEPTED, establishments=[world.establishment, second]
    )
    assert project.status == "accepted"
    surveys = Survey.objects.filter(project=project).order_by("establishment_id", "due_date")
    assert [(s.establishment_id, s.months_after, s.due_date) for s in surveys] == [
        (e.pk, months, services.add_months(ACCEPTED, months))
        for e in sorted([world.establishment, second], key=lambda e: e.pk)
        for months in (6, 12, 24)
    ]
    assert {s.status for s in surveys} == {SurveyStatus.DUE}
    assert {s.province_id for s in surveys} == {world.hung_yen.pk}
    # The project's history says so.
    assert "project.surveys_scheduled" in {r.event for r in history_of(project)}


def test_other_contents_get_no_survey(monitor):
    project = monitor.accepted("235-1")
    assert project.status == "accepted"
    assert not Survey.objects.filter(project=project).exists()


def test_the_contents_and_the_months_are_configurable(monitor, settings):
    SurveyRule.objects.create(activity_content=content("235-1"))
    settings.KC_SURVEY_MONTHS = (3,)
    project = monitor.accepted("235-1", accepted_on=ACCEPTED)
    assert [(s.months_after, s.due_date) for s in Survey.objects.filter(project=project)] == [
        (3, services.add_months(ACCEPTED, 3))
    ]
    SurveyRule.objects.filter(activity_content=content("235-3")).update(is_active=False)
    assert not Survey.objects.filter(project=monitor.accepted("235-3")).exists()


def test_rules_are_seeded_for_content_three_of_each_decree(db):
    codes = set(SurveyRule.objects.values_list("activity_content__code", flat=True))
    assert {"45-3", "235-3", "134-3"} <= codes


@pytest.mark.parametrize(
    ("day", "months"),
    [
        (
            datetime.date(2026, 8, 31),
            {6: datetime.date(2027, 2, 28), 12: datetime.date(2027, 8, 31)},
        ),
        (datetime.date(2027, 8, 31), {6: datetime.date(2028, 2, 29)}),
        (datetime.date(2026, 1, 15), {24: datetime.date(2028, 1, 15)}),
    ],
)
def test_months_are_added_on_the_calendar(day, months):
    for n, expected in months.items():
        assert services.add_months(day, n) == expected


def test_the_due_list_with_today_frozen(monitor, world):
    project = monitor.accepted("235-3", accepted_on=ACCEPTED)
    six, twelve, _twenty_four = Survey.objects.filter(project=project).order_by("due_date")
    officer = monitor.user("officer")

    def due(today):
        return list(selectors.surveys_due(user=officer, today=today))

    assert due(six.due_date - datetime.timedelta(days=31)) == []
    assert due(six.due_date - datetime.timedelta(days=30)) == [six]  # due within 30 days
    assert due(six.due_date + datetime.timedelta(days=200)) == [six, twelve]  # one overdue
    services.survey_record(
        survey=six,
        by=officer,
        expected_version=six.version,
        status=SurveyStatus.DONE,
        surveyed_on=TODAY,
        equipment_in_use="yes",
        workers=12,
        women_workers=5,
        revenue_vnd=2_400_000_000,
        cost_change_percent=-12.5,
        note="Máy hoạt động tốt.",
    )
    assert due(six.due_date + datetime.timedelta(days=200)) == [twelve]  # done: off the list
    six.refresh_from_db()
    assert six.status == SurveyStatus.DONE
    assert six.recorded_by == officer and six.recorded_at is not None
    assert six.revenue_vnd == 2_400_000_000
    assert "survey.recorded" in {r.event for r in history_of(six)}


def test_the_due_page_lists_the_surveys_of_the_collaborators_communes(client, monitor, world):
    project = monitor.accepted("235-3")
    # As if the project had been accepted six months ago: the first survey is due in ten days.
    Survey.objects.filter(project=project, months_after=6).update(
        due_date=TODAY + datetime.timedelta(days=10)
    )
    six = Survey.objects.get(project=project, months_after=6)
    for role in ("officer", "collaborator"):
        client.force_login(monitor.user(role))
        page = client.get(reverse("monitoring:survey_due"))
        assert [s.pk for s in page.context["page_obj"]] == [six.pk], role
    client.force_login(monitor.user("other_officer"))
    assert list(client.get(reverse("monitoring:survey_due")).context["page_obj"]) == []


def test_a_survey_the_establishment_could_not_be_reached_for(monitor):
    project = monitor.accepted("235-3")
    survey = Survey.objects.filter(project=project).first()
    collaborator = monitor.user("collaborator")
    survey = services.survey_record(
        survey=survey,
        by=collaborator,
        expected_version=survey.version,
        status=SurveyStatus.NOT_REACHABLE,
        surveyed_on=TODAY,
        note="Gọi 3 lần không nghe máy; đến nơi cơ sở đóng cửa.",
    )
    assert survey.status == SurveyStatus.NOT_REACHABLE
    assert survey.equipment_in_use == "" and survey.workers is None
