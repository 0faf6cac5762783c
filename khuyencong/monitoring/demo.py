"""Demo monitoring data in Hưng Yên, created through the services the pages use: the yearly
inspection plan, inspections visited (checklist, findings, follow-ups: one overdue, one closed)
and planned, and after-support surveys. Runs after the demo projects (`core.demo.load_demo`)."""

from __future__ import annotations

import datetime

from django.utils import timezone

from khuyencong.accounts.models import User
from khuyencong.geo.models import Province
from khuyencong.monitoring import services
from khuyencong.projects.models import Project, Status


def load_demo_monitoring() -> None:
    today = timezone.localdate()
    officer = User.objects.get(username="canbo.hungyen")
    manager = User.objects.get(username="quanly.hungyen")
    hung_yen = Province.objects.current().get(name="Hưng Yên")
    plan = services.plan_create(
        by=manager,
        province=hung_yen,
        year=today.year,
        title=f"Kế hoạch kiểm tra, giám sát các đề án khuyến công năm {today.year}",
        decision_number="45/KH-SCT",
        decision_date=datetime.date(today.year, 1, 15),
    )
    projects = list(
        Project.objects.filter(province=hung_yen, year=today.year, approved_on__isnull=False)
        .exclude(status=Status.CANCELLED)
        .order_by("code")
    )
    team = "Nguyễn Văn Hùng (Sở Công Thương); Trần Thị Lan (Trung tâm Khuyến công)"
    if projects:
        first = projects[0]
        visit = max(today - datetime.timedelta(days=20), first.approved_on)
        inspection = services.inspection_create(
            by=officer,
            plan=plan,
            project=first,
            establishment=first.establishments.order_by("pk").first(),
            planned_date=visit,
            team_members=team,
            team_users=[officer],
        )
        answers = [
            {"item": item.pk, "answer": "no" if index == 1 else "yes", "comment": ""}
            for index, item in enumerate(services.checklist_for(inspection))
        ]
        inspection = services.inspection_record(
            inspection=inspection,
            by=officer,
            expected_version=inspection.version,
            actual_date=visit,
            answers=answers,
            summary="Đề án thực hiện đúng nội dung; còn thiếu biển công khai nguồn hỗ trợ.",
            latitude="20.646093",
            longitude="106.051190",
        )
        high = services.finding_add(
            inspection=inspection,
            by=officer,
            severity="high",
            text="Chưa có biển công khai nguồn kinh phí khuyến công tại nơi thực hiện.",
        )
        low = services.finding_add(
            inspection=inspection,
            by=officer,
            severity="low",
            text="Sổ theo dõi học viên ghi chưa đầy đủ.",
        )
        services.follow_up_add(
            inspection=inspection,
            by=officer,
            finding=high,
            action="Lắp đặt biển công khai nguồn hỗ trợ khuyến công.",
            owner_name="Đơn vị thực hiện đề án",
            deadline=min(visit + datetime.timedelta(days=15), today - datetime.timedelta(days=1)),
        )
        closed = services.follow_up_add(
            inspection=inspection,
            by=officer,
            finding=low,
            action="Bổ sung sổ theo dõi học viên.",
            owner_user=officer,
            deadline=today + datetime.timedelta(days=10),
        )
        services.follow_up_transition(
            follow_up=closed,
            by=manager,
            name="close",
            data={"decision_date": today, "note": "Đã kiểm tra sổ bổ sung, đạt yêu cầu."},
        )
    last_day = datetime.date(today.year, 12, 31)
    for offset, project in enumerate(projects[1:3], start=1):
        services.inspection_create(
            by=officer,
            plan=plan,
            project=project,
            planned_date=min(today + datetime.timedelta(days=7 * offset), last_day),
            team_members=team,
        )
    machinery = next((p for p in projects if p.activity_content.code.endswith("-3")), None)
    beneficiary = machinery.establishments.order_by("pk").first() if machinery else None
    if beneficiary is not None:
        services.survey_create(
            by=officer,
            establishment=beneficiary,
            project=machinery,
            due_date=today + datetime.timedelta(days=12),
            note="Khảo sát sau lắp đặt máy (bổ sung ngoài lịch).",
        )
