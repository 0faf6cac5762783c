"""The plan pages as the department uses them: list and filters, the plan form, the detail page
in every state (stepper, actions, projects, progress, charts' data, versions, tranches), the
action pages, the version and comparison pages, and the programme pages."""

import datetime
import json
import re

from django.urls import reverse

from khuyencong.plans import services
from khuyencong.plans.models import Allocation, Plan, PlanItem, PlanStatus, Programme
from khuyencong.plans.tests.conftest import TODAY
from khuyencong.projects.tests.conftest import source


def _charts(page: str) -> dict:
    block = re.search(r'<script id="plan-charts-data" type="application/json">(.*?)</script>', page)
    assert block, "the charts' data block is on the page"
    return json.loads(block.group(1))


def _amended(world, planner):
    """A plan approved (v1: A, B) then amended (v2: B left out, C added)."""
    a = world.ready_draft(title="Đề án A", amounts={"local": 60_000_000, "counterpart": 20_000_000})
    b = world.ready_draft(title="Đề án B", amounts={"local": 50_000_000})
    c = world.ready_draft(title="Đề án C", amounts={"local": 40_000_000})
    plan = planner.approved(planner.plan(), [a, b])
    planner.act(plan, "start_amendment", "manager", note="Điều chỉnh danh mục")
    services.plan_select(item=plan.items.get(project=b), by=world.users["manager"], selected=False)
    services.plan_propose(plan=plan, project=c, by=world.users["manager"])
    plan = planner.act(
        plan,
        "approve_amendment",
        "manager",
        decision_number="500/QĐ-UBND",
        decision_date=TODAY - datetime.timedelta(days=3),
        note="Bổ sung đề án C, bỏ đề án B",
    )
    return plan, a, b, c


def test_create_a_plan_through_the_form(client, world):
    client.force_login(world.users["manager"])
    response = client.get(reverse("plans:create"))
    assert response.status_code == 200
    form = response.context["form"]
    assert form.fields["province"].disabled  # a provincial manager plans for their province
    assert "Hưng Yên" in response.content.decode()
    response = client.post(
        reverse("plans:create"),
        {
            "title": "",
            "kind": "local",
            "year": TODAY.year,
            "registration_deadline": f"31/03/{TODAY.year}",
            "note": "Theo Công văn của Sở",
        },
    )
    plan = Plan.objects.get()
    assert response.status_code == 302 and response["Location"] == plan.get_absolute_url()
    assert plan.province == world.hung_yen
    assert plan.status == PlanStatus.REGISTRATION
    assert plan.registration_deadline == datetime.date(TODAY.year, 3, 31)
    assert plan.mid_year_report_due == datetime.date(TODAY.year, 6, 15)
    assert str(TODAY.year) in plan.title and "Hưng Yên" in plan.title


def test_edit_a_plan_and_a_stale_version_is_refused(client, world, planner):
    plan = planner.plan()
    client.force_login(world.users["manager"])
    url = reverse("plans:edit", args=[plan.pk])
    form = client.get(url).context["form"]
    assert form.fields["kind"].disabled and form.fields["year"].disabled
    data = {
        "title": "Kế hoạch khuyến công địa phương năm nay",
        "registration_deadline": f"15/04/{TODAY.year}",
        "mid_year_report_due": f"20/06/{TODAY.year}",
        "year_end_report_due": f"10/12/{TODAY.year}",
        "note": "",
        "version": plan.version,
    }
    assert client.post(url, data).status_code == 302
    plan.refresh_from_db()
    assert plan.title == "Kế hoạch khuyến công địa phương năm nay"
    assert plan.mid_year_report_due == datetime.date(TODAY.year, 6, 20)
    # A second writer with the old version is told, not silently overwritten.
    response = client.post(url, {**data, "title": "Ghi đè"})
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    plan.refresh_from_db()
    assert plan.title == "Kế hoạch khuyến công địa phương năm nay"


def test_list_shows_the_columns_and_filters(client, world, planner):
    plan, *_ = _amended(world, planner)
    planner.plan(kind="national", title="Kế hoạch vốn quốc gia")
    client.force_login(world.users["manager"])
    url = reverse("plans:list")
    response = client.get(url)
    page = response.content.decode()
    assert plan.title in page and "Kế hoạch vốn quốc gia" in page
    row = next(p for p in response.context["page_obj"] if p.pk == plan.pk)
    assert row.project_count == 2 and row.version_count == 2
    assert "100,0" in page  # 60 (A) + 40 (C) million VND approved
    assert 'id="new-plan"' in page
    assert "province" not in response.context["filter"].form.fields  # one province only
    page = client.get(url, {"kind": "national"}).content.decode()
    assert "Kế hoạch vốn quốc gia" in page and plan.title not in page
    page = client.get(url, {"status": "approved"}).content.decode()
    assert plan.title in page and "Kế hoạch vốn quốc gia" not in page
    page = client.get(url, {"year": TODAY.year - 1}).content.decode()
    assert plan.title not in page
    # National users filter by province.
    client.force_login(world.users["ministry"])
    response = client.get(url, {"province": world.bac_ninh.pk})
    assert "province" in response.context["filter"].form.fields
    assert plan.title not in response.content.decode()
    assert 'id="new-plan"' not in response.content.decode()  # the ministry does not create


def test_detail_page_in_every_state(client, world, planner):
    project = world.ready_draft(title="Đề án thêu ren")
    plan = planner.plan(registration_deadline=TODAY + datetime.timedelta(days=5))
    client.force_login(world.users["manager"])
    seen = {}

    def visit(expected_actions):
        plan.refresh_from_db()
        response = client.get(plan.get_absolute_url())
        assert response.status_code == 200, plan.status
        page = response.content.decode()
        assert 'id="stepper"' in page and 'aria-current="step"' in page
        for name in expected_actions:
            assert f'data-action="{name}"' in page, (plan.status, name)
        for name in expected_actions:
            assert client.get(reverse("plans:transition", args=[plan.pk, name])).status_code == 200
        assert client.get(reverse("plans:edit", args=[plan.pk])).status_code == 200
        assert 'id="timeline"' in page and 'id="progress"' in page
        _charts(page)
        seen[plan.status] = page
        return page

    page = visit(["close_registration"])
    assert 'id="propose-form"' in page and project.code in page
    services.plan_propose(plan=plan, project=project, by=world.users["officer"])
    page = visit(["close_registration"])
    assert f'data-project="{project.code}"' in page and 'data-toggle-item="' in page
    assert "60,0" in page and "20,0" in page  # state support and counterpart, million VND
    planner.act(plan, "close_registration", "manager")
    visit(["reopen_registration", "submit"])
    planner.act(plan, "submit", "manager")
    page = visit(["return", "approve"])
    assert 'data-toggle-item="' not in page  # the list is fixed once submitted
    planner.act(
        plan,
        "approve",
        "manager",
        decision_number="341/UBND-CN",
        decision_date=TODAY - datetime.timedelta(days=2),
    )
    page = visit(["start_amendment"])
    assert "341/UBND-CN" in page and 'id="new-tranche"' in page
    assert reverse("plans:version", args=[plan.pk, 1]) in page
    planner.act(plan, "start_amendment", "manager", note="Bổ sung")
    page = visit(["approve_amendment", "drop_amendment"])
    assert 'data-toggle-item="' in page  # open again for the amendment
    assert set(seen) == set(PlanStatus.values)


def test_national_plan_shows_the_ministrys_actions(client, world, planner):
    project = world.ready_draft(programme="national", amounts={"national": 90_000_000})
    plan = planner.plan(kind="national")
    services.plan_propose(plan=plan, project=project, by=world.users["officer"])
    planner.act(plan, "close_registration", "manager")
    planner.act(plan, "submit", "manager")
    client.force_login(world.users["manager"])
    page = client.get(plan.get_absolute_url()).content.decode()
    assert 'data-action="approve_national"' in page
    assert 'data-action="approve"' not in page  # a local-plan action does not apply
    assert "unavailable-reasons" in page  # the manager sees why not
    assert client.get(reverse("plans:transition", args=[plan.pk, "approve"])).status_code == 404
    assert client.get(reverse("plans:transition", args=[plan.pk, "nothing"])).status_code == 404
    client.force_login(world.users["ministry"])
    plan.refresh_from_db()
    url = reverse("plans:transition", args=[plan.pk, "approve_national"])
    response = client.get(url)
    assert response.context["form"].fields["approved_by"].initial  # the ministry, prefilled
    response = client.post(
        url,
        {
            "version": plan.version,
            "decision_number": "77/QĐ-BCT",
            "decision_date": TODAY.strftime("%d/%m/%Y"),
            "approved_by": "Bộ Công Thương",
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    plan.refresh_from_db()
    assert plan.status == PlanStatus.APPROVED and plan.decision_number == "77/QĐ-BCT"
    assert plan.approved_total_vnd == 90_000_000


def test_propose_and_toggle_through_the_page(client, world, planner):
    project = world.ready_draft()
    plan = planner.plan()
    client.force_login(world.users["officer"])
    response = client.post(reverse("plans:propose", args=[plan.pk]), {"project": project.pk})
    assert response.status_code == 302
    item = PlanItem.objects.get(plan=plan, project=project)
    assert item.proposed_by == world.users["officer"].organisation
    client.force_login(world.users["manager"])
    url = reverse("plans:select", args=[plan.pk, item.pk])
    assert client.post(url, {"selected": "0"}).status_code == 302
    item.refresh_from_db()
    assert not item.is_selected
    page = client.get(plan.get_absolute_url()).content.decode()
    assert f'data-project="{project.code}" data-selected="0"' in page
    client.post(url, {"selected": "1"})
    item.refresh_from_db()
    assert item.is_selected


def test_progress_panel_and_charts_data(client, world, planner):
    plan, a, *_ = _amended(world, planner)
    services.allocation_create(
        plan=plan,
        by=world.users["manager"],
        decision_number="01/QĐ-SCT",
        decision_date=TODAY,
        lines=[(a, source("local"), 30_000_000)],
    )
    client.force_login(world.users["manager"])
    response = client.get(plan.get_absolute_url())
    page = response.content.decode()
    charts = _charts(page)
    assert [row["value"] for row in charts["status"]] == [2]  # two drafts kept
    money = charts["money"]
    local = money["categories"].index(source("local").name)
    series = {s["key"]: s["data"] for s in money["series"]}
    assert series["approved_vnd"][local] == 100.0 and series["allocated_vnd"][local] == 30.0
    assert 'id="money-by-source"' in page and 'id="money-by-content"' in page
    assert 'id="targets"' in page and 'id="calendar"' in page
    calendar = page.split('id="calendar"')[1].split("</ul>")[0]
    assert calendar.count("<li") == len(response.context["progress"].calendar) == 2
    assert page.count('class="table table-sm mb-2 tranche"') == 1
    assert "01/QĐ-SCT" in page and "30.000.000" in page
    assert reverse("plans:compare", args=[plan.pk]) in page


def test_charts_data_without_projects(client, world, planner):
    plan = planner.plan()
    client.force_login(world.users["manager"])
    page = client.get(plan.get_absolute_url()).content.decode()
    charts = _charts(page)
    assert charts["status"] == [] and charts["money"]["categories"] == []
    assert charts["labels"]["empty"]
    assert "js/plans.js" in page and "vendor/echarts/echarts.min.js" in page
    # Only the plan page loads the charts.
    assert "echarts" not in client.get(reverse("plans:list")).content.decode()


def test_projects_behind_schedule_are_warned(client, world, planner):
    late = world.ready_draft(title="Đề án chậm", planned_end=TODAY + datetime.timedelta(days=10))
    plan = planner.approved(planner.plan(), [late])
    world.approved(late)
    client.force_login(world.users["manager"])
    page = client.get(plan.get_absolute_url()).content.decode()
    behind = page.split('id="behind"')[1].split("</ul>")[0]
    assert late.code in behind


def test_version_and_comparison_pages(client, world, planner):
    plan, a, b, c = _amended(world, planner)
    client.force_login(world.users["viewer_province"])
    page = client.get(reverse("plans:version", args=[plan.pk, 1])).content.decode()
    assert a.code in page and b.code in page and c.code not in page
    assert "110,0" in page  # 60 + 50 million VND of state support in version 1
    assert client.get(reverse("plans:version", args=[plan.pk, 9])).status_code == 404
    annex = reverse("plans:plan_annex", args=[plan.pk])
    assert f"{annex}?version=1" in page  # the annex of this version (plans/annex.py)
    url = reverse("plans:compare", args=[plan.pk])
    response = client.get(url, {"a": 1, "b": 2})
    assert response.status_code == 200
    changes = {row.code: row.change for row in response.context["comparison"]["rows"]}
    assert changes == {a.code: "same", b.code: "removed", c.code: "added"}
    page = response.content.decode()
    assert 'data-change="removed" class="table-danger"' in page
    assert 'data-change="added" class="table-success"' in page
    assert response.context["comparison"]["counts"] == {
        "added": 1,
        "removed": 1,
        "changed": 0,
        "same": 1,
    }
    # Without a choice: the last two versions; a version that does not exist: a form error.
    assert client.get(url).context["comparison"] is not None
    response = client.get(url, {"a": 1, "b": 7})
    assert response.status_code == 200 and response.context["form"].errors
    assert response.context["comparison"] is None


def test_allocation_page_shows_approved_allocated_and_remaining(client, world, planner):
    plan, a, b, c = _amended(world, planner)
    services.allocation_create(
        plan=plan,
        by=world.users["manager"],
        decision_number="01/QĐ-SCT",
        decision_date=TODAY,
        lines=[(a, source("local"), 50_000_000)],
    )
    client.force_login(world.users["manager"])
    url = reverse("plans:allocation_create", args=[plan.pk])
    response = client.get(url)
    rows = {(r.project.code, r.source.code): r for r in response.context["form"].rows}
    row = rows[(a.code, "local")]
    assert (row.approved_vnd, row.allocated_vnd, row.remaining_vnd) == (
        60_000_000,
        50_000_000,
        10_000_000,
    )
    assert (b.code, "local") not in rows  # left out by the amendment
    assert (a.code, "counterpart") not in rows  # not the state's money to allocate
    response = client.post(
        url,
        {
            "decision_number": "02/QĐ-SCT",
            "decision_date": TODAY.strftime("%d/%m/%Y"),
            rows[(a.code, "local")].field_name: "10.000.000",
            rows[(c.code, "local")].field_name: "40000000",
        },
    )
    assert response.status_code == 302
    tranche = Allocation.objects.get(plan=plan, number=2)
    assert sorted(line.amount_vnd for line in tranche.lines.all()) == [10_000_000, 40_000_000]


def test_programme_pages(client, world, planner):
    national = Programme.objects.get(start_year=2021)
    programme = services.programme_create(
        by=world.users["manager"],
        kind="local",
        name="Chương trình khuyến công tỉnh Hưng Yên",
        province=world.hung_yen,
        start_year=TODAY.year,
        end_year=TODAY.year + 4,
        decision_number="1520/QĐ-UBND",
        decision_date=TODAY - datetime.timedelta(days=100),
    )
    plan = planner.plan(programme=programme)
    client.force_login(world.users["officer"])
    page = client.get(reverse("plans:programme_list")).content.decode()
    assert national.name in page and programme.name in page
    response = client.get(programme.get_absolute_url())
    assert response.status_code == 200
    assert "1520/QĐ-UBND" in response.content.decode()
    assert [p.pk for p in response.context["plans"]] == [plan.pk]
    page = client.get(national.get_absolute_url()).content.decode()
    assert "1881/QĐ-TTg" in page and 'id="targets"' in page
    assert "10.000" in page  # the trainees target of the 2021-2025 phase


def test_plans_are_in_the_menu_of_staff_only(client, world):
    client.force_login(world.users["viewer_province"])
    assert reverse("plans:list") in client.get("/").content.decode()
    client.force_login(world.users["establishment"])
    assert reverse("plans:list") not in client.get("/").content.decode()
