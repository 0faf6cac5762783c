"""Hải Phòng's first year of industrial extension (2006), from `shared/cases/haiphong-2006.json`,
imported as a historical list: the case is turned here into the import file (one row per
project, places and province as written in 2006), and the projects come out under Decree
134/2004/NĐ-CP, in today's Hải Phòng, with the 2006 districts kept as recorded."""

import json
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from khuyencong.accounts.roles import Role
from khuyencong.accounts.tests.factories import UserFactory, current_province
from khuyencong.core.importexport.registry import get_spec
from khuyencong.core.selectors import history_of
from khuyencong.core.tests.importing import read_xlsx, xlsx
from khuyencong.core.text import fold
from khuyencong.projects import money, selectors
from khuyencong.projects.importexport import IMPORTED_EVENT
from khuyencong.projects.models import Project, Status
from khuyencong.registry.tests.factories import EstablishmentFactory, commune_of

pytestmark = pytest.mark.django_db

CASE = Path(settings.BASE_DIR).parent / "shared" / "cases" / "haiphong-2006.json"

# The case's activities, read against the contents of Decree 134/2004/NĐ-CP (policy reference
# data, legal basis nd-134-2004).
CONTENT_OF_ACTIVITY = {
    "vocational training": "134-1",
    "start-up / management training": "134-2",
    "production capacity of a craft village": "134-4",
    "fairs and exhibitions": "134-5",
    "information (newsletter)": "134-6",
}
PROGRAMME_LABEL = {"local": "Địa phương", "national": "Quốc gia"}
COLUMNS = (
    "year",
    "programme",
    "activity_content",
    "title",
    "establishments",
    "places",
    "province",
    "amount_local",
    "amount_national",
    "status",
    "approval_number",
    "approved_on",
)


@pytest.fixture
def case() -> dict:
    if not CASE.exists():
        pytest.skip(f"The real-world case {CASE} is not there (it lives beside the project).")
    return json.loads(CASE.read_text(encoding="utf-8"))


def _headers() -> list[str]:
    with translation.override("vi"):
        by_name = {c.name: str(c.header) for c in get_spec("projects").all_columns()}
    return [by_name[name] for name in COLUMNS]


def import_file(case: dict) -> bytes:
    """The case as a historical list in the import format, one row per project."""
    rows = [_headers()]
    for plan in case["plans"]:
        approval = plan["approval"]
        day = approval["date"]
        for project in plan["projects"]:
            row = {
                "year": plan["year"],
                "programme": PROGRAMME_LABEL[plan["programme"]],
                "activity_content": CONTENT_OF_ACTIVITY[project["activity"]],
                "title": project["title"],
                "establishments": "; ".join(b["name"] for b in project["beneficiaries"]),
                "places": "; ".join(project["places"]),
                "province": case["province_then"],
                "amount_local": "",
                "amount_national": "",
                # The case says every project was completed on schedule.
                "status": "Hoàn thành" if case["expected"]["all_completed_on_schedule"] else "",
                "approval_number": approval["document"] or "",
                # Written as people type dates: dd/mm/yyyy.
                "approved_on": "/".join(reversed(day.split("-"))) if day else "",
            }
            # Whole VND with Vietnamese separators, as in the source report.
            row[f"amount_{plan['programme']}"] = f"{project['support_vnd']:,}".replace(",", ".")
            rows.append([row[name] for name in COLUMNS])
    return xlsx(rows)


@pytest.fixture
def hai_phong_officer(client):
    officer = UserFactory(role=Role.PROVINCIAL_OFFICER, province=current_province("Hải Phòng"))
    client.force_login(officer)
    return officer


@pytest.fixture
def beneficiaries(case):
    """The establishments the case names, in today's registry of Hải Phòng."""
    names = {
        b["name"] for plan in case["plans"] for p in plan["projects"] for b in p["beneficiaries"]
    }
    return [
        EstablishmentFactory(name=name, commune=commune_of("Hải Phòng", index))
        for index, name in enumerate(sorted(names))
    ]


def test_hai_phong_2006_list_is_imported_under_decree_134(
    client, case, hai_phong_officer, beneficiaries
):
    data = import_file(case)
    response = client.post(
        reverse("core:import", args=["projects"]),
        {"file": SimpleUploadedFile("hai-phong-2006.xlsx", data)},
    )
    result, token = response.context["result"], response.context["token"]
    assert token, [(r.number, r.errors) for r in result.error_rows] or result.file_errors
    commit = client.post(reverse("core:import_commit", args=["projects"]), {"token": token})
    assert commit.status_code == 302
    expected = case["expected"]
    assert result.counts["created"] == expected["all_projects"]

    projects = list(selectors.project_list(user=hai_phong_officer).filter(year=2006))
    local = [p for p in projects if p.programme == "local"]
    national = [p for p in projects if p.programme == "national"]
    assert len(local) == expected["local_projects"]
    assert len(national) == expected["national_projects"]
    assert (
        sum(money.state_support_vnd(p, stage="approved") for p in local)
        == (expected["local_support_vnd"])
    )
    assert (
        sum(money.state_support_vnd(p, stage="approved") for p in national)
        == (expected["national_support_vnd"])
    )
    assert sum(p.state_support_vnd for p in projects) == expected["all_support_vnd"]

    hai_phong = current_province("Hải Phòng")
    for project in projects:
        assert project.is_historical and project.status == Status.CLOSED
        assert project.legal_basis.number == "134/2004/NĐ-CP"
        assert project.activity_content.legal_basis.code == "nd-134-2004"
        assert project.province == hai_phong and hai_phong.is_current
        assert project.province_then.name == "Hải Phòng" and not project.province_then.is_current
        assert history_of(project).get(event=IMPORTED_EVENT).user == hai_phong_officer
    for project in local:
        assert project.approval_number == "341/UBND-CN"
        assert project.approved_on.isoformat() == "2006-06-16"

    # The places stay the districts of 2006 (abolished since), not today's communes.
    by_title = {p.title: p for p in projects}
    for plan in case["plans"]:
        for item in plan["projects"]:
            project = by_title[item["title"]]
            kept = sorted(fold(d.name) for d in project.districts_then.all())
            assert kept == sorted(fold(place.removeprefix("Huyện ")) for place in item["places"])
            assert not project.communes.exists()
            assert {e.name for e in project.establishments.all()} == {
                b["name"] for b in item["beneficiaries"]
            }
    districts = {fold(d.name) for p in projects for d in p.districts_then.all()}
    assert districts == {"tien lang", "thuy nguyen", "kien thuy", "vinh bao"}
    assert all(
        d.province.name == "Hải Phòng" and not d.province.is_current
        for p in projects
        for d in p.districts_then.all()
    )

    # Another province's officer sees none of them, in the list or in an export.
    bac_ninh = UserFactory(role=Role.PROVINCIAL_OFFICER, province=current_province("Bắc Ninh"))
    assert not selectors.project_list(user=bac_ninh).filter(year=2006).exists()
    client.force_login(bac_ninh)
    assert read_xlsx(client.get(reverse("core:export", args=["projects"])).content)[1:] == []
    assert not Project.objects.filter(province=bac_ninh.province).exists()

    # And the list, exported again, re-imports with no change.
    client.force_login(hai_phong_officer)
    exported = client.get(reverse("core:export", args=["projects"]), {"year": 2006}).content
    response = client.post(
        reverse("core:import", args=["projects"]),
        {"file": SimpleUploadedFile("export.xlsx", exported)},
    )
    assert response.context["result"].counts["unchanged"] == expected["all_projects"]
