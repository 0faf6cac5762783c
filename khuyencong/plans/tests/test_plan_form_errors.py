"""Bad input through the plan pages: the services' refusals appear next to the field (or row)
they are about, and nothing is saved."""

import datetime

from django.urls import reverse

from khuyencong.plans import services
from khuyencong.plans.models import Allocation, Plan, PlanItem, PlanStatus
from khuyencong.plans.tests.conftest import TODAY


def _tranche_url(plan):
    return reverse("plans:allocation_create", args=[plan.pk])


def _rows(client, plan):
    form = client.get(_tranche_url(plan)).context["form"]
    return {(row.project.code, row.source.code): row for row in form.rows}


def test_allocation_above_the_approved_amount_is_refused_on_its_row(client, world, planner):
    a = world.ready_draft(amounts={"local": 60_000_000, "counterpart": 20_000_000})
    b = world.ready_draft(amounts={"local": 50_000_000})
    plan = planner.approved(planner.plan(), [a, b])
    client.force_login(world.users["manager"])
    rows = _rows(client, plan)
    assert (a.code, "counterpart") not in rows  # the establishment's own money is not allocated
    local = rows[(a.code, "local")]
    response = client.post(
        _tranche_url(plan),
        {
            "decision_number": "01/QĐ-SCT",
            "decision_date": TODAY.strftime("%d/%m/%Y"),
            local.field_name: "60.000.001",
            rows[(b.code, "local")].field_name: "50.000.000",
        },
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert list(errors) == [local.field_name]  # next to the row, not on top of the form
    assert "60.000.001 đ" in errors[local.field_name][0]
    assert "60.000.000 đ" in errors[local.field_name][0]
    assert 'class="invalid-feedback d-block"' in response.content.decode()
    assert not Allocation.objects.exists()  # not even the valid line of B


def test_allocation_needs_amounts_a_decision_and_whole_dong(client, world, planner):
    a = world.ready_draft(amounts={"local": 60_000_000})
    plan = planner.approved(planner.plan(), [a])
    client.force_login(world.users["manager"])
    local = _rows(client, plan)[(a.code, "local")]
    response = client.post(
        _tranche_url(plan),
        {"decision_number": "", "decision_date": "", local.field_name: "1.234,5"},
    )
    errors = response.context["form"].errors
    assert {"decision_number", "decision_date", local.field_name} <= set(errors)
    response = client.post(
        _tranche_url(plan),
        {"decision_number": "01/QĐ-SCT", "decision_date": TODAY.strftime("%d/%m/%Y")},
    )
    assert response.context["form"].non_field_errors()  # nothing allocated at all
    future = (TODAY + datetime.timedelta(days=3)).strftime("%d/%m/%Y")
    response = client.post(
        _tranche_url(plan),
        {"decision_number": "01/QĐ-SCT", "decision_date": future, local.field_name: "1000000"},
    )
    assert "decision_date" in response.context["form"].errors
    assert not Allocation.objects.exists()


def test_a_plan_not_approved_cannot_be_allocated(client, world, planner):
    plan = planner.plan()
    client.force_login(world.users["manager"])
    response = client.get(_tranche_url(plan))
    assert response.status_code == 200 and 'id="reasons"' in response.content.decode()
    response = client.post(
        _tranche_url(plan), {"decision_number": "1", "decision_date": TODAY.strftime("%d/%m/%Y")}
    )
    assert response.status_code == 200 and not Allocation.objects.exists()


def test_approval_without_a_decision_number_is_refused(client, world, planner):
    plan = planner.plan()
    services.plan_propose(plan=plan, project=world.ready_draft(), by=world.users["officer"])
    planner.act(plan, "close_registration", "manager")
    planner.act(plan, "submit", "manager")
    plan.refresh_from_db()
    client.force_login(world.users["manager"])
    url = reverse("plans:transition", args=[plan.pk, "approve"])
    response = client.post(
        url, {"version": plan.version, "decision_date": TODAY.strftime("%d/%m/%Y")}
    )
    assert response.status_code == 200
    assert "decision_number" in response.context["form"].errors
    future = (TODAY + datetime.timedelta(days=1)).strftime("%d/%m/%Y")
    response = client.post(
        url, {"version": plan.version, "decision_number": "341/UBND-CN", "decision_date": future}
    )
    assert "decision_date" in response.context["form"].errors  # the service's own check
    plan.refresh_from_db()
    assert plan.status == PlanStatus.SUBMITTED
    assert not plan.versions.exists()


def test_an_amendment_needs_its_reason(client, world, planner):
    plan = planner.approved(planner.plan(), [world.ready_draft()])
    client.force_login(world.users["manager"])
    response = client.post(
        reverse("plans:transition", args=[plan.pk, "start_amendment"]),
        {"version": plan.version, "note": "  "},
    )
    assert "note" in response.context["form"].errors
    plan.refresh_from_db()
    assert plan.status == PlanStatus.APPROVED


def test_proposing_a_project_already_in_another_plan_of_the_year(client, world, planner):
    project = world.ready_draft()
    local = planner.plan()
    services.plan_propose(plan=local, project=project, by=world.users["officer"])
    national = planner.plan(kind="national")
    client.force_login(world.users["manager"])
    response = client.post(reverse("plans:propose", args=[national.pk]), {"project": project.pk})
    assert response.status_code == 200
    errors = response.context["propose_form"].errors["project"]
    assert any(local.title in error for error in errors)  # names the plan that has it
    assert 'id="propose-form"' in response.content.decode()
    assert PlanItem.objects.filter(project=project).count() == 1


def test_a_project_of_another_province_cannot_be_proposed(client, world, planner):
    other = world.project(
        by="other_officer",
        province=world.bac_ninh,
        establishments=[world.other_establishment],
        communes=[],
        lead_unit=None,
    )
    plan = planner.plan()
    client.force_login(world.users["admin"])
    response = client.post(reverse("plans:propose", args=[plan.pk]), {"project": other.pk})
    assert response.status_code == 200
    assert response.context["propose_form"].errors["project"]
    assert not PlanItem.objects.exists()


def test_the_list_of_an_approved_plan_is_not_edited_in_place(client, world, planner):
    kept = world.ready_draft()
    extra = world.ready_draft(title="Đề án bổ sung")
    plan = planner.approved(planner.plan(), [kept])
    item = plan.items.get()
    client.force_login(world.users["manager"])
    response = client.post(
        reverse("plans:select", args=[plan.pk, item.pk]), {"selected": "0"}, follow=True
    )
    assert [m.level_tag for m in response.context["messages"]] == ["error"]
    item.refresh_from_db()
    assert item.is_selected
    response = client.post(reverse("plans:propose", args=[plan.pk]), {"project": extra.pk})
    assert response.status_code == 200
    assert response.context["propose_form"].non_field_errors()
    assert not PlanItem.objects.filter(project=extra).exists()
    page = client.get(plan.get_absolute_url()).content.decode()
    assert 'data-toggle-item="' not in page and 'id="propose-form"' not in page


def test_plan_form_errors_are_next_to_the_fields(client, world, planner):
    planner.plan()
    client.force_login(world.users["manager"])
    url = reverse("plans:create")
    response = client.post(url, {"kind": "local", "year": TODAY.year})
    assert response.status_code == 200
    assert "Hưng Yên" in response.context["form"].errors["year"][0]  # already has this plan
    response = client.post(url, {"kind": "local", "year": 1999})
    assert "year" in response.context["form"].errors
    response = client.post(url, {"kind": "local", "year": "năm nay", "mid_year_report_due": "x"})
    assert {"year", "mid_year_report_due"} <= set(response.context["form"].errors)
    assert Plan.objects.count() == 1
