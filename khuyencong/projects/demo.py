"""Demo projects in Hưng Yên and Bắc Ninh, at every stage of the life cycle, created and moved
through the same services the pages use, by the demo officers and managers.

Titles follow the source reports (training, machinery, fairs, newsletters…); beneficiaries are
the demo establishments; numbers of decisions and contracts are made up.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from khuyencong.accounts.models import Organisation, User
from khuyencong.geo.models import Province
from khuyencong.policy.models import ActivityContent, FundingSource, Indicator, SupportRule
from khuyencong.projects import services
from khuyencong.projects.models import MoneyMovement, Project
from khuyencong.registry.models import Establishment

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"

# (title, content code, programme, stage, state support, counterpart, indicator, target, rule)
HUNG_YEN = [
    (
        "Đào tạo nghề thêu ren cho lao động nông thôn",
        "235-1",
        "local",
        "closed",
        60_000_000,
        0,
        "trainees",
        35,
        None,
    ),
    (
        "Hỗ trợ ứng dụng máy móc thiết bị tiên tiến trong chế biến long nhãn",
        "235-3",
        "national",
        "in_progress",
        280_000_000,
        420_000_000,
        "machinery_establishments",
        1,
        "tt28-advanced-machinery",
    ),
    (
        "Xây dựng mô hình trình diễn kỹ thuật sản xuất gốm mỹ nghệ",
        "235-3",
        "national",
        "approved",
        450_000_000,
        1_100_000_000,
        "demonstration_models",
        1,
        "tt28-demonstration-model",
    ),
    (
        "Hỗ trợ cơ sở công nghiệp nông thôn tham gia hội chợ triển lãm khu vực",
        "235-4",
        "local",
        "accepted",
        40_000_000,
        15_000_000,
        "fair_participations",
        12,
        None,
    ),
    (
        "Tập huấn nâng cao năng lực quản lý cho chủ cơ sở",
        "235-2",
        "local",
        "submitted",
        50_000_000,
        0,
        "management_participants",
        60,
        None,
    ),
    (
        "Xuất bản bản tin khuyến công năm " + "{year}",
        "235-5",
        "local",
        "draft",
        50_000_000,
        0,
        "publications",
        4,
        None,
    ),
    (
        "Hỗ trợ đánh giá sản xuất sạch hơn cho cơ sở chế biến nông sản",
        "235-7",
        "local",
        "overdue",
        70_000_000,
        30_000_000,
        "cleaner_production_assessments",
        3,
        None,
    ),
    (
        "Hỗ trợ khởi sự doanh nghiệp tại xã khó khăn",
        "235-2",
        "local",
        "cancelled",
        30_000_000,
        0,
        "startups_supported",
        3,
        None,
    ),
]
BAC_NINH = [
    (
        "Đào tạo nghề mây tre đan xuất khẩu",
        "235-1",
        "local",
        "in_progress",
        80_000_000,
        10_000_000,
        "trainees",
        50,
        None,
    ),
    (
        "Hỗ trợ máy móc thiết bị cho làng nghề đúc đồng",
        "235-3",
        "national",
        "sent_to_ministry",
        250_000_000,
        300_000_000,
        "machinery_establishments",
        1,
        "tt28-advanced-machinery",
    ),
]


def _pdf(name: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


class _Driver:
    def __init__(self, province: str, officer: str, manager: str | None):
        self.province = Province.objects.current().get(name=province)
        self.officer = User.objects.get(username=officer)
        self.manager = User.objects.get(username=manager) if manager else None
        self.ministry = User.objects.get(username="bocongthuong")
        self.admin = User.objects.get(username="admin")
        self.today = timezone.localdate()

    def act(self, project: Project, name: str, by: User, **data) -> Project:
        project.refresh_from_db()
        attachment = data.pop("attachment", None)
        return services.project_transition(
            project=project,
            by=by,
            name=name,
            expected_version=project.version,
            data=data,
            attachment=attachment,
        )

    def day(self, days_ago: int) -> datetime.date:
        return self.today - datetime.timedelta(days=days_ago)

    def create(self, row: tuple, index: int) -> Project:
        title, content, programme, stage, state, counterpart, indicator, target, rule = row
        establishments = list(
            Establishment.objects.filter(province=self.province, merged_into__isnull=True).order_by(
                "pk"
            )[index % 3 : index % 3 + 1]
        )
        centre = Organisation.objects.filter(
            province=self.province, kind=Organisation.Kind.EXTENSION_CENTRE
        ).first()
        overdue = stage == "overdue"
        project = services.project_create(
            by=self.officer,
            title=title.format(year=self.today.year),
            programme=programme,
            year=self.today.year,
            province=self.province,
            activity_content=ActivityContent.objects.get(
                legal_basis__code="nd-235-2025", code=content
            ),
            lead_unit=centre,
            implementing_unit=centre,
            establishments=establishments if content not in {"235-5"} else [],
            communes=[e.commune for e in establishments if e.commune_id],
            planned_start=self.day(200 if overdue else 120),
            planned_end=self.day(10) if overdue else self.day(-90),
            objectives="Nâng cao tay nghề, năng lực sản xuất và thu nhập cho lao động nông thôn.",
            support_rule=SupportRule.objects.filter(code=rule).first() if rule else None,
            eligible_cost_vnd=(state + counterpart) if rule else None,
        )
        fund = FundingSource.objects.get(code=programme)
        amounts = {fund: state}
        if counterpart:
            amounts[FundingSource.objects.get(code="counterpart")] = counterpart
        services.budget_save(
            project=project, by=self.officer, expected_version=project.version, amounts=amounts
        )
        project.refresh_from_db()
        services.outputs_save(
            project=project,
            by=self.officer,
            expected_version=project.version,
            rows=[{"indicator": Indicator.objects.get(code=indicator), "target": Decimal(target)}],
        )
        services.document_add(
            project=project,
            by=self.officer,
            upload=_pdf("ho-so-de-an.pdf"),
            document_kind="proposal",
            title="Hồ sơ đề án",
        )
        self.advance(project, stage, fund)
        return project

    def advance(self, project: Project, stage: str, fund: FundingSource) -> None:
        order = [
            "draft",
            "submitted",
            "sent_to_ministry",
            "approved",
            "in_progress",
            "accepted",
            "closed",
        ]
        goal = {"overdue": "in_progress", "cancelled": "approved"}.get(stage, stage)
        if order.index(goal) >= 1:
            self.act(project, "submit", self.officer, note="Kính trình Sở Công Thương thẩm định.")
        if order.index(goal) >= 2:
            manager = self.manager or self.admin
            self.act(
                project,
                "appraise",
                manager,
                decision_date=self.day(100),
                decision_number="TĐ-01",
                appraisal_result="agreed",
                appraisal_opinion="Đề án phù hợp quy hoạch và đúng đối tượng hỗ trợ.",
            )
            decision = {"decision_number": f"{100 + project.pk}/QĐ", "decision_date": self.day(95)}
            if project.is_national:
                self.act(project, "send_to_ministry", manager, note="Đề nghị Bộ phê duyệt.")
                if goal == "sent_to_ministry":
                    return
                self.act(project, "approve_national", self.ministry, **decision)
            else:
                self.act(project, "approve", manager, **decision)
        if stage == "cancelled":
            self.act(
                project,
                "cancel",
                self.manager or self.admin,
                note="Cơ sở không bố trí được vốn đối ứng.",
            )
            return
        if order.index(goal) >= 4:
            self.act(
                project,
                "start",
                self.officer,
                attachment=_pdf("hop-dong.pdf"),
                decision_number=f"{project.pk:02d}/HĐ-KC",
                decision_date=self.day(90),
                actual_start=self.day(90),
            )
            line = project.budget_lines.get(source=fund)
            services.movement_add(
                project=project,
                by=self.officer,
                source=fund,
                kind=MoneyMovement.Kind.ADVANCE,
                date=self.day(85),
                document_number=f"UNC-{project.pk}-1",
                amount_vnd=line.current_vnd // 2,
            )
        if order.index(goal) >= 5:
            line = project.budget_lines.get(source=fund)
            services.movement_add(
                project=project,
                by=self.officer,
                source=fund,
                kind=MoneyMovement.Kind.PAYMENT,
                date=self.day(20),
                document_number=f"UNC-{project.pk}-2",
                amount_vnd=line.current_vnd - line.current_vnd // 2,
            )
            project.refresh_from_db()
            output = project.outputs.get()
            services.outputs_save(
                project=project,
                by=self.officer,
                expected_version=project.version,
                rows=[
                    {
                        "indicator": output.indicator,
                        "target": output.target,
                        "actual": output.target,
                    }
                ],
            )
            self.act(
                project,
                "accept",
                self.officer,
                attachment=_pdf("bien-ban-nghiem-thu.pdf"),
                decision_number=f"{project.pk:02d}/BB-NT",
                decision_date=self.day(15),
            )
        if order.index(goal) >= 6:
            settled = {line.source_id: line.current_vnd for line in project.budget_lines.all()}
            self.act(
                project,
                "settle",
                self.manager or self.admin,
                attachment=_pdf("bao-cao-quyet-toan.pdf"),
                decision_number=f"{project.pk:02d}/QĐ-QT",
                decision_date=self.day(5),
                settled=settled,
            )
            self.act(project, "close", self.manager or self.admin, decision_date=self.day(2))


def load_demo_projects() -> None:
    hung_yen = _Driver("Hưng Yên", "canbo.hungyen", "quanly.hungyen")
    for index, row in enumerate(HUNG_YEN):
        hung_yen.create(row, index)
    bac_ninh = _Driver("Bắc Ninh", "canbo.bacninh", None)
    for index, row in enumerate(BAC_NINH):
        bac_ninh.create(row, index)
