"""The whole life of a local and of a national project, from draft to closed."""

import datetime

from khuyencong.core.selectors import history_of
from khuyencong.projects import money
from khuyencong.projects.models import MoneyMovement, ProjectVersion, Status
from khuyencong.projects.services import movement_add
from khuyencong.projects.tests.conftest import TODAY, pdf, source


def _finish(world, project):
    """From in progress to closed: money, actual outputs, acceptance, settlement, closing."""
    officer = world.users["officer"]
    local = source("local") if not project.is_national else source("national")
    movement_add(
        project=project,
        by=officer,
        source=local,
        kind=MoneyMovement.Kind.ADVANCE,
        date=TODAY - datetime.timedelta(days=30),
        document_number="UNC-01",
        amount_vnd=30_000_000,
    )
    movement_add(
        project=project,
        by=officer,
        source=local,
        kind=MoneyMovement.Kind.PAYMENT,
        date=TODAY - datetime.timedelta(days=5),
        document_number="UNC-02",
        amount_vnd=25_000_000,
    )
    project.refresh_from_db()
    output = project.outputs.get()
    from khuyencong.projects.services import outputs_save

    outputs_save(
        project=project,
        by=officer,
        expected_version=project.version,
        rows=[{"indicator": output.indicator, "target": output.target, "actual": 36}],
    )
    world.act(
        project,
        "accept",
        "officer",
        attachment=pdf("bien-ban-nghiem-thu.pdf"),
        decision_number="07/BB-NT",
        decision_date=TODAY - datetime.timedelta(days=2),
    )
    lines = {line.source.code: line for line in project.budget_lines.select_related("source")}
    settled = {line.source_id: line.current_vnd for line in lines.values()}
    settled[local.pk] = 55_000_000
    world.act(
        project,
        "settle",
        "manager",
        attachment=pdf("bao-cao-quyet-toan.pdf"),
        decision_number="88/QĐ-SCT",
        decision_date=TODAY - datetime.timedelta(days=1),
        settled=settled,
    )
    return world.act(project, "close", "manager", decision_date=TODAY)


def test_local_project_from_draft_to_closed(world):
    project = world.in_progress()
    assert project.status == Status.IN_PROGRESS
    assert project.legal_basis.code == "nd-235-2025"
    assert project.approval_number == "123/QĐ-SCT"
    assert project.contract_number == "15/HĐ-KC"

    closed = _finish(world, project)

    assert closed.status == Status.CLOSED
    assert closed.acceptance_number == "07/BB-NT"
    assert closed.settlement_number == "88/QĐ-SCT"
    rows = {row.source.code: row for row in money.money_rows(closed)}
    assert rows["local"].approved_vnd == 60_000_000
    assert rows["local"].disbursed_vnd == 55_000_000
    assert rows["local"].settled_vnd == 55_000_000
    assert rows["local"].settlement_gap_vnd == 5_000_000
    events = list(
        history_of(closed).filter(event__startswith="project.").values_list("event", flat=True)
    )
    assert events[::-1] == [
        "project.submitted",
        "project.appraised",
        "project.approved",
        "project.started",
        "project.accepted",
        "project.settled",
        "project.closed",
    ]
    approved = history_of(closed).get(event="project.approved")
    assert approved.changes["approval_number"] == ["", "123/QĐ-SCT"]
    assert approved.changes["status"] == ["appraised", "approved"]
    # One entry per move: the save of the new state is not logged a second time.
    assert not history_of(closed).filter(action="update", changes__has_key="status").exists()
    assert approved.user == world.users["manager"]
    assert ProjectVersion.objects.filter(project=closed).count() == 1


def test_national_project_is_approved_by_the_ministry(world):
    project = world.ready_draft(programme="national", amounts={"national": 90_000_000})
    world.act(project, "submit", "officer")
    world.act(
        project,
        "appraise",
        "manager",
        decision_date=TODAY - datetime.timedelta(days=50),
        appraisal_result="agreed",
        appraisal_opinion="Đạt",
    )
    project.refresh_from_db()
    from khuyencong.projects.workflow import PROJECT_WORKFLOW

    names = [o.name for o in PROJECT_WORKFLOW.options(project, world.users["manager"])]
    assert "approve" not in names  # a national project is not approved by the province
    assert "send_to_ministry" in names
    world.act(project, "send_to_ministry", "manager")
    project.refresh_from_db()
    manager_options = {o.name: o for o in PROJECT_WORKFLOW.options(project, world.users["manager"])}
    assert not manager_options["approve_national"].allowed
    approved = world.act(
        project,
        "approve_national",
        "ministry",
        decision_number="456/QĐ-BCT",
        decision_date=TODAY - datetime.timedelta(days=45),
    )
    assert approved.status == Status.APPROVED
    started = world.act(
        approved,
        "start",
        "officer",
        attachment=pdf("hop-dong.pdf"),
        decision_number="1/HĐ",
        decision_date=TODAY - datetime.timedelta(days=40),
        actual_start=TODAY - datetime.timedelta(days=40),
    )
    closed = _finish(world, started)
    assert closed.status == Status.CLOSED
