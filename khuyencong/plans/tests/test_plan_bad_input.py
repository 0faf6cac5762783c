"""Bad input on plans: refused with a clear message, nothing half saved."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from khuyencong.core.workflow import TransitionRefused
from khuyencong.plans import services
from khuyencong.plans.models import Allocation, Plan, PlanItem, PlanStatus
from khuyencong.plans.tests.conftest import TODAY
from khuyencong.projects.tests.conftest import source


def test_a_project_cannot_be_in_two_plans_of_the_same_year(world, planner):
    project = world.ready_draft()
    first = planner.plan()
    services.plan_propose(plan=first, project=project, by=world.users["officer"])
    # Another plan of the same year (a national one) refuses it; the kind is checked too.
    second = planner.plan(kind="national")
    with pytest.raises(ValidationError) as error:
        services.plan_propose(plan=second, project=project, by=world.users["manager"])
    messages = " ".join(error.value.message_dict["project"])
    assert "already in another plan" in messages
    assert "not of this plan's programme" in messages
    assert PlanItem.objects.filter(project=project).count() == 1


def test_one_plan_per_province_year_and_kind(world, planner):
    planner.plan()
    with pytest.raises(ValidationError) as error:
        planner.plan()
    assert "already has this plan" in error.value.message_dict["year"][0]


def test_approval_needs_a_decision_number_and_date(world, planner):
    plan = planner.plan()
    services.plan_propose(plan=plan, project=world.ready_draft(), by=world.users["officer"])
    planner.act(plan, "close_registration", "manager")
    planner.act(plan, "submit", "manager")
    with pytest.raises(ValidationError) as error:
        planner.act(plan, "approve", "manager", decision_date=TODAY)
    assert "decision_number" in error.value.message_dict
    plan.refresh_from_db()
    assert plan.status == PlanStatus.SUBMITTED
    assert not plan.versions.exists()


def test_an_empty_plan_cannot_be_submitted(world, planner):
    plan = planner.plan()
    planner.act(plan, "close_registration", "manager")
    with pytest.raises(TransitionRefused) as error:
        planner.act(plan, "submit", "manager")
    assert "at least one project" in str(error.value)


def test_an_approved_plan_is_not_edited_in_place(world, planner):
    plan = planner.approved(planner.plan(), [world.ready_draft()])
    item = plan.items.get()
    with pytest.raises(ValidationError) as error:
        services.plan_select(item=item, by=world.users["manager"], selected=False)
    assert "Prepare an amendment" in str(error.value)
    item.refresh_from_db()
    assert item.is_selected


def test_a_dropped_amendment_puts_the_list_back(world, planner):
    kept, added = world.ready_draft(title="Giữ lại"), world.ready_draft(title="Thêm vào")
    plan = planner.approved(planner.plan(), [kept])
    planner.act(plan, "start_amendment", "manager", note="Thử bổ sung")
    services.plan_propose(plan=plan, project=added, by=world.users["manager"])
    services.plan_select(
        item=plan.items.get(project=kept), by=world.users["manager"], selected=False
    )
    plan = planner.act(plan, "drop_amendment", "manager", note="Không trình nữa")
    assert plan.status == PlanStatus.APPROVED
    assert list(plan.items.filter(is_selected=True).values_list("project", flat=True)) == [kept.pk]
    assert not PlanItem.objects.filter(project=added).exists()  # free for another plan
    assert plan.versions.count() == 1


def test_registration_closes_at_the_deadline_for_officers(world, planner):
    plan = planner.plan(registration_deadline=TODAY - datetime.timedelta(days=1))
    with pytest.raises(ValidationError) as error:
        services.plan_propose(plan=plan, project=world.ready_draft(), by=world.users["officer"])
    assert "Registration closed" in str(error.value)
    services.plan_propose(plan=plan, project=world.ready_draft(), by=world.users["manager"])


def test_allocation_refusals(world, planner):
    project = world.ready_draft()
    plan = planner.plan()
    local = source("local")
    services.plan_propose(plan=plan, project=project, by=world.users["officer"])
    with pytest.raises(ValidationError):  # not approved yet
        services.allocation_create(
            plan=plan,
            by=world.users["manager"],
            decision_number="1",
            decision_date=TODAY,
            lines=[(project, local, 1)],
        )
    planner.act(plan, "close_registration", "manager")
    planner.act(plan, "submit", "manager")
    planner.act(
        plan,
        "approve",
        "manager",
        decision_number="1/QĐ",
        decision_date=TODAY - datetime.timedelta(days=3),
    )
    with pytest.raises(ValidationError) as error:
        services.allocation_create(
            plan=plan,
            by=world.users["manager"],
            decision_number="",
            decision_date=TODAY + datetime.timedelta(days=1),
            lines=[(project, source("national"), 5), (project, local, -1)],
        )
    errors = error.value.message_dict
    assert {"decision_number", "decision_date", "lines"} <= set(errors)
    assert any("approved no money" in m for m in errors["lines"])
    assert not Allocation.objects.exists()


def test_who_may_create_plans_and_programmes(world, planner):
    with pytest.raises(PermissionDenied):
        planner.plan(by="officer")
    with pytest.raises(ValidationError) as error:
        planner.plan(by="manager", province=world.bac_ninh)
    assert "your own province" in error.value.message_dict["province"][0]
    with pytest.raises(PermissionDenied):
        services.programme_create(
            by=world.users["manager"], kind="national", name="X", start_year=2026, end_year=2030
        )
    programme = services.programme_create(
        by=world.users["manager"],
        kind="local",
        name="Chương trình khuyến công tỉnh Hưng Yên",
        province=world.hung_yen,
        start_year=2026,
        end_year=2030,
    )
    assert programme.province == world.hung_yen
    assert not Plan.objects.exists()
