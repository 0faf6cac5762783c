"""Registration → approval → two amendments → allocation in two tranches → progress, checked
by hand, for a local and a national plan."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from khuyencong.core.selectors import history_of
from khuyencong.core.workflow import TransitionRefused
from khuyencong.plans import selectors, services
from khuyencong.plans.models import PlanStatus, PlanVersion
from khuyencong.plans.tests.conftest import TODAY
from khuyencong.plans.versions import compare
from khuyencong.projects import services as project_services
from khuyencong.projects.models import MoneyMovement
from khuyencong.projects.tests.conftest import pdf, source


def _accept(world, project):
    """Drive an approved project to accepted, with its actual outputs."""
    project = world.act(
        project,
        "start",
        "officer",
        attachment=pdf("hd.pdf"),
        decision_number="1/HĐ",
        decision_date=TODAY - datetime.timedelta(days=20),
        actual_start=TODAY - datetime.timedelta(days=20),
    )
    output = project.outputs.get()
    project_services.outputs_save(
        project=project,
        by=world.users["officer"],
        expected_version=project.version,
        rows=[{"indicator": output.indicator, "target": output.target, "actual": 30}],
    )
    return world.act(
        project,
        "accept",
        "officer",
        attachment=pdf("bb.pdf"),
        decision_number="2/BB",
        decision_date=TODAY,
    )


def test_local_plan_from_registration_to_progress(world, planner):
    a = world.ready_draft(title="Đề án A", amounts={"local": 60_000_000, "counterpart": 20_000_000})
    b = world.ready_draft(title="Đề án B", amounts={"local": 50_000_000})
    c = world.ready_draft(title="Đề án C", amounts={"local": 40_000_000})
    plan = planner.plan(registration_deadline=TODAY + datetime.timedelta(days=10))
    assert plan.status == PlanStatus.REGISTRATION
    plan = planner.approved(plan, [a, b])
    assert plan.status == PlanStatus.APPROVED
    assert plan.approved_total_vnd == 110_000_000
    assert plan.decision_number == "341/UBND-CN"

    # Editing an approved plan in place is refused: amend it.
    with pytest.raises(ValidationError) as error:
        services.plan_propose(plan=plan, project=c, by=world.users["manager"])
    assert "amendment" in str(error.value)

    # Amendment 1: add C. Amendment 2: leave B out, B's money moves to A.
    planner.act(plan, "start_amendment", "manager", note="Bổ sung đề án C")
    services.plan_propose(plan=plan, project=c, by=world.users["manager"])
    plan = planner.act(
        plan,
        "approve_amendment",
        "manager",
        decision_number="500/QĐ-UBND",
        decision_date=TODAY - datetime.timedelta(days=20),
        note="Bổ sung đề án C",
    )
    assert plan.approved_total_vnd == 150_000_000
    planner.act(plan, "start_amendment", "manager", note="Điều chuyển kinh phí")
    item_b = plan.items.get(project=b)
    services.plan_select(item=item_b, by=world.users["manager"], selected=False)
    a = world.approved(a)  # A is approved at 60 million, then amended to 110 million
    world.act(a, "request_amendment", "officer", note="Tăng quy mô")
    a.refresh_from_db()
    project_services.budget_save(
        project=a,
        by=world.users["officer"],
        expected_version=a.version,
        amounts={source("local"): 110_000_000},
    )
    world.act(a, "approve_amendment", "manager", decision_number="9/QĐ", decision_date=TODAY)
    plan = planner.act(
        plan,
        "approve_amendment",
        "manager",
        decision_number="620/QĐ-UBND",
        decision_date=TODAY - datetime.timedelta(days=10),
        note="Điều chuyển",
    )
    assert plan.approved_total_vnd == 150_000_000  # 110 (A) + 40 (C)
    versions = list(PlanVersion.objects.filter(plan=plan).order_by("number"))
    assert [v.number for v in versions] == [1, 2, 3]
    assert [v.total_vnd for v in versions] == [110_000_000, 150_000_000, 150_000_000]
    changes = {d.code: d.change for d in compare(versions[1], versions[2])}
    assert changes == {a.code: "changed", b.code: "removed", c.code: "same"}
    assert {d.code: d.change for d in compare(versions[0], versions[1])}[c.code] == "added"
    events = history_of(plan).filter(event="plan.amended")
    assert events.count() == 2

    # Allocation in two tranches; never above what the plan approved.
    local = source("local")
    services.allocation_create(
        plan=plan,
        by=world.users["manager"],
        decision_number="01/QĐ-SCT",
        decision_date=TODAY - datetime.timedelta(days=5),
        lines=[(a, local, 50_000_000), (c, local, 40_000_000)],
    )
    with pytest.raises(ValidationError) as error:
        services.allocation_create(
            plan=plan,
            by=world.users["manager"],
            decision_number="02/QĐ-SCT",
            decision_date=TODAY,
            lines=[(a, local, 60_000_001)],
        )
    assert "above" in str(error.value)
    services.allocation_create(
        plan=plan,
        by=world.users["manager"],
        decision_number="02/QĐ-SCT",
        decision_date=TODAY,
        lines=[(a, local, 60_000_000)],
    )

    # Progress, by hand: A accepted with 88 of 110 million disbursed; C approved, nothing paid.
    a.refresh_from_db()
    project_services.movement_add(
        project=a,
        by=world.users["officer"],
        source=local,
        kind=MoneyMovement.Kind.ADVANCE,
        date=TODAY,
        document_number="UNC-1",
        amount_vnd=88_000_000,
    )
    _accept(world, a)
    world.approved(c)
    progress = selectors.progress(plan)
    assert progress.project_count == 2
    assert progress.accepted_count == 1
    assert progress.accepted_share == Decimal("50.0")
    by_source = {row.label: row for row in progress.money_by_source}
    row = by_source[local.name]
    assert (row.approved_vnd, row.allocated_vnd, row.disbursed_vnd) == (
        150_000_000,
        150_000_000,
        88_000_000,
    )
    assert row.disbursement_rate == Decimal("58.7")  # 88 / 150
    # All sources: 110 + 40 local and A's 20 million counterpart.
    assert progress.money_total.approved_vnd == 170_000_000
    by_content = {row.label.split(".")[0]: row for row in progress.money_by_content}
    assert by_content["235-1"].approved_vnd == 170_000_000
    targets = {row["name"]: row for row in progress.targets}
    trainees = next(row for name, row in targets.items() if "đào tạo" in name.lower())
    assert (trainees["planned"], trainees["actual"]) == (Decimal(70), Decimal(30))
    calendar = [(entry["date"], entry["label"], entry["past"]) for entry in progress.calendar]
    assert calendar == sorted(calendar)
    assert (datetime.date(TODAY.year, 6, 15), "Mid-year report due", TODAY.month > 6) in calendar
    assert {label for _, label, _ in calendar} == {
        "Registration deadline",
        "Mid-year report due",
        "Year-end report due",
    }


def test_national_plan_is_approved_by_the_ministry(world, planner):
    project = world.ready_draft(programme="national", amounts={"national": 90_000_000})
    plan = planner.plan(kind="national")
    for name in ("close_registration", "submit"):
        if name == "close_registration":
            services.plan_propose(plan=plan, project=project, by=world.users["officer"])
        planner.act(plan, name, "manager")
    from khuyencong.core.workflow import TransitionRefused

    with pytest.raises(TransitionRefused):
        planner.act(plan, "approve", "manager", decision_number="1", decision_date=TODAY)
    approved = planner.act(
        plan, "approve_national", "ministry", decision_number="77/QĐ-BCT", decision_date=TODAY
    )
    assert approved.status == PlanStatus.APPROVED
    assert approved.approved_total_vnd == 90_000_000


def test_national_plan_with_two_amendments_two_tranches_and_progress(world, planner):
    a = world.ready_draft(title="QG A", programme="national", amounts={"national": 90_000_000})
    b = world.ready_draft(title="QG B", programme="national", amounts={"national": 60_000_000})
    c = world.ready_draft(title="QG C", programme="national", amounts={"national": 45_000_000})
    plan = planner.approved(planner.plan(kind="national"), [a, b])
    assert plan.approved_total_vnd == 150_000_000
    for note, change in (("Đưa đề án B ra", "out"), ("Bổ sung đề án C", "in")):
        planner.act(plan, "start_amendment", "manager", note=note)
        if change == "out":
            item = plan.items.get(project=b)
            services.plan_select(item=item, by=world.users["manager"], selected=False)
        else:
            services.plan_propose(plan=plan, project=c, by=world.users["manager"])
        with pytest.raises(TransitionRefused):  # the province does not approve national money
            planner.act(
                plan,
                "approve_amendment",
                "manager",
                decision_number="x",
                decision_date=TODAY,
                note=note,
            )
        plan = planner.act(
            plan,
            "approve_amendment_national",
            "ministry",
            decision_number=f"{len(note)}/QĐ-BCT",
            decision_date=TODAY,
            note=note,
        )
    assert [v.total_vnd for v in plan.versions.order_by("number")] == [
        150_000_000,
        90_000_000,
        135_000_000,
    ]
    national = source("national")
    for lines in (
        [(a, national, 50_000_000), (c, national, 20_000_000)],
        [(a, national, 40_000_000)],
    ):
        services.allocation_create(
            plan=plan,
            by=world.users["manager"],
            decision_number="QĐ-PB",
            decision_date=TODAY,
            lines=lines,
        )
    a = world.approved(a)
    project_services.movement_add(
        project=a,
        by=world.users["officer"],
        source=national,
        kind=MoneyMovement.Kind.PAYMENT,
        date=TODAY,
        document_number="UNC-9",
        amount_vnd=72_000_000,
    )
    _accept(world, a)
    progress = selectors.progress(plan)
    assert (progress.project_count, progress.accepted_count) == (2, 1)
    assert progress.accepted_share == Decimal("50.0")
    row = next(r for r in progress.money_by_source if r.code == "national")
    assert (row.approved_vnd, row.allocated_vnd, row.disbursed_vnd) == (
        135_000_000,
        110_000_000,
        72_000_000,
    )
    assert row.disbursement_rate == Decimal("53.3")  # 72 / 135
