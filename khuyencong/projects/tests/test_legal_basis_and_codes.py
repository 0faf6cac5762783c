"""A project keeps the legal basis of its approval date; codes per province and year."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from khuyencong.projects import services
from khuyencong.projects.tests.conftest import TODAY, content


def test_new_projects_use_the_contents_of_the_basis_in_force(world):
    with pytest.raises(ValidationError) as error:
        world.project(activity_content=content("45-1"))
    assert "235/2025/NĐ-CP" in error.value.message_dict["activity_content"][0]
    assert world.project().legal_basis.number == "235/2025/NĐ-CP"


def test_approval_dated_before_15_10_2025_is_refused_under_the_new_decree(world):
    project = world.ready_draft()
    world.act(project, "submit", "officer")
    world.act(
        project,
        "appraise",
        "manager",
        decision_date=datetime.date(2025, 9, 1),
        appraisal_result="agreed",
        appraisal_opinion="Đạt",
    )
    with pytest.raises(ValidationError) as error:
        world.act(
            project,
            "approve",
            "manager",
            decision_number="9/QĐ",
            decision_date=datetime.date(2025, 10, 14),
        )
    assert "45/2012/NĐ-CP" in error.value.message_dict["decision_date"][0]
    approved = world.act(
        project,
        "approve",
        "manager",
        decision_number="9/QĐ",
        decision_date=datetime.date(2025, 10, 15),
    )
    assert approved.legal_basis.number == "235/2025/NĐ-CP"


def test_historical_project_keeps_its_old_basis(world):
    project = world.project(activity_content=content("45-1"), is_historical=True, year=2019)
    assert project.legal_basis.number == "45/2012/NĐ-CP"


def test_codes_run_per_province_and_year(world, settings):
    first = world.project()
    second = world.project(programme="national")
    other = world.project(
        by="other_officer", province=world.bac_ninh, establishments=[], communes=[], lead_unit=None
    )
    assert first.code == f"DP-{world.hung_yen.code}-{TODAY.year}-001"
    assert second.code == f"QG-{world.hung_yen.code}-{TODAY.year}-002"
    assert other.code == f"DP-{world.bac_ninh.code}-{TODAY.year}-001"
    settings.KC_PROJECT_CODE_FORMAT = "KC/{year}/{province}/{number:04d}"
    assert world.project().code == f"KC/{TODAY.year}/{world.hung_yen.code}/0003"


def test_an_officer_creates_only_in_their_province(world):
    with pytest.raises(ValidationError) as error:
        world.project(province=world.bac_ninh, establishments=[], communes=[])
    assert "province" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        world.project(establishments=[world.other_establishment])
    assert "Công ty Đồng Bắc Ninh" in error.value.message_dict["establishments"][0]
    with pytest.raises(ValidationError) as error:
        world.project(communes=[world.bn_commune])
    assert "communes" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        world.project(officers=[world.users["other_officer"]])
    assert "officers" in error.value.message_dict


def test_bad_dates_and_numbers_are_refused(world):
    with pytest.raises(ValidationError) as error:
        world.project(
            planned_start=TODAY,
            planned_end=TODAY - datetime.timedelta(days=1),
            eligible_cost_vnd=-1,
            support_units=0,
            year=1990,
            title=" ",
        )
    assert {"planned_end", "eligible_cost_vnd", "support_units", "year", "title"} <= set(
        error.value.message_dict
    )
    from khuyencong.projects.models import Project

    assert not Project.objects.exists()
    assert services.next_code  # the sequence is not consumed by a refused project
