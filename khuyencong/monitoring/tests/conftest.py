"""The monitoring tests reuse the project world (Hưng Yên and Bắc Ninh, one user per role) and
add helpers that plan and record inspections and drive machinery projects to acceptance."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from khuyencong.monitoring import services
from khuyencong.monitoring.models import Inspection, InspectionPlan
from khuyencong.projects import services as project_services
from khuyencong.projects.models import Project
from khuyencong.projects.tests import conftest as project_fixtures
from khuyencong.projects.tests.conftest import TODAY, World, content, pdf

# The project world's fixtures, shared.
world = project_fixtures.world
_english = project_fixtures._english
_media = project_fixtures._media
_fast_password_hashing = project_fixtures._fast_password_hashing


@pytest.fixture(autouse=True)
def _english_pages(client, settings):
    # Pages are asked for in English, so that their messages are asserted in the source text.
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


# The smallest valid PNG (one pixel).
PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
    b"\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\xff\xff?\x00\x05\xfe\x02\xfe\xa7\x35\x81\x84"
    b"\x00\x00\x00\x00IEND\xaeB`\x82"
)


def png(name: str = "anh-hien-truong.png") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PNG, content_type="image/png")


class Monitor:
    def __init__(self, world: World):
        self.world = world

    def user(self, name: str):
        return self.world.users[name]

    def plan(self, by: str = "manager", **values) -> InspectionPlan:
        defaults = {
            "province": self.world.hung_yen,
            "year": TODAY.year,
            "title": f"Kế hoạch kiểm tra, giám sát năm {TODAY.year}",
            "decision_number": "45/KH-SCT",
            "decision_date": TODAY - datetime.timedelta(days=200),
        }
        defaults.update(values)
        return services.plan_create(by=self.user(by), **defaults)

    def inspection(self, by: str = "officer", **values) -> Inspection:
        """A planned inspection (of a new approved project of Hưng Yên unless told)."""
        if "project" not in values and "establishment" not in values:
            values["project"] = self.world.approved()
        defaults = {
            "planned_date": TODAY - datetime.timedelta(days=5),
            "team_members": "Nguyễn Văn An (Sở Công Thương); Trần Thị Bình (Trung tâm KC)",
        }
        defaults.update(values)
        return services.inspection_create(by=self.user(by), **defaults)

    def answers(self, inspection: Inspection, answer: str = "yes") -> list[dict]:
        return [
            {"item": item.pk, "answer": answer, "comment": ""}
            for item in services.checklist_for(inspection)
        ]

    def recorded(self, inspection: Inspection | None = None, by: str = "officer", **values):
        inspection = inspection or self.inspection()
        inspection.refresh_from_db()
        defaults = {
            "actual_date": TODAY - datetime.timedelta(days=3),
            "answers": self.answers(inspection),
            "summary": "Dự án thực hiện đúng tiến độ.",
        }
        defaults.update(values)
        return services.inspection_record(
            inspection=inspection,
            by=self.user(by),
            expected_version=inspection.version,
            **defaults,
        )

    def accepted(self, code: str = "235-3", accepted_on: datetime.date | None = None, **values):
        """A project of content `code` driven to accepted through the pages' services."""
        project = self.world.in_progress(activity_content=content(code), **values)
        officer = self.user("officer")
        project.refresh_from_db()
        project_services.outputs_save(
            project=project,
            by=officer,
            expected_version=project.version,
            rows=[
                {"indicator": o.indicator, "target": o.target, "actual": Decimal(1)}
                for o in project.outputs.all()
            ],
        )
        return self.world.act(
            project,
            "accept",
            "officer",
            attachment=pdf("bien-ban-nghiem-thu.pdf"),
            decision_number="07/BB-NT",
            decision_date=accepted_on or TODAY - datetime.timedelta(days=10),
        )

    def bac_ninh_project(self) -> Project:
        """An approved project of Bắc Ninh (approval written directly: the world's helpers act
        with Hưng Yên's officers)."""
        project = self.world.project(
            by="other_officer",
            title="Đào tạo nghề đúc đồng",
            province=self.world.bac_ninh,
            establishments=[self.world.other_establishment],
            communes=[self.world.bn_commune],
            lead_unit=None,
        )
        Project.objects.filter(pk=project.pk).update(
            status="approved", approved_on=TODAY - datetime.timedelta(days=30)
        )
        project.refresh_from_db()
        return project


@pytest.fixture
def monitor(world) -> Monitor:
    return Monitor(world)
