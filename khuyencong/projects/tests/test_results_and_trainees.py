"""Targets and actuals: a part never exceeds its whole; actuals are reported during the work,
at acceptance and later; a training project's trainee list (imported) gives its counts."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from khuyencong.core.importexport.registry import get_spec
from khuyencong.core.tests.importing import read_xlsx, xlsx
from khuyencong.projects import services, trainees
from khuyencong.projects.models import ProjectOutput, Trainee
from khuyencong.projects.tests.conftest import TODAY, content, indicator, pdf


def _outputs(project):
    return {
        o.indicator.code: (o.target, o.actual) for o in project.outputs.select_related("indicator")
    }


def _save(world, project, rows, by="officer"):
    project.refresh_from_db()
    services.outputs_save(
        project=project, by=world.users[by], expected_version=project.version, rows=rows
    )


def _row(code, target, actual=None):
    return {"indicator": indicator(code), "target": Decimal(target), "actual": actual}


def _running(world, content_code, targets):
    """A project of this content with these targets, approved and started."""
    project = world.ready_draft(activity_content=content(content_code))
    _save(world, project, [_row(code, target) for code, target in targets.items()])
    project = world.approved(project)
    return world.act(
        project,
        "start",
        "officer",
        attachment=pdf("hd.pdf"),
        decision_number="1/HĐ",
        decision_date=TODAY,
        actual_start=TODAY,
    )


@pytest.mark.parametrize(
    ("content_code", "targets", "actuals"),
    [
        ("235-1", {"trainees": 35, "trainees_women": 20}, {"trainees": 36, "trainees_women": 22}),
        (
            "235-3",
            {"machinery_establishments": 2, "jobs_created": 10},
            {"machinery_establishments": 2, "jobs_created": 7},
        ),
        (
            "235-4",
            {"fairs_domestic": 1, "fair_participations": 12},
            {"fairs_domestic": 1, "fair_participations": 15},
        ),
    ],
    ids=["training", "machinery", "fair"],
)
def test_targets_and_actuals_of_a_training_a_machinery_and_a_fair_project(
    client, world, content_code, targets, actuals
):
    project = _running(world, content_code, targets)
    _save(world, project, [_row(code, targets[code], Decimal(v)) for code, v in actuals.items()])
    assert _outputs(project) == {
        code: (Decimal(targets[code]), Decimal(actuals[code])) for code in targets
    }
    client.force_login(world.users["viewer_province"])
    page = client.get(project.get_absolute_url()).content.decode()
    outputs = page[page.index('id="outputs"') : page.index('id="trainees"')]
    for code in targets:
        assert indicator(code).name in outputs


def test_a_part_cannot_exceed_its_whole(world):
    project = world.project()
    with pytest.raises(ValidationError) as error:
        _save(world, project, [_row("trainees", 35), _row("trainees_women", 40)])
    assert "cannot be more than" in error.value.message_dict["outputs"][0]
    assert not project.outputs.exists()
    _save(world, project, [_row("trainees", 35), _row("trainees_women", 20)])


def test_actuals_during_the_work_at_acceptance_and_later(world):
    project = world.in_progress()  # planned: 35 trainees
    _save(world, project, [_row("trainees", 35, 30)])
    project = world.act(
        project,
        "accept",
        "officer",
        attachment=pdf("bb.pdf"),
        decision_number="1/BB",
        decision_date=TODAY,
    )
    assert services.output_columns(world.users["officer"], project) == {"actual"}
    _save(world, project, [_row("trainees", 35, 32)])  # corrected after acceptance
    assert _outputs(project)["trainees"] == (Decimal(35), Decimal(32))
    with pytest.raises(ValidationError):
        _save(world, project, [_row("trainees", 35, -1)])


def _headers(*names):
    with translation.override("vi"):
        by_name = {c.name: str(c.header) for c in get_spec("trainees").all_columns()}
    return [by_name[n] for n in names]


def test_the_trainee_list_is_imported_and_gives_the_counts(client, world):
    project = world.ready_draft()
    _save(
        world,
        project,
        [_row("trainees", 3), _row("trainees_women", 2), _row("trainees_ethnic_minority", 1)],
    )
    project = world.approved(project)
    project = world.act(
        project,
        "start",
        "officer",
        attachment=pdf("hd.pdf"),
        decision_number="1/HĐ",
        decision_date=TODAY - datetime.timedelta(days=10),
        actual_start=TODAY - datetime.timedelta(days=10),
    )
    columns = ("project", "full_name", "gender", "birth_year", "ethnicity", "commune", "trade")
    data = xlsx(
        [
            _headers(*columns),
            [project.code, "Nguyễn Thị Hoa", "Nữ", 1990, "", world.commune.name, "Thêu ren"],
            [project.code, "Hoàng Văn Páo", "Nam", 1985, "Tày", "", "Thêu ren"],
            [project.code, "Lò Thị Sương", "Nữ", 1999, "Thái", "", "Thêu ren"],
        ]
    )
    client.force_login(world.users["officer"])
    response = client.post(
        reverse("core:import", args=["trainees"]), {"file": SimpleUploadedFile("hv.xlsx", data)}
    )
    result, token = response.context["result"], response.context["token"]
    assert token, [(r.number, r.errors) for r in result.error_rows] or result.file_errors
    assert (
        client.post(reverse("core:import_commit", args=["trainees"]), {"token": token}).status_code
        == 302
    )
    assert Trainee.objects.filter(project=project).count() == 3
    assert trainees.counts(project) == {
        "trainees": 3,
        "trainees_women": 2,
        "trainees_ethnic_minority": 2,
    }
    outputs = _outputs(project)
    assert outputs["trainees"][1] == 3 and outputs["trainees_women"][1] == 2
    assert outputs["trainees_ethnic_minority"][1] == 2
    # The export of the project's list re-imports with no change.
    exported = client.get(reverse("core:export", args=["trainees"]), {"project": project.pk})
    assert len(read_xlsx(exported.content)) == 4
    response = client.post(
        reverse("core:import", args=["trainees"]),
        {"file": SimpleUploadedFile("hv.xlsx", exported.content)},
    )
    assert response.context["result"].counts["unchanged"] == 3


def test_bad_trainee_rows_and_other_provinces(client, world):
    project = world.in_progress()
    data = xlsx(
        [
            _headers("project", "full_name", "gender", "birth_year"),
            [project.code, "", "Nữ", 1990],
            [project.code, "Trần Văn An", "Không rõ", 2025],
            ["KHONG-CO", "Lê Thị Bình", "Nữ", 1990],
        ]
    )
    client.force_login(world.users["officer"])
    response = client.post(
        reverse("core:import", args=["trainees"]), {"file": SimpleUploadedFile("hv.xlsx", data)}
    )
    result = response.context["result"]
    assert not response.context["token"]
    assert len(result.error_rows) == 3
    client.force_login(world.users["other_officer"])
    good = xlsx([_headers("project", "full_name", "gender"), [project.code, "A", "Nữ"]])
    response = client.post(
        reverse("core:import", args=["trainees"]), {"file": SimpleUploadedFile("hv.xlsx", good)}
    )
    assert not response.context["token"]
    assert not Trainee.objects.exists()
    with pytest.raises(PermissionDenied):
        trainees.trainee_add(
            project=project, by=world.users["other_officer"], full_name="X", gender="female"
        )
    assert ProjectOutput.objects.filter(project=project, actual__isnull=False).count() == 0
