"""Two officers editing one project: the second is told, nothing is overwritten."""

import pytest
from django.urls import reverse

from khuyencong.core.concurrency import StaleVersionError
from khuyencong.projects import services
from khuyencong.projects.models import Project, Status
from khuyencong.projects.tests.conftest import TODAY, content, source


def test_second_edit_is_refused_on_the_page(client, world):
    project = world.project()
    opened = project.version
    first = {
        "title": "Tên của người thứ nhất",
        "programme": "local",
        "year": TODAY.year,
        "activity_content": content("235-1").pk,
        "support_units": 1,
        "version": opened,
    }
    client.force_login(world.users["officer"])
    assert client.post(reverse("projects:edit", args=[project.pk]), first).status_code == 302
    client.force_login(world.users["manager"])
    response = client.post(
        reverse("projects:edit", args=[project.pk]), {**first, "title": "Tên của người thứ hai"}
    )
    assert response.status_code == 200
    assert "Someone else saved" in str(response.context["form"].non_field_errors()) or (
        "Người khác" in response.content.decode()
    )
    assert Project.objects.get(pk=project.pk).title == "Tên của người thứ nhất"


def test_budget_and_transition_on_a_stale_version_are_refused(world):
    project = world.ready_draft()
    stale = project.version
    services.budget_save(
        project=project,
        by=world.users["officer"],
        expected_version=stale,
        amounts={source("local"): 70_000_000},
    )
    project.refresh_from_db()
    with pytest.raises(StaleVersionError):
        services.budget_save(
            project=project,
            by=world.users["manager"],
            expected_version=stale,
            amounts={source("local"): 10_000_000},
        )
    with pytest.raises(StaleVersionError):
        services.project_transition(
            project=project, by=world.users["officer"], name="submit", expected_version=stale
        )
    project.refresh_from_db()
    assert project.status == Status.DRAFT
    assert project.budget_lines.get(source__code="local").proposed_vnd == 70_000_000
