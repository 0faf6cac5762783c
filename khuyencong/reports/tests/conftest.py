"""The report tests reuse the project world (Hưng Yên and Bắc Ninh, one user per role) and build
a small, hand-computed set of projects of 2024 (and one historical Thái Bình project of 2016).

The numbers every test checks against (VND):

    A  HY 2024 local     45-1 accepted     local 100m, counterpart 50m;
                                           paid 80m (10/3), refund 5m (1/8);
                                           trainees 30 → 28; revenue change 5 → 10 (%)
    B  HY 2024 national  45-3 in progress  national 200m revised to 180m, counterpart 300m;
                                           advance 100m (1/5); machinery 2 → none; revenue 10 → 20
    C  HY 2024 local     45-1 draft        proposed local 40m (not counted in money)
    D  HY 2016 local     45-1 closed       historical, old Thái Bình (Kiến Xương); local 60m,
                                           settled 55m; trainees 40 → 40
    E  BN 2024 local     45-1 approved     local 70m
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

import pytest

from khuyencong.geo.models import District, Province
from khuyencong.plans.models import Plan, PlanItem, PlanVersion
from khuyencong.projects.models import BudgetLine, MoneyMovement, Project, ProjectOutput
from khuyencong.projects.tests import conftest as project_fixtures
from khuyencong.projects.tests.conftest import content, indicator, source
from khuyencong.registry.tests.factories import EstablishmentFactory

world = project_fixtures.world
_english = project_fixtures._english
_media = project_fixtures._media
_fast_password_hashing = project_fixtures._fast_password_hashing

M = 1_000_000


def money(project, code, *, proposed=None, approved=None, revised=None, settled=None):
    return BudgetLine.objects.create(
        project=project,
        source=source(code),
        proposed_vnd=proposed if proposed is not None else (approved or 0),
        approved_vnd=approved,
        revised_vnd=revised,
        settled_vnd=settled,
    )


def movement(project, code, kind, amount, day):
    return MoneyMovement.objects.create(
        project=project,
        source=source(code),
        kind=kind,
        amount_vnd=amount,
        date=day,
        document_number=f"{kind}-{amount}",
    )


def output(project, code, target, actual=None):
    return ProjectOutput.objects.create(
        project=project,
        indicator=indicator(code),
        target=Decimal(target),
        actual=None if actual is None else Decimal(actual),
    )


def set_status(project, status, **values):
    Project.objects.filter(pk=project.pk).update(status=status, **values)
    project.refresh_from_db()
    return project


def old_thai_binh() -> Province:
    return Province.objects.get(name="Thái Bình", valid_to__isnull=False)


@dataclass
class Data:
    a: Project
    b: Project
    c: Project
    d: Project
    e: Project
    women_establishment: object


def historical(world, by="officer", **values) -> Project:
    defaults = {
        "year": 2024,
        "is_historical": True,
        "activity_content": content("45-1"),
        "planned_start": datetime.date(2024, 2, 1),
        "planned_end": datetime.date(2024, 11, 30),
    }
    defaults.update(values)
    return world.project(by=by, **defaults)


@pytest.fixture
def data(world) -> Data:
    women = EstablishmentFactory(
        name="Hộ kinh doanh Mây tre Lan", commune=world.commune, representative_gender="female"
    )
    a = historical(world, title="Đào tạo nghề thêu ren 2024", programme="local")
    money(a, "local", approved=100 * M)
    money(a, "counterpart", approved=50 * M)
    movement(a, "local", "payment", 80 * M, datetime.date(2024, 3, 10))
    movement(a, "local", "refund", 5 * M, datetime.date(2024, 8, 1))
    output(a, "trainees", 30, 28)
    output(a, "revenue_change", 5, 10)
    set_status(a, "accepted", approved_on=datetime.date(2024, 2, 1))

    b = historical(
        world,
        title="Hỗ trợ máy dệt chiếu",
        programme="national",
        activity_content=content("45-3"),
        establishments=[world.establishment, women],
    )
    money(b, "national", approved=200 * M, revised=180 * M)
    money(b, "counterpart", approved=300 * M)
    movement(b, "national", "advance", 100 * M, datetime.date(2024, 5, 1))
    output(b, "machinery_establishments", 2)
    output(b, "revenue_change", 10, 20)
    set_status(b, "in_progress", approved_on=datetime.date(2024, 3, 1))

    c = historical(world, title="Đề án còn dự thảo", programme="local")
    money(c, "local", proposed=40 * M)

    d = historical(
        world,
        title="Đào tạo nghề mây tre đan Thái Bình",
        programme="local",
        year=2016,
        province_then=old_thai_binh(),
        communes=[],
        establishments=[],
        planned_start=datetime.date(2016, 3, 1),
        planned_end=datetime.date(2016, 10, 30),
        districts_then=[District.objects.get(name="Kiến Xương", province=old_thai_binh())],
    )
    money(d, "local", approved=60 * M, settled=55 * M)
    output(d, "trainees", 40, 40)
    set_status(d, "closed", approved_on=datetime.date(2016, 3, 1))

    e = historical(
        world,
        by="other_officer",
        title="Đào tạo nghề đúc đồng",
        programme="local",
        province=world.bac_ninh,
        communes=[world.bn_commune],
        establishments=[world.other_establishment],
        lead_unit=None,
    )
    money(e, "local", approved=70 * M)
    set_status(e, "approved", approved_on=datetime.date(2024, 4, 1))
    return Data(a=a, b=b, c=c, d=d, e=e, women_establishment=women)


def make_plan(world, projects, *, total_vnd, year=2024, kind="local") -> Plan:
    """An approved plan of Hưng Yên holding `projects`, with its version 1 total as given."""
    plan = Plan.objects.create(
        kind=kind,
        year=year,
        province=world.hung_yen,
        title=f"Kế hoạch khuyến công địa phương năm {year}",
        status="approved",
        approved_total_vnd=total_vnd,
    )
    for project in projects:
        PlanItem.objects.create(plan=plan, project=project, year=year)
    PlanVersion.objects.create(
        plan=plan,
        number=1,
        decision_number="341/QĐ-UBND",
        decision_date=datetime.date(year, 1, 20),
        total_vnd=total_vnd,
        data={"items": [], "sources": {}},
    )
    return plan


@pytest.fixture
def en_client(client, settings):
    """A browser that chose English (pages are Vietnamese by default)."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client
