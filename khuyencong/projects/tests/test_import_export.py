"""Projects go through the shared import/export framework: historical lists create historical
projects (money, status and approval as the list says), a code or system ID updates, every bad
row is listed by row and column with nothing saved, scope holds both ways, and an export of a
filtered list re-imports with no change."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from khuyencong.core.importexport.engine import run_import
from khuyencong.core.importexport.registry import get_spec
from khuyencong.core.selectors import history_of
from khuyencong.core.tests.importing import read_xlsx, xlsx
from khuyencong.projects.importexport import IMPORTED_EVENT
from khuyencong.projects.models import Project, Status
from khuyencong.projects.tests.conftest import TODAY, content, source
from khuyencong.registry.tests.factories import EstablishmentFactory, commune_of

SLUG = "projects"
TOMORROW = TODAY + datetime.timedelta(days=1)


def headers(*names: str) -> list[str]:
    """The headers of these columns as the import page reads them (in Vietnamese)."""
    with translation.override("vi"):
        by_name = {c.name: str(c.header) for c in get_spec(SLUG).all_columns()}
    return [by_name[name] for name in names]


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


def _commit(client, data: bytes):
    result, token = _import(client, data)
    assert token, [(r.number, r.errors) for r in result.error_rows] or result.file_errors
    response = client.post(reverse("core:import_commit", args=[SLUG]), {"token": token})
    assert response.status_code == 302
    return result


def _errors(result) -> set[tuple[int, str]]:
    return {(row.number, column) for row in result.error_rows for column, _message in row.errors}


def _messages(result) -> str:
    return " | ".join(message for row in result.error_rows for _column, message in row.errors)


COLUMNS = (
    "code",
    "year",
    "programme",
    "activity_content",
    "title",
    "establishments",
    "places",
    "province",
    "amount_local",
    "amount_counterpart",
    "amount_national",
    "status",
    "approval_number",
    "approved_on",
)


def _row(**values) -> list:
    defaults = {
        "code": "",
        "year": 2010,
        "programme": "Địa phương",
        "activity_content": "134-1",
        "title": "Đào tạo nghề mây tre đan",
        "establishments": "",
        "places": "",
        "province": "",
        "amount_local": "",
        "amount_counterpart": "",
        "amount_national": "",
        "status": "Hoàn thành",
        "approval_number": "",
        "approved_on": "",
    }
    defaults.update(values)
    return [defaults[name] for name in COLUMNS]


def _file(*rows: list) -> bytes:
    return xlsx([headers(*COLUMNS), *rows])


@pytest.fixture
def officer(client, world):
    client.force_login(world.users["officer"])
    return world.users["officer"]


# --- creating historical projects -------------------------------------------------------------


def test_a_historical_list_creates_historical_projects(client, world, officer):
    old_commune = world.establishment
    rows = [
        _row(
            year=2010,
            activity_content="134-3",
            title="Mô hình trình diễn máy dệt chiếu",
            establishments=old_commune.tax_code,
            places="Huyện Kiến Xương",
            province="Thái Bình",
            amount_local="60.000.000",
            amount_counterpart=20000000,
            status="Hoàn thành",
            approval_number="123/QĐ-UBND",
            approved_on="15/05/2010",
        ),
        _row(
            year=2016,
            programme="Quốc gia",
            activity_content="Đào tạo nghề, truyền nghề và phát triển nghề",
            title="Đào tạo nghề thêu ren",
            establishments=f"{world.establishment.name}",
            places=world.commune.name,
            province="Hưng Yên",
            amount_national=90_000_000,
            status="in_progress",
        ),
    ]
    result = _commit(client, _file(*rows))
    assert result.counts["created"] == 2

    first = Project.objects.get(title="Mô hình trình diễn máy dệt chiếu")
    assert first.is_historical and first.status == Status.CLOSED
    assert first.province == world.hung_yen and first.province_then.name == "Thái Bình"
    assert first.legal_basis.code == "nd-134-2004" and first.activity_content.code == "134-3"
    assert [d.name for d in first.districts_then.all()] == ["Kiến Xương"]
    assert list(first.establishments.all()) == [world.establishment]
    assert first.approval_number == "123/QĐ-UBND"
    assert first.approved_on == datetime.date(2010, 5, 15)
    lines = {line.source.code: line for line in first.budget_lines.select_related("source")}
    assert {code: (line.proposed_vnd, line.approved_vnd) for code, line in lines.items()} == {
        "local": (60_000_000, 60_000_000),
        "counterpart": (20_000_000, 20_000_000),
    }
    event = history_of(first).get(event=IMPORTED_EVENT)
    assert event.user == officer and event.changes["status"] == "closed"
    assert history_of(first).filter(action="create").get().user == officer

    second = Project.objects.get(title="Đào tạo nghề thêu ren")
    assert second.programme == "national" and second.status == Status.IN_PROGRESS
    # On 1/7/2016 projects were approved under Decree 45/2012 (a name shared by three decrees).
    assert second.legal_basis.code == "nd-45-2012" and second.activity_content.code == "45-1"
    assert list(second.communes.all()) == [world.commune]
    assert second.province_then.name == "Hưng Yên" and not second.province_then.is_current


def test_the_province_defaults_to_the_importing_officers(client, world, officer):
    _commit(client, _file(_row(title="Không ghi tỉnh", amount_local=1_000_000)))
    project = Project.objects.get(title="Không ghi tỉnh")
    assert project.province == world.hung_yen and project.code


def test_a_row_with_a_code_updates_that_project(client, world, officer):
    _commit(client, _file(_row(title="Bản tin khuyến công", amount_local="50.000.000")))
    project = Project.objects.get(title="Bản tin khuyến công")
    version = project.version
    rows = [
        _row(
            code=project.code,
            title="Bản tin khuyến công năm 2010",
            amount_local="45.000.000",
            status="Đang thực hiện",
        )
    ]
    result = _commit(client, _file(*rows))
    assert result.counts == {"created": 0, "updated": 1, "unchanged": 0, "rejected": 0}
    project.refresh_from_db()
    assert project.title == "Bản tin khuyến công năm 2010"
    assert project.status == Status.IN_PROGRESS and project.version > version
    line = project.budget_lines.get()
    assert (line.proposed_vnd, line.approved_vnd) == (45_000_000, 45_000_000)
    assert history_of(project).filter(event=IMPORTED_EVENT).count() == 2
    # The same file again changes nothing.
    result, _token = _import(client, _file(*rows))
    assert result.counts["unchanged"] == 1


def test_a_live_project_is_updated_through_its_services_and_keeps_its_life_cycle(
    client, world, officer
):
    draft = world.ready_draft()
    rows = read_xlsx(_export(client))
    header = rows[0]
    row = next(r for r in rows[1:] if r[0] == draft.pk)
    row[header.index(headers("title")[0])] = "Đào tạo nghề thêu ren nâng cao"
    row[header.index(headers("amount_local")[0])] = 70_000_000
    result = _commit(client, xlsx([header, row]))
    assert result.counts["updated"] == 1
    draft.refresh_from_db()
    assert draft.title == "Đào tạo nghề thêu ren nâng cao" and not draft.is_historical
    assert draft.budget_lines.get(source__code="local").proposed_vnd == 70_000_000
    assert draft.status == Status.DRAFT

    row[header.index(headers("status")[0])] = "Closed"
    result, token = _import(client, xlsx([header, row]))
    assert token is None and (2, headers("status")[0]) in _errors(result)


# --- bad rows ---------------------------------------------------------------------------------


def test_bad_rows_are_listed_by_row_and_column_and_nothing_is_saved(client, world, officer):
    before = Project.objects.count()
    rows = [
        _row(title="Đúng", amount_local=1_000_000),
        _row(title="Cơ sở tỉnh khác", establishments=world.other_establishment.name),
        _row(title="Nội dung không có", activity_content="99-9"),
        _row(title="Sai nghị định", activity_content="235-1"),
        _row(title="Số âm", amount_local="-5.000.000"),
        _row(title="Địa điểm không có", places="Huyện Không Có"),
        _row(title="Mã không có", code="DP-00-2010-999"),
        _row(title="Chưa có trạng thái", status=""),
        _row(title="Trạng thái dự thảo", status="draft"),
        _row(title="Năm không có nghị định", year=2001),
        _row(
            title="Phê duyệt ngày mai",
            year=TODAY.year,
            activity_content="235-1",
            approved_on=TOMORROW.strftime("%d/%m/%Y"),
        ),
    ]
    result, token = _import(client, _file(*rows))
    assert token is None
    (
        establishments,
        activity,
        local,
        places,
        code,
        status,
        year,
        approved_on,
    ) = headers(
        "establishments",
        "activity_content",
        "amount_local",
        "places",
        "code",
        "status",
        "year",
        "approved_on",
    )
    assert _errors(result) == {
        (3, establishments),
        (4, activity),
        (5, activity),
        (6, local),
        (7, places),
        (8, code),
        (9, status),
        (10, status),
        (11, year),
        (12, approved_on),
    }
    messages = _messages(result)
    assert "235/2025/NĐ-CP" in messages and "134/2004/NĐ-CP" in messages
    assert "Huyện Không Có" in messages and "-5.000.000" in messages
    assert world.other_establishment.name in messages
    assert Project.objects.count() == before
    # Committing the same file keeps nothing either, not even its good first row.
    committed = run_import(
        get_spec(SLUG), name="f.xlsx", data=_file(*rows), user=officer, commit=True
    )
    assert not committed.committed and Project.objects.count() == before


def test_a_beneficiary_of_another_province_is_named_for_a_national_user(client, world):
    client.force_login(world.users["admin"])
    rows = [_row(province="Hưng Yên", establishments=world.other_establishment.tax_code)]
    result, token = _import(client, _file(*rows))
    assert token is None
    assert "Bắc Ninh" in _messages(result)


# --- scope ------------------------------------------------------------------------------------


def _bac_ninh_project(world):
    return world.project(
        by="other_officer",
        title="Đào tạo nghề đúc đồng",
        province=world.bac_ninh,
        establishments=[world.other_establishment],
        communes=[world.bn_commune],
        lead_unit=None,
    )


def test_another_provinces_officer_can_neither_export_nor_import_into_our_projects(client, world):
    ours = world.ready_draft()
    theirs = _bac_ninh_project(world)
    client.force_login(world.users["manager"])
    mine = read_xlsx(_export(client))
    assert [r[0] for r in mine[1:]] == [ours.pk]

    client.force_login(world.users["other_officer"])
    exported = read_xlsx(_export(client))
    assert [r[0] for r in exported[1:]] == [theirs.pk]
    result, token = _import(client, xlsx(mine))
    assert token is None and result.counts["rejected"] == 1

    # Nor by creating rows of our province.
    result, token = _import(client, _file(_row(province="Hưng Yên")))
    assert token is None and (2, headers("province")[0]) in _errors(result)
    ours.refresh_from_db()
    assert Project.objects.filter(province=world.hung_yen).count() == 1


def test_viewers_may_export_but_not_import(client, world):
    client.force_login(world.users["viewer_province"])
    assert client.get(reverse("core:export", args=[SLUG])).status_code == 200
    assert client.get(reverse("core:import", args=[SLUG])).status_code == 403


# --- round trip -------------------------------------------------------------------------------


@pytest.fixture
def many_projects(client, world, officer):
    """A draft, a project under way, and historical ones with old places and provinces."""
    world.ready_draft()
    world.in_progress(title="Mô hình máy thêu vi tính")
    village_owner = EstablishmentFactory(
        name="HTX Mây tre Hưng Yên", commune=commune_of("Hưng Yên", 4), tax_code=""
    )
    rows = [
        _row(
            title="Đào tạo nghề mây tre đan cho lao động nông thôn",
            establishments=f"{village_owner.name}; {world.establishment.tax_code}",
            places="Huyện Kiến Xương; Huyện Vũ Thư, Thái Bình; Xã Trà Giang, Huyện Kiến Xương",
            province="Thái Bình",
            amount_local="150.000.000",
            amount_counterpart="50.000.000",
            approval_number="12/QĐ-UBND",
            approved_on="20/04/2010",
        ),
        _row(
            year=2024,
            activity_content="45-4",
            programme="national",
            title="Bình chọn sản phẩm tiêu biểu",
            places=f"{world.commune.name}",
            amount_national="80.000.000",
            status="Đã nghiệm thu",
        ),
    ]
    _commit(client, _file(*rows))
    old = Project.objects.get(title="Đào tạo nghề mây tre đan cho lao động nông thôn")
    assert sorted(d.name for d in old.districts_then.all()) == ["Kiến Xương", "Vũ Thư"]
    assert [(c.name, c.district.name) for c in old.communes_then.all()] == [
        ("Trà Giang", "Kiến Xương")
    ]
    assert not old.communes.exists()
    return world


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_export_reimports_with_no_change(client, many_projects, fmt):
    data = _export(client, format=fmt)
    result, _token = _import(client, data, f"export.{fmt}")
    assert result.ok, [(r.number, r.errors) for r in result.error_rows] or result.file_errors
    assert result.counts == {"created": 0, "updated": 0, "unchanged": 4, "rejected": 0}


def test_the_export_holds_the_filtered_list(client, many_projects):
    rows = read_xlsx(_export(client, status="closed"))
    assert len(rows) == 2 and rows[1][5] == "Đào tạo nghề mây tre đan cho lao động nông thôn"
    rows = read_xlsx(_export(client, activity_content=content("45-4").pk))
    assert [r[5] for r in rows[1:]] == ["Bình chọn sản phẩm tiêu biểu"]


def test_the_template_has_a_column_per_funding_source(client, world, officer):
    response = client.get(reverse("core:import_template", args=[SLUG]))
    assert response.status_code == 200
    header = read_xlsx(response.content)[0]
    assert header == headers(*(c.name for c in get_spec(SLUG).all_columns()))
    for code in ("national", "local", "counterpart", "other_programmes", "other"):
        assert source(code).name in header
