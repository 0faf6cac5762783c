"""The national data generator at a small scale: coherent money, history units mapped to
today's, plans that hold the projects and reconcile, scope respected, pages that render with
its data."""

from django.contrib.contenttypes.models import ContentType
from django.db.models import F, Sum
from django.urls import reverse

from khuyencong.core.models import ChangeRecord
from khuyencong.plans import selectors, services, versions
from khuyencong.plans.models import AllocationLine, Plan, PlanItem, PlanStatus
from khuyencong.projects.dataset import Sizes, generate
from khuyencong.projects.models import BudgetLine, MoneyMovement, Project, Status
from khuyencong.projects.tests.conftest import TODAY
from khuyencong.registry.models import Establishment
from khuyencong.reports import quality


def test_a_small_national_data_set(client, world):
    counts = generate(
        seed=7,
        sizes=Sizes(establishments=70, projects=140, first_year=2010, last_year=2025),
        out=lambda _line: None,
    )
    assert counts["projects.Project"] == 140 and counts["registry.Establishment"] == 70
    generated = Project.objects.filter(approval_number__endswith="/QĐ").exclude(
        code__startswith="DP-33-2026"
    )
    assert generated.values("province").distinct().count() == 34
    assert ChangeRecord.objects.filter(user_label="generate_national_dataset").count() >= 210
    # The decree in force on the approval date.
    assert not generated.filter(approved_on__year__lt=2012, legal_basis__code="nd-45-2012").exists()
    assert not generated.filter(
        approved_on__year__gte=2013, legal_basis__code="nd-134-2004"
    ).exists()
    # Units of the time are mapped to today's province.
    thai_binh = generated.filter(province_then__name="Thái Bình").first()
    if thai_binh is not None:
        assert thai_binh.province.name == "Hưng Yên"
    # Money: disbursed never above approved; settled projects fully settled.
    approved = dict(
        BudgetLine.objects.filter(project__in=generated, source__is_state_budget=True)
        .values_list("project")
        .annotate(total=Sum("approved_vnd"))
    )
    disbursed = dict(
        MoneyMovement.objects.filter(project__in=generated)
        .values_list("project")
        .annotate(total=Sum("amount_vnd"))
    )
    assert all(disbursed[p] <= approved[p] for p in disbursed)
    assert not BudgetLine.objects.filter(settled_vnd__gt=F("approved_vnd")).exists()
    assert not Establishment.objects.filter(women_workers__gt=F("workers")).exists()
    # Pages render, and a provincial officer sees only their province.
    client.force_login(world.users["officer"])
    page = client.get(reverse("projects:list"))
    assert page.status_code == 200
    assert {p.province_id for p in page.context["page_obj"]} <= {world.hung_yen.pk}
    project = generated.filter(province=world.hung_yen).first()
    assert client.get(project.get_absolute_url()).status_code == 200
    client.force_login(world.users["other_officer"])
    assert client.get(project.get_absolute_url()).status_code == 404
    # Codes continue after the generated ones.
    created = world.project(
        year=2025, activity_content=project.activity_content, is_historical=True
    )
    assert created.code not in set(generated.values_list("code", flat=True))


def test_the_plans_hold_the_projects_and_reconcile(client, world):
    """Each province's plans of a year hold its projects of that year, approved (the last year
    partly amending), with versions the plans app would have written, totals that reconcile,
    tranches within what was approved, their history, and no problem on the data-quality page."""
    national_user = world.users["ministry"]
    problems_before = {p.key: p.count for p in quality.problems(national_user)}
    counts = generate(
        seed=11,
        sizes=Sizes(establishments=60, projects=34 * 8 * 2, first_year=2018, last_year=2025),
        out=lambda _line: None,
    )
    plans = Plan.objects.filter(year__gte=2018, year__lte=2025)
    assert counts["plans.Plan"] == plans.count() > 34
    assert counts["plans.PlanItem"] == 34 * 8 * 2
    assert counts["plans.Programme"] >= 34  # the provinces' phases 2016-2020 and 2021-2025
    generated = Project.objects.filter(approval_number__endswith="/QĐ", year__lte=2025)
    # Every project is in the one plan of its province, year and programme.
    items = PlanItem.objects.filter(project__in=generated).select_related("plan", "project")
    assert items.count() == generated.count()
    for item in items:
        assert item.year == item.plan.year == item.project.year
        assert item.plan.province_id == item.project.province_id
        assert item.plan.kind == item.project.programme
        assert item.is_selected or item.project.status == Status.CANCELLED
    # The plans' states, decisions, programmes and versions.
    statuses = set()
    for plan in plans.select_related("programme"):
        statuses.add((plan.year == 2025, plan.status))
        projects = Project.objects.filter(plan_items__plan=plan)
        assert plan.decision_date < min(p.approved_on for p in projects)
        assert plan.decision_number and plan.approved_by
        if plan.kind == "local" or plan.programme is not None:
            assert plan.programme.kind == plan.kind
            assert plan.programme.start_year <= plan.year <= plan.programme.end_year
            assert plan.programme.province_id in (None, plan.province_id)
        numbered = list(plan.versions.order_by("number"))
        first, latest = numbered[0], numbered[-1]
        assert first.number == 1 and first.decision_number == plan.decision_number
        assert latest.data == versions.snapshot(plan)  # as the workflow would have saved it
        assert plan.approved_total_vnd == latest.total_vnd == versions.state_total(latest.data)
        kept = set(plan.items.filter(is_selected=True).values_list("project", flat=True))
        assert kept == {row["project"] for row in latest.data["items"]}
        # Tranches in the last five years only, never above what the plan approved.
        approved = services.approved_amounts(plan)
        allocated = (
            AllocationLine.objects.filter(allocation__plan=plan)
            .values_list("project", "source__code")
            .annotate(total=Sum("amount_vnd"))
        )
        assert all(total <= approved[(p, code)] for p, code, total in allocated)
        assert bool(allocated) == (
            plan.year > 2020 and projects.exclude(status="cancelled").exists()
        )
        assert not plan.allocations.filter(decision_date__lt=plan.decision_date).exists()
        selectors.progress(plan)
    assert statuses <= {
        (False, PlanStatus.APPROVED),
        (True, PlanStatus.APPROVED),
        (True, PlanStatus.AMENDING),
    }
    assert (False, PlanStatus.APPROVED) in statuses
    # Their change log: a "created" row each, and the approvals as events.
    plan_log = ChangeRecord.objects.filter(
        user_label="generate_national_dataset",
        content_type=ContentType.objects.get_for_model(Plan),
    )
    assert plan_log.filter(action="create").count() == plans.count()
    assert plan_log.filter(event="plan.approved").count() == plans.count()
    assert (
        ChangeRecord.objects.filter(
            content_type=ContentType.objects.get_for_model(PlanItem),
            object_id__in=items.values("pk"),
        ).count()
        == items.count()
    )
    # Nothing new on the data-quality page.
    assert {p.key: p.count for p in quality.problems(national_user)} == problems_before
    # The workflow takes over: an amendment of a Hưng Yên local plan changes nothing by itself.
    plan = plans.filter(province=world.hung_yen, kind="local", status=PlanStatus.APPROVED).first()
    last = plan.versions.order_by("-number").first()
    for name, data in (
        ("start_amendment", {"note": "Điều chỉnh"}),
        (
            "approve_amendment",
            {"note": "Điều chỉnh", "decision_number": "9/QĐ-UBND", "decision_date": TODAY},
        ),
    ):
        plan.refresh_from_db()
        plan = services.plan_transition(
            plan=plan,
            by=world.users["manager"],
            name=name,
            expected_version=plan.version,
            data=data,
        )
    amended = plan.versions.order_by("-number").first()
    assert amended.number == last.number + 1 and amended.data == last.data
    assert plan.approved_total_vnd == last.total_vnd
    # Pages and API within the user's scope.
    client.force_login(world.users["officer"])
    page = client.get(reverse("plans:list"))
    assert page.status_code == 200
    assert {p.province_id for p in page.context["page_obj"]} == {world.hung_yen.pk}
    assert client.get(plan.get_absolute_url()).status_code == 200
    assert client.get("/api/v1/plans/").status_code == 200
    client.force_login(world.users["other_officer"])
    assert client.get(plan.get_absolute_url()).status_code == 404
