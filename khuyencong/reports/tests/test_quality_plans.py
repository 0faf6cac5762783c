"""The data-quality page checks the annual plans: approved projects kept in no plan, approved
totals that are not their latest version's, and plans holding projects that are not theirs."""

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from khuyencong.plans.models import Plan, PlanItem, PlanVersion
from khuyencong.projects.models import Project
from khuyencong.reports import quality
from khuyencong.reports.tests.conftest import M, historical, make_plan, money, set_status

PLAN_KEYS = ("outside_plan", "plan_total", "plan_misplaced")
URL = "/reports/data-quality/"


def _problems(user):
    with translation.override("en"):
        return {problem.key: problem for problem in quality.problems(user)}


def _approved(world, status="in_progress", **values) -> Project:
    """A project of 2024 that went through the system's life cycle (not an imported one)."""
    values.setdefault("title", "Hỗ trợ máy chế biến nông sản")
    values.setdefault("programme", "local")
    project = historical(world, **values)
    money(project, values["programme"], approved=50 * M)
    return set_status(project, status, approved_on=datetime.date(2024, 2, 1), is_historical=False)


def _bac_ninh_plan(world, year=2024, status="approved", total=70 * M) -> Plan:
    plan = Plan.objects.create(
        kind="local",
        year=year,
        province=world.bac_ninh,
        title=f"Kế hoạch khuyến công Bắc Ninh {year}",
        status=status,
        approved_total_vnd=total,
    )
    PlanVersion.objects.create(
        plan=plan,
        number=1,
        decision_number="12/QĐ-UBND",
        decision_date=datetime.date(year, 1, 15),
        total_vnd=total,
        data={"items": [], "sources": {}},
    )
    return plan


def test_a_clean_plan_reports_nothing(data, world):
    planned = _approved(world)
    carried = _approved(world, title="Đề án chuyển tiếp", year=2025)
    Project.objects.filter(pk=carried.pk).update(carried_over_from=2024)
    make_plan(world, [planned, carried], total_vnd=100 * M)
    # Data A and B (historical, 2024, Hưng Yên) are in no plan: old lists have none.
    problems = _problems(world.users["ministry"])
    assert {key: problems[key].count for key in PLAN_KEYS} == dict.fromkeys(PLAN_KEYS, 0)


def test_the_report_fixture_has_no_plan_problem(data, world):
    for user in ("officer", "other_officer", "ministry"):
        problems = _problems(world.users[user])
        assert [problems[key].count for key in PLAN_KEYS] == [0, 0, 0]


def test_an_approved_project_outside_its_approved_plan_is_found(data, world):
    planned = _approved(world, title="Trong kế hoạch")
    outside = _approved(world, title="Ngoài kế hoạch", status="accepted")
    left_out = _approved(world, title="Bị loại khỏi kế hoạch", status="approved")
    draft = set_status(
        historical(world, title="Dự thảo", programme="local"), "draft", is_historical=False
    )
    plan = make_plan(world, [planned], total_vnd=50 * M)
    PlanItem.objects.create(plan=plan, project=left_out, year=2024, is_selected=False)
    # Not flagged: a national project (its plan is another), a province with no plan of 2024,
    # and a project of a plan that is not approved yet.
    _approved(world, title="Đề án quốc gia", programme="national")
    _approved(
        world,
        by="other_officer",
        title="Đề án Bắc Ninh",
        province=world.bac_ninh,
        communes=[world.bn_commune],
        establishments=[world.other_establishment],
        lead_unit=None,
    )
    pending = _approved(world, title="Kế hoạch chưa duyệt", year=2023)
    Plan.objects.create(
        kind="local", year=2023, province=world.hung_yen, title="KH 2023", status="submitted"
    )

    problems = _problems(world.users["officer"])
    rows = problems["outside_plan"].rows
    assert problems["outside_plan"].count == 2
    assert sorted(p.pk for p, _ in rows) == sorted([outside.pk, left_out.pk])
    assert {p.pk: d for p, d in rows}[outside.pk] == "Accepted"
    assert {planned.pk, draft.pk, pending.pk}.isdisjoint(p.pk for p, _ in rows)


def test_a_carried_over_project_outside_its_plans_is_found(data, world):
    carried = _approved(world, title="Chuyển tiếp, không trong kế hoạch", year=2025)
    Project.objects.filter(pk=carried.pk).update(carried_over_from=2024)
    make_plan(world, [], total_vnd=0, year=2025)
    problems = _problems(world.users["officer"])
    assert [p.pk for p, _ in problems["outside_plan"].rows] == [carried.pk]


def test_an_approved_total_that_is_not_the_latest_version_is_found(data, world, en_client):
    planned = _approved(world)
    plan = make_plan(world, [planned], total_vnd=50 * M)
    PlanVersion.objects.create(
        plan=plan,
        number=2,
        decision_number="400/QĐ-UBND",
        decision_date=datetime.date(2024, 6, 1),
        total_vnd=60 * M,
        data={"items": [], "sources": {}},
    )
    unversioned = _bac_ninh_plan(world, year=2023)
    unversioned.versions.all().delete()
    # A plan still in preparation has no approved total to check.
    in_preparation = _bac_ninh_plan(world, year=2025, status="registration")
    in_preparation.versions.all().delete()
    Plan.objects.filter(pk=in_preparation.pk).update(approved_total_vnd=None)

    problems = _problems(world.users["ministry"])
    assert problems["plan_total"].count == 2
    assert problems["plan_total"].rows == [
        (plan, "approved total 50.000.000 đ; version 2: 60.000.000 đ"),
        (unversioned, "approved total 70.000.000 đ; no version recorded"),
    ]

    en_client.force_login(world.users["officer"])
    page = en_client.get(URL).content.decode()
    assert f'href="{plan.get_absolute_url()}"' in page
    assert unversioned.get_absolute_url() not in page
    assert "60.000.000 đ" in page

    Plan.objects.filter(pk=plan.pk).update(approved_total_vnd=60 * M)
    assert [p for p, _ in _problems(world.users["ministry"])["plan_total"].rows] == [unversioned]


def test_a_plan_holding_another_province_or_year_project_is_found(data, world):
    planned = _approved(world)
    plan = make_plan(world, [planned, data.e], total_vnd=50 * M)
    older = _approved(world, title="Đề án năm trước", year=2023)
    PlanItem.objects.create(plan=plan, project=older, year=2024)
    national = _approved(world, title="Đề án quốc gia", programme="national", year=2022)
    PlanItem.objects.create(plan=plan, project=national, year=2022)
    # Left out of the plan: kept for the record, not a problem.
    stranger = _approved(world, title="Đề án tỉnh khác bị loại", year=2021)
    PlanItem.objects.create(plan=plan, project=stranger, year=2024, is_selected=False)

    problems = _problems(world.users["officer"])
    found = problems["plan_misplaced"]
    assert found.count == 3
    assert {subject for subject, _ in found.rows} == {plan}
    details = sorted(detail for _, detail in found.rows)
    assert details == sorted(
        [
            f"{data.e.code}: of {data.e.province.name}",
            f"{older.code}: of 2023",
            f"{national.code}: National programme, of 2022, listed under 2022",
        ]
    )


def test_another_province_does_not_see_the_plan_problems(data, world, en_client):
    plan = make_plan(world, [data.e], total_vnd=1)
    Plan.objects.filter(pk=plan.pk).update(approved_total_vnd=2)
    outside = _approved(world, title="Ngoài kế hoạch")

    mine = _problems(world.users["officer"])
    assert [mine[key].count for key in PLAN_KEYS] == [1, 1, 1]
    theirs = _problems(world.users["other_officer"])
    assert [theirs[key].count for key in PLAN_KEYS] == [0, 0, 0]

    en_client.force_login(world.users["other_officer"])
    page = en_client.get(URL).content.decode()
    assert plan.get_absolute_url() not in page
    assert outside.get_absolute_url() not in page


def _count_queries(client) -> int:
    with CaptureQueriesContext(connection) as context:
        response = client.get(URL)
    assert response.status_code == 200
    return len(context.captured_queries)


def test_the_query_count_does_not_grow_with_plan_problems(data, world, en_client):
    en_client.force_login(world.users["ministry"])
    plan = make_plan(world, [data.e], total_vnd=1)
    Plan.objects.filter(pk=plan.pk).update(approved_total_vnd=2)
    _approved(world, title="Ngoài kế hoạch 2024")
    assert [_problems(world.users["ministry"])[key].count for key in PLAN_KEYS] == [1, 1, 1]
    before = _count_queries(en_client)
    for year in (2020, 2021, 2022):
        stranger = _approved(world, title=f"Đề án năm khác {year}", year=2019)
        plan = make_plan(world, [stranger], total_vnd=1, year=year)
        Plan.objects.filter(pk=plan.pk).update(approved_total_vnd=None)
        _approved(world, title=f"Ngoài kế hoạch {year}", year=year)
    problems = _problems(world.users["ministry"])
    assert [problems[key].count for key in PLAN_KEYS] == [4, 4, 4]
    assert _count_queries(en_client) == before
