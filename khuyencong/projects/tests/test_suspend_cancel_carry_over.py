"""Side paths: suspension and resumption, cancellation (its money history stays), carry-over."""

import pytest
from django.core.exceptions import ValidationError

from khuyencong.core.selectors import history_of
from khuyencong.projects import money, services
from khuyencong.projects.models import MoneyMovement, Status
from khuyencong.projects.tests.conftest import TODAY, source


def test_suspend_and_resume_return_to_the_state_before(world):
    project = world.in_progress()
    with pytest.raises(ValidationError):
        world.act(project, "suspend", "manager")  # a reason is required
    suspended = world.act(project, "suspend", "manager", note="Cơ sở tạm dừng sản xuất")
    assert suspended.status == Status.SUSPENDED
    resumed = world.act(suspended, "resume", "manager", note="Cơ sở hoạt động lại")
    assert resumed.status == Status.IN_PROGRESS
    assert resumed.resume_status == ""


def test_cancellation_keeps_the_money_history(world):
    project = world.in_progress()
    services.movement_add(
        project=project,
        by=world.users["officer"],
        source=source("local"),
        kind=MoneyMovement.Kind.ADVANCE,
        date=TODAY,
        document_number="UNC-1",
        amount_vnd=10_000_000,
    )
    with pytest.raises(ValidationError):
        world.act(project, "cancel", "manager")
    cancelled = world.act(project, "cancel", "manager", note="Cơ sở không đủ vốn đối ứng")
    assert cancelled.status == Status.CANCELLED
    rows = {r.source.code: r for r in money.money_rows(cancelled)}
    assert rows["local"].disbursed_vnd == 10_000_000
    event = history_of(cancelled).get(event="project.cancelled")
    assert event.note == "Cơ sở không đủ vốn đối ứng"
    assert not services.may_record_money(world.users["officer"], cancelled)
    assert not services.may_upload(world.users["officer"], cancelled)


def test_carry_over_moves_the_project_to_next_year(world):
    project = world.approved()
    year = project.year
    carried = world.act(project, "carry_over", "manager", note="Chưa kịp triển khai")
    assert carried.status == Status.APPROVED
    assert (carried.year, carried.carried_over_from) == (year + 1, year)


def test_rejection_ends_the_project(world):
    project = world.ready_draft()
    world.act(project, "submit", "officer")
    rejected = world.act(project, "reject", "manager", note="Không thuộc đối tượng hỗ trợ")
    assert rejected.status == Status.REJECTED
    from khuyencong.projects.workflow import PROJECT_WORKFLOW

    assert PROJECT_WORKFLOW.options(rejected, world.users["manager"]) == []
