"""The monitoring pages as an officer uses them: plan, inspection, visit, finding, follow-up,
photo, survey — through the forms — and the searches and exports they rely on."""

import datetime
import io

from django.urls import reverse
from openpyxl import load_workbook

from khuyencong.monitoring import services
from khuyencong.monitoring.models import (
    FollowUp,
    Inspection,
    InspectionPlan,
    Survey,
)
from khuyencong.monitoring.tests.conftest import png
from khuyencong.projects.tests.conftest import TODAY
from khuyencong.registry.tests.factories import EstablishmentFactory

DAY = TODAY.strftime("%d/%m/%Y")


def test_an_inspection_through_the_forms(client, monitor, world):
    project = world.approved()
    client.force_login(monitor.user("officer"))
    response = client.post(
        reverse("monitoring:plan_create"),
        {"year": TODAY.year, "title": "Kế hoạch kiểm tra năm nay", "decision_number": "12/KH"},
    )
    plan = InspectionPlan.objects.get()
    assert response.status_code == 302 and response["Location"] == plan.get_absolute_url()
    assert plan.province == world.hung_yen

    new = reverse("monitoring:inspection_create") + f"?plan={plan.pk}&project={project.pk}"
    page = client.get(new)
    assert page.status_code == 200 and project.code in page.content.decode()
    response = client.post(
        new,
        {
            "plan": plan.pk,
            "project": project.pk,
            "planned_date": DAY,
            "team_members": "Nguyễn Văn An",
            "team_users": [monitor.user("officer").pk],
        },
    )
    inspection = Inspection.objects.get()
    assert response.status_code == 302 and response["Location"] == inspection.get_absolute_url()

    record = reverse("monitoring:inspection_record", args=[inspection.pk])
    page = client.get(record)
    questions = services.checklist_for(inspection)
    assert all(q.text in page.content.decode() for q in questions)
    data = {"version": inspection.version, "actual_date": DAY, "summary": "Đạt."}
    data.update({f"answer_{q.pk}": "yes" for q in questions})
    missing = client.post(record, data | {f"answer_{questions[0].pk}": ""})
    assert missing.status_code == 200
    assert any("Answer “" in e for e in missing.context["form"].non_field_errors())
    response = client.post(record, data)
    assert response.status_code == 302
    inspection.refresh_from_db()
    assert inspection.status == "done" and inspection.answers.count() == len(questions)

    response = client.post(
        reverse("monitoring:finding_add", args=[inspection.pk]),
        {"severity": "medium", "text": "Sổ theo dõi chưa cập nhật."},
    )
    assert response.status_code == 302
    finding = inspection.findings.get()
    response = client.post(
        reverse("monitoring:follow_up_add", args=[inspection.pk]),
        {
            "finding": finding.pk,
            "action": "Cập nhật sổ theo dõi.",
            "owner_name": "HTX Thêu ren",
            "deadline": (TODAY + datetime.timedelta(days=14)).strftime("%d/%m/%Y"),
        },
    )
    assert response.status_code == 302
    follow_up = FollowUp.objects.get()
    response = client.post(
        reverse("monitoring:photo_upload", args=[inspection.pk]),
        {"upload": png(), "caption": "Sổ theo dõi"},
    )
    assert response.status_code == 302 and inspection.photos.count() == 1
    photo = client.get(reverse("monitoring:photo", args=[inspection.photos.get().pk]))
    assert photo.status_code == 200 and photo["Content-Type"] == "image/png"

    action = reverse("monitoring:follow_up_transition", args=[follow_up.pk, "close"])
    refused = client.post(action, {"version": follow_up.version})
    assert refused.status_code == 200 and "note" in refused.context["form"].errors
    response = client.post(
        action, {"version": follow_up.version, "decision_date": DAY, "note": "Đã cập nhật."}
    )
    assert response.status_code == 302
    follow_up.refresh_from_db()
    assert follow_up.status == "closed"

    html = client.get(inspection.get_absolute_url()).content.decode()
    for text in ("Sổ theo dõi chưa cập nhật.", "Cập nhật sổ theo dõi.", "HTX Thêu ren"):
        assert text in html


def test_a_survey_through_the_form(client, monitor):
    survey = Survey.objects.filter(project=monitor.accepted("235-3")).first()
    client.force_login(monitor.user("officer"))
    url = reverse("monitoring:survey_record", args=[survey.pk])
    assert client.get(url).status_code == 200
    response = client.post(
        url, {"version": survey.version, "status": "not_reachable", "surveyed_on": DAY}
    )
    assert response.status_code == 200 and "note" in response.context["form"].errors
    response = client.post(
        url,
        {
            "version": survey.version,
            "status": "done",
            "surveyed_on": DAY,
            "equipment_in_use": "yes",
            "workers": "9",
            "revenue_vnd": "800.000.000",
        },
    )
    assert response.status_code == 302
    survey.refresh_from_db()
    assert (survey.status, survey.workers, survey.revenue_vnd) == ("done", 9, 800_000_000)
    html = client.get(survey.get_absolute_url()).content.decode()
    assert "800.000.000" in html


def test_searches_offer_only_what_can_be_inspected_in_scope(client, monitor, world):
    approved = world.approved(title="Đề án máy sấy")
    draft = world.ready_draft(title="Đề án nháp máy sấy")
    unsupported = EstablishmentFactory(name="Cơ sở chưa hỗ trợ", commune=world.commune)
    client.force_login(monitor.user("officer"))
    found = client.get(reverse("monitoring:project_search"), {"q": "may say"}).json()["results"]
    assert [r["id"] for r in found] == [approved.pk]
    assert draft.pk not in [r["id"] for r in found]
    found = client.get(reverse("monitoring:establishment_search")).json()["results"]
    assert world.establishment.pk in [r["id"] for r in found]
    assert unsupported.pk not in [r["id"] for r in found]
    client.force_login(monitor.user("other_officer"))
    assert client.get(reverse("monitoring:project_search")).json()["results"] == []


def test_exports_hold_the_filtered_rows_in_scope(client, monitor, world):
    done = monitor.recorded()
    monitor.inspection()
    other = monitor.recorded(
        monitor.inspection(by="other_officer", project=monitor.bac_ninh_project()),
        by="other_officer",
    )
    client.force_login(monitor.user("officer"))
    export = client.get(reverse("core:export", args=["inspections"]), {"status": "done"})
    assert export.status_code == 200
    sheet = load_workbook(io.BytesIO(export.content)).worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "System ID"
    assert [r[0] for r in rows[1:]] == [done.pk]
    assert other.pk not in [r[0] for r in rows[1:]]
    for slug in ("follow-ups", "surveys"):
        response = client.get(reverse("core:export", args=[slug]), {"format": "csv"})
        assert response.status_code == 200, slug
    # Export only: no import template or upload.
    assert client.get(reverse("core:import", args=["inspections"])).status_code == 403


def test_every_list_page_opens_for_every_staff_role(client, monitor, world):
    monitor.recorded()
    names = [
        "monitoring:plan_list",
        "monitoring:inspection_list",
        "monitoring:follow_up_list",
        "monitoring:survey_due",
        "monitoring:survey_list",
    ]
    for role in ("admin", "ministry", "manager", "collaborator", "viewer_country"):
        client.force_login(monitor.user(role))
        for name in names:
            assert client.get(reverse(name)).status_code == 200, (role, name)
    assert client.get(reverse("monitoring:index")).status_code == 302
