"""The plan annex (phụ lục kế hoạch) as xlsx: the title block, one row per kept project with its
money per funding source and a total row that match the plan; any version, or the current list;
within the reader's scope."""

import datetime
import io

import pytest
from django.urls import NoReverseMatch, include, path, reverse
from openpyxl import load_workbook

from khuyencong.plans import export_urls, selectors, services
from khuyencong.plans import urls as plan_urls
from khuyencong.plans.models import PlanVersion
from khuyencong.plans.tests.conftest import TODAY
from khuyencong.policy.models import FundingSource

# Until plans/urls.py includes `export_urls`, the tests serve them beside the project's URLs.
urlpatterns = [
    path("plans/", include(([*plan_urls.urlpatterns, *export_urls.urlpatterns], "plans"))),
    path("", include("khuyencong.urls")),
]


@pytest.fixture(autouse=True)
def _annex_url(client, settings):
    try:
        reverse("plans:plan_annex", args=[1])
    except NoReverseMatch:
        settings.ROOT_URLCONF = __name__
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


def _annex(client, plan, **params):
    response = client.get(reverse("plans:plan_annex", args=[plan.pk]), params)
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert response["Content-Disposition"].startswith("attachment; filename=")
    return load_workbook(io.BytesIO(response.content)).worksheets[0]


def _read(sheet):
    """The title lines, the header, the project rows (by code) and the total row."""
    rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    start = next(i for i, r in enumerate(rows) if r[0] == "No.")
    title = [r[0] for r in rows[:start] if r[0]]
    header = rows[start]
    words = rows[-1][1]  # the state support spelled out, under the total row
    assert words.startswith("State support in words: ") and words.endswith(" đồng.")
    body = rows[start + 1 : -2]
    projects = {r[2]: dict(zip(header, r, strict=True)) for r in body}
    total = dict(zip(header, rows[-2], strict=True))
    return title, header, projects, total, start + 1


def _names() -> dict[str, str]:
    return dict(FundingSource.objects.values_list("code", "name"))


@pytest.fixture
def approved(world, planner):
    a = world.ready_draft(title="Đề án A", amounts={"local": 60_000_000, "counterpart": 20_000_000})
    b = world.ready_draft(
        title="Đề án B",
        amounts={"local": 50_000_000},
        planned_start=datetime.date(TODAY.year, 3, 1),
        planned_end=datetime.date(TODAY.year, 11, 30),
    )
    left_out = world.ready_draft(title="Đề án C", amounts={"local": 40_000_000})
    plan = planner.plan()
    for project in (a, b, left_out):
        services.plan_propose(plan=plan, project=project, by=world.users["officer"])
    services.plan_select(
        item=plan.items.get(project=left_out), by=world.users["manager"], selected=False
    )
    planner.act(plan, "close_registration", "manager")
    planner.act(plan, "submit", "manager")
    plan = planner.act(
        plan,
        "approve",
        "manager",
        decision_number="341/QĐ-UBND",
        decision_date=TODAY - datetime.timedelta(days=30),
        approved_by="UBND tỉnh Hưng Yên",
    )
    return plan, a, b, left_out


def test_the_annex_of_an_approved_plan_matches_the_plan(client, world, approved):
    plan, a, b, _left_out = approved
    client.force_login(world.users["manager"])
    sheet = _annex(client, plan)
    title, header, projects, total, first = _read(sheet)

    decided = (TODAY - datetime.timedelta(days=30)).strftime("%d/%m/%Y")
    assert title[0] == "ANNEX" and title[1] == plan.title
    assert (
        title[2] == f"(Attached to decision No. 341/QĐ-UBND dated {decided} of UBND tỉnh Hưng Yên)"
    )
    assert title[3] == f"Province: {world.hung_yen.name} — Year: {plan.year}"
    assert title[4] == "Version 1 (as approved)"

    names = _names()
    # One column per funding source, in their order, then the total.
    assert header[8:] == [*FundingSource.objects.values_list("name", flat=True), "Total"]
    assert set(projects) == {a.code, b.code}  # the project left out is not in the annex
    row = projects[a.code]
    assert row["No."] == 1 and row["Project title"] == "Đề án A"
    assert row["Activity content"] == str(a.activity_content)
    assert row["Lead unit"] == world.centre.name
    assert row["Beneficiaries"] == world.establishment.name
    assert row["Places"] == f"Phường {world.commune.name}"
    start, end = a.planned_start.strftime("%d/%m/%Y"), a.planned_end.strftime("%d/%m/%Y")
    assert row["Schedule (planned start - end)"] == f"{start} - {end}"
    assert (row[names["local"]], row[names["counterpart"]]) == (60_000_000, 20_000_000)
    assert row[names["national"]] is None and row["Total"] == 80_000_000
    assert projects[b.code]["Schedule (planned start - end)"] == (
        f"01/03/{TODAY.year} - 30/11/{TODAY.year}"
    )

    # The totals are the version's, by source, and the state support is the approved total.
    version = PlanVersion.objects.get(plan=plan)
    for code, name in names.items():
        expected = sum(item["amounts"].get(code, 0) for item in version.data["items"])
        assert total[name] == expected, code
    assert (total[names["local"]], total[names["counterpart"]]) == (110_000_000, 20_000_000)
    assert total[names["local"]] + total[names["national"]] == plan.approved_total_vnd
    assert total["Total"] == 130_000_000 and total["Project title"] == "2 projects"
    progress = selectors.progress(plan)
    assert {r.label: r.approved_vnd for r in progress.money_by_source} == {
        names["local"]: total[names["local"]],
        names["counterpart"]: total[names["counterpart"]],
    }

    # Whole VND with thousands separators, in the cells' number format.
    money = sheet.cell(row=first + 1, column=header.index(names["local"]) + 1)
    assert money.value == 60_000_000 and money.number_format == "#,##0"
    assert sheet.cell(row=sheet.max_row - 1, column=len(header)).number_format == "#,##0"


def test_any_version_or_the_current_list(client, world, planner, approved):
    plan, a, b, _left_out = approved
    added = world.ready_draft(title="Đề án D", amounts={"local": 30_000_000})
    planner.act(plan, "start_amendment", "manager", note="Bổ sung đề án D")
    services.plan_propose(plan=plan, project=added, by=world.users["manager"])
    planner.act(
        plan,
        "approve_amendment",
        "manager",
        decision_number="500/QĐ-UBND",
        decision_date=TODAY - datetime.timedelta(days=10),
        note="Bổ sung đề án D",
    )
    client.force_login(world.users["officer"])
    title, _header, projects, total, _first = _read(_annex(client, plan))
    assert set(projects) == {a.code, b.code, added.code}
    assert "500/QĐ-UBND" in title[2] and title[4] == "Version 2 (amendment: Bổ sung đề án D)"
    assert total["Total"] == 160_000_000

    title, _header, projects, total, _first = _read(_annex(client, plan, version=1))
    assert set(projects) == {a.code, b.code} and "341/QĐ-UBND" in title[2]
    assert total["Total"] == 130_000_000

    # An amendment in preparation: the current list, not approved.
    planner.act(plan, "start_amendment", "manager", note="Bớt đề án B")
    services.plan_select(item=plan.items.get(project=b), by=world.users["manager"], selected=False)
    title, _header, projects, total, _first = _read(_annex(client, plan, version="current"))
    assert set(projects) == {a.code, added.code}
    assert len(title) == 4 and title[2].startswith("Province:")
    assert title[3] == "Current list, not approved (status: Amendment in preparation)"
    assert total["Total"] == 110_000_000
    # Without a version: still the latest approved one.
    assert set(_read(_annex(client, plan))[2]) == {a.code, b.code, added.code}

    url = reverse("plans:plan_annex", args=[plan.pk])
    assert client.get(url, {"version": 9}).status_code == 404
    assert client.get(url, {"version": "abc"}).status_code == 404


def test_before_approval_the_annex_is_the_current_list(client, world, planner):
    project = world.ready_draft(amounts={"local": 45_500_000})
    plan = planner.plan()
    services.plan_propose(plan=plan, project=project, by=world.users["officer"])
    client.force_login(world.users["officer"])
    title, _header, projects, total, _first = _read(_annex(client, plan))
    assert len(title) == 4 and not any("decision" in line for line in title)
    assert title[3] == "Current list, not approved (status: Registration open)"
    assert projects[project.code]["Total"] == 45_500_000
    assert total["Total"] == 45_500_000 and total["Project title"] == "1 project"

    empty = planner.plan(kind="national")
    _title, _header, projects, total, _first = _read(_annex(client, empty))
    assert projects == {} and total["Total"] == 0


def test_only_readers_in_scope_get_the_annex(client, world, approved):
    plan = approved[0]
    url = reverse("plans:plan_annex", args=[plan.pk])
    assert client.get(url).status_code == 302  # to the login page
    for name in ("other_manager", "other_officer", "establishment"):
        client.force_login(world.users[name])
        assert client.get(url).status_code == 404, name
        assert client.get(url, {"version": 1}).status_code == 404, name
    for name in ("viewer_province", "ministry", "admin", "collaborator"):
        client.force_login(world.users[name])
        assert client.get(url).status_code == 200, name
    assert client.post(url).status_code == 405
