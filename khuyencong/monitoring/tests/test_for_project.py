"""`selectors.for_project`: what the project page can show of monitoring — its inspections, its
open follow-ups and its surveys — within the reader's scope, in a fixed number of queries."""

import datetime

from khuyencong.monitoring import selectors, services
from khuyencong.projects.tests.conftest import TODAY


def test_inspections_open_follow_ups_and_surveys_of_a_project(
    monitor, world, django_assert_max_num_queries
):
    project = monitor.accepted("235-3")
    officer = monitor.user("officer")
    inspection = monitor.recorded(monitor.inspection(project=project))
    monitor.inspection(project=world.approved())  # another project
    late = services.follow_up_add(
        inspection=inspection,
        by=officer,
        action="Quá hạn",
        owner_name="HTX",
        deadline=inspection.actual_date,
    )
    closed = services.follow_up_add(
        inspection=inspection,
        by=officer,
        action="Đã đóng",
        owner_name="HTX",
        deadline=TODAY + datetime.timedelta(days=3),
    )
    services.follow_up_transition(
        follow_up=closed, by=officer, name="close", data={"decision_date": TODAY, "note": "Xong"}
    )
    with django_assert_max_num_queries(6):
        found = selectors.for_project(officer, project)
    assert [i.pk for i in found["inspections"]] == [inspection.pk]
    assert found["inspections"][0].open_follow_ups == 1
    assert [f.pk for f in found["open_follow_ups"]] == [late.pk]
    assert [f.pk for f in found["overdue_follow_ups"]] == [late.pk]
    assert len(found["surveys"]) == 3
    assert [s.months_after for s in found["surveys"]] == [6, 12, 24]


def test_nothing_outside_the_readers_scope(monitor):
    project = monitor.accepted("235-3")
    monitor.recorded(monitor.inspection(project=project))
    found = selectors.for_project(monitor.user("other_officer"), project)
    assert found == {
        "inspections": [],
        "open_follow_ups": [],
        "overdue_follow_ups": [],
        "surveys": [],
    }


def test_the_project_page_shows_its_inspections(client, world):
    from django.urls import reverse

    from khuyencong.monitoring.models import Inspection

    inspection = Inspection.objects.select_related("project").filter(project__isnull=False).first()
    project = inspection.project if inspection else world.approved()
    client.force_login(world.users["officer"])
    page = client.get(reverse("projects:detail", args=[project.pk])).content.decode()
    assert 'id="monitoring"' in page
