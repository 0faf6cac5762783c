"""List pages (and the plan page with its calendar) make the same number of queries whatever
the number of rows they show."""

import datetime

import pytest
from django.urls import reverse

from khuyencong.monitoring import services
from khuyencong.monitoring.models import Survey
from khuyencong.projects.tests.conftest import TODAY
from khuyencong.registry.tests.factories import EstablishmentFactory


def _inspections(monitor, plan, count):
    officer = monitor.user("officer")
    for n in range(count):
        inspection = monitor.recorded(
            monitor.inspection(plan=plan, team_users=[officer], planned_date=TODAY.replace(day=1))
        )
        finding = services.finding_add(
            inspection=inspection, by=officer, severity="medium", text=f"Phát hiện {n}"
        )
        services.follow_up_add(
            inspection=inspection,
            by=officer,
            finding=finding,
            action=f"Khắc phục {n}",
            owner_user=officer if n % 2 else None,
            owner_name="" if n % 2 else "UBND xã",
            deadline=TODAY - datetime.timedelta(days=1) if n % 3 == 0 else TODAY,
        )


def _surveys(monitor, world, count):
    establishments = [EstablishmentFactory(commune=world.commune) for _ in range(count)]
    project = monitor.accepted("235-3", establishments=establishments)
    Survey.objects.filter(project=project).update(due_date=TODAY)


PAGES = [
    ("monitoring:inspection_list", {}),
    ("monitoring:inspection_list", {"status": "done", "kind": "planned"}),
    ("monitoring:follow_up_list", {}),
    ("monitoring:follow_up_list", {"overdue": "true"}),
    ("monitoring:plan_list", {}),
    ("monitoring:survey_due", {}),
    ("monitoring:survey_list", {"status": "due"}),
]


@pytest.mark.parametrize(("name", "query"), PAGES)
def test_list_pages(client, monitor, world, django_assert_max_num_queries, name, query):
    plan = monitor.plan()
    _inspections(monitor, plan, 2)
    _surveys(monitor, world, 1)
    client.force_login(monitor.user("officer"))
    with django_assert_max_num_queries(30) as few:
        assert client.get(reverse(name), query).status_code == 200
    _inspections(monitor, plan, 6)
    _surveys(monitor, world, 4)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(reverse(name), query).status_code == 200


def test_plan_page_with_its_calendar(client, monitor, django_assert_max_num_queries):
    plan = monitor.plan()
    _inspections(monitor, plan, 2)
    client.force_login(monitor.user("manager"))
    with django_assert_max_num_queries(40) as few:
        assert client.get(plan.get_absolute_url()).status_code == 200
    _inspections(monitor, plan, 6)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(plan.get_absolute_url()).status_code == 200


@pytest.mark.parametrize(
    "path", ["/api/v1/inspections/", "/api/v1/follow-ups/", "/api/v1/surveys/"]
)
def test_api_lists(client, monitor, world, django_assert_max_num_queries, path):
    plan = monitor.plan()
    _inspections(monitor, plan, 2)
    _surveys(monitor, world, 1)
    client.force_login(monitor.user("officer"))
    with django_assert_max_num_queries(30) as few:
        assert client.get(path).status_code == 200
    _inspections(monitor, plan, 5)
    _surveys(monitor, world, 4)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(path).status_code == 200
