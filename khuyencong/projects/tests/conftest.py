"""A small world for the project tests: Hưng Yên (ours) and Bắc Ninh (another province), one
user per role, establishments on both sides, and helpers that drive a project's life cycle."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone, translation

from khuyencong.accounts.roles import Role
from khuyencong.accounts.tests.factories import OrganisationFactory, UserFactory, current_province
from khuyencong.policy.models import ActivityContent, FundingSource, Indicator, SupportRule
from khuyencong.projects import services
from khuyencong.projects.models import DocumentKind, Project
from khuyencong.registry.tests.factories import (
    CraftVillageFactory,
    EstablishmentFactory,
    commune_of,
)

TODAY = timezone.localdate()
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _english():
    # Messages are asserted in their English source; pages are checked in Vietnamese elsewhere.
    with translation.override("en"):
        yield


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def pdf(name: str = "ho-so.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def content(code: str) -> ActivityContent:
    basis = {"235": "nd-235-2025", "45": "nd-45-2012", "134": "nd-134-2004"}[code.split("-")[0]]
    return ActivityContent.objects.get(legal_basis__code=basis, code=code)


def source(code: str) -> FundingSource:
    return FundingSource.objects.get(code=code)


def indicator(code: str) -> Indicator:
    return Indicator.objects.get(code=code)


def rule(code: str) -> SupportRule:
    return SupportRule.objects.get(code=code)


@dataclass
class World:
    hung_yen: object
    bac_ninh: object
    commune: object
    bn_commune: object
    establishment: object
    village: object
    other_establishment: object
    centre: object
    users: dict

    def project(self, by: str = "officer", **values) -> Project:
        """A draft project of Hưng Yên (or as `values` say), created through the service."""
        defaults = {
            "title": "Đào tạo nghề thêu ren cho lao động nông thôn",
            "programme": "local",
            "year": TODAY.year,
            "province": self.hung_yen,
            "activity_content": content("235-1"),
            "lead_unit": self.centre,
            "establishments": [self.establishment],
            "communes": [self.commune],
            "planned_start": TODAY - datetime.timedelta(days=60),
            "planned_end": TODAY + datetime.timedelta(days=120),
        }
        defaults.update(values)
        return services.project_create(by=self.users[by], **defaults)

    def ready_draft(self, **values) -> Project:
        """A draft with a budget, an output and the proposal dossier: ready to submit."""
        amounts = values.pop("amounts", {"local": 60_000_000, "counterpart": 20_000_000})
        project = self.project(**values)
        officer = self.users["officer"]
        services.budget_save(
            project=project,
            by=officer,
            expected_version=project.version,
            amounts={source(code): amount for code, amount in amounts.items()},
        )
        project.refresh_from_db()
        services.outputs_save(
            project=project,
            by=officer,
            expected_version=project.version,
            rows=[{"indicator": indicator("trainees"), "target": Decimal(35), "actual": None}],
        )
        services.document_add(
            project=project, by=officer, upload=pdf(), document_kind=DocumentKind.PROPOSAL
        )
        project.refresh_from_db()
        return project

    def act(self, project: Project, name: str, by: str, attachment=None, **data) -> Project:
        project.refresh_from_db()
        return services.project_transition(
            project=project,
            by=self.users[by],
            name=name,
            expected_version=project.version,
            data=data,
            attachment=attachment,
        )

    def approved(self, project: Project | None = None, **values) -> Project:
        """Drive a project (a ready draft by default) to approved, by the right hands."""
        project = project or self.ready_draft(**values)
        self.act(project, "submit", "officer")
        self.act(
            project,
            "appraise",
            "manager",
            decision_date=TODAY - datetime.timedelta(days=50),
            appraisal_result="agreed",
            appraisal_opinion="Đề án phù hợp quy hoạch, đề nghị phê duyệt.",
        )
        decision = {
            "decision_number": "123/QĐ-SCT",
            "decision_date": TODAY - datetime.timedelta(days=45),
        }
        if project.is_national:
            self.act(project, "send_to_ministry", "manager")
            return self.act(project, "approve_national", "ministry", **decision)
        return self.act(project, "approve", "manager", **decision)

    def in_progress(self, **values) -> Project:
        project = self.approved(**values)
        return self.act(
            project,
            "start",
            "officer",
            attachment=pdf("hop-dong.pdf"),
            decision_number="15/HĐ-KC",
            decision_date=TODAY - datetime.timedelta(days=40),
            actual_start=TODAY - datetime.timedelta(days=40),
        )


@pytest.fixture
def world(db) -> World:
    hung_yen = current_province("Hưng Yên")
    bac_ninh = current_province("Bắc Ninh")
    commune = commune_of("Hưng Yên", 0)
    bn_commune = commune_of("Bắc Ninh", 0)
    users = {
        "admin": UserFactory(role=Role.ADMIN, province=None),
        "ministry": UserFactory(role=Role.MINISTRY_OFFICER, province=None),
        "manager": UserFactory(role=Role.PROVINCIAL_MANAGER, province=hung_yen),
        "officer": UserFactory(role=Role.PROVINCIAL_OFFICER, province=hung_yen),
        "collaborator": UserFactory(role=Role.COLLABORATOR, province=hung_yen, communes=[commune]),
        "viewer_province": UserFactory(role=Role.VIEWER, province=hung_yen),
        "viewer_country": UserFactory(role=Role.VIEWER, province=None),
        "other_officer": UserFactory(role=Role.PROVINCIAL_OFFICER, province=bac_ninh),
        "other_manager": UserFactory(role=Role.PROVINCIAL_MANAGER, province=bac_ninh),
    }
    establishment = EstablishmentFactory(name="HTX Thêu ren Hưng Yên", commune=commune)
    users["establishment"] = UserFactory(
        role=Role.ESTABLISHMENT, province=None, establishment=establishment
    )
    return World(
        hung_yen=hung_yen,
        bac_ninh=bac_ninh,
        commune=commune,
        bn_commune=bn_commune,
        establishment=establishment,
        village=CraftVillageFactory(name="Làng nghề thêu Hưng Yên", commune=commune),
        other_establishment=EstablishmentFactory(name="Công ty Đồng Bắc Ninh", commune=bn_commune),
        centre=OrganisationFactory(name="Trung tâm Khuyến công Hưng Yên", province=hung_yen),
        users=users,
    )
