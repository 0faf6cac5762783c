"""The project pages as an officer uses them: list, filters, my projects, detail, forms."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from khuyencong.projects.models import Project, Status
from khuyencong.projects.tests.conftest import TODAY, content, indicator, pdf, source


def test_create_a_project_through_the_form(client, world):
    client.force_login(world.users["officer"])
    response = client.get(reverse("projects:create"))
    assert response.status_code == 200
    assert "Hưng Yên" in response.content.decode()
    response = client.post(
        reverse("projects:create"),
        {
            "title": "Hỗ trợ máy móc thiết bị cho HTX mây tre",
            "programme": "local",
            "year": TODAY.year,
            "activity_content": content("235-3").pk,
            "establishments": [world.establishment.pk],
            "communes": [world.commune.pk],
            "planned_start": "01/03/2026",
            "planned_end": "30/11/2026",
            "support_units": 1,
            "eligible_cost_vnd": "400.000.000",
        },
    )
    project = Project.objects.get(title="Hỗ trợ máy móc thiết bị cho HTX mây tre")
    assert response.status_code == 302 and response["Location"] == project.get_absolute_url()
    assert project.province == world.hung_yen
    assert project.code == f"DP-{world.hung_yen.code}-{TODAY.year}-001"
    assert project.eligible_cost_vnd == 400_000_000
    assert project.planned_start == datetime.date(2026, 3, 1)
    assert list(project.officers.all()) == [world.users["officer"]]
    assert project.status == Status.DRAFT


def test_form_errors_are_shown_next_to_the_fields(client, world):
    client.force_login(world.users["officer"])
    response = client.post(
        reverse("projects:create"),
        {
            "title": "",
            "programme": "local",
            "year": TODAY.year,
            "activity_content": content("235-1").pk,
            "establishments": [world.other_establishment.pk],
            "planned_start": "30/11/2026",
            "planned_end": "01/03/2026",
            "support_units": 1,
            "eligible_cost_vnd": "1.234,5",
        },
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert "title" in form.errors
    assert "eligible_cost_vnd" in form.errors
    assert not Project.objects.exists()
    response = client.post(
        reverse("projects:create"),
        {
            "title": "Đề án",
            "programme": "local",
            "year": TODAY.year,
            "activity_content": content("235-1").pk,
            "establishments": [world.other_establishment.pk],
            "planned_start": "30/11/2026",
            "planned_end": "01/03/2026",
            "support_units": 1,
        },
    )
    form = response.context["form"]
    assert "planned_end" in form.errors
    assert "establishments" in form.errors
    assert "Công ty Đồng Bắc Ninh" in str(form.errors["establishments"])
    assert not Project.objects.exists()


def test_detail_page_shows_stepper_actions_money_and_history(client, world):
    project = world.ready_draft()
    client.force_login(world.users["officer"])
    page = client.get(project.get_absolute_url()).content.decode()
    assert 'id="stepper"' in page and 'aria-current="step"' in page
    assert 'data-action="submit"' in page
    assert 'data-action="cancel"' in page  # shown, with why the officer may not
    assert "60,0" in page  # 60.000.000 đ in million VND
    assert "ho-so.pdf" in page
    assert 'id="timeline"' in page


def test_every_page_of_a_running_project_renders(client, world):
    project = world.in_progress()
    client.force_login(world.users["officer"])
    for url in (
        project.get_absolute_url(),
        reverse("projects:outputs", args=[project.pk]),
        reverse("projects:movement_add", args=[project.pk]),
        reverse("projects:transition", args=[project.pk, "accept"]),
        reverse("projects:transition", args=[project.pk, "request_amendment"]),
        reverse("projects:version", args=[project.pk, 1]),
        reverse("projects:list"),
        reverse("projects:mine"),
    ):
        assert client.get(url).status_code == 200, url
    client.force_login(world.users["manager"])
    assert (
        client.get(reverse("projects:transition", args=[project.pk, "suspend"])).status_code == 200
    )


def test_transition_page_takes_the_action(client, world):
    project = world.ready_draft()
    client.force_login(world.users["officer"])
    url = reverse("projects:transition", args=[project.pk, "submit"])
    response = client.post(url, {"version": project.version, "note": "Kính trình Sở"})
    assert response.status_code == 302
    project.refresh_from_db()
    assert project.status == Status.SUBMITTED


def test_transition_page_explains_an_unavailable_action(client, world):
    project = world.project()  # no money, no outputs, no dossier
    client.force_login(world.users["officer"])
    response = client.get(reverse("projects:transition", args=[project.pk, "submit"]))
    page = response.content.decode()
    assert 'id="reasons"' in page
    response = client.post(
        reverse("projects:transition", args=[project.pk, "submit"]), {"version": project.version}
    )
    assert response.status_code == 200
    project.refresh_from_db()
    assert project.status == Status.DRAFT


def test_list_filters_search_and_overdue(client, world):
    late = world.approved(title="Đề án chậm tiến độ")
    Project.objects.filter(pk=late.pk).update(planned_end=TODAY - datetime.timedelta(days=1))
    world.project(title="Tập huấn khởi sự doanh nghiệp", activity_content=content("235-2"))
    client.force_login(world.users["officer"])
    url = reverse("projects:list")
    page = client.get(url, {"q": "khoi su"}).content.decode()
    assert "Tập huấn khởi sự doanh nghiệp" in page and "Đề án chậm tiến độ" not in page
    page = client.get(url, {"overdue": "true"}).content.decode()
    assert "Đề án chậm tiến độ" in page and "Tập huấn khởi sự" not in page
    assert "table-danger" in page
    page = client.get(url, {"overdue": "false"}).content.decode()
    assert "Tập huấn khởi sự" in page and "Đề án chậm tiến độ" not in page
    page = client.get(url, {"status": "approved"}).content.decode()
    assert "Đề án chậm tiến độ" in page and "Tập huấn khởi sự" not in page
    page = client.get(url, {"beneficiary": world.establishment.pk}).content.decode()
    assert "Đề án chậm tiến độ" in page
    page = client.get(
        url, {"commune": world.commune.pk, "officer": world.users["officer"].pk}
    ).content.decode()
    assert "Đề án chậm tiến độ" in page
    response = client.get(url, {"sort": "-support"})
    assert response.status_code == 200
    assert response.context["summary"]["overdue"] == 1


def test_my_projects_lists_only_the_officers_own(client, world):
    mine = world.project(title="Đề án của tôi")
    world.project(by="manager", title="Đề án của người khác")
    client.force_login(world.users["officer"])
    page = client.get(reverse("projects:mine")).content.decode()
    assert mine.title in page and "Đề án của người khác" not in page


def test_outputs_form_saves_targets(client, world):
    project = world.project()
    client.force_login(world.users["officer"])
    url = reverse("projects:outputs", args=[project.pk])
    data = {
        "version": project.version,
        "outputs-TOTAL_FORMS": 3,
        "outputs-INITIAL_FORMS": 0,
        "outputs-0-indicator": indicator("trainees").pk,
        "outputs-0-target": "35",
        "outputs-1-indicator": indicator("trainees_women").pk,
        "outputs-1-target": "20",
    }
    assert client.post(url, data).status_code == 302
    assert project.outputs.count() == 2


def test_budget_form_accepts_vietnamese_separators(client, world):
    project = world.project()
    client.force_login(world.users["officer"])
    url = reverse("projects:budget", args=[project.pk])
    response = client.post(
        url,
        {
            "version": project.version,
            f"source_{source('local').pk}": "60.000.000",
            f"source_{source('counterpart').pk}": "20000000",
        },
    )
    assert response.status_code == 302
    lines = project.budget_lines.select_related("source")
    amounts = {line.source.code: line.proposed_vnd for line in lines}
    assert amounts == {"local": 60_000_000, "counterpart": 20_000_000}


@pytest.mark.parametrize("typed", ["-5", "1.234,5", "12.34", "abc"])
def test_budget_form_refuses_bad_amounts(client, world, typed):
    project = world.project()
    client.force_login(world.users["officer"])
    response = client.post(
        reverse("projects:budget", args=[project.pk]),
        {"version": project.version, f"source_{source('local').pk}": typed},
    )
    assert response.status_code == 200
    assert response.context["form"].errors
    assert not project.budget_lines.exists()


def test_upload_and_download_a_document(client, world):
    project = world.project()
    client.force_login(world.users["officer"])
    response = client.post(
        reverse("projects:document_upload", args=[project.pk]),
        {"document_kind": "proposal", "title": "Hồ sơ đề án", "upload": pdf("Hồ sơ đề án.pdf")},
    )
    assert response.status_code == 302
    document = project.documents.get()
    assert document.kind == "pdf"
    assert "Hồ sơ" not in document.file.name  # the user's name never reaches the disk
    response = client.get(reverse("projects:document_download", args=[document.pk]))
    assert response.status_code == 200
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content).startswith(b"%PDF")


def test_establishment_page_lists_its_projects_and_support_filter(client, world):
    approved = world.approved(title="Đề án đã phê duyệt")
    world.project(title="Đề án còn dự thảo")
    client.force_login(world.users["officer"])
    page = client.get(
        reverse("registry:establishment_detail", args=[world.establishment.pk])
    ).content.decode()
    assert approved.code in page and "Đề án còn dự thảo" in page
    url = reverse("registry:establishment_list")
    supported = client.get(url, {"has_support": "true"}).context["page_obj"].object_list
    assert [e.pk for e in supported] == [world.establishment.pk]
    others = client.get(url, {"has_support": "false"}).context["page_obj"].object_list
    assert world.establishment.pk not in [e.pk for e in others]
    client.force_login(world.users["other_officer"])
    assert (
        client.get(
            reverse("registry:establishment_detail", args=[world.establishment.pk])
        ).status_code
        == 404
    )


def test_an_upload_of_the_wrong_type_is_refused_with_a_message(client, world):
    project = world.project()
    client.force_login(world.users["officer"])
    fake = SimpleUploadedFile("ho-so.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    response = client.post(
        reverse("projects:document_upload", args=[project.pk]),
        {"document_kind": "proposal", "upload": fake},
        follow=True,
    )
    assert not project.documents.exists()
    messages = [str(m) for m in response.context["messages"]]
    assert any("ho-so.pdf" in m for m in messages)


def test_home_page_counts_projects_in_scope(client, world):
    late = world.approved()
    Project.objects.filter(pk=late.pk).update(planned_end=TODAY - datetime.timedelta(days=3))
    client.force_login(world.users["officer"])
    counts = {str(c.label): c.value for c in client.get("/").context["counts"]}
    assert counts["Đề án trong năm"] == 1 and counts["Đề án quá hạn"] == 1
    client.force_login(world.users["other_officer"])
    counts = {str(c.label): c.value for c in client.get("/").context["counts"]}
    assert counts["Đề án trong năm"] == 0
