"""Every guard of the life cycle refuses with its reason, and nothing changes."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from khuyencong.core.workflow import TransitionRefused
from khuyencong.projects import services
from khuyencong.projects.models import MoneyMovement, Project, Status
from khuyencong.projects.tests.conftest import TODAY, pdf, source
from khuyencong.projects.workflow import PROJECT_WORKFLOW


def _reasons(world, project, name, by):
    project.refresh_from_db()
    transition = PROJECT_WORKFLOW.get(name)
    return PROJECT_WORKFLOW.reasons(project, world.users[by], transition)


def test_submit_needs_schedule_money_outputs_and_the_dossier(world):
    project = world.project(planned_start=None, planned_end=None)
    reasons = _reasons(world, project, "submit", "officer")
    assert "Enter the planned start and end." in reasons
    assert "Enter the proposed state support in the budget." in reasons
    assert "Enter at least one planned output." in reasons
    with pytest.raises(TransitionRefused):
        world.act(project, "submit", "officer")
    ready = world.ready_draft()
    ready.documents.all().delete()
    with pytest.raises(ValidationError) as error:
        world.act(ready, "submit", "officer")
    assert "attachment" in error.value.message_dict
    ready.refresh_from_db()
    assert ready.status == Status.DRAFT
    # Attached to the action itself, the dossier is enough.
    assert world.act(ready, "submit", "officer", attachment=pdf()).status == Status.SUBMITTED


def test_a_transition_out_of_turn_is_refused(world):
    project = world.ready_draft()
    with pytest.raises(TransitionRefused) as error:
        world.act(project, "approve", "manager", decision_number="1", decision_date=TODAY)
    assert "Draft" in str(error.value)
    with pytest.raises(TransitionRefused):
        world.act(project, "accept", "officer", decision_number="1", decision_date=TODAY)
    project.refresh_from_db()
    assert project.status == Status.DRAFT
    assert not project.approved_on


def test_only_the_roles_allowed_may_act(world):
    project = world.ready_draft()
    world.act(project, "submit", "officer")
    reasons = _reasons(world, project, "appraise", "officer")
    assert any("Provincial manager" in r for r in reasons)
    with pytest.raises(TransitionRefused):
        world.act(
            project,
            "appraise",
            "officer",
            decision_date=TODAY,
            appraisal_result="agreed",
            appraisal_opinion="x",
        )
    with pytest.raises(TransitionRefused):
        world.act(
            project,
            "appraise",
            "other_manager",
            decision_date=TODAY,
            appraisal_result="agreed",
            appraisal_opinion="x",
        )
    assert _reasons(world, project, "appraise", "other_manager") == [
        "This record is outside your area of responsibility."
    ]


def test_required_record_fields(world):
    project = world.ready_draft()
    world.act(project, "submit", "officer")
    with pytest.raises(ValidationError) as error:
        world.act(project, "appraise", "manager", decision_date=TODAY)
    assert set(error.value.message_dict) >= {"appraisal_result", "appraisal_opinion"}
    with pytest.raises(ValidationError) as error:
        world.act(project, "return", "manager")
    assert "note" in error.value.message_dict  # the reasons for returning are required
    returned = world.act(project, "return", "manager", note="Bổ sung dự toán chi tiết.")
    assert returned.status == Status.RETURNED
    assert world.act(returned, "submit", "officer").status == Status.SUBMITTED


def test_a_decision_cannot_be_dated_in_the_future(world):
    project = world.ready_draft()
    world.act(project, "submit", "officer")
    with pytest.raises(ValidationError) as error:
        world.act(
            project,
            "appraise",
            "manager",
            decision_date=TODAY + datetime.timedelta(days=3),
            appraisal_result="agreed",
            appraisal_opinion="Đạt",
        )
    assert "decision_date" in error.value.message_dict


def test_acceptance_needs_the_record_and_actual_outputs(world):
    project = world.in_progress()
    assert "Enter the actual result of every planned output." in _reasons(
        world, project, "accept", "officer"
    )
    output = project.outputs.get()
    services.outputs_save(
        project=project,
        by=world.users["officer"],
        expected_version=project.version,
        rows=[{"indicator": output.indicator, "target": output.target, "actual": 30}],
    )
    with pytest.raises(ValidationError) as error:  # no acceptance record uploaded
        world.act(project, "accept", "officer", decision_number="1/BB", decision_date=TODAY)
    assert "attachment" in error.value.message_dict
    with pytest.raises(ValidationError) as error:  # number and date are required
        world.act(project, "accept", "officer", attachment=pdf("bb.pdf"))
    assert {"decision_number", "decision_date"} <= set(error.value.message_dict)
    project.refresh_from_db()
    assert project.status == Status.IN_PROGRESS
    assert not project.documents.filter(document_kind="acceptance_record").exists()  # rolled back


def test_settlement_needs_amounts_per_source_within_the_approved(world):
    project = world.in_progress()
    output = project.outputs.get()
    services.outputs_save(
        project=project,
        by=world.users["officer"],
        expected_version=project.version,
        rows=[{"indicator": output.indicator, "target": output.target, "actual": 35}],
    )
    world.act(
        project,
        "accept",
        "officer",
        attachment=pdf("bb.pdf"),
        decision_number="1/BB",
        decision_date=TODAY,
    )
    project.refresh_from_db()
    local, counterpart = source("local"), source("counterpart")
    with pytest.raises(ValidationError) as error:
        world.act(
            project,
            "settle",
            "manager",
            attachment=pdf("qt.pdf"),
            decision_number="2/QĐ",
            decision_date=TODAY,
            settled={local.pk: 70_000_000},
        )
    messages = error.value.message_dict["settled"]
    assert any("more than approved" in m for m in messages)
    assert any("Counterpart" in m or "đối ứng" in m for m in messages)
    project.refresh_from_db()
    assert project.status == Status.ACCEPTED
    assert not project.budget_lines.filter(settled_vnd__isnull=False).exists()
    settled = world.act(
        project,
        "settle",
        "manager",
        attachment=pdf("qt.pdf"),
        decision_number="2/QĐ",
        decision_date=TODAY,
        settled={local.pk: 58_000_000, counterpart.pk: 20_000_000},
    )
    assert settled.status == Status.SETTLED


def test_disbursed_above_the_approved_is_refused(world):
    project = world.in_progress()
    with pytest.raises(ValidationError) as error:
        services.movement_add(
            project=project,
            by=world.users["officer"],
            source=source("local"),
            kind=MoneyMovement.Kind.PAYMENT,
            date=TODAY,
            document_number="UNC-9",
            amount_vnd=60_000_001,
        )
    assert "above the approved" in error.value.message_dict["amount_vnd"][0]
    with pytest.raises(ValidationError) as error:
        services.movement_add(
            project=project,
            by=world.users["officer"],
            source=source("local"),
            kind=MoneyMovement.Kind.REFUND,
            date=TODAY,
            document_number="GNT-1",
            amount_vnd=1,
        )
    assert "refund" in error.value.message_dict["amount_vnd"][0]
    # An amendment that cuts the approved amount below what was paid blocks the settlement.
    services.movement_add(
        project=project,
        by=world.users["officer"],
        source=source("local"),
        kind=MoneyMovement.Kind.PAYMENT,
        date=TODAY,
        document_number="UNC-1",
        amount_vnd=50_000_000,
    )
    Project.objects.filter(pk=project.pk).update(status=Status.ACCEPTED)
    project.budget_lines.filter(source__code="local").update(revised_vnd=40_000_000)
    assert any(
        "More was disbursed than approved" in r
        for r in _reasons(world, project, "settle", "manager")
    )
