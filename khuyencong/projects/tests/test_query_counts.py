"""List and detail pages make the same number of queries whatever the number of rows."""

import datetime

from django.urls import reverse

from khuyencong.projects import services
from khuyencong.projects.models import MoneyMovement
from khuyencong.projects.tests.conftest import TODAY, pdf, source


def test_list_page(client, world, django_assert_max_num_queries):
    client.force_login(world.users["officer"])
    for _ in range(2):
        world.ready_draft()
    with django_assert_max_num_queries(25) as few:
        assert client.get(reverse("projects:list")).status_code == 200
    for _ in range(12):
        world.ready_draft()
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(reverse("projects:list"), {"sort": "-support"}).status_code == 200


def test_detail_page(client, world, django_assert_max_num_queries):
    project = world.in_progress()
    client.force_login(world.users["officer"])
    with django_assert_max_num_queries(60) as few:
        assert client.get(project.get_absolute_url()).status_code == 200
    officer = world.users["officer"]
    for day in range(10):
        services.movement_add(
            project=project,
            by=officer,
            source=source("local"),
            kind=MoneyMovement.Kind.PAYMENT,
            date=TODAY - datetime.timedelta(days=day),
            document_number=f"UNC-{day}",
            amount_vnd=1_000_000,
        )
        services.document_add(
            project=project, by=officer, upload=pdf(f"anh-{day}.pdf"), document_kind="other"
        )
    project.refresh_from_db()
    services.outputs_save(
        project=project,
        by=officer,
        expected_version=project.version,
        rows=[
            {"indicator": o.indicator, "target": o.target, "actual": 3}
            for o in project.outputs.all()
        ],
    )
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(project.get_absolute_url()).status_code == 200
