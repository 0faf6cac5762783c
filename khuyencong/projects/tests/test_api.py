"""The projects' REST API: the list's filters, the detail with money, outputs and actions, writes
through the services (scope, validation, version), the life-cycle actions and the schema."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.authtoken.models import Token

from khuyencong.core.selectors import history_of
from khuyencong.projects.models import MoneyMovement, Project, Status
from khuyencong.projects.services import movement_add
from khuyencong.projects.tests.conftest import TODAY, content, pdf, source

pytestmark = pytest.mark.django_db

URL = "/api/v1/projects/"


def _post(client, url, payload):
    return client.post(url, payload, content_type="application/json")


def _patch(client, url, payload):
    return client.patch(url, payload, content_type="application/json")


def _bac_ninh_project(world):
    return world.project(
        by="other_officer",
        title="Đào tạo nghề đúc đồng",
        province=world.bac_ninh,
        establishments=[world.other_establishment],
        communes=[world.bn_commune],
        lead_unit=None,
    )


def _new(world, **values):
    payload = {
        "title": "Hỗ trợ máy móc thiết bị cho cơ sở thêu",
        "programme": "local",
        "year": TODAY.year,
        "activity_content": content("235-3").pk,
        "establishments": [world.establishment.pk],
        "communes": [world.commune.pk],
        "planned_start": (TODAY + datetime.timedelta(days=10)).isoformat(),
        "planned_end": (TODAY + datetime.timedelta(days=100)).isoformat(),
    }
    payload.update(values)
    return payload


# --- reading ----------------------------------------------------------------------------------


def test_the_list_has_the_pages_filters_within_the_callers_scope(client, world):
    draft = world.ready_draft()
    national = world.ready_draft(
        title="Mô hình máy dệt", programme="national", amounts={"national": 90_000_000}
    )
    theirs = _bac_ninh_project(world)
    client.force_login(world.users["officer"])
    response = client.get(URL)
    assert response.status_code == 200
    rows = {row["id"]: row for row in response.json()["results"]}
    assert set(rows) == {draft.pk, national.pk}
    assert rows[draft.pk]["state_support_vnd"] == 60_000_000
    assert rows[draft.pk]["status"] == "draft" and rows[draft.pk]["province"] == world.hung_yen.pk
    assert [r["id"] for r in client.get(URL, {"programme": "national"}).json()["results"]] == [
        national.pk
    ]
    assert [r["id"] for r in client.get(URL, {"q": "det"}).json()["results"]] == [national.pk]
    assert client.get(URL, {"status": "closed"}).json()["count"] == 0
    assert client.get(URL, {"year": TODAY.year}).json()["count"] == 2

    client.force_login(world.users["other_officer"])
    assert [r["id"] for r in client.get(URL).json()["results"]] == [theirs.pk]
    client.force_login(world.users["ministry"])
    assert client.get(URL).json()["count"] == 3
    assert client.get(URL, {"province": world.bac_ninh.pk}).json()["count"] == 1


def test_the_detail_has_money_outputs_and_the_actions_with_reasons(client, world):
    project = world.in_progress()
    movement_add(
        project=project,
        by=world.users["officer"],
        source=source("local"),
        kind=MoneyMovement.Kind.ADVANCE,
        date=TODAY - datetime.timedelta(days=3),
        document_number="UNC-01",
        amount_vnd=25_000_000,
    )
    client.force_login(world.users["officer"])
    data = client.get(f"{URL}{project.pk}/").json()
    assert data["code"] == project.code and data["status"] == "in_progress"
    assert data["legal_basis_number"] == "235/2025/NĐ-CP"
    budget = {row["source"]: row for row in data["budget"]}
    assert budget["local"] == {
        "source": "local",
        "source_name": source("local").name,
        "is_state_budget": True,
        "proposed_vnd": 60_000_000,
        "approved_vnd": 60_000_000,
        "revised_vnd": None,
        "current_vnd": 60_000_000,
        "disbursed_vnd": 25_000_000,
        "undisbursed_vnd": 35_000_000,
        "settled_vnd": None,
    }
    assert data["budget_total"]["approved_vnd"] == 80_000_000
    assert [(o["indicator_code"], o["target"]) for o in data["outputs"]] == [("trainees", "35.00")]
    actions = {a["name"]: a for a in data["actions"]}
    assert actions["accept"]["allowed"] is False and actions["accept"]["reasons"]
    assert actions["request_amendment"]["allowed"] is True
    assert actions["suspend"]["allowed"] is False  # a manager's action
    assert "decision_number" in actions["accept"]["requires"]


def test_another_provinces_project_is_not_found(client, world):
    theirs = _bac_ninh_project(world)
    client.force_login(world.users["officer"])
    url = f"{URL}{theirs.pk}/"
    assert client.get(url).status_code == 404
    assert _patch(client, url, {"title": "Đổi", "version": theirs.version}).status_code == 404
    response = _post(client, f"{url}transition/", {"action": "submit", "version": theirs.version})
    assert response.status_code == 404
    theirs.refresh_from_db()
    assert theirs.title == "Đào tạo nghề đúc đồng" and theirs.status == Status.DRAFT


# --- writing ----------------------------------------------------------------------------------


def test_an_officer_creates_a_project_in_their_province(client, world):
    client.force_login(world.users["officer"])
    response = _post(client, URL, _new(world))
    assert response.status_code == 201, response.content
    data = response.json()
    project = Project.objects.get(pk=data["id"])
    assert data["province"] == world.hung_yen.pk and data["code"] == project.code
    assert data["status"] == "draft" and data["version"] == 1
    assert data["legal_basis_number"] == "235/2025/NĐ-CP"
    assert list(project.officers.all()) == [world.users["officer"]]
    assert history_of(project).filter(action="create").get().user == world.users["officer"]
    assert {a["name"] for a in data["actions"]} >= {"submit", "cancel"}


def test_bad_values_are_refused_field_by_field(client, world):
    client.force_login(world.users["officer"])
    assert _post(client, URL, _new(world, title="   ")).json().keys() == {"title"}
    payload = _new(
        world,
        activity_content=content("45-1").pk,
        planned_end=(TODAY - datetime.timedelta(days=300)).isoformat(),
    )
    response = _post(client, URL, payload)
    assert response.status_code == 400
    assert {"activity_content", "planned_end"} <= response.json().keys()
    response = _post(client, URL, _new(world, establishments=[world.other_establishment.pk]))
    assert response.status_code == 400 and "establishments" in response.json()
    response = _post(client, URL, _new(world, communes=[world.bn_commune.pk]))
    assert response.status_code == 400 and "communes" in response.json()
    response = _post(client, URL, _new(world, province=world.bac_ninh.pk))
    assert response.status_code == 400 and "province" in response.json()
    assert not Project.objects.exists()


def test_an_update_needs_the_current_version(client, world):
    project = world.project()
    client.force_login(world.users["officer"])
    url = f"{URL}{project.pk}/"
    assert _patch(client, url, {"title": "Đề án mới"}).status_code == 400
    response = _patch(client, url, {"title": "Đề án mới", "version": project.version})
    assert response.status_code == 200, response.content
    data = response.json()
    assert data["title"] == "Đề án mới" and data["version"] == project.version + 1
    assert data["establishments"] == [world.establishment.pk]  # the rest is kept
    stale = _patch(client, url, {"title": "Ghi đè", "version": project.version})
    assert stale.status_code == 409 and stale.json()["detail"]
    project.refresh_from_db()
    assert project.title == "Đề án mới"


def test_viewers_cannot_write(client, world):
    project = world.project()
    client.force_login(world.users["viewer_province"])
    assert client.get(f"{URL}{project.pk}/").status_code == 200
    assert _post(client, URL, _new(world, province=world.hung_yen.pk)).status_code == 403
    response = _patch(client, f"{URL}{project.pk}/", {"title": "Sửa", "version": project.version})
    assert response.status_code == 403
    assert client.delete(f"{URL}{project.pk}/").status_code == 405
    project.refresh_from_db()
    assert project.title != "Sửa"


# --- life-cycle actions -----------------------------------------------------------------------


def test_actions_through_the_api(client, world):
    project = world.ready_draft()
    url = f"{URL}{project.pk}/transition/"
    client.force_login(world.users["officer"])
    response = _post(client, url, {"action": "submit", "version": project.version})
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "submitted"
    version = response.json()["version"]

    # The officer may not appraise: refused with the reason; a stale version is a conflict.
    refused = _post(client, url, {"action": "appraise", "version": version})
    assert refused.status_code == 400 and refused.json()["non_field_errors"]
    client.force_login(world.users["manager"])
    missing = _post(client, url, {"action": "appraise", "version": version})
    assert missing.status_code == 400
    assert {"decision_date", "appraisal_result", "appraisal_opinion"} <= missing.json().keys()
    appraisal = {
        "action": "appraise",
        "decision_date": (TODAY - datetime.timedelta(days=2)).isoformat(),
        "appraisal_result": "agreed",
        "appraisal_opinion": "Đạt yêu cầu",
    }
    stale = _post(client, url, {**appraisal, "version": version - 1})
    assert stale.status_code == 409 and stale.json()["detail"]
    response = _post(client, url, {**appraisal, "version": version})
    assert response.status_code == 200, response.content
    response = _post(
        client,
        url,
        {
            "action": "approve",
            "version": response.json()["version"],
            "decision_number": "45/QĐ-SCT",
            "decision_date": (TODAY - datetime.timedelta(days=1)).isoformat(),
            "note": "Phê duyệt",
        },
    )
    assert response.status_code == 200, response.content
    data = response.json()
    assert data["status"] == "approved" and data["approval_number"] == "45/QĐ-SCT"
    assert {row["source"]: row["approved_vnd"] for row in data["budget"]} == {
        "local": 60_000_000,
        "counterpart": 20_000_000,
    }
    project.refresh_from_db()
    event = history_of(project).get(event="project.approved")
    assert event.user == world.users["manager"] and event.note == "Phê duyệt"

    # Starting needs the contract: attached to the action itself (multipart).
    client.force_login(world.users["officer"])
    response = client.post(
        url,
        {
            "action": "start",
            "version": data["version"],
            "decision_number": "1/HĐ",
            "decision_date": TODAY.isoformat(),
            "actual_start": TODAY.isoformat(),
            "attachment": pdf("hop-dong.pdf"),
        },
    )
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "in_progress"
    assert project.documents.filter(document_kind="contract").exists()


def test_an_unknown_action_or_funding_source_is_refused(client, world):
    project = world.project()
    client.force_login(world.users["officer"])
    url = f"{URL}{project.pk}/transition/"
    assert _post(client, url, {"action": "fly", "version": 1}).status_code == 400
    response = _post(client, url, {"action": "settle", "version": 1, "settled": {"gold": 5}})
    assert response.status_code == 400 and "settled" in response.json()


# --- authentication and schema ----------------------------------------------------------------


def test_token_authentication(client, world):
    world.project()
    token = Token.objects.create(user=world.users["officer"])
    response = client.get(URL, HTTP_AUTHORIZATION=f"Token {token.key}")
    assert response.status_code == 200 and response.json()["count"] == 1
    assert client.get(URL).status_code in (401, 403)


def test_the_schema_describes_the_project_endpoints(client, world):
    client.force_login(world.users["officer"])
    response = client.get("/api/schema/", {"format": "json"})
    assert response.status_code == 200
    schema = response.json()
    paths = schema["paths"]
    assert {"get", "post"} <= paths["/api/v1/projects/"].keys()
    assert {"get", "put", "patch"} <= paths["/api/v1/projects/{id}/"].keys()
    transition = paths["/api/v1/projects/{id}/transition/"]["post"]
    assert transition["requestBody"]["content"]["application/json"]["schema"]["$ref"].endswith(
        "/Transition"
    )
    assert {"200", "400", "404", "409"} <= transition["responses"].keys()
    parameters = {p["name"] for p in paths["/api/v1/projects/"]["get"]["parameters"]}
    assert {"q", "year", "programme", "status", "activity_content", "overdue"} <= parameters
    project = schema["components"]["schemas"]["Project"]["properties"]
    assert {"budget", "outputs", "actions", "version"} <= project.keys()


def test_the_lists_queries_do_not_grow_with_its_rows(client, world):
    client.force_login(world.users["officer"])
    world.ready_draft()
    with CaptureQueriesContext(connection) as few:
        assert client.get(URL).status_code == 200
    for index in range(4):
        world.ready_draft(title=f"Đề án số {index}")
    with CaptureQueriesContext(connection) as many:
        assert client.get(URL).json()["count"] == 5
    assert len(many.captured_queries) == len(few.captured_queries)
