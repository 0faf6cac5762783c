"""Support rules: the cap that applies is shown; an approval above it is refused unless a
provincial manager records a legal justification, which the history keeps."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from khuyencong.core.selectors import history_of
from khuyencong.projects import services, support
from khuyencong.projects.models import Status
from khuyencong.projects.tests.conftest import TODAY, content, rule, source


def _machinery(world, amount):
    project = world.ready_draft(
        programme="national",
        activity_content=content("235-3"),
        amounts={"national": amount, "counterpart": 500_000_000},
    )
    project.refresh_from_db()
    services.project_update(
        project=project,
        by=world.users["officer"],
        expected_version=project.version,
        support_rule=rule("tt28-advanced-machinery"),
        eligible_cost_vnd=800_000_000,
        support_units=1,
    )
    project.refresh_from_db()
    return project


def test_the_cap_is_the_smaller_of_share_and_amount(world):
    project = _machinery(world, 250_000_000)
    assert support.cap_vnd(project) == 300_000_000  # min(50 % of 800 million, 300 million)
    assert rule("tt28-advanced-machinery") in support.rules_for(project)
    assert rule("ttlt26-advanced-machinery") not in support.rules_for(project)  # 2014 to 2018


def test_the_form_shows_the_cap(world, client):
    project = _machinery(world, 250_000_000)
    client.force_login(world.users["officer"])
    page = client.get(reverse("projects:budget", args=[project.pk])).content.decode()
    assert "300.000.000" in page


def test_a_budget_above_the_cap_is_refused_without_justification(world):
    project = _machinery(world, 250_000_000)
    with pytest.raises(ValidationError) as error:
        services.budget_save(
            project=project,
            by=world.users["officer"],
            expected_version=project.version,
            amounts={source("national"): 350_000_000},
        )
    assert "above the cap" in error.value.message_dict["cap_justification"][0]
    assert project.budget_lines.get(source__code="national").proposed_vnd == 250_000_000
    project.refresh_from_db()
    with pytest.raises(ValidationError) as error:  # an officer may not go above it
        services.budget_save(
            project=project,
            by=world.users["officer"],
            expected_version=project.version,
            amounts={source("national"): 350_000_000},
            cap_justification="Theo Nghị quyết …",
        )
    assert "Only a provincial manager" in " ".join(error.value.message_dict["cap_justification"])


def test_approval_above_the_cap_needs_a_recorded_justification(world):
    project = _machinery(world, 250_000_000)
    world.act(project, "submit", "officer")
    world.act(
        project,
        "appraise",
        "manager",
        decision_date=TODAY,
        appraisal_result="agreed",
        appraisal_opinion="Đạt",
    )
    project.refresh_from_db()
    services.budget_save(  # the manager approves more than the cap, with the justification
        project=project,
        by=world.users["manager"],
        expected_version=project.version,
        amounts={source("national"): 320_000_000},
        cap_justification="Dây chuyền đồng bộ theo khoản 3 Điều 5",
    )
    world.act(project, "send_to_ministry", "manager")
    project.refresh_from_db()
    project.cap_justification = ""
    project.save(update_fields=["cap_justification"])
    with pytest.raises(ValidationError) as error:
        world.act(
            project, "approve_national", "ministry", decision_number="5/QĐ-BCT", decision_date=TODAY
        )
    assert "cap_justification" in error.value.message_dict
    project.refresh_from_db()
    assert project.status == Status.SENT_TO_MINISTRY
    approved = world.act(
        project,
        "approve_national",
        "ministry",
        decision_number="5/QĐ-BCT",
        decision_date=TODAY,
        cap_justification="Theo khoản 3 Điều 5 TT 28/2018",
    )
    assert approved.status == Status.APPROVED
    assert approved.cap_justification == "Theo khoản 3 Điều 5 TT 28/2018"
    event = history_of(approved).get(event="project.approved")
    assert event.changes["cap_justification"] == ["", "Theo khoản 3 Điều 5 TT 28/2018"]


def test_a_rule_of_another_content_or_time_is_refused(world):
    project = world.project()  # content 235-1: training
    with pytest.raises(ValidationError) as error:
        services.project_update(
            project=project,
            by=world.users["officer"],
            expected_version=project.version,
            support_rule=rule("tt28-advanced-machinery"),
        )
    assert "support_rule" in error.value.message_dict


def test_the_old_rule_applies_to_an_old_approval(world):
    project = world.project(
        programme="national", activity_content=content("45-3"), is_historical=True, year=2016
    )
    rules = support.rules_for(project, on=datetime.date(2016, 6, 1))
    assert rules.filter(code="ttlt26-advanced-machinery").exists()
    assert not rules.filter(code="tt28-advanced-machinery").exists()
