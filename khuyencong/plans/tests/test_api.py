"""The programmes' and plans' REST API: lists and details within the caller's scope, writes
through the services (400 with their messages, 403 for a right the caller lacks, 404 outside the
caller's area, 409 for a stale version), the life-cycle actions, proposals, tranches and the
schema."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from khuyencong.core.selectors import history_of
from khuyencong.plans import services
from khuyencong.plans.models import Allocation, Plan, PlanItem, PlanStatus, Programme
from khuyencong.plans.tests.conftest import TODAY
from khuyencong.projects.tests.conftest import indicator, source

pytestmark = pytest.mark.django_db

PLANS = "/api/v1/plans/"
PROGRAMMES = "/api/v1/programmes/"


@pytest.fixture(autouse=True)
def _english_responses(client, settings):
    # The services' messages are asserted in their English source.
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


def _post(client, url, payload):
    return client.post(url, payload, content_type="application/json")


def _patch(client, url, payload):
    return client.patch(url, payload, content_type="application/json")


def _bac_ninh_plan(planner):
    return planner.plan(by="other_manager", province=planner.world.bac_ninh)


def _approved_plan(world, planner):
    a = world.ready_draft(title="Đề án A", amounts={"local": 60_000_000, "counterpart": 20_000_000})
    b = world.ready_draft(title="Đề án B", amounts={"local": 50_000_000})
    plan = planner.approved(planner.plan(), [a, b])
    return plan, a, b


# --- reading ----------------------------------------------------------------------------------


def test_the_list_has_the_filters_within_the_callers_scope(client, world, planner):
    local = planner.plan()
    national = planner.plan(kind="national")
    theirs = _bac_ninh_plan(planner)
    client.force_login(world.users["manager"])
    response = client.get(PLANS)
    assert response.status_code == 200
    rows = {row["id"]: row for row in response.json()["results"]}
    assert set(rows) == {local.pk, national.pk}
    assert rows[local.pk]["status"] == "registration" and rows[local.pk]["kind"] == "local"
    assert rows[local.pk]["province_name"] == world.hung_yen.name
    assert rows[local.pk]["project_count"] == 0
    assert [r["id"] for r in client.get(PLANS, {"kind": "national"}).json()["results"]] == [
        national.pk
    ]
    assert client.get(PLANS, {"status": "approved"}).json()["count"] == 0
    assert client.get(PLANS, {"year": TODAY.year}).json()["count"] == 2
    assert client.get(PLANS, {"year": TODAY.year - 1}).json()["count"] == 0

    client.force_login(world.users["other_manager"])
    assert [r["id"] for r in client.get(PLANS).json()["results"]] == [theirs.pk]
    client.force_login(world.users["ministry"])
    assert client.get(PLANS).json()["count"] == 3
    by_province = client.get(PLANS, {"province": world.bac_ninh.pk}).json()["results"]
    assert [r["id"] for r in by_province] == [theirs.pk]


def test_the_detail_has_items_versions_allocations_and_progress(client, world, planner):
    plan, a, b = _approved_plan(world, planner)
    services.allocation_create(
        plan=plan,
        by=world.users["manager"],
        decision_number="01/QĐ-SCT",
        decision_date=TODAY,
        lines=[(a, source("local"), 40_000_000)],
    )
    client.force_login(world.users["manager"])
    data = client.get(f"{PLANS}{plan.pk}/").json()
    assert data["status"] == "approved" and data["decision_number"] == "341/UBND-CN"
    assert data["approved_total_vnd"] == 110_000_000
    items = {row["project_code"]: row for row in data["items"]}
    assert set(items) == {a.code, b.code}
    assert items[a.code]["amounts"] == {"local": 60_000_000, "counterpart": 20_000_000}
    assert items[a.code]["is_selected"] is True and items[a.code]["project"] == a.pk
    assert [(v["number"], v["total_vnd"]) for v in data["versions"]] == [(1, 110_000_000)]
    [tranche] = data["allocations"]
    assert tranche["number"] == 1 and tranche["total_vnd"] == 40_000_000
    assert tranche["lines"] == [
        {
            "project": a.pk,
            "project_code": a.code,
            "source": "local",
            "source_name": source("local").name,
            "amount_vnd": 40_000_000,
        }
    ]
    progress = data["progress"]
    assert progress["project_count"] == 2 and progress["accepted_count"] == 0
    assert progress["accepted_share"] == "0.0"
    money = {row["source"]: row for row in progress["money_by_source"]}
    assert money["local"]["approved_vnd"] == 110_000_000
    assert money["local"]["allocated_vnd"] == 40_000_000
    assert money["counterpart"]["approved_vnd"] == 20_000_000
    assert progress["money_total"]["approved_vnd"] == 130_000_000
    actions = {row["name"]: row for row in data["actions"]}
    assert actions["start_amendment"]["allowed"] is True
    assert actions["start_amendment"]["requires"] == ["note"]
    assert data["can_manage"] is True and data["can_propose"] is False  # approved: closed


def test_another_provinces_plan_is_not_found(client, world, planner):
    plan, a, _b = _approved_plan(world, planner)
    client.force_login(world.users["other_manager"])
    url = f"{PLANS}{plan.pk}/"
    assert client.get(url).status_code == 404
    assert _patch(client, url, {"title": "Đổi", "version": plan.version}).status_code == 404
    response = _post(
        client, f"{url}transition/", {"action": "start_amendment", "version": plan.version}
    )
    assert response.status_code == 404
    assert _post(client, f"{url}items/", {"project": a.pk}).status_code == 404
    tranche = {
        "decision_number": "9/QĐ",
        "decision_date": TODAY.isoformat(),
        "lines": [{"project": a.pk, "source": "local", "amount_vnd": 1_000_000}],
    }
    assert _post(client, f"{url}allocations/", tranche).status_code == 404
    plan.refresh_from_db()
    assert plan.title != "Đổi" and plan.status == PlanStatus.APPROVED
    assert not Allocation.objects.exists()


# --- creating and changing a plan -------------------------------------------------------------


def test_a_manager_opens_a_plan_of_their_province(client, world):
    client.force_login(world.users["manager"])
    deadline = (TODAY + datetime.timedelta(days=20)).isoformat()
    response = _post(
        client, PLANS, {"kind": "local", "year": TODAY.year, "registration_deadline": deadline}
    )
    assert response.status_code == 201, response.content
    data = response.json()
    plan = Plan.objects.get(pk=data["id"])
    assert plan.province == world.hung_yen and data["province"] == world.hung_yen.pk
    assert data["status"] == "registration" and data["registration_deadline"] == deadline
    assert data["title"].startswith("Local industrial-extension plan")
    assert data["items"] == [] and data["versions"] == [] and data["version"] == 1
    assert history_of(plan).filter(action="create").get().user == world.users["manager"]

    # The same plan twice, another province's plan, a year out of range: the services' messages.
    again = _post(client, PLANS, {"kind": "local", "year": TODAY.year})
    assert again.status_code == 400 and "already has this plan" in again.json()["year"][0]
    other = _post(
        client, PLANS, {"kind": "national", "year": TODAY.year, "province": world.bac_ninh.pk}
    )
    assert other.status_code == 400 and "own province" in other.json()["province"][0]
    assert _post(client, PLANS, {"kind": "local", "year": 1990}).json().keys() == {"year"}
    assert _post(client, PLANS, {"kind": "fund", "year": TODAY.year}).status_code == 400


def test_officers_and_viewers_may_not_create_or_change_plans(client, world, planner):
    plan = planner.plan()
    for name in ("officer", "viewer_province", "ministry"):
        client.force_login(world.users[name])
        assert _post(client, PLANS, {"kind": "national", "year": TODAY.year}).status_code == 403
        response = _patch(client, f"{PLANS}{plan.pk}/", {"title": "Sửa", "version": plan.version})
        assert response.status_code == 403, name
    plan.refresh_from_db()
    assert plan.title != "Sửa" and Plan.objects.count() == 1


def test_an_update_needs_the_current_version(client, world, planner):
    plan = planner.plan()
    client.force_login(world.users["manager"])
    url = f"{PLANS}{plan.pk}/"
    missing = _patch(client, url, {"title": "Kế hoạch mới"})
    assert missing.status_code == 400 and "version" in missing.json()
    response = _patch(client, url, {"title": "  Kế hoạch   mới ", "version": plan.version})
    assert response.status_code == 200, response.content
    data = response.json()
    assert data["title"] == "Kế hoạch mới" and data["version"] == plan.version + 1
    stale = _patch(client, url, {"title": "Ghi đè", "version": plan.version})
    assert stale.status_code == 409 and stale.json()["detail"]
    plan.refresh_from_db()
    assert plan.title == "Kế hoạch mới"
    put = client.put(
        url,
        {"title": "Kế hoạch năm", "note": "Ghi chú", "version": data["version"]},
        content_type="application/json",
    )
    assert put.status_code == 200 and put.json()["note"] == "Ghi chú"


# --- life-cycle actions, proposals and tranches -----------------------------------------------


def test_actions_through_the_api(client, world, planner):
    project = world.ready_draft()
    plan = planner.plan()
    url = f"{PLANS}{plan.pk}/transition/"
    client.force_login(world.users["officer"])
    refused = _post(client, url, {"action": "close_registration", "version": plan.version})
    assert refused.status_code == 400 and refused.json()["non_field_errors"]
    assert _post(client, url, {"action": "fly", "version": plan.version}).status_code == 400

    client.force_login(world.users["manager"])
    response = _post(client, url, {"action": "close_registration", "version": plan.version})
    assert response.status_code == 200, response.content
    version = response.json()["version"]
    empty = _post(client, url, {"action": "submit", "version": version})
    assert empty.status_code == 400 and "at least one project" in str(empty.json())
    planner.act(plan, "reopen_registration", "manager", note="Bổ sung")
    assert _post(client, f"{PLANS}{plan.pk}/items/", {"project": project.pk}).status_code == 201
    plan.refresh_from_db()
    planner.act(plan, "close_registration", "manager")
    plan.refresh_from_db()
    response = _post(client, url, {"action": "submit", "version": plan.version})
    assert response.status_code == 200, response.content
    version = response.json()["version"]
    missing = _post(client, url, {"action": "approve", "version": version})
    assert missing.status_code == 400
    assert {"decision_number", "decision_date"} <= missing.json().keys()
    decision = {
        "action": "approve",
        "decision_number": "341/QĐ-UBND",
        "decision_date": (TODAY - datetime.timedelta(days=1)).isoformat(),
        "approved_by": "UBND tỉnh Hưng Yên",
        "note": "Phê duyệt",
    }
    stale = _post(client, url, {**decision, "version": version - 1})
    assert stale.status_code == 409 and stale.json()["detail"]
    response = _post(client, url, {**decision, "version": version})
    assert response.status_code == 200, response.content
    data = response.json()
    assert data["status"] == "approved" and data["decision_number"] == "341/QĐ-UBND"
    assert data["approved_by"] == "UBND tỉnh Hưng Yên"
    assert [v["number"] for v in data["versions"]] == [1]
    event = history_of(plan).get(event="plan.approved")
    assert event.user == world.users["manager"] and event.note == "Phê duyệt"


def test_proposing_a_project(client, world, planner):
    plan = planner.plan()
    project = world.ready_draft()
    url = f"{PLANS}{plan.pk}/items/"
    client.force_login(world.users["officer"])
    response = _post(client, url, {"project": project.pk})
    assert response.status_code == 201, response.content
    data = response.json()
    assert data["project_code"] == project.code and data["is_selected"] is True
    assert data["amounts"] == {"local": 60_000_000, "counterpart": 20_000_000}
    assert _post(client, url, {"project": project.pk}).status_code == 200
    assert PlanItem.objects.filter(plan=plan).count() == 1

    # Left out: the department's decision, not an officer's.
    refused = _post(client, url, {"project": project.pk, "is_selected": False})
    assert refused.status_code == 403
    client.force_login(world.users["manager"])
    left_out = _post(client, url, {"project": project.pk, "is_selected": False})
    assert left_out.status_code == 200 and left_out.json()["is_selected"] is False

    # Another province's project is not found; a project of another plan is refused with why.
    theirs = world.project(
        by="other_officer",
        province=world.bac_ninh,
        establishments=[world.other_establishment],
        communes=[world.bn_commune],
        lead_unit=None,
    )
    response = _post(client, url, {"project": theirs.pk})
    assert response.status_code == 400 and "project" in response.json()
    national = planner.plan(kind="national")
    response = _post(client, f"{PLANS}{national.pk}/items/", {"project": project.pk})
    assert response.status_code == 400
    messages = " ".join(response.json()["project"])
    assert "already in another plan" in messages and "not of this plan's programme" in messages


def test_an_approved_plan_takes_no_proposal(client, world, planner):
    plan, _a, _b = _approved_plan(world, planner)
    client.force_login(world.users["manager"])
    response = _post(client, f"{PLANS}{plan.pk}/items/", {"project": world.ready_draft().pk})
    assert response.status_code == 400
    assert "amendment" in response.json()["non_field_errors"][0]


def test_allocating_a_tranche(client, world, planner):
    plan, a, b = _approved_plan(world, planner)
    url = f"{PLANS}{plan.pk}/allocations/"
    tranche = {
        "decision_number": "01/QĐ-SCT",
        "decision_date": TODAY.isoformat(),
        "lines": [
            {"project": a.pk, "source": "local", "amount_vnd": 60_000_000},
            {"project": b.pk, "source": "local", "amount_vnd": 20_000_000},
        ],
    }
    client.force_login(world.users["officer"])
    assert _post(client, url, tranche).status_code == 403
    client.force_login(world.users["manager"])
    response = _post(client, url, tranche)
    assert response.status_code == 201, response.content
    data = response.json()
    assert data["number"] == 1 and data["total_vnd"] == 80_000_000
    assert {(line["project_code"], line["amount_vnd"]) for line in data["lines"]} == {
        (a.code, 60_000_000),
        (b.code, 20_000_000),
    }

    above = {
        **tranche,
        "decision_number": "02/QĐ-SCT",
        "lines": [{"project": a.pk, "source": "local", "amount_vnd": 1}],
    }
    response = _post(client, url, above)
    assert response.status_code == 400 and "above" in response.json()["lines"][0]
    response = _post(
        client, url, {**above, "lines": [{"project": a.pk, "source": "gold", "amount_vnd": 5}]}
    )
    assert response.status_code == 400 and "lines" in response.json()
    response = _post(client, url, {**above, "decision_number": " ", "lines": []})
    assert response.status_code == 400
    assert {"decision_number", "lines"} <= response.json().keys()
    assert Allocation.objects.count() == 1


# --- programmes -------------------------------------------------------------------------------


def test_programmes_national_for_all_provincial_within_scope(client, world):
    client.force_login(world.users["manager"])
    payload = {
        "kind": "local",
        "name": "Chương trình khuyến công tỉnh Hưng Yên 2026-2030",
        "province": world.hung_yen.pk,
        "start_year": 2026,
        "end_year": 2030,
        "decision_number": "12/QĐ-UBND",
        "decision_date": "2026-01-05",
        "targets": [{"indicator": indicator("trainees").pk, "target": "500"}],
    }
    response = _post(client, PROGRAMMES, payload)
    assert response.status_code == 201, response.content
    data = response.json()
    assert data["province_name"] == world.hung_yen.name
    assert [(t["indicator_code"], t["target"]) for t in data["targets"]] == [("trainees", "500.00")]
    ours = Programme.objects.get(pk=data["id"])

    national = {**payload, "kind": "national", "province": None, "name": "Quốc gia 2031"}
    assert _post(client, PROGRAMMES, national).status_code == 403
    other = _post(client, PROGRAMMES, {**payload, "province": world.bac_ninh.pk})
    assert other.status_code == 400 and "province" in other.json()
    backwards = _post(client, PROGRAMMES, {**payload, "start_year": 2031})
    assert backwards.status_code == 400
    for name in ("officer", "viewer_province"):
        client.force_login(world.users[name])
        assert _post(client, PROGRAMMES, payload).status_code == 403

    client.force_login(world.users["ministry"])
    response = _post(client, PROGRAMMES, {**national, "start_year": 2031, "end_year": 2035})
    assert response.status_code == 201, response.content

    # The national programmes (seeded and new) for everyone; a province's only within scope.
    client.force_login(world.users["other_manager"])
    rows = client.get(PROGRAMMES).json()["results"]
    assert ours.pk not in {row["id"] for row in rows}
    assert {row["kind"] for row in rows} == {"national"}
    assert client.get(f"{PROGRAMMES}{ours.pk}/").status_code == 404
    client.force_login(world.users["officer"])
    assert client.get(f"{PROGRAMMES}{ours.pk}/").json()["targets"][0]["target"] == "500.00"
    seeded = Programme.objects.get(kind="national", start_year=2021)
    detail = client.get(f"{PROGRAMMES}{seeded.pk}/").json()
    assert detail["decision_number"] == "1881/QĐ-TTg" and len(detail["targets"]) == 7


# --- schema and speed -------------------------------------------------------------------------


def test_the_schema_describes_the_plan_endpoints(client, world):
    client.force_login(world.users["officer"])
    response = client.get("/api/schema/", {"format": "json"})
    assert response.status_code == 200
    schema = response.json()
    paths = schema["paths"]
    assert {"get", "post"} <= paths["/api/v1/plans/"].keys()
    assert {"get", "put", "patch"} <= paths["/api/v1/plans/{id}/"].keys()
    assert {"get", "post"} <= paths["/api/v1/programmes/"].keys()
    assert "get" in paths["/api/v1/programmes/{id}/"]
    for action, component in (
        ("transition", "PlanTransition"),
        ("items", "Proposal"),
        ("allocations", "AllocationCreate"),
    ):
        post = paths[f"/api/v1/plans/{{id}}/{action}/"]["post"]
        body = post["requestBody"]["content"]["application/json"]["schema"]["$ref"]
        assert body.endswith(f"/{component}")
        assert {"400", "403", "404"} <= post["responses"].keys()
    assert "409" in paths["/api/v1/plans/{id}/transition/"]["post"]["responses"]
    assert "409" in paths["/api/v1/plans/{id}/"]["patch"]["responses"]
    parameters = {p["name"] for p in paths["/api/v1/plans/"]["get"]["parameters"]}
    assert {"year", "kind", "status"} <= parameters
    plan = schema["components"]["schemas"]["Plan"]["properties"]
    assert {"items", "versions", "allocations", "progress", "actions", "version"} <= plan.keys()
    progress = schema["components"]["schemas"]["Progress"]["properties"]
    assert {"accepted_share", "money_by_source"} <= progress.keys()


def test_the_lists_queries_do_not_grow_with_its_rows(client, world, planner):
    client.force_login(world.users["ministry"])
    planner.plan()
    with CaptureQueriesContext(connection) as few:
        assert client.get(PLANS).status_code == 200
    planner.plan(kind="national")
    _bac_ninh_plan(planner)
    with CaptureQueriesContext(connection) as many:
        assert client.get(PLANS).json()["count"] == 3
    assert len(many.captured_queries) == len(few.captured_queries)


def test_the_details_queries_do_not_grow_with_its_projects(client, world, planner):
    plan = planner.plan()
    client.force_login(world.users["manager"])
    services.plan_propose(plan=plan, project=world.ready_draft(), by=world.users["manager"])
    with CaptureQueriesContext(connection) as few:
        assert client.get(f"{PLANS}{plan.pk}/").status_code == 200
    for index in range(3):
        project = world.ready_draft(title=f"Đề án số {index}")
        services.plan_propose(plan=plan, project=project, by=world.users["manager"])
    with CaptureQueriesContext(connection) as many:
        assert len(client.get(f"{PLANS}{plan.pk}/").json()["items"]) == 4
    assert len(many.captured_queries) == len(few.captured_queries)


def test_a_plan_names_a_programme_of_its_area(client, world):
    def programme(by, province):
        return services.programme_create(
            by=world.users[by],
            kind="local",
            name=f"Chương trình {province.name}",
            province=province,
            start_year=TODAY.year,
            end_year=TODAY.year + 4,
        )

    ours, theirs = programme("manager", world.hung_yen), programme("other_manager", world.bac_ninh)
    client.force_login(world.users["manager"])
    refused = _post(client, PLANS, {"kind": "local", "year": TODAY.year, "programme": theirs.pk})
    assert refused.status_code == 400 and "programme" in refused.json()
    response = _post(client, PLANS, {"kind": "local", "year": TODAY.year, "programme": ours.pk})
    assert response.status_code == 201, response.content
    data = response.json()
    assert data["programme"] == ours.pk and data["programme_name"] == ours.name
    url = f"{PLANS}{data['id']}/"
    refused = _patch(client, url, {"programme": theirs.pk, "version": data["version"]})
    assert refused.status_code == 400 and "programme" in refused.json()
    cleared = _patch(client, url, {"programme": None, "version": data["version"]})
    assert cleared.status_code == 200 and cleared.json()["programme"] is None
