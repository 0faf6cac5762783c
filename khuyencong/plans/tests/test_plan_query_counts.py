"""The plan pages make the same number of queries whatever the number of plans, projects,
versions and tranches they show."""

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from khuyencong.geo.models import Province
from khuyencong.plans import services
from khuyencong.plans.tests.conftest import TODAY
from khuyencong.projects import services as project_services
from khuyencong.projects.models import MoneyMovement
from khuyencong.projects.tests.conftest import source


def _plans_of_other_provinces(world, planner, count: int, start: int = 0) -> None:
    provinces = Province.objects.current().exclude(pk=world.hung_yen.pk).order_by("code")
    for province in provinces[start : start + count]:
        planner.plan(by="admin", province=province)


def test_list_page(client, world, planner, django_assert_max_num_queries):
    client.force_login(world.users["ministry"])
    planner.plan()
    _plans_of_other_provinces(world, planner, 2)
    with django_assert_max_num_queries(20) as few:
        assert client.get(reverse("plans:list")).status_code == 200
    _plans_of_other_provinces(world, planner, 15, start=2)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(reverse("plans:list")).status_code == 200


def _grow(world, planner, plan, projects):
    """From an amendment in preparation: more projects, the amendment approved (one more
    version), a tranche and a transaction per project, then the next amendment opened."""
    local = source("local")
    for project in projects:
        services.plan_propose(plan=plan, project=project, by=world.users["manager"])
    planner.act(
        plan,
        "approve_amendment",
        "manager",
        decision_number="2/QĐ",
        decision_date=TODAY - datetime.timedelta(days=5),
        note="Bổ sung",
    )
    for number, project in enumerate(projects):
        services.allocation_create(
            plan=plan,
            by=world.users["manager"],
            decision_number=f"{number}/QĐ-SCT",
            decision_date=TODAY,
            lines=[(project, local, 10_000_000)],
        )
        approved = world.approved(project)
        project_services.movement_add(
            project=approved,
            by=world.users["officer"],
            source=local,
            kind=MoneyMovement.Kind.ADVANCE,
            date=TODAY,
            document_number=f"UNC-{number}",
            amount_vnd=5_000_000,
        )
    planner.act(plan, "start_amendment", "manager", note="Lần nữa")


def test_detail_page(client, world, planner, django_assert_max_num_queries):
    plan = planner.approved(planner.plan(), [world.ready_draft()])
    services.allocation_create(
        plan=plan,
        by=world.users["manager"],
        decision_number="1/QĐ-SCT",
        decision_date=TODAY,
        lines=[(plan.items.get().project, source("local"), 10_000_000)],
    )
    planner.act(plan, "start_amendment", "manager", note="Bổ sung")
    world.ready_draft()  # a free draft to propose
    client.force_login(world.users["manager"])
    url = plan.get_absolute_url()
    with django_assert_max_num_queries(45) as few:
        response = client.get(url)
    assert response.status_code == 200 and response.context["propose_form"]
    _grow(world, planner, plan, [world.ready_draft() for _ in range(6)])
    for _ in range(5):
        world.ready_draft()  # more drafts to propose
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(url)
    assert response.status_code == 200
    assert len(response.context["items"]) == 7 and len(response.context["allocations"]) == 7
    assert len(response.context["versions"]) == 2


def test_allocation_and_version_pages(client, world, planner, django_assert_max_num_queries):
    plan = planner.approved(planner.plan(), [world.ready_draft()])
    planner.act(plan, "start_amendment", "manager", note="Bổ sung")
    client.force_login(world.users["manager"])
    pages = [
        reverse("plans:allocation_create", args=[plan.pk]),
        reverse("plans:version", args=[plan.pk, 1]),
        reverse("plans:compare", args=[plan.pk]) + "?a=1&b=1",
    ]
    counts = []
    for url in pages:
        with django_assert_max_num_queries(30) as few:
            assert client.get(url).status_code == 200
        counts.append(len(few.captured_queries))
    _grow(world, planner, plan, [world.ready_draft() for _ in range(5)])
    pages[2] = reverse("plans:compare", args=[plan.pk]) + "?a=1&b=2"
    for url, count in zip(pages, counts, strict=True):
        with django_assert_max_num_queries(count):
            assert client.get(url).status_code == 200, url


def test_programme_page(client, world, planner, django_assert_max_num_queries):
    programme = services.programme_create(
        by=world.users["manager"],
        kind="local",
        name="Chương trình Hưng Yên",
        province=world.hung_yen,
        start_year=TODAY.year - 1,
        end_year=TODAY.year + 3,
    )
    plan = planner.plan(programme=programme)
    services.plan_propose(plan=plan, project=world.ready_draft(), by=world.users["officer"])
    client.force_login(world.users["manager"])
    with django_assert_max_num_queries(20) as few:
        assert client.get(programme.get_absolute_url()).status_code == 200
    for _ in range(6):
        services.plan_propose(plan=plan, project=world.ready_draft(), by=world.users["officer"])
    planner.plan(kind="national", programme=None)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(programme.get_absolute_url()).status_code == 200


def test_list_counts_its_plans_without_joins(client, world, planner):
    """The projects kept and the versions are counted for the page's rows (subqueries): the
    list's count reads the plans alone, with no GROUP BY over every plan."""
    planner.plan()
    _plans_of_other_provinces(world, planner, 2)
    client.force_login(world.users["ministry"])
    for path in (reverse("plans:list"), "/api/v1/plans/"):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(path).status_code == 200
        counts = [q["sql"] for q in queries if q["sql"].startswith("SELECT COUNT")]
        assert counts, path
        assert all("JOIN" not in sql and "GROUP BY" not in sql for sql in counts), counts
