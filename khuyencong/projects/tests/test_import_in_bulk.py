"""The new rows of a project list are created together (`importexport.bulk`): each checked as
`project_create` checks a project, then saved with a few bulk inserts, their codes given in the
order of the file, their change log written as for a project created alone, and the number of
queries of an import not growing with its rows."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from khuyencong.core.importexport.engine import run_import
from khuyencong.core.importexport.registry import get_spec
from khuyencong.core.selectors import history_of
from khuyencong.core.tests.importing import read_xlsx, xlsx
from khuyencong.core.text import fold
from khuyencong.projects.importexport import IMPORTED_EVENT
from khuyencong.projects.models import Project, Status
from khuyencong.projects.tests.test_import_export import (
    SLUG,
    _commit,
    _errors,
    _export,
    _file,
    _import,
    _messages,
    _row,
    headers,
)
from khuyencong.registry.tests.factories import EstablishmentFactory


@pytest.fixture
def officer(client, world):
    client.force_login(world.users["officer"])
    return world.users["officer"]


def test_new_rows_get_codes_in_the_order_of_the_file_and_a_log_as_if_created_alone(
    client, world, officer
):
    rows = [
        _row(
            title=f"Đề án nhập {n}",
            establishments=world.establishment.tax_code,
            places="Huyện Kiến Xương",
            province="Thái Bình",
            amount_local=1_000_000 * (n + 1),
            approval_number=f"{n}/QĐ-UBND",
            approved_on=f"0{n + 1}/05/2010",
        )
        for n in range(3)
    ]
    result = _commit(client, _file(*rows))
    assert result.counts["created"] == 3

    projects = list(Project.objects.filter(title__startswith="Đề án nhập").order_by("pk"))
    assert [p.title for p in projects] == ["Đề án nhập 0", "Đề án nhập 1", "Đề án nhập 2"]
    numbers = [int(p.code.rsplit("-", 1)[1]) for p in projects]
    assert numbers == [numbers[0], numbers[0] + 1, numbers[0] + 2]
    assert all(p.search_key == fold(f"{p.code} {p.title}") for p in projects)
    assert Project.objects.filter(search_key__contains=fold("đề án nhập 1")).count() == 1

    first = projects[0]
    assert first.is_historical and first.status == Status.CLOSED
    assert first.legal_basis.code == "nd-134-2004"
    created = history_of(first).get(action="create")
    assert created.user == officer and created.province_id == first.province_id
    assert created.changes["status"] == [None, "closed"]
    assert created.changes["approval_number"] == [None, "0/QĐ-UBND"]
    assert created.changes["establishments"] == [[], [world.establishment.pk]]
    assert created.changes["districts_then"] == [[], [first.districts_then.get().pk]]
    event = history_of(first).get(event=IMPORTED_EVENT)
    assert event.user == officer and event.changes["amounts"] == {"local": 1_000_000}
    line = first.budget_lines.get()
    assert (line.proposed_vnd, line.approved_vnd) == (1_000_000, 1_000_000)
    line_created = history_of(line).get(action="create")
    assert line_created.user == officer and line_created.province_id == first.province_id


def test_a_row_the_project_rules_reject_is_listed_and_nothing_is_saved(client, world, officer):
    data = _file(_row(title="Đề án đúng"), _row(title="Đề án tỉnh khác", province="Hà Nội"))
    result, token = _import(client, data)
    assert not token
    assert _errors(result) == {(3, headers("province")[0])}
    assert "tỉnh mình" in _messages(result)  # the page answers in Vietnamese
    assert not Project.objects.filter(title__startswith="Đề án").exists()


@pytest.mark.parametrize("commit", [False, True])
def test_the_queries_of_an_import_do_not_grow_with_its_rows(world, officer, commit):
    establishments = EstablishmentFactory.create_batch(12, province=world.hung_yen)
    places = ["Huyện Kiến Xương", "Huyện Vũ Thư", world.commune.name]

    def queries(n: int, label: str) -> int:
        rows = [
            _row(
                title=f"Đề án {label} {i}",
                establishments=establishments[i].tax_code,
                places=places[i % 3],
                province="Thái Bình" if i % 3 < 2 else "Hưng Yên",
                amount_local=1_000_000 + i,
                amount_national=2_000_000 if i % 2 else "",
                approved_on=f"{i + 1:02d}/0{i % 9 + 1}/2010",
            )
            for i in range(n)
        ]
        with CaptureQueriesContext(connection) as captured, translation.override("vi"):
            result = run_import(
                get_spec(SLUG), name="f.xlsx", data=_file(*rows), user=officer, commit=commit
            )
        assert result.ok, [(r.number, r.errors) for r in result.error_rows]
        assert result.counts["created"] == n
        return len(captured)

    queries(2, "warm-up")
    assert queries(3, "a") == queries(12, "b")


@pytest.fixture
def twelve_old_projects(client, world, officer):
    rows = [
        _row(
            title=f"Đề án cũ {i}",
            establishments=world.establishment.tax_code,
            places="Huyện Kiến Xương" if i % 2 else world.commune.name,
            province="Thái Bình" if i % 2 else "Hưng Yên",
            amount_local=1_000_000 + i,
        )
        for i in range(12)
    ]
    _commit(client, _file(*rows))
    return list(Project.objects.filter(title__startswith="Đề án cũ").order_by("pk"))


def test_re_importing_an_export_reads_the_projects_ahead(client, officer, twelve_old_projects):
    """The projects a file names are read for the whole file at once: the queries of a dry run
    of an unchanged export do not grow with its rows."""
    header, *rows = read_xlsx(_export(client))

    def queries(n: int) -> int:
        with CaptureQueriesContext(connection) as captured, translation.override("vi"):
            result = run_import(
                get_spec(SLUG),
                name="f.xlsx",
                data=xlsx([header, *rows[:n]]),
                user=officer,
                commit=False,
            )
        assert result.counts == {"created": 0, "updated": 0, "unchanged": n, "rejected": 0}
        return len(captured)

    assert queries(3) == queries(12)


def test_a_code_written_in_lower_case_still_names_its_project(client, officer, twelve_old_projects):
    project = twelve_old_projects[0]
    result = _commit(client, _file(_row(code=project.code.lower(), title="Đề án cũ, sửa tên")))
    assert result.counts["updated"] == 1
    project.refresh_from_db()
    assert project.title == "Đề án cũ, sửa tên"


def test_a_cell_naming_one_beneficiary_or_place_twice_links_it_once(client, world, officer):
    establishment = world.establishment
    row = _row(
        title="Đề án ghi trùng",
        establishments=f"{establishment.name}; {establishment.tax_code}",
        places="Huyện Kiến Xương; Huyện Kiến Xương, Thái Bình",
        province="Thái Bình",
        amount_local=1_000_000,
    )
    result = _commit(client, _file(row))
    assert result.counts["created"] == 1
    project = Project.objects.get(title="Đề án ghi trùng")
    assert list(project.establishments.all()) == [establishment]
    assert [d.name for d in project.districts_then.all()] == ["Kiến Xương"]
    created = history_of(project).get(action="create")
    assert created.changes["establishments"] == [[], [establishment.pk]]


def test_a_project_named_by_two_rows_by_its_id_and_its_code_takes_both_in_turn(
    client, officer, twelve_old_projects
):
    """The rows are applied in order: the second reads the project as the first left it (here
    it puts back what the project had before the first)."""
    project = twelve_old_projects[0]
    header, *rows = read_xlsx(_export(client))
    as_exported = next(row for row in rows if row[0] == project.pk)
    id_at, code_at = 0, header.index(headers("code")[0])
    title_at = header.index(headers("title")[0])
    first, second = list(as_exported), list(as_exported)
    first[code_at], first[title_at] = None, "Tên sau dòng 1"
    second[id_at] = None
    result = _commit(client, xlsx([header, first, second]))
    assert result.counts == {"created": 0, "updated": 2, "unchanged": 0, "rejected": 0}
    project.refresh_from_db()
    assert project.title == "Đề án cũ 0"
