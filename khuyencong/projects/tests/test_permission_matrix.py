"""Who may see and change projects: every role against a project of Hưng Yên (ours) and one of
Bắc Ninh (another province) — by list, detail, edit, budget, documents and actions."""

import pytest
from django.urls import reverse

from khuyencong.projects import services
from khuyencong.projects.tests.conftest import pdf

OURS, OTHER = "ours", "other"
BOTH = {OURS, OTHER}
# role -> (projects it sees, projects whose draft it may edit)
EXPECTED = {
    "admin": (BOTH, BOTH),
    "ministry": (BOTH, set()),
    "manager": ({OURS}, {OURS}),
    "officer": ({OURS}, {OURS}),
    "collaborator": ({OURS}, set()),
    "establishment": ({OURS}, set()),  # a beneficiary sees its own projects
    "viewer_province": ({OURS}, set()),
    "viewer_country": (BOTH, set()),
    "other_officer": ({OTHER}, {OTHER}),
}


@pytest.fixture
def projects(world):
    ours = world.project(title="Đề án Hưng Yên")
    services.document_add(
        project=ours, by=world.users["officer"], upload=pdf(), document_kind="proposal"
    )
    other = world.project(
        by="other_officer",
        title="Đề án Bắc Ninh",
        province=world.bac_ninh,
        establishments=[world.other_establishment],
        communes=[],
        lead_unit=None,
    )
    return {OURS: ours, OTHER: other}


@pytest.mark.parametrize("role", EXPECTED)
def test_pages(client, world, projects, role):
    sees, edits = EXPECTED[role]
    client.force_login(world.users[role])
    page = client.get(reverse("projects:list")).content.decode()
    for key, project in projects.items():
        assert (project.title in page) == (key in sees), (role, key)
        detail = client.get(project.get_absolute_url())
        assert detail.status_code == (200 if key in sees else 404), (role, key)
        edit = client.get(reverse("projects:edit", args=[project.pk]))
        expected = 200 if key in edits else (403 if key in sees else 404)
        assert edit.status_code == expected, (role, key, "edit")
        budget = client.get(reverse("projects:budget", args=[project.pk]))
        assert budget.status_code == expected, (role, key, "budget")
        post = client.post(
            reverse("projects:edit", args=[project.pk]),
            {"title": "Đổi tên trái phép", "version": project.version},
        )
        assert post.status_code in ({200, 302} if key in edits else {403, 404})
        project.refresh_from_db()
        if key not in edits:
            assert project.title != "Đổi tên trái phép"


@pytest.mark.parametrize("role", EXPECTED)
def test_documents_are_served_only_in_scope(client, world, projects, role):
    sees, _ = EXPECTED[role]
    document = projects[OURS].documents.get()
    client.force_login(world.users[role])
    response = client.get(reverse("projects:document_download", args=[document.pk]))
    assert response.status_code == (200 if OURS in sees else 404)


def test_another_province_cannot_act_upload_or_record_money(client, world, projects):
    ours = projects[OURS]
    client.force_login(world.users["other_manager"])
    for url in (
        reverse("projects:transition", args=[ours.pk, "submit"]),
        reverse("projects:movement_add", args=[ours.pk]),
        reverse("projects:outputs", args=[ours.pk]),
    ):
        assert client.get(url).status_code == 404, url
    response = client.post(
        reverse("projects:document_upload", args=[ours.pk]),
        {"document_kind": "photo", "upload": pdf()},
    )
    assert response.status_code == 404
    assert ours.documents.count() == 1


def test_signed_out_users_are_sent_to_login(client, projects):
    response = client.get(reverse("projects:list"))
    assert response.status_code == 302 and "/login/" in response["Location"]


@pytest.mark.parametrize("role", EXPECTED)
def test_api_and_export(client, world, projects, role):
    sees, edits = EXPECTED[role]
    client.force_login(world.users[role])
    listed = client.get("/api/v1/projects/").json()
    rows = listed["results"] if isinstance(listed, dict) else listed
    titles = {row["title"] for row in rows}
    exported = client.get("/system/export/projects/", {"format": "csv"})
    exported_text = (
        b"".join(exported.streaming_content).decode("utf-8-sig")
        if exported.streaming
        else exported.content.decode("utf-8-sig")
    )
    for key, project in projects.items():
        assert (project.title in titles) == (key in sees), (role, key, "api list")
        detail = client.get(f"/api/v1/projects/{project.pk}/")
        assert detail.status_code == (200 if key in sees else 404), (role, key, "api detail")
        if exported.status_code == 200:
            assert (project.title in exported_text) == (key in sees), (role, key, "export")
        response = client.patch(
            f"/api/v1/projects/{project.pk}/",
            {"title": "Đổi tên qua API", "version": project.version},
            content_type="application/json",
        )
        if key in edits:
            assert response.status_code == 200, (role, key, response.content)
        else:
            assert response.status_code in {403, 404}, (role, key, response.status_code)
            project.refresh_from_db()
            assert project.title != "Đổi tên qua API"
