"""The projects of a plan go through the shared import/export framework (slug `plan-items`): a list
puts projects into a plan through the plan services, every bad row is listed by row and column
with nothing saved, another province's users can neither export nor import our plans, and the
export of a plan's list re-imports with no change."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from khuyencong.core.importexport.engine import run_import
from khuyencong.core.importexport.registry import get_spec
from khuyencong.core.tests.importing import read_xlsx, xlsx
from khuyencong.plans import services
from khuyencong.plans.models import PlanItem

SLUG = "plan-items"
COLUMNS = ("plan", "project", "is_selected")


@pytest.fixture(autouse=True)
def _english_pages(client, settings):
    # Messages are asserted in their English source (one round trip is made in Vietnamese).
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


def headers(*names: str) -> list[str]:
    by_name = {c.name: str(c.header) for c in get_spec(SLUG).all_columns()}
    return [by_name[name] for name in names]


def _file(*rows: list) -> bytes:
    return xlsx([headers(*COLUMNS), *rows])


def _export(client, **params) -> bytes:
    response = client.get(reverse("core:export", args=[SLUG]), params)
    assert response.status_code == 200
    return response.content


def _import(client, data: bytes, name: str = "file.xlsx"):
    response = client.post(
        reverse("core:import", args=[SLUG]), {"file": SimpleUploadedFile(name, data)}
    )
    assert response.status_code == 200
    return response.context["result"], response.context["token"]


def _commit(client, data: bytes, name: str = "file.xlsx"):
    result, token = _import(client, data, name)
    assert token, [(r.number, r.errors) for r in result.error_rows] or result.file_errors
    response = client.post(reverse("core:import_commit", args=[SLUG]), {"token": token})
    assert response.status_code == 302
    assert response.url == reverse("plans:list")
    return result


def _errors(result) -> dict[tuple[int, str], str]:
    errors: dict[tuple[int, str], str] = {}
    for row in result.error_rows:
        for column, message in row.errors:
            key = (row.number, column)
            errors[key] = f"{errors[key]} | {message}" if key in errors else message
    return errors


def _kept(plan) -> dict[str, bool]:
    return dict(PlanItem.objects.filter(plan=plan).values_list("project__code", "is_selected"))


@pytest.fixture
def manager(client, world):
    client.force_login(world.users["manager"])
    return world.users["manager"]


# --- importing --------------------------------------------------------------------------------


def test_a_list_puts_its_projects_into_the_plan(client, world, planner, manager):
    plan = planner.plan()
    a, b, c = (world.ready_draft(title=f"Đề án {name}") for name in "ABC")
    result = _commit(
        client,
        _file(
            [plan.pk, a.code, "Có"],
            [plan.title.upper(), b.code.lower(), None],  # title and code ignoring case
            [plan.title, c.code, "Không"],
        ),
    )
    assert result.counts == {"created": 3, "updated": 0, "unchanged": 0, "rejected": 0}
    assert _kept(plan) == {a.code: True, b.code: True, c.code: False}
    item = PlanItem.objects.get(project=a)
    assert item.proposed_by == manager.organisation and item.year == plan.year

    # The same file again: nothing changes. Keeping C now: one update.
    result = _commit(
        client,
        _file([plan.pk, a.code, "Có"], [plan.pk, b.code, ""], [plan.pk, c.code, "Yes"]),
    )
    assert result.counts == {"created": 0, "updated": 1, "unchanged": 2, "rejected": 0}
    assert _kept(plan)[c.code] is True


def test_bad_rows_are_listed_by_row_and_column_and_nothing_is_saved(
    client, world, planner, manager
):
    plan = planner.plan()
    national = planner.plan(kind="national")
    good = world.ready_draft(title="Đề án tốt")
    elsewhere = world.ready_draft(title="Đề án đã vào kế hoạch khác")
    services.plan_propose(plan=plan, project=elsewhere, by=world.users["officer"])
    theirs = world.project(
        by="other_officer",
        province=world.bac_ninh,
        establishments=[world.other_establishment],
        communes=[world.bn_commune],
        lead_unit=None,
    )
    data = _file(
        [plan.pk, good.code, "Có"],  # 2: fine on its own
        [plan.pk, "DP-KHONG-CO", "Có"],  # 3: no such project
        [plan.pk, theirs.code, "Có"],  # 4: another province's project
        [national.pk, elsewhere.code, "Có"],  # 5: already in the local plan, not national
        ["Kế hoạch không có", good.code, "Có"],  # 6: no such plan (and row 2's project)
        [plan.pk, good.code, "Có lẽ"],  # 7: not yes/no, and row 2's project again
        [None, None, None],  # an empty row is skipped
    )
    result, token = _import(client, data)
    assert token is None and not result.ok
    errors = _errors(result)
    plan_header, project_header, kept_header = headers(*COLUMNS)
    assert set(errors) == {
        (3, project_header),
        (4, project_header),
        (5, project_header),
        (6, plan_header),
        (6, project_header),
        (7, kept_header),
        (7, project_header),
    }
    assert "No project with the code “DP-KHONG-CO”" in errors[(3, project_header)]
    assert "in your area of work" in errors[(4, project_header)]
    assert "already in another plan" in errors[(5, project_header)]
    assert "not of this plan's programme" in errors[(5, project_header)]
    assert "No plan with the system ID or title" in errors[(6, plan_header)]
    assert "Same as row 2" in errors[(6, project_header)]
    assert result.counts == {"created": 1, "updated": 0, "unchanged": 0, "rejected": 5}

    # Committing the file saves nothing, not even its good row (all or nothing).
    committed = run_import(get_spec(SLUG), name="f.xlsx", data=data, user=manager, commit=True)
    assert not committed.committed and committed.counts["rejected"] == 5
    assert _kept(plan) == {elsewhere.code: True}
    assert not PlanItem.objects.filter(plan=national).exists()


def test_a_closed_plan_or_a_missing_right_is_said_on_the_plan_column(
    client, world, planner, manager
):
    kept = world.ready_draft(title="Đề án đã duyệt")
    plan = planner.approved(planner.plan(), [kept])
    newcomer = world.ready_draft(title="Đề án bổ sung")
    plan_header, _project, _kept_header = headers(*COLUMNS)
    result, token = _import(client, _file([plan.pk, kept.code, "Có"], [plan.pk, newcomer.code]))
    assert token is None
    errors = _errors(result)
    assert set(errors) == {(3, plan_header)}
    assert "amendment" in errors[(3, plan_header)]
    assert [row.action for row in result.rows] == ["unchanged", ""]

    # An officer proposes during registration; leaving a proposal out is the department's.
    open_plan = planner.plan(kind="national")
    project = world.ready_draft(programme="national", amounts={"national": 90_000_000})
    client.force_login(world.users["officer"])
    result, token = _import(client, _file([open_plan.pk, project.code, "Không"]))
    assert token is None
    assert "may not change this plan" in _errors(result)[(2, plan_header)]
    _commit(client, _file([open_plan.pk, project.code, "Có"]))
    assert _kept(open_plan) == {project.code: True}


def test_a_title_shared_by_two_plans_needs_the_id(client, world, planner):
    local = planner.plan(title="Kế hoạch khuyến công")
    national = planner.plan(kind="national", title="Kế hoạch khuyến công")
    project = world.ready_draft()
    client.force_login(world.users["manager"])
    result, _token = _import(client, _file(["kế hoạch KHUYẾN CÔNG", project.code, "Có"]))
    plan_header = headers("plan")[0]
    assert "write the plan's system ID" in _errors(result)[(2, plan_header)]
    services.plan_propose(plan=local, project=project, by=world.users["manager"])
    # The export writes the ID where the title is shared, so that it reads back the same.
    rows = read_xlsx(_export(client, plan=local.pk))
    assert rows[1][:3] == [PlanItem.objects.get().pk, str(local.pk), project.code]
    assert national.pk != local.pk


# --- exporting and the round trip -------------------------------------------------------------


@pytest.fixture
def plans_with_projects(world, planner):
    a = world.ready_draft(title="Đề án A")
    b = world.ready_draft(title="Đề án B")
    c = world.ready_draft(title="Đề án C")
    local = planner.plan()
    for project in (a, b, c):
        services.plan_propose(plan=local, project=project, by=world.users["officer"])
    services.plan_select(item=local.items.get(project=b), by=world.users["manager"], selected=False)
    national = planner.approved(
        planner.plan(kind="national"),
        [world.ready_draft(programme="national", amounts={"national": 90_000_000})],
    )
    return local, national, (a, b, c)


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_export_reimports_with_no_change(client, world, manager, plans_with_projects, fmt):
    local, national, _projects = plans_with_projects
    for plan in (local, national):
        data = _export(client, plan=plan.pk, format=fmt)
        result, token = _import(client, data, f"export.{fmt}")
        assert token, [(r.number, r.errors) for r in result.error_rows] or result.file_errors
        assert result.counts["unchanged"] == plan.items.count() and len(result.rows) >= 1
    # Every plan at once, too.
    result, token = _import(client, _export(client, format=fmt), f"all.{fmt}")
    assert token and result.counts["unchanged"] == PlanItem.objects.count() == 4


def test_the_export_in_vietnamese_reimports_in_vietnamese(
    client, settings, world, manager, plans_with_projects
):
    local, _national, (a, b, c) = plans_with_projects
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "vi"
    rows = read_xlsx(_export(client, plan=local.pk))
    with translation.override("vi"):
        assert rows[0][:4] == ["Mã hệ thống", *headers(*COLUMNS)]
    assert [row[2:4] for row in rows[1:]] == [[a.code, "Có"], [b.code, "Không"], [c.code, "Có"]]
    assert {row[1] for row in rows[1:]} == {local.title}
    assert rows[1][4] == a.title and rows[1][5].startswith("235-1. ")
    result, token = _import(client, _export(client, plan=local.pk))
    assert token and result.counts["unchanged"] == 3


def test_one_edited_row_is_one_update(client, world, manager, plans_with_projects):
    local, _national, (a, b, c) = plans_with_projects
    rows = read_xlsx(_export(client, plan=local.pk))
    assert rows[1][2] == a.code
    rows[1][3] = "No"
    rows[2][3] = "Yes"
    rows[3][4] = "Tên sửa trong tệp (chỉ để đọc)"
    result = _commit(client, xlsx(rows))
    assert result.counts == {"created": 0, "updated": 2, "unchanged": 1, "rejected": 0}
    assert _kept(local) == {a.code: False, b.code: True, c.code: True}
    c.refresh_from_db()
    assert c.title == "Đề án C"


def test_a_system_id_must_match_its_plan_and_project(client, world, manager, plans_with_projects):
    local, national, (_a, b, _c) = plans_with_projects
    outside = world.ready_draft(title="Đề án chưa đề xuất")
    rows = read_xlsx(_export(client, plan=local.pk))
    rows[1][1] = national.pk
    rows[2][2] = outside.code
    rows[3][0] = 999_999
    result, _token = _import(client, xlsx(rows))
    errors = _errors(result)
    id_header = str(get_spec(SLUG).all_columns()[0].header)
    plan_header, project_header, _kept_header = headers(*COLUMNS)
    assert "of the plan" in errors[(2, plan_header)]
    assert f"is the project {b.code}" in errors[(3, project_header)]
    assert "No row with this system ID" in errors[(4, id_header)]


# --- scope ------------------------------------------------------------------------------------


def test_another_province_can_neither_export_nor_import_our_plans(
    client, world, planner, plans_with_projects
):
    local, _national, (a, _b, _c) = plans_with_projects
    theirs = planner.plan(by="other_manager", province=world.bac_ninh)
    client.force_login(world.users["other_manager"])
    response = client.get(reverse("core:export", args=[SLUG]), {"plan": local.pk})
    assert response.status_code == 404
    assert client.get(reverse("core:export", args=[SLUG]), {"plan": "x"}).status_code == 404
    assert read_xlsx(_export(client))[1:] == []  # none of ours in their full export

    plan_header, project_header, _kept_header = headers(*COLUMNS)
    result, token = _import(
        client, _file([local.pk, a.code, "Có"], [local.title, a.code, "Có"], [theirs.pk, a.code])
    )
    assert token is None
    assert set(_errors(result)) == {
        (2, plan_header),
        (2, project_header),
        (3, plan_header),
        (3, project_header),
        (4, project_header),
    }
    assert set(_kept(local)) == {p.code for p in plans_with_projects[2]}
    assert not theirs.items.exists()


def test_who_may_import_and_export(client, world, plans_with_projects):
    local = plans_with_projects[0]
    for name in ("viewer_province", "ministry", "collaborator"):
        client.force_login(world.users[name])
        assert client.get(reverse("core:import", args=[SLUG])).status_code == 403, name
        template = reverse("core:import_template", args=[SLUG])
        assert client.get(template).status_code == 403
    for name in ("viewer_province", "ministry"):
        client.force_login(world.users[name])
        assert len(read_xlsx(_export(client, plan=local.pk))) == 4
    client.force_login(world.users["officer"])
    template = client.get(reverse("core:import_template", args=[SLUG]))
    assert template.status_code == 200
    assert read_xlsx(template.content)[0][:4] == ["System ID", *headers(*COLUMNS)]
