"""Demo programmes and plans: Hưng Yên's provincial programme 2026-2030, its local plan of the
year (approved, amended once, money allocated in a first tranche) and its national-fund plan,
created through the services the pages use, by the demo manager and the ministry officer."""

from __future__ import annotations

import datetime

from django.utils import timezone

from khuyencong.accounts.models import User
from khuyencong.geo.models import Province
from khuyencong.plans import services
from khuyencong.plans.models import Plan
from khuyencong.plans.workflow import PLAN_WORKFLOW
from khuyencong.projects.models import Project
from khuyencong.projects.models import Status as ProjectStatus


def _act(plan: Plan, name: str, by: User, **data) -> Plan:
    plan.refresh_from_db()
    return services.plan_transition(
        plan=plan, by=by, name=name, expected_version=plan.version, data=data
    )


def load_demo_plans() -> None:
    today = timezone.localdate()
    manager = User.objects.get(username="quanly.hungyen")
    ministry = User.objects.get(username="bocongthuong")
    hung_yen = Province.objects.current().get(name="Hưng Yên")
    programme = services.programme_create(
        by=manager,
        kind="local",
        name="Chương trình khuyến công tỉnh Hưng Yên giai đoạn 2026 - 2030",
        province=hung_yen,
        start_year=2026,
        end_year=2030,
        approved_by="UBND tỉnh Hưng Yên",
        decision_number="1520/QĐ-UBND",
        decision_date=datetime.date(2025, 12, 20),
    )
    projects = (
        Project.objects.filter(province=hung_yen, year=today.year)
        .exclude(status__in=[ProjectStatus.CANCELLED, ProjectStatus.REJECTED])
        .order_by("code")
    )
    local = services.plan_create(
        by=manager,
        kind="local",
        year=today.year,
        province=hung_yen,
        programme=programme,
        registration_deadline=datetime.date(today.year, 3, 31),
    )
    draft = None
    for project in projects.filter(programme="local"):
        if project.status == ProjectStatus.DRAFT:
            draft = project
            continue
        services.plan_propose(plan=local, project=project, by=manager)
    _act(local, "close_registration", manager)
    _act(local, "submit", manager, note="Kính trình UBND tỉnh phê duyệt.")
    _act(
        local,
        "approve",
        manager,
        decision_number="412/QĐ-UBND",
        decision_date=today - datetime.timedelta(days=100),
        approved_by="UBND tỉnh Hưng Yên",
    )
    if draft is not None:
        _act(local, "start_amendment", manager, note="Bổ sung đề án bản tin khuyến công.")
        services.plan_propose(plan=local, project=draft, by=manager)
        _act(
            local,
            "approve_amendment",
            manager,
            decision_number="980/QĐ-UBND",
            decision_date=today - datetime.timedelta(days=40),
            note="Bổ sung đề án bản tin khuyến công.",
        )
    approved = services.approved_amounts(local)
    lines = []
    for project in projects.filter(programme="local"):
        for source in project.budget_lines.select_related("source"):
            amount = approved.get((project.pk, source.source.code))
            if amount and source.source.is_state_budget:
                lines.append((project, source.source, amount // 2))
    services.allocation_create(
        plan=local,
        by=manager,
        decision_number="15/QĐ-SCT",
        decision_date=today - datetime.timedelta(days=90),
        lines=lines,
        note="Phân bổ kinh phí đợt 1.",
    )

    national = services.plan_create(by=manager, kind="national", year=today.year, province=hung_yen)
    for project in projects.filter(programme="national"):
        services.plan_propose(plan=national, project=project, by=manager)
    _act(national, "close_registration", manager)
    national = _act(national, "submit", manager, note="Đề nghị Bộ Công Thương phê duyệt.")
    options = {o.name: o for o in PLAN_WORKFLOW.options(national, ministry)}
    if options["approve_national"].allowed:
        _act(
            national,
            "approve_national",
            ministry,
            decision_number="2210/QĐ-BCT",
            decision_date=today - datetime.timedelta(days=96),
        )
