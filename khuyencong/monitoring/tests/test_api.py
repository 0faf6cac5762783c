"""The monitoring REST API: lists with the pages' filters, details, writes through the services
(scope, validation, version), the visit, findings, photos, follow-up actions, surveys; schema."""

import datetime

from khuyencong.monitoring import services
from khuyencong.monitoring.models import FollowUp, Inspection, Survey
from khuyencong.monitoring.tests.conftest import png
from khuyencong.projects.tests.conftest import TODAY, pdf
from khuyencong.registry.tests.factories import EstablishmentFactory


def _post(client, url, payload):
    return client.post(url, payload, content_type="application/json")


def _patch(client, url, payload):
    return client.patch(url, payload, content_type="application/json")


def test_inspections_create_update_record_and_add(client, monitor, world):
    project = world.approved()
    plan = monitor.plan()
    client.force_login(monitor.user("officer"))
    created = _post(
        client,
        "/api/v1/inspections/",
        {
            "plan": plan.pk,
            "project": project.pk,
            "planned_date": (TODAY - datetime.timedelta(days=4)).isoformat(),
            "team_members": "Tổ kiểm tra Sở Công Thương",
        },
    )
    assert created.status_code == 201, created.json()
    body = created.json()
    assert body["status"] == "planned" and body["province"] == world.hung_yen.pk
    url = f"/api/v1/inspections/{body['id']}/"

    stale = _patch(client, url, {"note": "Mang theo hồ sơ", "version": body["version"] - 1})
    assert stale.status_code == 409
    missing = _patch(client, url, {"note": "Mang theo hồ sơ"})
    assert missing.status_code == 400 and "version" in missing.json()
    updated = _patch(client, url, {"note": "Mang theo hồ sơ", "version": body["version"]})
    assert updated.status_code == 200 and updated.json()["note"] == "Mang theo hồ sơ"

    inspection = Inspection.objects.get(pk=body["id"])
    answers = [{"item": item.pk, "answer": "yes"} for item in services.checklist_for(inspection)]
    bad = _post(
        client,
        f"{url}record/",
        {
            "version": updated.json()["version"],
            "actual_date": TODAY.isoformat(),
            "answers": answers,
            "latitude": "20.5",
        },
    )
    assert bad.status_code == 400 and "longitude" in bad.json()
    recorded = _post(
        client,
        f"{url}record/",
        {
            "version": updated.json()["version"],
            "actual_date": TODAY.isoformat(),
            "answers": answers,
            "latitude": "48.850000",
            "longitude": "2.350000",
            "summary": "Đạt yêu cầu.",
        },
    )
    assert recorded.status_code == 200, recorded.json()
    detail = recorded.json()
    assert detail["status"] == "done" and len(detail["answers"]) == len(answers)
    assert "outside Vietnam" in detail["gps_warning"]

    finding = _post(client, f"{url}findings/", {"severity": "high", "text": "Máy chưa chạy."})
    assert finding.status_code == 201
    photo = client.post(f"{url}photos/", {"upload": png(), "caption": "Xưởng"})
    assert photo.status_code == 201 and photo.json()["url"].startswith("/monitoring/photos/")
    not_a_photo = client.post(f"{url}photos/", {"upload": pdf("ban-ve.png")})
    assert not_a_photo.status_code == 400 and "upload" in not_a_photo.json()

    follow_up = _post(
        client,
        "/api/v1/follow-ups/",
        {
            "inspection": body["id"],
            "finding": finding.json()["id"],
            "action": "Chạy thử máy.",
            "owner_name": "HTX",
            "deadline": (TODAY - datetime.timedelta(days=1)).isoformat(),
        },
    )
    assert follow_up.status_code == 400 and "deadline" in follow_up.json()
    follow_up = _post(
        client,
        "/api/v1/follow-ups/",
        {
            "inspection": body["id"],
            "action": "Chạy thử máy.",
            "owner_name": "HTX",
            "deadline": (TODAY + datetime.timedelta(days=7)).isoformat(),
        },
    )
    assert follow_up.status_code == 201, follow_up.json()
    fu = follow_up.json()
    assert [a["name"] for a in fu["actions"]] == ["mark_done", "close"]
    closed = _post(
        client,
        f"/api/v1/follow-ups/{fu['id']}/transition/",
        {
            "action": "close",
            "version": fu["version"],
            "decision_date": TODAY.isoformat(),
            "note": "Đã chạy thử, đạt.",
        },
    )
    assert closed.status_code == 200, closed.json()
    assert closed.json()["status"] == "closed" and closed.json()["closing_note"]
    assert FollowUp.objects.get(pk=fu["id"]).closed_on == TODAY


def test_lists_filter_like_the_pages(client, monitor, world):
    done = monitor.recorded()
    planned = monitor.inspection(establishment=world.establishment, project=None)
    client.force_login(monitor.user("manager"))
    rows = client.get("/api/v1/inspections/", {"status": "done"}).json()["results"]
    assert [r["id"] for r in rows] == [done.pk]
    rows = client.get("/api/v1/inspections/", {"kind": "ad_hoc"}).json()["results"]
    assert {r["id"] for r in rows} == {done.pk, planned.pk}
    rows = client.get("/api/v1/inspections/", {"establishment": world.establishment.pk})
    assert [r["id"] for r in rows.json()["results"]] == [planned.pk]


def test_surveys_create_and_record(client, monitor, world):
    project = monitor.accepted("235-3")
    client.force_login(monitor.user("officer"))
    unsupported = EstablishmentFactory(commune=world.commune)
    refused = _post(
        client,
        "/api/v1/surveys/",
        {"establishment": unsupported.pk, "project": project.pk, "due_date": TODAY.isoformat()},
    )
    assert refused.status_code == 400
    assert "has received no support" in refused.json()["establishment"][0]
    created = _post(
        client,
        "/api/v1/surveys/",
        {
            "establishment": world.establishment.pk,
            "project": project.pk,
            "due_date": TODAY.isoformat(),
        },
    )
    assert created.status_code == 201, created.json()
    survey = created.json()
    assert survey["months_after"] is None and survey["status"] == "due"
    due = client.get("/api/v1/surveys/", {"due": "soon"}).json()["results"]
    assert survey["id"] in [s["id"] for s in due]
    recorded = _patch(
        client,
        f"/api/v1/surveys/{survey['id']}/",
        {
            "version": survey["version"],
            "status": "done",
            "surveyed_on": TODAY.isoformat(),
            "equipment_in_use": "yes",
            "workers": 20,
            "women_workers": 9,
            "revenue_vnd": 3_100_000_000,
            "cost_change_percent": "-10.0",
        },
    )
    assert recorded.status_code == 200, recorded.json()
    stored = Survey.objects.get(pk=survey["id"])
    assert (stored.status, stored.workers, stored.revenue_vnd) == ("done", 20, 3_100_000_000)
    assert stored.recorded_by == monitor.user("officer")
    wrong = _patch(
        client,
        f"/api/v1/surveys/{survey['id']}/",
        {"version": stored.version, "status": "done", "women_workers": 30},
    )
    assert wrong.status_code == 400 and "women_workers" in wrong.json()


def test_the_schema_documents_the_endpoints(client, monitor):
    client.force_login(monitor.user("officer"))
    schema = client.get("/api/schema/", {"format": "json"}).json()
    for path in (
        "/api/v1/inspections/",
        "/api/v1/inspections/{id}/record/",
        "/api/v1/inspections/{id}/findings/",
        "/api/v1/inspections/{id}/photos/",
        "/api/v1/follow-ups/",
        "/api/v1/follow-ups/{id}/transition/",
        "/api/v1/surveys/",
        "/api/v1/surveys/{id}/",
    ):
        assert path in schema["paths"], path
