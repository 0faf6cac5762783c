"""Amendments: each approved one is a new version with its decision; earlier versions stay; a
refused one puts the project back as it was."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from khuyencong.projects import services
from khuyencong.projects.models import ProjectVersion, Status
from khuyencong.projects.tests.conftest import TODAY, source


def _propose(world, project, **values):
    project.refresh_from_db()
    return services.project_update(
        project=project, by=world.users["officer"], expected_version=project.version, **values
    )


def test_approved_amendment_is_a_new_version(world, client):
    project = world.in_progress()
    world.act(project, "request_amendment", "officer", note="Kéo dài thời gian, tăng kinh phí.")
    project.refresh_from_db()
    assert project.status == Status.AMENDMENT_REQUESTED
    new_end = project.planned_end + datetime.timedelta(days=60)
    _propose(world, project, planned_end=new_end, establishments=[world.establishment])
    project.refresh_from_db()
    services.budget_save(
        project=project,
        by=world.users["officer"],
        expected_version=project.version,
        amounts={source("local"): 70_000_000},
    )
    approved = world.act(
        project,
        "approve_amendment",
        "manager",
        decision_number="200/QĐ-SCT",
        decision_date=TODAY,
        note="Điều chỉnh lần 1",
    )
    assert approved.status == Status.IN_PROGRESS  # back where it was
    versions = list(ProjectVersion.objects.filter(project=approved).order_by("number"))
    assert [v.number for v in versions] == [1, 2]
    assert versions[1].decision_number == "200/QĐ-SCT"
    assert versions[0].data["planned_end"] != versions[1].data["planned_end"]
    first_local = next(r for r in versions[0].data["budget"] if r["source"] == source("local").pk)
    second_local = next(r for r in versions[1].data["budget"] if r["source"] == source("local").pk)
    assert (first_local["current_vnd"], second_local["current_vnd"]) == (60_000_000, 70_000_000)
    line = approved.budget_lines.get(source__code="local")
    assert (line.approved_vnd, line.revised_vnd, line.current_vnd) == (
        60_000_000,
        70_000_000,
        70_000_000,
    )
    client.force_login(world.users["viewer_province"])
    page = client.get(reverse("projects:version", args=[approved.pk, 1])).content.decode()
    assert "60.000.000" in page


def test_refused_amendment_restores_the_last_version(world):
    project = world.approved()
    before_end = project.planned_end
    world.act(project, "request_amendment", "officer", note="Đổi địa điểm")
    _propose(world, project, planned_end=before_end + datetime.timedelta(days=10), communes=[])
    project.refresh_from_db()
    services.budget_save(
        project=project,
        by=world.users["officer"],
        expected_version=project.version,
        amounts={source("local"): 10_000_000},
    )
    refused = world.act(project, "refuse_amendment", "manager", note="Không đủ căn cứ")
    assert refused.status == Status.APPROVED
    assert refused.planned_end == before_end
    assert list(refused.communes.all()) == [world.commune]
    assert refused.budget_lines.get(source__code="local").current_vnd == 60_000_000
    assert ProjectVersion.objects.filter(project=refused).count() == 1


def test_an_amendment_changes_only_schedule_beneficiaries_places_and_money(world):
    project = world.approved()
    world.act(project, "request_amendment", "officer", note="Đổi tên")
    with pytest.raises(ValidationError) as error:
        _propose(world, project, title="Tên mới của đề án")
    assert "title" in error.value.message_dict


def test_approved_project_is_not_editable_without_an_amendment(world):
    project = world.approved()
    assert not services.may_edit(world.users["officer"], project)
    with pytest.raises(PermissionDenied):
        _propose(world, project, planned_end=project.planned_end + datetime.timedelta(days=1))


def test_national_amendment_is_approved_by_the_ministry(world):
    project = world.approved(programme="national", amounts={"national": 90_000_000})
    world.act(project, "request_amendment", "officer", note="Gia hạn")
    from khuyencong.core.workflow import TransitionRefused

    with pytest.raises(TransitionRefused):
        world.act(project, "approve_amendment", "manager", decision_number="1", decision_date=TODAY)
    done = world.act(
        project,
        "approve_amendment_national",
        "ministry",
        decision_number="9/QĐ-BCT",
        decision_date=TODAY,
    )
    assert done.status == Status.APPROVED
    assert done.versions.count() == 2
