"""The project export reads plain values (export.ExportedProject), not model instances: its cells
are those the project itself gives, and its number of queries does not grow with its rows."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from khuyencong.core.importexport.engine import run_import
from khuyencong.core.importexport.registry import get_spec
from khuyencong.core.tests.importing import read_xlsx, xlsx
from khuyencong.projects.importexport.export import ExportedProject, read_projects
from khuyencong.projects.models import Project
from khuyencong.registry.tests.factories import EstablishmentFactory, commune_of

SLUG = "projects"
COLUMNS = (
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


def _historical(user, count: int, start: int = 0) -> None:
    """`count` historical projects with old places and provinces, beneficiaries with and
    without a tax code, and money from several sources."""
    village = EstablishmentFactory(
        name=f"HTX Mây tre {start}", commune=commune_of("Hưng Yên", 4), tax_code=""
    )
    spec = get_spec(SLUG)
    by_name = {c.name: str(c.header) for c in spec.all_columns()}
    rows = [[by_name[name] for name in COLUMNS]]
    for number in range(start, start + count):
        rows.append(
            [
                2010,
                "Địa phương",
                "134-1",
                f"Đào tạo nghề mây tre đan {number}",
                f"{village.name}; 0200111222" if number % 2 else village.name,
                "Huyện Kiến Xương; Huyện Vũ Thư, Thái Bình; Xã Trà Giang, Huyện Kiến Xương"
                if number % 2
                else "Huyện Kiến Xương",
                "Thái Bình",
                f"{150 + number}.000.000",
                "50.000.000" if number % 2 else "",
                "",
                "Hoàn thành",
                f"{number}/QĐ-UBND",
                "20/04/2010",
            ]
        )
    result = run_import(spec, name="list.xlsx", data=xlsx(rows), user=user, commit=True)
    assert result.committed, [(r.number, r.errors) for r in result.error_rows]


@pytest.fixture
def projects(world):
    EstablishmentFactory(
        name="Công ty Thái Bình", commune=commune_of("Hưng Yên", 5), tax_code="0200111222"
    )
    world.ready_draft()
    world.in_progress(title="Mô hình máy thêu vi tính")
    _historical(world.users["admin"], 3)
    return world


def _export_queries(client) -> tuple[int, list[list]]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("core:export", args=[SLUG]))
    assert response.status_code == 200
    return len(queries), read_xlsx(response.content)


def test_an_exported_row_holds_what_the_project_itself_gives(projects):
    spec = get_spec(SLUG)
    request = RequestFactory().get(reverse("core:export", args=[SLUG]))
    request.user = projects.users["admin"]
    fields = tuple(c.name for c in spec.columns if c.source is None)
    exported = read_projects(spec.export_queryset(request), fields)
    assert exported and all(isinstance(row, ExportedProject) for row in exported)
    real = list(spec.base_queryset().order_by("pk"))
    assert [spec.export_row(row) for row in exported] == [spec.export_row(p) for p in real]
    assert spec.export_rows(spec.export_queryset(request)) == [spec.export_row(p) for p in real]
    old = next(row for row in exported if row.title == "Đào tạo nghề mây tre đan 1")
    assert old.places == (
        "Huyện Kiến Xương, Thái Bình; Huyện Vũ Thư, Thái Bình; "
        "Xã Trà Giang, Huyện Kiến Xương, Thái Bình"
    )


def test_the_export_reads_the_same_number_of_queries_for_more_projects(client, projects):
    client.force_login(projects.users["admin"])
    few, rows = _export_queries(client)
    assert len(rows) == 1 + 5
    _historical(projects.users["admin"], 6, start=3)
    projects.in_progress(title="Mô hình máy dệt")
    many, rows = _export_queries(client)
    assert len(rows) == 1 + Project.objects.count() == 1 + 12
    assert many == few
