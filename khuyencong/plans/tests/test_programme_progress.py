"""A programme's progress against its targets: planned and actual outputs summed over the
projects kept in its plans, each project once, cancelled ones left out."""

from decimal import Decimal

from khuyencong.plans import services
from khuyencong.plans.models import PlanItem, ProgrammeTarget
from khuyencong.plans.programme_progress import programme_progress
from khuyencong.plans.tests.conftest import TODAY
from khuyencong.projects.tests.conftest import indicator


def _programme(world):
    programme = services.programme_create(
        by=world.users["manager"],
        kind="local",
        name="Chương trình khuyến công Hưng Yên",
        province=world.hung_yen,
        start_year=TODAY.year - 1,
        end_year=TODAY.year + 3,
        targets={indicator("trainees"): Decimal(100), indicator("demonstration_models"): 4},
    )
    return programme


def test_targets_planned_and_actual(world, planner):
    programme = _programme(world)
    plan = planner.plan(programme=programme)
    kept = world.ready_draft()  # 35 trainees planned
    left_out = world.ready_draft()
    cancelled = world.ready_draft()
    for project in (kept, left_out, cancelled):
        services.plan_propose(plan=plan, project=project, by=world.users["officer"])
    services.plan_select(
        item=plan.items.get(project=left_out), by=world.users["manager"], selected=False
    )
    world.act(cancelled, "cancel", "manager", note="Cơ sở rút hồ sơ")
    kept.refresh_from_db()
    output = kept.outputs.get()
    output.actual = Decimal(20)
    output.save()
    # Carried over: the same project in last year's plan of the programme counts once.
    last_year = services.plan_create(
        by=world.users["manager"],
        kind="local",
        year=TODAY.year - 1,
        province=world.hung_yen,
        programme=programme,
    )
    PlanItem.objects.create(plan=last_year, project=kept, year=last_year.year)

    rows = {
        row.name: row
        for row in programme_progress(programme=programme, user=world.users["manager"])
    }
    trainees = rows[indicator("trainees").name]
    assert (trainees.target, trainees.planned, trainees.actual) == (100, 35, 20)
    assert trainees.planned_share == Decimal("35.0") and trainees.actual_share == Decimal("20.0")
    models = rows[indicator("demonstration_models").name]
    assert (models.target, models.planned, models.actual_share) == (4, None, None)
    # Targets first, in the indicators' order.
    result = programme_progress(programme=programme, user=world.users["manager"])
    assert [r.target is not None for r in result] == sorted(
        (r.target is not None for r in result), reverse=True
    )


def test_an_indicator_without_target_is_still_shown(world, planner):
    programme = _programme(world)
    ProgrammeTarget.objects.filter(programme=programme).delete()
    plan = planner.plan(programme=programme)
    services.plan_propose(plan=plan, project=world.ready_draft(), by=world.users["officer"])
    rows = programme_progress(programme=programme, user=world.users["officer"])
    assert [(r.target, r.planned, r.planned_share) for r in rows] == [(None, 35, None)]


def test_outputs_are_scoped_to_the_reader(world, planner):
    programme = _programme(world)
    plan = planner.plan(programme=programme)
    services.plan_propose(plan=plan, project=world.ready_draft(), by=world.users["officer"])
    for role, planned in (("viewer_country", 35), ("officer", 35), ("other_officer", None)):
        rows = {r.name: r for r in programme_progress(programme=programme, user=world.users[role])}
        assert rows[indicator("trainees").name].planned == planned, role
