"""Who may see and change plans: every role against a plan of Hưng Yên (ours) and one of Bắc
Ninh (another province) — by list, detail, edit, proposal, keep/leave out, actions, tranches,
versions — and the programmes."""

import datetime

import pytest
from django.urls import reverse

from khuyencong.plans import services
from khuyencong.plans.models import Allocation, Plan, PlanItem, PlanStatus, Programme
from khuyencong.plans.tests.conftest import TODAY
from khuyencong.projects import services as project_services
from khuyencong.projects.tests.conftest import source

OURS, OTHER = "ours", "other"
BOTH = {OURS, OTHER}
NONE: set = set()
# role -> (plans it sees, plans it manages, plans it may propose projects to)
EXPECTED = {
    "admin": (BOTH, BOTH, BOTH),
    "ministry": (BOTH, NONE, NONE),
    "manager": ({OURS}, {OURS}, {OURS}),
    "officer": ({OURS}, NONE, {OURS}),
    "collaborator": ({OURS}, NONE, NONE),
    "establishment": (NONE, NONE, NONE),
    "viewer_province": ({OURS}, NONE, NONE),
    "viewer_country": (BOTH, NONE, NONE),
    "other_officer": ({OTHER}, NONE, {OTHER}),
    "other_manager": ({OTHER}, {OTHER}, {OTHER}),
}


def _bac_ninh_project(world, local_vnd: int = 0):
    project = world.project(
        by="other_officer",
        province=world.bac_ninh,
        establishments=[world.other_establishment],
        communes=[],
        lead_unit=None,
    )
    if local_vnd:
        project_services.budget_save(
            project=project,
            by=world.users["other_officer"],
            expected_version=project.version,
            amounts={source("local"): local_vnd},
        )
    return project


@pytest.fixture
def plans(world, planner):
    ours = planner.plan(title="Kế hoạch Hưng Yên")
    services.plan_propose(plan=ours, project=world.project(), by=world.users["officer"])
    other = planner.plan(by="other_manager", province=world.bac_ninh, title="Kế hoạch Bắc Ninh")
    services.plan_propose(
        plan=other, project=_bac_ninh_project(world), by=world.users["other_officer"]
    )
    return {OURS: ours, OTHER: other}


@pytest.fixture
def spare(world):
    """A draft project on each side, free to be proposed."""
    return {OURS: world.project(title="Đề án dự phòng"), OTHER: _bac_ninh_project(world)}


def _refused(response):
    return response.status_code in {403, 404}


@pytest.mark.parametrize("role", EXPECTED)
def test_pages_and_writes(client, world, plans, spare, role):
    sees, manages, proposes = EXPECTED[role]
    client.force_login(world.users[role])
    listed = client.get(reverse("plans:list")).content.decode()
    for key, plan in plans.items():
        assert (plan.title in listed) == (key in sees), (role, key, "list")
        assert client.get(plan.get_absolute_url()).status_code == (200 if key in sees else 404)

        write_status = 200 if key in manages else (403 if key in sees else 404)
        edit = client.get(reverse("plans:edit", args=[plan.pk]))
        assert edit.status_code == write_status, (role, key, "edit")
        tranche = client.get(reverse("plans:allocation_create", args=[plan.pk]))
        assert tranche.status_code == write_status, (role, key, "tranche")

        post = client.post(
            reverse("plans:edit", args=[plan.pk]),
            {"title": "Đổi tên trái phép", "version": plan.version},
        )
        item = plan.items.get()
        toggle = client.post(reverse("plans:select", args=[plan.pk, item.pk]), {"selected": "0"})
        propose = client.post(reverse("plans:propose", args=[plan.pk]), {"project": spare[key].pk})
        plan.refresh_from_db()
        item.refresh_from_db()
        if key in manages:
            assert post.status_code == 302 and plan.title == "Đổi tên trái phép"
            assert toggle.status_code == 302 and not item.is_selected
        else:
            assert _refused(post) and plan.title != "Đổi tên trái phép", (role, key)
            assert _refused(toggle) and item.is_selected, (role, key)
        proposed = PlanItem.objects.filter(project=spare[key]).exists()
        if key in proposes:
            assert propose.status_code == 302 and proposed, (role, key)
        else:
            assert _refused(propose) and not proposed, (role, key)


@pytest.mark.parametrize("role", EXPECTED)
def test_actions(client, world, plans, role):
    sees, manages, _ = EXPECTED[role]
    client.force_login(world.users[role])
    for key, plan in plans.items():
        url = reverse("plans:transition", args=[plan.pk, "close_registration"])
        page = client.get(url)
        assert page.status_code == (200 if key in sees else 404), (role, key)
        if key in sees and key not in manages:
            assert 'id="reasons"' in page.content.decode()  # told why not
        response = client.post(url, {"version": plan.version})
        plan.refresh_from_db()
        if key in manages:
            assert response.status_code == 302 and plan.status == PlanStatus.CONSOLIDATED
        else:
            assert response.status_code in {200, 403, 404}
            assert plan.status == PlanStatus.REGISTRATION, (role, key)


@pytest.mark.parametrize("role", EXPECTED)
def test_versions_and_tranches(client, world, planner, role):
    sees, manages, _ = EXPECTED[role]
    decision = {"decision_number": "1/QĐ", "decision_date": TODAY - datetime.timedelta(days=1)}
    ours = planner.approved(planner.plan(), [world.ready_draft()])
    other = planner.plan(by="other_manager", province=world.bac_ninh)
    services.plan_propose(
        plan=other,
        project=_bac_ninh_project(world, local_vnd=50_000_000),
        by=world.users["other_manager"],
    )
    for name in ("close_registration", "submit"):
        planner.act(other, name, "other_manager")
    planner.act(other, "approve", "other_manager", **decision)
    client.force_login(world.users[role])
    for key, plan in {OURS: ours, OTHER: other}.items():
        expected = 200 if key in sees else 404
        version = client.get(reverse("plans:version", args=[plan.pk, 1]))
        assert version.status_code == expected, (role, key, "version")
        compare = client.get(reverse("plans:compare", args=[plan.pk]), {"a": 1, "b": 1})
        assert compare.status_code == expected, (role, key, "compare")
        project = plan.items.get().project
        field = f"amount_{project.pk}_{project.budget_lines.get(source__code='local').source_id}"
        response = client.post(
            reverse("plans:allocation_create", args=[plan.pk]),
            {"decision_number": "01/QĐ", "decision_date": TODAY.strftime("%d/%m/%Y"), field: "1"},
        )
        allocated = Allocation.objects.filter(plan=plan).exists()
        if key in manages:
            assert response.status_code == 302 and allocated, (role, key)
        else:
            assert _refused(response) and not allocated, (role, key)


@pytest.mark.parametrize("role", EXPECTED)
def test_programmes(client, world, role):
    sees, _, _ = EXPECTED[role]
    national = Programme.objects.get(start_year=2021)
    ours = services.programme_create(
        by=world.users["manager"],
        kind="local",
        name="Chương trình Hưng Yên",
        province=world.hung_yen,
        start_year=TODAY.year,
        end_year=TODAY.year + 4,
    )
    other = services.programme_create(
        by=world.users["other_manager"],
        kind="local",
        name="Chương trình Bắc Ninh",
        province=world.bac_ninh,
        start_year=TODAY.year,
        end_year=TODAY.year + 4,
    )
    client.force_login(world.users[role])
    listed = client.get(reverse("plans:programme_list")).content.decode()
    assert national.name in listed
    assert client.get(national.get_absolute_url()).status_code == 200
    for key, programme in {OURS: ours, OTHER: other}.items():
        assert (programme.name in listed) == (key in sees), (role, key)
        status = client.get(programme.get_absolute_url()).status_code
        assert status == (200 if key in sees else 404), (role, key)


def test_a_provincial_user_sees_only_their_part_of_the_national_programme(client, world, planner):
    """The national programme's progress counts the outputs the reader may see."""
    programme = Programme.objects.get(start_year=2021)
    ours = world.ready_draft()  # 35 trainees planned
    plan = planner.plan()
    Plan.objects.filter(pk=plan.pk).update(programme=programme)
    services.plan_propose(plan=plan, project=ours, by=world.users["officer"])
    for role, expected in (("ministry", 35), ("manager", 35), ("other_manager", None)):
        client.force_login(world.users[role])
        rows = client.get(programme.get_absolute_url()).context["targets"]
        trainees = next(r for r in rows if r.target == 10_000)
        assert trainees.planned == expected, role


def test_signed_out_users_are_sent_to_login(client, plans):
    for url in (reverse("plans:list"), plans[OURS].get_absolute_url()):
        response = client.get(url)
        assert response.status_code == 302 and "/login/" in response["Location"]
